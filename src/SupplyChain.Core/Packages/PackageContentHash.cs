using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Packages;

/// <summary>
/// Computes NuGet's <c>contentHash</c> of a .nupkg, the value NuGet writes to <c>packages.lock.json</c> and
/// <c>.nupkg.metadata</c>. For an unsigned package it is the base64 SHA-512 of the file. For a signed package (one
/// with the entry <c>.signature.p7s</c>, which must be the last entry) it is the SHA-512 of the package as it was
/// before signing: the file without the signature's local entry and central-directory record, with the end records
/// patched back (entry counts less one, central-directory size less the signature record, central-directory offset
/// less the signature entry; for ZIP64 also the ZIP64 end record, and the locator's offset of it). The file is read
/// once, streaming, and its plain SHA-512 and SHA-256 are computed in the same pass.
/// </summary>
public static class PackageContentHash
{
    private const int BufferSize = 1 << 20;
    private static readonly char[] s_separators = ['/', '\\'];

    private static readonly ConcurrentDictionary<string, int> s_timesHashed = new(StringComparer.Ordinal);

    /// <summary>
    /// How many times this process has read the file at <paramref name="path"/> to hash it (a regression guard for
    /// the digest cache: a package should be read once per machine, not once per feature).
    /// </summary>
    public static int TimesHashed(string path) => s_timesHashed.TryGetValue(Path.GetFullPath(path), out var count) ? count : 0;

    /// <summary>Hashes a .nupkg file. Throws <see cref="SupplyChainException"/>: SCSDK1018 for a malformed zip, SCSDK6001 when the file cannot be read.</summary>
    public static PackageHashes Compute(string nupkgPath)
    {
        ArgumentNullException.ThrowIfNull(nupkgPath);
        s_timesHashed.AddOrUpdate(Path.GetFullPath(nupkgPath), 1, (_, count) => count + 1);
        try
        {
            using var stream = new FileStream(nupkgPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
            return Compute(stream, nupkgPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, nupkgPath, 0, nupkgPath, ex.Message), ex);
        }
    }

    /// <summary>Hashes a .nupkg from a readable, seekable stream; <paramref name="displayPath"/> names it in diagnostics.</summary>
    public static PackageHashes Compute(Stream stream, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var directory = ZipDirectory.Read(stream, displayPath);
        using var fileHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        using var contentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var signature = directory.SignatureEntry;

        // For a signed package, the byte ranges that belong to the unsigned package, in order; the end records follow,
        // patched. An unsigned package's content hash is its file hash.
        var keepEnd1 = signature?.LocalHeaderOffset ?? 0;
        var keepStart2 = signature is null ? 0 : directory.CentralDirectoryOffset;
        var keepEnd2 = signature?.CentralRecordOffset ?? 0;

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            stream.Position = 0;
            long position = 0;
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                fileHash.AppendData(chunk);
                sha256.AppendData(chunk);
                if (signature is not null)
                {
                    AppendRange(contentHash, chunk, position, 0, keepEnd1);
                    AppendRange(contentHash, chunk, position, keepStart2, keepEnd2);
                }
                position += read;
            }

            if (position != directory.FileLength)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Package_Unreadable, displayPath, 0, displayPath, "the file changed while it was read");
            }

            if (signature is not null)
            {
                contentHash.AppendData(PatchedTail(stream, directory, signature));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var fileDigest = Convert.ToBase64String(fileHash.GetHashAndReset());
        var contentDigest = signature is null ? fileDigest : Convert.ToBase64String(contentHash.GetHashAndReset());
        var hasRootNuspec = false;
        foreach (var entry in directory.Entries)
        {
            hasRootNuspec |= entry.Name.IndexOfAny(s_separators) < 0 && entry.Name.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase);
        }

        return new PackageHashes(contentDigest, fileDigest, signature is not null, directory.FileLength)
        {
            FileSha256 = Convert.ToBase64String(sha256.GetHashAndReset()),
            HasRootNuspec = hasRootNuspec,
        };
    }

    /// <summary>
    /// The digest, with <paramref name="algorithm"/>, of the package as it was before its signature entry was added
    /// (the same bytes whose SHA-512 is the content hash). <paramref name="directory"/> must have a signature entry.
    /// </summary>
    internal static byte[] HashUnsignedPackage(Stream stream, ZipDirectory directory, HashAlgorithmName algorithm, string displayPath)
    {
        var signature = directory.SignatureEntry ?? throw new ArgumentException("The package has no signature entry.", nameof(directory));
        using var hash = IncrementalHash.CreateHash(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            stream.Position = 0;
            long position = 0;
            int read;
            while (position < signature.CentralRecordOffset && (read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                AppendRange(hash, chunk, position, 0, signature.LocalHeaderOffset);
                AppendRange(hash, chunk, position, directory.CentralDirectoryOffset, signature.CentralRecordOffset);
                position += read;
            }

            if (position < signature.CentralRecordOffset)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Package_Unreadable, displayPath, 0, displayPath, "the file changed while it was read");
            }

            hash.AppendData(PatchedTail(stream, directory, signature));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return hash.GetHashAndReset();
    }

    private static void AppendRange(IncrementalHash hash, ReadOnlySpan<byte> chunk, long chunkStart, long start, long end)
    {
        var from = Math.Max(start, chunkStart);
        var to = Math.Min(end, chunkStart + chunk.Length);
        if (to > from)
        {
            hash.AppendData(chunk.Slice((int)(from - chunkStart), (int)(to - from)));
        }
    }

    private static byte[] PatchedTail(Stream stream, ZipDirectory directory, ZipEntryRecord signature)
    {
        var tailStart = directory.TailOffset;
        var tail = new byte[directory.FileLength - tailStart];
        stream.Position = tailStart;
        stream.ReadExactly(tail);
        var removedEntry = (ulong)signature.LocalEntrySize;
        var removedRecord = (ulong)signature.CentralRecordSize;
        var isZip64 = directory.Zip64EndRecordOffset is not null;

        if (isZip64)
        {
            var record = tail.AsSpan(0);
            Subtract64(record[24..], 1);
            Subtract64(record[32..], 1);
            Subtract64(record[40..], removedRecord);
            Subtract64(record[48..], removedEntry);
            var locator = tail.AsSpan((int)(directory.Zip64LocatorOffset!.Value - tailStart));
            Subtract64(locator[8..], removedEntry + removedRecord);
        }

        var end = tail.AsSpan((int)(directory.EndRecordOffset - tailStart));
        Subtract16(end[8..], isZip64);
        Subtract16(end[10..], isZip64);
        Subtract32(end[12..], (uint)removedRecord, isZip64);
        Subtract32(end[16..], (uint)removedEntry, isZip64);
        return tail;
    }

    private static void Subtract64(Span<byte> field, ulong amount)
        => BinaryPrimitives.WriteUInt64LittleEndian(field, BinaryPrimitives.ReadUInt64LittleEndian(field) - amount);

    private static void Subtract32(Span<byte> field, uint amount, bool keepZip64Marker)
    {
        var value = BinaryPrimitives.ReadUInt32LittleEndian(field);
        if (!(keepZip64Marker && value == uint.MaxValue))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(field, value - amount);
        }
    }

    private static void Subtract16(Span<byte> field, bool keepZip64Marker)
    {
        var value = BinaryPrimitives.ReadUInt16LittleEndian(field);
        if (!(keepZip64Marker && value == ushort.MaxValue))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)(value - 1));
        }
    }
}
