using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Pinning;

/// <summary>
/// The packages folder against the pins: the folder exists (SCSDK1017), each package's .nupkg is there (SCSDK1007) and
/// has the pinned content hash (SCSDK1005; the lock file's, or restore's when there is no lock entry), every file of the
/// package folder equals its entry in that .nupkg and every entry NuGet extracts is there (SCSDK1008), and the folder holds
/// nothing the .nupkg does not contain besides NuGet's own files (SCSDK1020).
/// </summary>
internal sealed class PackageIntegrityCheck
{
    private readonly PinningContext _context;
    private readonly VerifiedFileCache? _cache;
    private readonly PackageFolderVerifier _folderVerifier;
    private readonly List<VerifiedPackage> _packages = new();
    private readonly List<VerifiedFile> _files = new();

    private PackageIntegrityCheck(PinningContext context, VerifiedFileCache? cache)
    {
        _context = context;
        _cache = cache;
        _folderVerifier = new PackageFolderVerifier(cache, PackageDigestCache.Default);
    }

    public static (IReadOnlyList<VerifiedPackage> Packages, IReadOnlyList<VerifiedFile> Files) Run(PinningContext context)
    {
        var cachePath = context.Request.VerifiedFilesCachePath;
        var cache = cachePath is null ? null : VerifiedFileCache.Load(cachePath, new TraceOnly(context.Reporter));
        var check = new PackageIntegrityCheck(context, cache);
        check.VerifyAll();
        if (cache is not null)
        {
            try
            {
                cache.Save();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Reporter.Trace($"The verified-files cache '{cache.Path}' could not be saved: {ex.Message}");
            }
        }

        return (check._packages, check._files);
    }

    private void VerifyAll()
    {
        var folders = _context.Assets.PackageFolders.Count > 0
            ? _context.Assets.PackageFolders
            : _context.Assets.Restore?.PackagesPath is { } packagesPath ? new[] { packagesPath } : Array.Empty<string>();
        var packages = _context.Targets
            .SelectMany(t => t.Libraries.Where(l => l.IsPackage).Select(l => (Target: t, Library: l)))
            .GroupBy(x => ProjectAssetsFile.LibraryKey(x.Library.Id, x.Library.Version), StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .ToArray();
        if (packages.Length == 0)
        {
            return;
        }

        if (folders.Count == 0 || !Directory.Exists(folders[0]))
        {
            var folder = folders.Count > 0 ? folders[0] : "(none recorded)";
            _context.Reporter.Report(DiagnosticCatalog.PackagesFolder_Missing, _context.Assets.Path, 0, folder, _context.ProjectPath);
            return;
        }

        foreach (var package in packages)
        {
            var first = package.First().Library;
            var groups = package.Select(x => x.Library).ToArray();
            try
            {
                VerifyPackage(folders, first.Id, first.Version, groups);
            }
            catch (SupplyChainException ex)
            {
                _context.Reporter.Report(ex.Diagnostic);
            }
        }
    }

    private void VerifyPackage(IReadOnlyList<string> folders, string id, string version, IReadOnlyList<AssetsTargetLibrary> inTargets)
    {
        var library = _context.Assets.FindLibrary(id, version)!;
        var pins = PinsOf(id, version, library);
        if (string.IsNullOrEmpty(library.Path) || !IsSafeRelativeFolder(library.Path))
        {
            _context.Reporter.Report(DiagnosticCatalog.AssetsFile_Malformed, _context.Assets.Path, 0, _context.Assets.Path, $"the library '{id}/{version}' has the path '{library.Path}', which is not a folder inside the package folders");
            return;
        }

        var versionFolder = library.Path.Replace('\\', '/').TrimEnd('/');
        var fileName = id.ToLowerInvariant() + "." + versionFolder[(versionFolder.LastIndexOf('/') + 1)..] + ".nupkg";
        string? packageDirectory = null;
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, library.Path);
            if (File.Exists(Path.Combine(candidate, fileName)))
            {
                packageDirectory = candidate;
                break;
            }
        }

        if (packageDirectory is null)
        {
            var expected = Path.Combine(folders[0], library.Path, fileName);
            var (pinFile, pinLine) = pins.Count > 0 ? (pins[0].File, pins[0].Line) : (_context.Assets.Path, 0);
            _context.Reporter.Report(DiagnosticCatalog.Package_MissingFromPackagesFolder, pinFile, pinLine, id, version, folders[0], expected);
            return;
        }

        var nupkgPath = Path.GetFullPath(Path.Combine(packageDirectory, fileName));
        var hashes = Hash(nupkgPath);
        if (pins.Any(p => !string.Equals(p.Hash, hashes.ContentHash, StringComparison.Ordinal)))
        {
            // In doubt (a cached digest disagrees with a pin): read the file again before reporting anything.
            hashes = PackageDigestCache.RehashShared(nupkgPath);
        }

        var mismatched = false;
        foreach (var (hash, file, line) in pins)
        {
            if (!string.Equals(hash, hashes.ContentHash, StringComparison.Ordinal))
            {
                mismatched = true;
                _context.Reporter.Report(DiagnosticCatalog.LockFile_ContentHashMismatch, file, line, file, id, version, nupkgPath, hash, hashes.ContentHash);
            }
        }

        if (mismatched || pins.Count == 0)
        {
            if (pins.Count == 0)
            {
                _context.Reporter.Trace($"No content hash pins '{id}' {version}; its extracted files were not checked.");
            }

            return;
        }

        _packages.Add(new VerifiedPackage(id, version, hashes.ContentHash, nupkgPath, hashes.FileSha512));
        // Every file restore extracted (its list of the folder) and every asset path it resolved; the verifier adds
        // what is on disk and what the .nupkg holds, so nothing in the folder escapes the comparison.
        var listedPaths = inTargets
            .SelectMany(l => l.AssetGroups.Values.SelectMany(paths => paths))
            .Concat(library.Files)
            .Select(p => p.Replace('\\', '/'))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToArray();
        var result = _folderVerifier.Verify(nupkgPath, hashes.ContentHash, packageDirectory, id, listedPaths);
        if (result.ArchiveRead)
        {
            _context.Reporter.Trace($"Compared the folder of '{id}' {version} with '{nupkgPath}'.");
        }

        foreach (var match in result.Matches)
        {
            _files.Add(new VerifiedFile(match.Path, id, version, match.RelativePath, match.FromCache));
        }

        var packageFolder = Path.GetFullPath(packageDirectory);
        foreach (var mismatch in result.Mismatches)
        {
            _context.Reporter.Report(DiagnosticCatalog.Package_ExtractedFileTampered, mismatch.Path, 0, mismatch.Path, id, version, mismatch.EntryName, packageFolder, mismatch.Reason);
        }

        foreach (var unexpected in result.UnexpectedFiles)
        {
            _context.Reporter.Report(DiagnosticCatalog.Package_UnexpectedFile, unexpected.Path, 0, unexpected.Path, id, version, packageFolder, unexpected.Reason);
        }
    }

    private PackageHashes Hash(string nupkgPath)
    {
        var before = FileIdentity.TryGet(nupkgPath);
        var record = _cache?.Find(before, VerifiedFileKind.PackageArchive);
        if (record is not null)
        {
            // Only a signed package has a content hash other than its file hash.
            return new PackageHashes(record.Value, record.Detail, IsSigned: record.Value != record.Detail, before!.Length);
        }

        var hashes = PackageDigestCache.ComputeShared(nupkgPath);
        _cache?.Record(before, FileIdentity.TryGet(nupkgPath), VerifiedFileKind.PackageArchive, hashes.ContentHash, hashes.FileSha512);
        return hashes;
    }

    /// <summary>The content hashes a package is pinned to: every lock entry that locks this version, else restore's own record.</summary>
    private List<(string Hash, string File, int Line)> PinsOf(string id, string version, AssetsLibrary library)
    {
        var pins = new List<(string Hash, string File, int Line)>();
        if (_context.LockFile is { } lockFile)
        {
            foreach (var section in lockFile.Targets)
            {
                foreach (var entry in section.Dependencies)
                {
                    if (entry.IsPackage && !string.IsNullOrEmpty(entry.ContentHash)
                        && string.Equals(entry.Id, id, StringComparison.OrdinalIgnoreCase) && PackageVersionText.AreEqual(entry.Resolved, version)
                        && !pins.Any(p => p.Hash == entry.ContentHash))
                    {
                        pins.Add((entry.ContentHash, lockFile.Path, entry.Line));
                    }
                }
            }
        }

        if (pins.Count == 0 && !string.IsNullOrEmpty(library.Sha512))
        {
            pins.Add((library.Sha512, _context.Assets.Path, 0));
        }

        return pins;
    }

    private static bool IsSafeRelativeFolder(string path)
        => !Path.IsPathRooted(path) && !path.Contains('\0', StringComparison.Ordinal) && path.TrimEnd('/', '\\').Split('/', '\\').All(segment => segment.Length > 0 && segment != ".." && segment != ".");

    /// <summary>Passes traces on and drops findings: the cache never produces findings of its own.</summary>
    private sealed class TraceOnly : IDiagnosticSink
    {
        private readonly PinningReporter _reporter;

        public TraceOnly(PinningReporter reporter)
        {
            _reporter = reporter;
        }

        public void Report(Diagnostic diagnostic) => _reporter.Trace(diagnostic.Message);

        public void Trace(string message) => _reporter.Trace(message);
    }
}
