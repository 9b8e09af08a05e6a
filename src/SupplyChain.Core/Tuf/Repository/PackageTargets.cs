using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Xml;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>The id and version of a package as its .nuspec gives them (the version normalised).</summary>
/// <param name="Id">The package id, with its case.</param>
/// <param name="Version">The normalised version (NuGet's rules: <c>1.0</c> is <c>1.0.0</c>, build metadata dropped).</param>
public sealed record PackageIdentity(string Id, string Version)
{
    /// <summary>The package URL, <c>pkg:nuget/Id@Version</c>.</summary>
    public string PackageUrl => Packages.PackageUrl.NuGet(Id, Version);
}

/// <summary>
/// The targets of a NuGet package: the .nupkg at its flat-container path
/// <c>ID-LOWER/VERSION-LOWER/ID-LOWER.VERSION-LOWER.nupkg</c>, and its sidecars (SBOM, attestations) beside it,
/// named with the same lower-case stem. The package's entry carries in <c>custom</c> its package URL and NuGet's
/// content hash (the value a lock file pins); each sidecar's entry the package URL it belongs to:
/// <code>
/// "custom": {"purl": "pkg:nuget/Contoso.App@2.1.0", "nuget": {"id": "Contoso.App", "version": "2.1.0", "contentHash": "BASE64-SHA512"}}
/// </code>
/// Every request names the package's path as its <see cref="TargetRequest.Release"/>: the release is immutable once
/// published. The id is lower-cased and the version normalised, so <c>Foo 1.0</c> and <c>foo 1.0.0</c> are one release.
/// </summary>
public static class PackageTargets
{
    /// <summary>The target requests for a package and the sidecar files written next to it.</summary>
    /// <param name="nupkgPath">The .nupkg.</param>
    /// <param name="sidecarPaths">Files that describe it (<c>ID.VERSION.cdx.json</c>, <c>.intoto.jsonl</c>, ...).</param>
    /// <exception cref="SupplyChainException">SCSDK4109 when the package's id and version cannot be read.</exception>
    public static IReadOnlyList<TargetRequest> ForPackage(string nupkgPath, IEnumerable<string>? sidecarPaths = null)
    {
        ArgumentNullException.ThrowIfNull(nupkgPath);
        var identity = ReadIdentity(nupkgPath);
        var hashes = PackageDigestCache.ComputeShared(nupkgPath);
        var folder = TargetPaths.NuGetPackageFolder(identity.Id, identity.Version);
        var stem = TargetPaths.NuGetFileStem(identity.Id, identity.Version);
        var purl = identity.PackageUrl;
        var release = folder + "/" + stem + ".nupkg";
        var result = new List<TargetRequest>
        {
            new(nupkgPath, release, new JsonObject
            {
                ["purl"] = purl,
                ["nuget"] = new JsonObject
                {
                    ["id"] = identity.Id,
                    ["version"] = identity.Version,
                    ["contentHash"] = hashes.ContentHash,
                },
            })
            {
                Release = release,
            },
        };

        var packageStem = Path.GetFileNameWithoutExtension(nupkgPath);
        foreach (var sidecar in sidecarPaths ?? Array.Empty<string>())
        {
            var name = Path.GetFileName(sidecar);
            var targetName = name.StartsWith(packageStem + ".", StringComparison.OrdinalIgnoreCase)
                ? stem + name[packageStem.Length..]
                : name;
            result.Add(new TargetRequest(sidecar, folder + "/" + targetName, new JsonObject { ["purl"] = purl }) { Release = release });
        }

        return result;
    }

    /// <summary>Reads the id and version from the .nuspec at the root of a .nupkg.</summary>
    /// <exception cref="SupplyChainException">SCSDK4109 when the package or its .nuspec cannot be read; SCSDK6002 when it does not exist.</exception>
    public static PackageIdentity ReadIdentity(string nupkgPath)
    {
        ArgumentNullException.ThrowIfNull(nupkgPath);
        if (!File.Exists(nupkgPath))
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, null, 0, nupkgPath, "the packages to add");
        }

        NuspecMetadata? nuspec = null;
        try
        {
            using var archive = ZipFile.OpenRead(nupkgPath);
            foreach (var entry in archive.Entries)
            {
                if (!entry.FullName.Contains('/', StringComparison.Ordinal) && entry.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
                {
                    using var stream = entry.Open();
                    nuspec = NuspecMetadata.Parse(stream);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or XmlException or UnauthorizedAccessException)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_PackageUnreadable, nupkgPath, 0, nupkgPath, ex.Message.TrimEnd('.'));
        }

        if (nuspec is null)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_PackageUnreadable, nupkgPath, 0, nupkgPath, "it has no .nuspec");
        }

        var version = PackageVersionText.Normalize(nuspec.Version);
        if (string.IsNullOrEmpty(nuspec.Id) || version is null)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_PackageUnreadable, nupkgPath, 0, nupkgPath, $"its .nuspec has no valid id and version ('{nuspec.Id}', '{nuspec.Version}')");
        }

        return new PackageIdentity(nuspec.Id, version);
    }
}
