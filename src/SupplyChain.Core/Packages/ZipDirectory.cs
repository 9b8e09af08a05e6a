using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Packages;

/// <summary>
/// The structure of a zip file, read and checked strictly: one end-of-central-directory record at the very end, a
/// ZIP64 record and locator where used, a central directory that ends where those records begin, local headers whose
/// names equal the central directory's, entries that follow each other without gaps or overlaps, unique names, and at
/// most one NuGet signature entry, which must be the last entry. A file that breaks any of these is
/// <see cref="DiagnosticCatalog.Package_Unreadable"/> (SCSDK1018): readers could disagree on what it contains.
/// </summary>
internal sealed class ZipDirectory
{
    public const string SignatureEntryName = ".signature.p7s";
    public const ushort Utf8Flag = 1 << 11;
    public const int EndRecordSize = 22;
    public const int Zip64LocatorSize = 20;

    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint DataDescriptorSignature = 0x08074b50;
    private const int CentralHeaderFixedSize = 46;
    private const int LocalHeaderFixedSize = 30;
    private const int Zip64EndFixedSize = 56;
    private const ushort EncryptedFlag = 1;
    private const ushort DataDescriptorFlag = 1 << 3;

    private readonly string _displayPath;

    private ZipDirectory(string displayPath)
    {
        _displayPath = displayPath;
    }

    public long FileLength { get; private set; }

    public long EndRecordOffset { get; private set; }

    public long? Zip64EndRecordOffset { get; private set; }

    public long? Zip64LocatorOffset { get; private set; }

    public long CentralDirectoryOffset { get; private set; }

    public long CentralDirectorySize { get; private set; }

    /// <summary>The entries in central-directory order.</summary>
    public IReadOnlyList<ZipEntryRecord> Entries { get; private set; } = Array.Empty<ZipEntryRecord>();

    /// <summary>The NuGet signature entry, or null for an unsigned package.</summary>
    public ZipEntryRecord? SignatureEntry { get; private set; }

    /// <summary>Where the records after the central directory begin (the ZIP64 end record, or the end record).</summary>
    public long TailOffset => Zip64EndRecordOffset ?? EndRecordOffset;

    /// <summary>Reads and checks the structure; <paramref name="displayPath"/> names the file in diagnostics.</summary>
    public static ZipDirectory Read(Stream stream, string displayPath)
    {
        var directory = new ZipDirectory(displayPath);
        directory.ReadCore(stream);
        return directory;
    }

    private void ReadCore(Stream stream)
    {
        FileLength = stream.Length;
        if (FileLength < EndRecordSize)
        {
            throw Fail("the file is too short to be a zip");
        }

        FindEndRecord(stream, out var entriesOnDisk, out var totalEntries, out var cdSize, out var cdOffset);
        long entryCount = totalEntries;
        CentralDirectorySize = cdSize;
        CentralDirectoryOffset = cdOffset;

        var needsZip64 = entriesOnDisk == ushort.MaxValue || totalEntries == ushort.MaxValue || cdSize == uint.MaxValue || cdOffset == uint.MaxValue;
        var locatorOffset = EndRecordOffset - Zip64LocatorSize;
        if (locatorOffset >= 0 && ReadUInt32(stream, locatorOffset) == Zip64LocatorSignature)
        {
            ReadZip64(stream, locatorOffset, entriesOnDisk, totalEntries, cdSize, cdOffset, ref entryCount);
        }
        else if (needsZip64)
        {
            throw Fail("the end of central directory record needs a ZIP64 record, which is missing");
        }

        if (CentralDirectoryOffset + CentralDirectorySize != TailOffset)
        {
            throw Fail($"the central directory (offset {CentralDirectoryOffset}, size {CentralDirectorySize}) does not end where the end records begin ({TailOffset})");
        }

        ReadCentralDirectory(stream, entryCount);
        ReadLocalHeaders(stream);
        FindSignature();
    }

    private void FindEndRecord(Stream stream, out ushort entriesOnDisk, out ushort totalEntries, out uint cdSize, out uint cdOffset)
    {
        var searchLength = (int)Math.Min(FileLength, EndRecordSize + ushort.MaxValue);
        var buffer = new byte[searchLength];
        ReadExactly(stream, FileLength - searchLength, buffer);
        for (var i = searchLength - EndRecordSize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) != EndSignature)
            {
                continue;
            }

            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 20));
            if (i + EndRecordSize + commentLength != searchLength)
            {
                continue;
            }

            var record = buffer.AsSpan(i);
            var diskNumber = BinaryPrimitives.ReadUInt16LittleEndian(record[4..]);
            var cdDisk = BinaryPrimitives.ReadUInt16LittleEndian(record[6..]);
            entriesOnDisk = BinaryPrimitives.ReadUInt16LittleEndian(record[8..]);
            totalEntries = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
            cdSize = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
            cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
            if (diskNumber != 0 || cdDisk != 0)
            {
                throw Fail("it spans several disks");
            }

            if (entriesOnDisk != totalEntries)
            {
                throw Fail($"the end of central directory record counts {entriesOnDisk} entries on this disk but {totalEntries} in all");
            }

            EndRecordOffset = FileLength - searchLength + i;
            return;
        }

        throw Fail("it has no end of central directory record at its end");
    }

    private void ReadZip64(Stream stream, long locatorOffset, ushort entriesOnDisk, ushort totalEntries, uint cdSize, uint cdOffset, ref long entryCount)
    {
        Span<byte> locator = stackalloc byte[Zip64LocatorSize];
        ReadExactly(stream, locatorOffset, locator);
        var diskWithRecord = BinaryPrimitives.ReadUInt32LittleEndian(locator[4..]);
        var recordOffset = BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]);
        var totalDisks = BinaryPrimitives.ReadUInt32LittleEndian(locator[16..]);
        if (diskWithRecord != 0 || totalDisks > 1)
        {
            throw Fail("its ZIP64 locator names several disks");
        }

        if (recordOffset > (ulong)(locatorOffset - Zip64EndFixedSize))
        {
            throw Fail("its ZIP64 locator points outside the file");
        }

        var record = new byte[Zip64EndFixedSize];
        ReadExactly(stream, (long)recordOffset, record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
        {
            throw Fail("its ZIP64 locator does not point to a ZIP64 end of central directory record");
        }

        var recordSize = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(4));
        if (recordSize < Zip64EndFixedSize - 12 || (ulong)recordOffset + 12 + recordSize != (ulong)locatorOffset)
        {
            throw Fail("its ZIP64 end of central directory record does not end where the locator begins");
        }

        var diskNumber = BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(16));
        var cdDisk = BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(20));
        var entriesOnDisk64 = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(24));
        var totalEntries64 = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
        var cdSize64 = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40));
        var cdOffset64 = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48));
        if (diskNumber != 0 || cdDisk != 0)
        {
            throw Fail("its ZIP64 record names several disks");
        }

        if (entriesOnDisk64 != totalEntries64 || totalEntries64 > int.MaxValue)
        {
            throw Fail("its ZIP64 record has inconsistent entry counts");
        }

        // A classic field that is not the sentinel must hold the whole ZIP64 value, not its low bits: a reader of the
        // classic record would otherwise see another directory.
        if ((entriesOnDisk != ushort.MaxValue && entriesOnDisk != entriesOnDisk64)
            || (totalEntries != ushort.MaxValue && totalEntries != totalEntries64)
            || (cdSize != uint.MaxValue && cdSize != cdSize64)
            || (cdOffset != uint.MaxValue && cdOffset != cdOffset64))
        {
            throw Fail("its end of central directory record and ZIP64 record disagree");
        }

        if (cdOffset64 > (ulong)FileLength || cdSize64 > (ulong)FileLength)
        {
            throw Fail("its ZIP64 record points outside the file");
        }

        Zip64LocatorOffset = locatorOffset;
        Zip64EndRecordOffset = (long)recordOffset;
        entryCount = (long)totalEntries64;
        CentralDirectorySize = (long)cdSize64;
        CentralDirectoryOffset = (long)cdOffset64;
    }

    private void ReadCentralDirectory(Stream stream, long entryCount)
    {
        if (CentralDirectorySize > Array.MaxLength)
        {
            throw Fail("its central directory is too large");
        }

        var cd = new byte[CentralDirectorySize];
        ReadExactly(stream, CentralDirectoryOffset, cd);
        var entries = new List<ZipEntryRecord>((int)Math.Min(entryCount, 1 << 20));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var unescapedNames = new HashSet<string>(StringComparer.Ordinal);
        var position = 0;
        while (position < cd.Length)
        {
            if (cd.Length - position < CentralHeaderFixedSize || BinaryPrimitives.ReadUInt32LittleEndian(cd.AsSpan(position)) != CentralHeaderSignature)
            {
                throw Fail($"its central directory has no valid header at offset {CentralDirectoryOffset + position}");
            }

            var header = cd.AsSpan(position);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            long compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            long uncompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            long diskStart = BinaryPrimitives.ReadUInt16LittleEndian(header[34..]);
            long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
            var size = CentralHeaderFixedSize + nameLength + extraLength + commentLength;
            if (cd.Length - position < size)
            {
                throw Fail("its central directory ends inside a header");
            }

            var nameBytes = header.Slice(CentralHeaderFixedSize, nameLength).ToArray();
            ApplyZip64Extra(header.Slice(CentralHeaderFixedSize + nameLength, extraLength), ref uncompressedSize, ref compressedSize, ref localOffset, ref diskStart);
            var name = DecodeName(nameBytes);
            if ((flags & EncryptedFlag) != 0)
            {
                throw Fail($"the entry '{name}' is encrypted");
            }

            if (diskStart != 0)
            {
                throw Fail($"the entry '{name}' is on another disk");
            }

            if (!names.Add(name) || !unescapedNames.Add(PackageEntryNames.Unescape(name)))
            {
                throw Fail($"the entry name '{name}' appears more than once");
            }

            entries.Add(new ZipEntryRecord
            {
                Name = name,
                NameBytes = nameBytes,
                Flags = flags,
                CompressedSize = compressedSize,
                UncompressedSize = uncompressedSize,
                LocalHeaderOffset = localOffset,
                CentralRecordOffset = CentralDirectoryOffset + position,
                CentralRecordSize = size,
            });
            position += size;
        }

        if (entries.Count != entryCount)
        {
            throw Fail($"its central directory has {entries.Count} entries but the end record says {entryCount}");
        }

        Entries = entries;
    }

    private void ApplyZip64Extra(ReadOnlySpan<byte> extra, ref long uncompressedSize, ref long compressedSize, ref long localOffset, ref long diskStart)
    {
        var needsUncompressed = uncompressedSize == uint.MaxValue;
        var needsCompressed = compressedSize == uint.MaxValue;
        var needsOffset = localOffset == uint.MaxValue;
        var needsDisk = diskStart == ushort.MaxValue;
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (extra.Length - 4 < length)
            {
                throw Fail("an extra field runs past the end of its header");
            }

            var data = extra.Slice(4, length);
            if (id == 0x0001)
            {
                var at = 0;
                if (needsUncompressed)
                {
                    uncompressedSize = ReadZip64Field(data, ref at);
                }

                if (needsCompressed)
                {
                    compressedSize = ReadZip64Field(data, ref at);
                }

                if (needsOffset)
                {
                    localOffset = ReadZip64Field(data, ref at);
                }

                if (needsDisk)
                {
                    if (data.Length - at < 4)
                    {
                        throw Fail("a ZIP64 extra field is too short");
                    }

                    diskStart = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
                }

                return;
            }

            extra = extra[(4 + length)..];
        }

        if (needsUncompressed || needsCompressed || needsOffset || needsDisk)
        {
            throw Fail("an entry needs a ZIP64 extra field, which is missing");
        }
    }

    private long ReadZip64Field(ReadOnlySpan<byte> data, ref int at)
    {
        if (data.Length - at < 8)
        {
            throw Fail("a ZIP64 extra field is too short");
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(data[at..]);
        at += 8;
        if (value > long.MaxValue)
        {
            throw Fail("a ZIP64 size or offset is out of range");
        }

        return (long)value;
    }

    private void ReadLocalHeaders(Stream stream)
    {
        var ordered = new List<ZipEntryRecord>(Entries);
        ordered.Sort((a, b) => a.LocalHeaderOffset.CompareTo(b.LocalHeaderOffset));
        var fixedHeader = new byte[LocalHeaderFixedSize];
        var descriptor = new byte[4];
        for (var i = 0; i < ordered.Count; i++)
        {
            var entry = ordered[i];
            var next = i + 1 < ordered.Count ? ordered[i + 1].LocalHeaderOffset : CentralDirectoryOffset;
            if (entry.LocalHeaderOffset + LocalHeaderFixedSize > next)
            {
                throw Fail($"the entry '{entry.Name}' overlaps another entry or the central directory");
            }

            ReadExactly(stream, entry.LocalHeaderOffset, fixedHeader);
            if (BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader) != LocalHeaderSignature)
            {
                throw Fail($"the entry '{entry.Name}' has no local header where the central directory says");
            }

            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader.AsSpan(26));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader.AsSpan(28));
            var localName = new byte[nameLength];
            ReadExactly(stream, entry.LocalHeaderOffset + LocalHeaderFixedSize, localName);
            if (!localName.AsSpan().SequenceEqual(entry.NameBytes))
            {
                throw Fail($"the local header of '{entry.Name}' names another file ('{DecodeName(localName)}')");
            }

            var dataEnd = entry.LocalHeaderOffset + LocalHeaderFixedSize + nameLength + extraLength + entry.CompressedSize;
            long end = dataEnd;
            if ((entry.Flags & DataDescriptorFlag) != 0)
            {
                end = -1;
                if (dataEnd + 4 <= next)
                {
                    ReadExactly(stream, dataEnd, descriptor);
                    var signed = BinaryPrimitives.ReadUInt32LittleEndian(descriptor) == DataDescriptorSignature ? 4 : 0;
                    foreach (var length in new[] { signed + 12, signed + 20 })
                    {
                        if (dataEnd + length == next)
                        {
                            end = next;
                        }
                    }
                }
            }

            if (end != next)
            {
                throw Fail($"the entry '{entry.Name}' does not end where the next entry or the central directory begins");
            }

            entry.LocalEntryEnd = end;
        }
    }

    private void FindSignature()
    {
        for (var i = 0; i < Entries.Count; i++)
        {
            var entry = Entries[i];
            if (!entry.IsPackageSignature)
            {
                continue;
            }

            // At most one entry can be the signature: the central directory refused a name that appears twice.
            SignatureEntry = entry;
            if (i != Entries.Count - 1)
            {
                throw Fail($"its signature entry '{SignatureEntryName}' is not the last entry of the central directory");
            }

            if (entry.LocalEntryEnd != CentralDirectoryOffset)
            {
                throw Fail($"its signature entry '{SignatureEntryName}' is not the last entry of the file");
            }
        }
    }

    private static string DecodeName(byte[] nameBytes) => Encoding.UTF8.GetString(nameBytes);

    private uint ReadUInt32(Stream stream, long offset)
    {
        Span<byte> buffer = stackalloc byte[4];
        ReadExactly(stream, offset, buffer);
        return BinaryPrimitives.ReadUInt32LittleEndian(buffer);
    }

    private void ReadExactly(Stream stream, long offset, Span<byte> buffer)
    {
        // offset > FileLength - length, not offset + length > FileLength: an offset near long.MaxValue (a ZIP64 value)
        // would overflow the sum into "inside the file".
        if (offset < 0 || offset > FileLength - buffer.Length)
        {
            throw Fail("a record points outside the file");
        }

        stream.Position = offset;
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw Fail("the file ends inside a record");
        }
    }

    private SupplyChainException Fail(string reason)
        => SupplyChainException.Create(DiagnosticCatalog.Package_Unreadable, _displayPath, 0, _displayPath, reason);
}
