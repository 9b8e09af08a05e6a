using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;

namespace SupplyChain.Core.Packages;

/// <summary>
/// Checks that files NuGet extracted from a package are byte-identical to their entries in the (already verified)
/// .nupkg: a poisoned packages folder is caught even when the .nupkg beside it is intact. Entry names are
/// percent-encoded in the zip and unescaped on extraction, as NuGet does. Placeholder paths (<c>_._</c>) that the
/// package does not contain are skipped; any other listed path must exist in the package and on disk. With a
/// <see cref="VerifiedFileCache"/>, files whose identity is unchanged since they matched are not read again.
/// </summary>
public sealed class PackageFolderVerifier
{
    private const int BufferSize = 81920;
    private readonly VerifiedFileCache? _cache;

    /// <summary>Creates a verifier, optionally backed by a cache.</summary>
    public PackageFolderVerifier(VerifiedFileCache? cache = null)
    {
        _cache = cache;
    }

    /// <summary>
    /// Compares the files at <paramref name="relativePaths"/> under <paramref name="packageDirectory"/> with the entries of
    /// <paramref name="nupkgPath"/>, whose content hash is <paramref name="packageContentHash"/> (recorded in the cache).
    /// Throws <see cref="SupplyChainException"/> (SCSDK1018) when the .nupkg cannot be read as a zip.
    /// </summary>
    public ExtractedFilesResult Verify(string nupkgPath, string packageContentHash, string packageDirectory, IEnumerable<string> relativePaths)
    {
        ArgumentNullException.ThrowIfNull(relativePaths);
        var root = Path.GetFullPath(packageDirectory);
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        var matches = new List<ExtractedFileMatch>();
        var mismatches = new List<ExtractedFileMismatch>();
        var placeholders = new List<string>();
        var pending = new List<(string Relative, string FullPath, FileIdentity? Before)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var relative in relativePaths)
        {
            if (!seen.Add(relative))
            {
                continue;
            }

            if (!IsSafeRelativePath(relative))
            {
                mismatches.Add(new ExtractedFileMismatch(Path.Combine(root, relative), relative, relative, "the path leaves the package folder"));
                continue;
            }

            var fullPath = Path.GetFullPath(Path.Combine(root, relative));
            if (!fullPath.StartsWith(rootWithSeparator, StringComparison.Ordinal))
            {
                mismatches.Add(new ExtractedFileMismatch(fullPath, relative, relative, "the path leaves the package folder"));
                continue;
            }

            var identity = FileIdentity.TryGet(fullPath);
            var record = _cache?.Find(identity, VerifiedFileKind.ExtractedFile);
            if (record is not null && record.Value == packageContentHash && record.Detail == relative)
            {
                matches.Add(new ExtractedFileMatch(fullPath, relative, FromCache: true));
                continue;
            }

            pending.Add((relative, fullPath, identity));
        }

        if (pending.Count > 0)
        {
            CompareWithArchive(nupkgPath, packageContentHash, pending, matches, mismatches, placeholders);
        }

        return new ExtractedFilesResult(matches, mismatches, placeholders);
    }

    private void CompareWithArchive(
        string nupkgPath,
        string packageContentHash,
        List<(string Relative, string FullPath, FileIdentity? Before)> pending,
        List<ExtractedFileMatch> matches,
        List<ExtractedFileMismatch> mismatches,
        List<string> placeholders)
    {
        try
        {
            using var archive = ZipFile.OpenRead(nupkgPath);
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            var entriesIgnoringCase = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in archive.Entries)
            {
                var unescaped = PackageEntryNames.Unescape(entry.FullName);
                entries.TryAdd(unescaped, entry);
                entriesIgnoringCase.TryAdd(unescaped, entry);
            }

            foreach (var (relative, fullPath, before) in pending)
            {
                if (!entries.TryGetValue(relative, out var entry) && !entriesIgnoringCase.TryGetValue(relative, out entry))
                {
                    if (PackageEntryNames.IsPlaceholder(relative))
                    {
                        placeholders.Add(relative);
                    }
                    else
                    {
                        mismatches.Add(new ExtractedFileMismatch(fullPath, relative, relative, "the package has no such entry"));
                    }

                    continue;
                }

                var reason = Compare(entry, fullPath);
                if (reason is not null)
                {
                    mismatches.Add(new ExtractedFileMismatch(fullPath, relative, entry.FullName, reason));
                    continue;
                }

                matches.Add(new ExtractedFileMatch(fullPath, relative, FromCache: false));
                _cache?.Record(before, FileIdentity.TryGet(fullPath), VerifiedFileKind.ExtractedFile, packageContentHash, relative);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Package_Unreadable, nupkgPath, 0, nupkgPath, ex.Message.TrimEnd('.')), ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, nupkgPath, 0, nupkgPath, ex.Message), ex);
        }
    }

    private static string? Compare(ZipArchiveEntry entry, string fullPath)
    {
        FileStream file;
        try
        {
            file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return "the file is missing";
        }
        catch (UnauthorizedAccessException)
        {
            return "the file cannot be read";
        }

        using (file)
        {
            if (file.Length != entry.Length)
            {
                return $"the file has {file.Length} bytes, the entry {entry.Length}";
            }

            using var entryStream = entry.Open();
            var expected = new byte[BufferSize];
            var actual = new byte[BufferSize];
            while (true)
            {
                var read = entryStream.ReadAtLeast(expected, BufferSize, throwOnEndOfStream: false);
                var readFile = file.ReadAtLeast(actual, BufferSize, throwOnEndOfStream: false);
                if (read != readFile || !expected.AsSpan(0, read).SequenceEqual(actual.AsSpan(0, readFile)))
                {
                    return "the content differs";
                }

                if (read == 0)
                {
                    return null;
                }
            }
        }
    }

    private static bool IsSafeRelativePath(string relative)
    {
        if (string.IsNullOrEmpty(relative) || Path.IsPathRooted(relative) || relative.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var segment in relative.Split('/', '\\'))
        {
            if (segment is ".." or "." || segment.Length == 0)
            {
                return false;
            }
        }

        return true;
    }
}
