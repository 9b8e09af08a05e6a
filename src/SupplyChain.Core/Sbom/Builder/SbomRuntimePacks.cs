using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>A runtime pack a self-contained output carries, as the .NET SDK resolved it (<c>ResolvedRuntimePack</c>).</summary>
/// <param name="Id">Its package id, such as <c>Microsoft.NETCore.App.Runtime.linux-x64</c>.</param>
/// <param name="Version">Its package version.</param>
/// <param name="PackageDirectory">The folder NuGet extracted it to, with its <c>.nupkg</c>.</param>
public sealed record SbomRuntimePack(string Id, string Version, string PackageDirectory);

/// <summary>
/// Adds the runtime packs of a self-contained output to an SBOM made by <see cref="SbomBuilder"/>. The .NET SDK
/// downloads them beside restore (<c>PackageDownload</c>), so no restore graph lists them, yet a self-contained
/// application ships the runtime they hold. Each becomes a component of type <c>framework</c> named by its purl,
/// with the same hashes, content hash, licenses and links as any package, and a direct dependency of the subject.
/// A pack missing from its folder is an error (SCSDK2009) and no SBOM is made.
/// </summary>
public static class SbomRuntimePacks
{
    /// <summary>The SBOM of <paramref name="result"/> with the runtime packs added, or a failed result.</summary>
    public static SbomResult Add(SbomResult result, IReadOnlyList<SbomRuntimePack> packs, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(packs);
        ArgumentNullException.ThrowIfNull(sink);
        if (!result.Succeeded || packs.Count == 0)
        {
            return result;
        }

        var bom = result.Bom;
        var root = bom.Metadata?.Component ?? throw new ArgumentException("The SBOM has no subject.", nameof(result));
        var diagnostics = result.Diagnostics.ToList();
        var failed = false;
        void Report(Diagnostic diagnostic)
        {
            diagnostics.Add(diagnostic);
            sink.Report(diagnostic);
            failed |= diagnostic.Severity == DiagnosticSeverity.Error;
        }

        var recorder = new ForwardingSink(Report, sink.Trace);
        var frameworks = root.Properties.Where(p => p.Name == SbomPropertyNames.TargetFramework).ToArray();
        var known = new HashSet<string>(bom.Components.Select(c => c.BomRef).OfType<string>(), StringComparer.Ordinal);
        var added = new List<Component>();
        foreach (var pack in packs.Where(p => !string.IsNullOrWhiteSpace(p.Id) && !string.IsNullOrWhiteSpace(p.Version)).OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Version, StringComparer.Ordinal))
        {
            var bomRef = BomReferences.ForPackage(pack.Id, pack.Version);
            if (!known.Add(bomRef))
            {
                continue;
            }

            var component = Describe(pack, bomRef, frameworks, recorder);
            if (component is not null)
            {
                added.Add(component);
            }
        }

        if (failed)
        {
            return new SbomResult(null, null, 0, 0, diagnostics);
        }

        var addedRefs = added.Select(c => c.BomRef!).ToArray();
        var dependencies = bom.Dependencies
            .Select(d => d.Ref == root.BomRef ? d with { DependsOn = d.DependsOn.Concat(addedRefs).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() } : d)
            .Concat(addedRefs.Select(r => new Dependency(r, Array.Empty<string>())))
            .ToArray();
        var extended = bom with { Components = bom.Components.Concat(added).ToArray(), Dependencies = dependencies };
        // The builder already reported the warnings of the rest of the document; only an error can be new.
        foreach (var diagnostic in CycloneDxDocumentChecks.Check(extended).Errors)
        {
            Report(diagnostic);
        }

        if (failed)
        {
            return new SbomResult(null, null, 0, 0, diagnostics);
        }

        var edges = extended.Dependencies.Sum(d => d.DependsOn.Distinct(StringComparer.Ordinal).Count());
        return new SbomResult(extended, CycloneDxWriter.Write(extended), extended.Components.Count, edges, diagnostics);
    }

    private static Component? Describe(SbomRuntimePack pack, string bomRef, IReadOnlyList<CycloneDxProperty> frameworks, IDiagnosticSink sink)
    {
        var directory = pack.PackageDirectory;
        var nupkg = string.IsNullOrWhiteSpace(directory) ? null : Path.Combine(directory, pack.Id.ToLowerInvariant() + "." + pack.Version.ToLowerInvariant() + ".nupkg");
        if (nupkg is null || !File.Exists(nupkg))
        {
            sink.Report(Diagnostic.Create(
                DiagnosticCatalog.Sbom_PackageFileMissing,
                nupkg,
                0,
                pack.Id,
                pack.Version,
                "the self-contained output",
                string.IsNullOrWhiteSpace(directory) ? "none given" : "'" + directory + "'"));
            return null;
        }

        var location = new PackageLocation(directory, nupkg);
        PackageHashes hashes;
        byte[] sha256;
        try
        {
            hashes = PackageDigestCache.ComputeShared(nupkg);
            sha256 = Convert.FromBase64String(hashes.FileSha256!);
        }
        catch (SupplyChainException ex)
        {
            sink.Report(ex.Diagnostic);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, nupkg, 0, nupkg, ex.Message));
            return null;
        }

        NuspecMetadata nuspec;
        var source = nupkg;
        try
        {
            using var nuspecStream = PackageFileLocator.OpenNuspec(location, pack.Id, out source);
            if (nuspecStream is null)
            {
                sink.Report(Diagnostic.Create(DiagnosticCatalog.Sbom_NuspecUnreadable, nupkg, 0, pack.Id, pack.Version, nupkg, "the package has no .nuspec"));
                return null;
            }

            nuspec = NuspecMetadata.Parse(nuspecStream);
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Sbom_NuspecUnreadable, source, 0, pack.Id, pack.Version, source, ex.Message.TrimEnd('.')));
            return null;
        }

        var references = new List<CycloneDxExternalReference>();
        if (SbomUrls.TryNormalize(nuspec.ProjectUrl, out var website))
        {
            references.Add(new CycloneDxExternalReference(ExternalReferenceType.Website, website));
        }

        if (SbomUrls.TryNormalize(nuspec.Repository?.Url, out var vcs))
        {
            var commit = nuspec.Repository?.Commit;
            references.Add(new CycloneDxExternalReference(ExternalReferenceType.Vcs, vcs, string.IsNullOrWhiteSpace(commit) ? null : "commit " + commit.Trim()));
        }

        var properties = new List<CycloneDxProperty>(frameworks)
        {
            new(SbomPropertyNames.NuGetContentHash, hashes.ContentHash),
            new(SbomPropertyNames.NuGetSigned, hashes.IsSigned ? "true" : "false"),
        };
        return new Component
        {
            Type = ComponentType.Framework,
            Name = pack.Id,
            BomRef = bomRef,
            Version = pack.Version,
            Scope = ComponentScope.Required,
            Purl = PackageUrl.NuGet(pack.Id, pack.Version),
            Hashes =
            [
                CycloneDxHash.FromBytes(CycloneDxHashAlgorithm.Sha256, sha256),
                CycloneDxHash.FromBase64(CycloneDxHashAlgorithm.Sha512, hashes.FileSha512),
            ],
            Description = nuspec.Description,
            Authors = PackageAuthors.Split(nuspec.Authors).Select(a => new OrganizationalContact(a)).ToArray(),
            Copyright = nuspec.Copyright,
            Licenses = PackageLicenses.Resolve(nuspec, location, pack.Id, pack.Version, sink),
            ExternalReferences = references,
            Properties = properties,
        };
    }

    private sealed class ForwardingSink : IDiagnosticSink
    {
        private readonly Action<Diagnostic> _report;
        private readonly Action<string> _trace;

        public ForwardingSink(Action<Diagnostic> report, Action<string> trace)
        {
            _report = report;
            _trace = trace;
        }

        public void Report(Diagnostic diagnostic) => _report(diagnostic);

        public void Trace(string message) => _trace(message);
    }
}
