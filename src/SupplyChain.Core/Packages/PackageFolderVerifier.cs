using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;

namespace SupplyChain.Core.Packages;

/// <summary>
/// Checks that a package folder holds exactly what NuGet extracts from the (already verified) .nupkg, byte for byte:
/// every file on disk must be an entry of the package and equal to it, every entry NuGet extracts must be on disk,
/// and nothing in the folder may be a symbolic link or a special file (a link is reported, never followed).
/// NuGet's own files (<c>&lt;id&gt;.&lt;version&gt;.nupkg</c>, its <c>.sha512</c> and <c>.nupkg.metadata</c>) are
/// excepted by exact name; the manifest is compared under the name NuGet gives it (<c>&lt;id-lower&gt;.nuspec</c>) and
/// <c>.signature.p7s</c> with its entry. Entry names are percent-encoded in the zip and unescaped on extraction, as NuGet
/// does. Names are compared exactly on Linux and ignoring case elsewhere (case-insensitive file systems).
/// With a <see cref="VerifiedFileCache"/>, files whose identity is unchanged since they matched are not read again,
/// and when every directory of the folder is also unchanged since a clean verification the .nupkg is not opened.
/// With a <see cref="PackageDigestCache"/>, the records of each package folder are also kept for the whole machine
/// (<see cref="PackageDigestCache.OpenFolderRecords"/>), so another project, or a clean build whose obj/ folder is new,
/// does not compare an unchanged folder again.
/// </summary>
public sealed class PackageFolderVerifier
{
    /// <summary>The file NuGet writes beside an extracted package with its content hash and source.</summary>
    public const string MetadataFileName = ".nupkg.metadata";

    private const int BufferSize = 81920;
    private static readonly StringComparer s_names = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
    private readonly VerifiedFileCache? _cache;
    private readonly PackageDigestCache? _machine;

    /// <summary>Creates a verifier, optionally backed by a cache (the project's) and by the machine's cache.</summary>
    public PackageFolderVerifier(VerifiedFileCache? cache = null, PackageDigestCache? machineCache = null)
    {
        _cache = cache;
        _machine = machineCache;
    }

    /// <summary>
    /// Compares the folder <paramref name="packageDirectory"/> of package <paramref name="packageId"/> with the entries
    /// of <paramref name="nupkgPath"/>, whose content hash is <paramref name="packageContentHash"/> (recorded in the cache).
    /// <paramref name="listedPaths"/> are the paths restore lists for the package (its files and asset groups): each must be
    /// on disk and in the package, except empty-group placeholders (<c>_._</c>) that the package does not contain.
    /// Throws <see cref="SupplyChainException"/> (SCSDK1018) when the .nupkg cannot be read as a zip.
    /// </summary>
    public ExtractedFilesResult Verify(string nupkgPath, string packageContentHash, string packageDirectory, string packageId, IEnumerable<string> listedPaths)
    {
        ArgumentNullException.ThrowIfNull(listedPaths);
        ArgumentNullException.ThrowIfNull(packageId);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(packageDirectory));
        var rootWithSeparator = root + Path.DirectorySeparatorChar;
        var nupkgName = Path.GetFileName(nupkgPath);
        var ownFiles = new HashSet<string>(StringComparer.Ordinal) { nupkgName, nupkgName + ".sha512", MetadataFileName };
        var state = new State(packageContentHash, packageId.ToLowerInvariant() + ".nuspec", _machine?.OpenFolderRecords(root, packageContentHash));

        Scan(root, string.Empty, state, ownFiles);

        foreach (var relative in listedPaths)
        {
            if (relative.EndsWith('/') || ownFiles.Contains(relative) || !state.Listed.Add(relative))
            {
                continue;
            }

            if (!IsSafeRelativePath(relative) || !Path.GetFullPath(Path.Combine(root, relative)).StartsWith(rootWithSeparator, StringComparison.Ordinal))
            {
                state.Mismatches.Add(new ExtractedFileMismatch(Path.Combine(root, relative), relative, relative, "the path leaves the package folder"));
                continue;
            }

            if (!state.OnDisk.Contains(relative))
            {
                state.ListedMissing.Add(relative);
            }
        }

        var folderUnchanged = state.Unusual.Count == 0 && state.Directories.TrueForAll(d => IsCached(d.Before, VerifiedFileKind.PackageDirectory, d.Relative, state));
        var archiveRead = false;
        if (state.Pending.Count > 0 || state.ListedMissing.Count > 0 || state.Unusual.Count > 0 || !folderUnchanged)
        {
            archiveRead = true;
            CompareWithArchive(nupkgPath, root, state);
            if (state.Mismatches.Count == 0 && state.Unexpected.Count == 0)
            {
                foreach (var (relative, fullPath, before) in state.Directories)
                {
                    Record(before, FileIdentity.TryGetDirectory(fullPath), VerifiedFileKind.PackageDirectory, relative, state);
                }
            }
        }

        SaveMachineRecords(state);
        return new ExtractedFilesResult(state.Matches, state.Mismatches, state.Placeholders) { UnexpectedFiles = state.Unexpected, ArchiveRead = archiveRead };
    }

    /// <summary>
    /// True when the project's cache or the machine's records know this file (or directory) under its current identity
    /// as matched for this package; what one of them knows is recorded in the other.
    /// </summary>
    private bool IsCached(FileIdentity? identity, VerifiedFileKind kind, string relative, State state)
    {
        if (Knows(_cache, identity, kind, relative, state.ContentHash))
        {
            state.Machine?.Record(identity, identity, kind, state.ContentHash, relative);
            return true;
        }

        if (Knows(state.Machine, identity, kind, relative, state.ContentHash))
        {
            _cache?.Record(identity, identity, kind, state.ContentHash, relative);
            return true;
        }

        return false;
    }

    private static bool Knows(VerifiedFileCache? cache, FileIdentity? identity, VerifiedFileKind kind, string relative, string contentHash)
        => cache?.Find(identity, kind) is { } record && record.Value == contentHash && record.Detail == relative;

    private void Record(FileIdentity? before, FileIdentity? after, VerifiedFileKind kind, string relative, State state)
    {
        _cache?.Record(before, after, kind, state.ContentHash, relative);
        state.Machine?.Record(before, after, kind, state.ContentHash, relative);
    }

    /// <summary>Saves the machine's records of the folder when they changed; a failure only costs a later comparison.</summary>
    private static void SaveMachineRecords(State state)
    {
        if (state.Machine is not { HasChanges: true } machine)
        {
            return;
        }

        try
        {
            machine.Save();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Lists a directory without following links: regular files, directories (recursed), and anything else.</summary>
    private void Scan(string directory, string relativeDirectory, State state, HashSet<string> ownFiles)
    {
        state.Directories.Add((relativeDirectory, directory, FileIdentity.TryGetDirectory(directory)));
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false, ReturnSpecialDirectories = false };
        var children = new List<FileSystemInfo>();
        try
        {
            children.AddRange(new DirectoryInfo(directory).EnumerateFileSystemInfos("*", options));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var relative = relativeDirectory.Length == 0 ? "." : relativeDirectory;
            state.Mismatches.Add(new ExtractedFileMismatch(directory, relative, relative, "the folder cannot be listed: " + ex.Message));
            return;
        }

        children.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name));
        foreach (var child in children)
        {
            var relative = relativeDirectory.Length == 0 ? child.Name : relativeDirectory + "/" + child.Name;
            if (relativeDirectory.Length == 0 && ownFiles.Contains(relative))
            {
                continue;
            }

            if (child.Attributes.HasFlag(FileAttributes.ReparsePoint) || child.LinkTarget is not null)
            {
                state.OnDisk.Add(relative);
                state.Unusual.Add((relative, child.FullName, $"it is a symbolic link to '{child.LinkTarget}', which is not followed"));
                continue;
            }

            if (child is DirectoryInfo)
            {
                Scan(child.FullName, relative, state, ownFiles);
                continue;
            }

            state.OnDisk.Add(relative);
            var identity = FileIdentity.TryGet(child.FullName);
            if (identity is null && FileIdentity.IsSupported)
            {
                // statx says it is not a regular file (a FIFO would block the reader; a device is not package content).
                state.Unusual.Add((relative, child.FullName, "it is not a regular file"));
                continue;
            }

            if (IsCached(identity, VerifiedFileKind.ExtractedFile, relative, state))
            {
                state.Matches.Add(new ExtractedFileMatch(child.FullName, relative, FromCache: true));
                continue;
            }

            state.Pending.Add((relative, child.FullName, identity));
        }
    }

    private void CompareWithArchive(string nupkgPath, string root, State state)
    {
        try
        {
            using var archive = ZipFile.OpenRead(nupkgPath);
            var entries = ExtractedEntries(archive, state.NuspecName);

            foreach (var (relative, fullPath, before) in state.Pending)
            {
                if (!entries.TryGetValue(relative, out var entry))
                {
                    state.Unexpected.Add(new ExtractedFileMismatch(fullPath, relative, relative, "the .nupkg has no such entry"));
                    continue;
                }

                var reason = Compare(entry, fullPath);
                if (reason is not null)
                {
                    state.Mismatches.Add(new ExtractedFileMismatch(fullPath, relative, entry.FullName, reason));
                    continue;
                }

                state.Matches.Add(new ExtractedFileMatch(fullPath, relative, FromCache: false));
                Record(before, FileIdentity.TryGet(fullPath), VerifiedFileKind.ExtractedFile, relative, state);
            }

            foreach (var (relative, fullPath, reason) in state.Unusual)
            {
                if (entries.TryGetValue(relative, out var entry))
                {
                    state.Mismatches.Add(new ExtractedFileMismatch(fullPath, relative, entry.FullName, reason));
                }
                else
                {
                    state.Unexpected.Add(new ExtractedFileMismatch(fullPath, relative, relative, reason + ", and the .nupkg has no such entry"));
                }
            }

            var reported = new HashSet<string>(s_names);
            foreach (var relative in state.ListedMissing)
            {
                var fullPath = Path.GetFullPath(Path.Combine(root, relative));
                if (entries.TryGetValue(relative, out var entry))
                {
                    reported.Add(relative);
                    state.Mismatches.Add(new ExtractedFileMismatch(fullPath, relative, entry.FullName, "the file is missing"));
                }
                else if (PackageEntryNames.IsPlaceholder(relative))
                {
                    state.Placeholders.Add(relative);
                }
                else
                {
                    state.Mismatches.Add(new ExtractedFileMismatch(fullPath, relative, relative, "restore lists it, but the package has no such entry"));
                }
            }

            foreach (var (relative, entry) in entries)
            {
                if (!state.OnDisk.Contains(relative) && !reported.Contains(relative))
                {
                    state.Mismatches.Add(new ExtractedFileMismatch(Path.GetFullPath(Path.Combine(root, relative)), relative, entry.FullName, "the file is missing"));
                }
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

    /// <summary>
    /// The entries NuGet extracts, by the relative path it extracts each to: not the OPC parts (<c>_rels/</c>,
    /// <c>package/</c>, <c>[Content_Types].xml</c>), not folder entries or names that would leave the folder, and the
    /// manifest (the first <c>.nuspec</c> at the root) under <paramref name="nuspecName"/>; other root nuspecs are not extracted.
    /// </summary>
    private static SortedDictionary<string, ZipArchiveEntry> ExtractedEntries(ZipArchive archive, string nuspecName)
    {
        var entries = new SortedDictionary<string, ZipArchiveEntry>(s_names);
        var manifestSeen = false;
        foreach (var entry in archive.Entries)
        {
            var name = PackageEntryNames.Unescape(entry.FullName);
            if (name.EndsWith('/') || name.Length == 0
                || name.StartsWith("_rels/", StringComparison.OrdinalIgnoreCase) || name.StartsWith("package/", StringComparison.OrdinalIgnoreCase)
                || name.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase) || !IsSafeRelativePath(name))
            {
                continue;
            }

            if (!name.Contains('/', StringComparison.Ordinal) && name.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
            {
                if (manifestSeen)
                {
                    continue;
                }

                manifestSeen = true;
                name = nuspecName;
            }

            entries.TryAdd(name, entry);
        }

        return entries;
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
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
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

    private sealed class State
    {
        public State(string contentHash, string nuspecName, VerifiedFileCache? machine)
        {
            ContentHash = contentHash;
            NuspecName = nuspecName;
            Machine = machine;
        }

        /// <summary>The machine's records of this package folder, or null without a machine cache.</summary>
        public VerifiedFileCache? Machine { get; }

        public string ContentHash { get; }

        public string NuspecName { get; }

        public HashSet<string> OnDisk { get; } = new(s_names);

        public HashSet<string> Listed { get; } = new(StringComparer.Ordinal);

        public List<string> ListedMissing { get; } = new();

        public List<(string Relative, string FullPath, FileIdentity? Before)> Directories { get; } = new();

        public List<(string Relative, string FullPath, FileIdentity? Before)> Pending { get; } = new();

        public List<(string Relative, string FullPath, string Reason)> Unusual { get; } = new();

        public List<ExtractedFileMatch> Matches { get; } = new();

        public List<ExtractedFileMismatch> Mismatches { get; } = new();

        public List<ExtractedFileMismatch> Unexpected { get; } = new();

        public List<string> Placeholders { get; } = new();
    }
}
