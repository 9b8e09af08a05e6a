using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Sbom.Builder;

// Package details: the lock file's hashes, the package files and nuspec behind each package node.
public static partial class SbomBuilder
{
    private sealed partial class SbomBuildContext
    {
        private Dictionary<string, string> ReadLockFile()
        {
            var hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (string.IsNullOrWhiteSpace(_request.LockFilePath))
            {
                return hashes;
            }

            if (!File.Exists(_request.LockFilePath))
            {
                _sink.Trace($"The packages lock file '{_request.LockFilePath}' does not exist; content hashes are checked against the restore output only.");
                return hashes;
            }

            var lockFile = PackagesLockFileReader.Read(_request.LockFilePath);
            foreach (var dependency in lockFile.Targets.SelectMany(t => t.Dependencies))
            {
                if (dependency.IsPackage && dependency.Resolved is not null && !string.IsNullOrEmpty(dependency.ContentHash))
                {
                    hashes.TryAdd(dependency.Id + "/" + dependency.Resolved, dependency.ContentHash);
                }
            }

            return hashes;
        }

        private void DescribePackage(ProjectAssetsFile assets, GraphNode package, Dictionary<string, string> lockHashes)
        {
            var library = package.Library!;
            lockHashes.TryGetValue(package.Id + "/" + package.Version, out var lockHash);
            if (!_request.ReadPackageFiles)
            {
                package.ContentHash = IsContentHash(library.Sha512) ? library.Sha512 : IsContentHash(lockHash) ? lockHash : null;
                return;
            }

            var folders = (_request.PackageFolders ?? assets.PackageFolders).Where(f => !string.IsNullOrWhiteSpace(f)).ToArray();
            var location = PackageFileLocator.Find(folders, library.Id, library.Version, library.Path, library.Files);
            if (location is null)
            {
                _sink.Report(Diagnostic.Create(
                    DiagnosticCatalog.Sbom_PackageFileMissing,
                    assets.Path,
                    0,
                    package.Id,
                    package.Version,
                    string.Join(", ", package.Frameworks),
                    folders.Length == 0 ? "none given" : string.Join(", ", folders.Select(f => "'" + f + "'"))));
                return;
            }

            PackageHashes hashes;
            byte[] sha256;
            try
            {
                hashes = PackageDigestCache.ComputeShared(location.NupkgPath);
                sha256 = Convert.FromBase64String(hashes.FileSha256!);
            }
            catch (SupplyChainException ex)
            {
                _sink.Report(ex.Diagnostic);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _sink.Report(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, location.NupkgPath, 0, location.NupkgPath, ex.Message));
                return;
            }

            package.Hashes =
            [
                CycloneDxHash.FromBytes(CycloneDxHashAlgorithm.Sha256, sha256),
                CycloneDxHash.FromBase64(CycloneDxHashAlgorithm.Sha512, hashes.FileSha512),
            ];
            package.ContentHash = hashes.ContentHash;
            package.IsSigned = hashes.IsSigned;
            if (!string.IsNullOrEmpty(library.Sha512) && !string.Equals(library.Sha512, hashes.ContentHash, StringComparison.Ordinal))
            {
                _sink.Report(Diagnostic.Create(DiagnosticCatalog.Sbom_PackageContentHashDiffers, location.NupkgPath, 0, location.NupkgPath, hashes.ContentHash, library.Sha512, package.Id, package.Version, assets.Path));
            }

            if (lockHash is not null && !string.Equals(lockHash, hashes.ContentHash, StringComparison.Ordinal))
            {
                _sink.Report(Diagnostic.Create(DiagnosticCatalog.LockFile_ContentHashMismatch, _request.LockFilePath, 0, _request.LockFilePath, package.Id, package.Version, location.Directory, lockHash, hashes.ContentHash));
            }

            string source = location.NupkgPath;
            try
            {
                using var nuspecStream = PackageFileLocator.OpenNuspec(location, package.Id, out source);
                if (nuspecStream is null)
                {
                    _sink.Report(Diagnostic.Create(DiagnosticCatalog.Sbom_NuspecUnreadable, location.NupkgPath, 0, package.Id, package.Version, location.NupkgPath, "the package has no .nuspec"));
                    return;
                }

                package.Nuspec = NuspecMetadata.Parse(nuspecStream);
            }
            catch (Exception ex) when (ex is System.Xml.XmlException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                _sink.Report(Diagnostic.Create(DiagnosticCatalog.Sbom_NuspecUnreadable, source, 0, package.Id, package.Version, source, ex.Message.TrimEnd('.')));
                return;
            }

            package.Licenses = PackageLicenses.Resolve(package.Nuspec, location, package.Id, package.Version, _sink);
        }

        private static bool IsContentHash(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            Span<byte> digest = stackalloc byte[64];
            return Convert.TryFromBase64String(text, digest, out var written) && written == 64;
        }
    }
}
