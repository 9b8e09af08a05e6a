using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Sbom;

/// <summary>
/// The structural checks of a BOM that need no JSON-schema engine: bom-refs unique and non-empty, every dependency
/// <c>ref</c> and <c>dependsOn</c> naming a component, exactly one dependencies entry for the subject and for each
/// top-level component (empty when it has no dependencies, as the spec requires), purls well formed and
/// canonical, hashes hexadecimal of the right length for their algorithm, license ids from the SPDX list, license
/// expressions valid SPDX. It also warns about content the chosen spec version cannot hold, which
/// <see cref="CycloneDxWriter"/> leaves out. Full schema validation is done by the interop tests with the CycloneDX
/// project's own validator.
/// </summary>
public static class CycloneDxDocumentChecks
{
    /// <summary>Checks a BOM.</summary>
    /// <param name="bom">The BOM.</param>
    /// <param name="documentPath">The file the BOM is written to, used in messages and as the diagnostics' file; or null.</param>
    public static CycloneDxDocumentCheckResult Check(CycloneDxBom bom, string? documentPath = null)
    {
        ArgumentNullException.ThrowIfNull(bom);
        var context = new CheckContext(bom, documentPath);
        context.Run();
        return new CycloneDxDocumentCheckResult(context.Diagnostics);
    }

    private sealed class CheckContext
    {
        private readonly CycloneDxBom _bom;
        private readonly string? _file;
        private readonly string _document;
        private readonly string _version;

        public CheckContext(CycloneDxBom bom, string? documentPath)
        {
            _bom = bom;
            _file = documentPath;
            _document = documentPath ?? bom.Metadata?.Component?.BomRef ?? bom.Metadata?.Component?.Name ?? "(unsaved)";
            _version = bom.SpecVersion.ToSpecString();
        }

        public List<Diagnostic> Diagnostics { get; } = new();

        public void Run()
        {
            var components = new List<Component>();
            if (_bom.Metadata is { } metadata)
            {
                Collect(metadata.Tools, components);
                if (metadata.Component is not null)
                {
                    Collect([metadata.Component], components);
                }
            }

            Collect(_bom.Components, components);

            var references = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in components.Where(c => c.BomRef is not null).GroupBy(c => c.BomRef!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                references.Add(group.Key);
                var count = group.Count();
                if (count > 1)
                {
                    Report(DiagnosticCatalog.Sbom_DuplicateBomRef, group.Key, count);
                }
            }

            foreach (var component in components)
            {
                CheckComponent(component);
            }

            CheckExternalReferences(_bom.ExternalReferences, "the BOM");
            CheckDependencies(references);

            // The spec: components without dependencies "must be declared as empty elements within the graph".
            // That applies to the subject and the top-level components; tools and sub-components are not in the graph.
            var inGraph = _bom.Dependencies.Select(d => d.Ref).ToHashSet(StringComparer.Ordinal);
            var graphComponents = CycloneDxWriter.Sorted(_bom.Components).Prepend(_bom.Metadata?.Component);
            foreach (var component in graphComponents)
            {
                if (component?.BomRef is { Length: > 0 } reference && !inGraph.Contains(reference))
                {
                    Report(DiagnosticCatalog.Sbom_MissingDependencyEntry, reference);
                }
            }
        }

        private static void Collect(IEnumerable<Component> list, List<Component> into)
        {
            foreach (var component in CycloneDxWriter.Sorted(list))
            {
                into.Add(component);
                Collect(component.Components, into);
            }
        }

        private void CheckComponent(Component component)
        {
            var name = component.BomRef is { Length: > 0 } reference ? reference : component.Name;
            if (component.BomRef is { Length: 0 })
            {
                Report(DiagnosticCatalog.Sbom_EmptyBomRef, name);
            }

            if (component.Purl is not null)
            {
                var parsed = PackageUrl.Parse(component.Purl);
                if (!parsed.IsValid)
                {
                    Report(DiagnosticCatalog.Sbom_InvalidPackageUrl, name, component.Purl, parsed.Error);
                }
                else if (!string.Equals(parsed.PackageUrl.ToString(), component.Purl, StringComparison.Ordinal))
                {
                    Report(DiagnosticCatalog.Sbom_InvalidPackageUrl, name, component.Purl, $"its canonical form is '{parsed.PackageUrl}'");
                }
            }

            foreach (var hash in component.Hashes)
            {
                var lengths = hash.Algorithm.HexLengths();
                if (!lengths.Contains(hash.Content.Length) || !hash.Content.All(char.IsAsciiHexDigit))
                {
                    Report(DiagnosticCatalog.Sbom_InvalidHash, name, hash.Algorithm.ToJson(), hash.Content, string.Join(" or ", lengths));
                }

                if (!hash.Algorithm.IsSupportedIn(_bom.SpecVersion))
                {
                    Report(DiagnosticCatalog.Sbom_NotRepresentableInSpecVersion, _version, $"{hash.Algorithm.ToJson()} hash algorithm (component '{name}')");
                }
            }

            if (component.Licenses is { } licenses)
            {
                if (licenses.Expression is not null)
                {
                    var parsed = SpdxExpression.Parse(licenses.Expression);
                    if (!parsed.IsValid)
                    {
                        Report(DiagnosticCatalog.Sbom_InvalidLicenseExpression, name, licenses.Expression, parsed.Error);
                    }
                }

                foreach (var license in licenses.Licenses)
                {
                    if (license.Id is not null && !SpdxLicenseList.IsCanonicalLicenseId(license.Id))
                    {
                        Report(DiagnosticCatalog.Sbom_UnknownLicenseId, name, license.Id, SpdxLicenseList.ListVersion);
                    }
                }
            }

            CheckExternalReferences(component.ExternalReferences, $"component '{name}'");
        }

        private void CheckExternalReferences(IReadOnlyList<CycloneDxExternalReference> references, string owner)
        {
            foreach (var reference in references)
            {
                if (!reference.Type.IsSupportedIn(_bom.SpecVersion))
                {
                    Report(DiagnosticCatalog.Sbom_NotRepresentableInSpecVersion, _version, $"external reference type '{reference.Type.ToJson()}' ({owner}, '{reference.Url}')");
                }
                else if (reference.Properties.Count > 0 && _bom.SpecVersion < CycloneDxSpecVersion.V17)
                {
                    Report(DiagnosticCatalog.Sbom_NotRepresentableInSpecVersion, _version, $"properties on external references ({owner}, '{reference.Url}')");
                }
            }
        }

        private void CheckDependencies(HashSet<string> references)
        {
            foreach (var group in _bom.Dependencies.GroupBy(d => d.Ref, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var count = group.Count();
                if (count > 1)
                {
                    Report(DiagnosticCatalog.Sbom_DuplicateDependency, group.Key, count);
                }

                if (!references.Contains(group.Key))
                {
                    Report(DiagnosticCatalog.Sbom_UnknownDependencyRef, group.Key, "as the ref of a dependencies entry");
                }

                foreach (var target in group.SelectMany(d => d.DependsOn).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    if (!references.Contains(target))
                    {
                        Report(DiagnosticCatalog.Sbom_UnknownDependencyRef, target, $"in the dependsOn of '{group.Key}'");
                    }
                }
            }
        }

        private void Report(DiagnosticDescriptor descriptor, params object?[] args)
        {
            var all = new object?[args.Length + 1];
            all[0] = _document;
            args.CopyTo(all, 1);
            Diagnostics.Add(Diagnostic.Create(descriptor, _file, 0, all));
        }
    }
}

/// <summary>The outcome of <see cref="CycloneDxDocumentChecks.Check"/>.</summary>
/// <param name="Diagnostics">Every finding, in a stable order.</param>
public sealed record CycloneDxDocumentCheckResult(IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when no finding is an error (warnings about left-out content may remain).</summary>
    public bool IsValid => Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);

    /// <summary>The errors.</summary>
    public IReadOnlyList<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

    /// <summary>The warnings.</summary>
    public IReadOnlyList<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToArray();

    /// <summary>Reports every finding to a sink.</summary>
    public void ReportTo(IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        foreach (var diagnostic in Diagnostics)
        {
            sink.Report(diagnostic);
        }
    }
}
