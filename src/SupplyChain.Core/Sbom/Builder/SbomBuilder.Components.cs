using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Sbom.Builder;

// Component mapping: graph nodes to CycloneDX components, licenses, references and the document.
public static partial class SbomBuilder
{
    private sealed partial class SbomBuildContext
    {
        private CycloneDxBom CreateBom(IReadOnlyList<SelectedGraph> graphs)
        {
            var project = _request.Project;
            var rootName = _root.Id;
            string? rootPurl = null;
            string rootRef;
            if (project.IsPackable)
            {
                rootName = string.IsNullOrWhiteSpace(project.PackageId) ? rootName : project.PackageId.Trim();
                rootPurl = PackageUrl.NuGet(rootName, string.IsNullOrWhiteSpace(project.PackageVersion) ? null : project.PackageVersion.Trim());
                rootRef = rootPurl;
            }
            else
            {
                rootRef = BomReferences.ForProject(RelativeToBase(_projectPath));
            }

            _root.BomRef = rootRef;
            var rootProperties = new List<CycloneDxProperty>();
            rootProperties.AddRange(graphs.Select(g => new CycloneDxProperty(SbomPropertyNames.TargetFramework, g.Label)));
            if (!string.IsNullOrWhiteSpace(_request.RuntimeIdentifier))
            {
                rootProperties.Add(new CycloneDxProperty(SbomPropertyNames.RuntimeIdentifier, _request.RuntimeIdentifier.Trim()));
            }

            rootProperties.AddRange(FrameworkEdgeProperties(_root));
            var root = new Component
            {
                Type = project.Type,
                Name = rootName,
                BomRef = rootRef,
                Version = Blank(project.PackageVersion),
                Description = Blank(project.Description),
                Authors = SplitAuthors(project.Authors),
                Copyright = Blank(project.Copyright),
                Purl = rootPurl,
                Licenses = ProjectLicenses(project, rootName),
                ExternalReferences = ExternalReferences(project.ProjectUrl, project.RepositoryUrl, project.RepositoryCommit),
                Properties = rootProperties,
            };

            var nodes = _nodes.Values.OrderBy(n => n.BomRef, StringComparer.Ordinal).ToArray();
            var components = nodes.Select(CreateComponent).ToArray();
            var dependencies = nodes.Prepend(_root)
                .Select(n => new Dependency(n.BomRef!, n.Edges.Keys.Select(t => t.BomRef!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()))
                .ToArray();
            var tool = new Component
            {
                Type = ComponentType.Application,
                Name = _request.Tool.Name,
                Version = _request.Tool.Version,
                Purl = PackageUrl.NuGet(_request.Tool.Name, _request.Tool.Version),
            };
            return new CycloneDxBom
            {
                SpecVersion = _request.SpecVersion,
                Metadata = new CycloneDxMetadata
                {
                    Timestamp = _request.Timestamp,
                    Lifecycles = [Lifecycle],
                    Tools = [tool],
                    Component = root,
                },
                Components = components,
                Dependencies = dependencies,
                VulnerabilitiesJson = _request.VulnerabilitiesJson,
            };
        }

        private Component CreateComponent(GraphNode node)
        {
            var properties = new List<CycloneDxProperty>();
            properties.AddRange(node.Frameworks.Select(f => new CycloneDxProperty(SbomPropertyNames.TargetFramework, f)));
            if (node.ContentHash is not null)
            {
                properties.Add(new CycloneDxProperty(SbomPropertyNames.NuGetContentHash, node.ContentHash));
            }

            if (node.IsSigned is { } signed)
            {
                properties.Add(new CycloneDxProperty(SbomPropertyNames.NuGetSigned, signed ? "true" : "false"));
            }

            properties.AddRange(FrameworkEdgeProperties(node));
            if (node.Version is { } version && _request.PackageProperties.TryGetValue(PackagePropertiesFile.Key(node.Id, version), out var added))
            {
                properties.AddRange(added);
            }

            var nuspec = node.Nuspec;
            return new Component
            {
                Type = ComponentType.Library,
                Name = node.Name ?? node.Id,
                BomRef = node.BomRef,
                Version = node.Version,
                Scope = node.Ships ? ComponentScope.Required : ComponentScope.Excluded,
                Purl = node.Purl,
                Hashes = node.Hashes,
                Description = nuspec?.Description,
                Authors = SplitAuthors(nuspec?.Authors),
                Copyright = nuspec?.Copyright,
                Licenses = node.Licenses,
                ExternalReferences = ExternalReferences(nuspec?.ProjectUrl, nuspec?.Repository?.Url, nuspec?.Repository?.Commit),
                Properties = properties,
            };
        }

        // An edge that holds in fewer frameworks than both of its ends are in would be read into the graph of every
        // framework that has both ends; such an edge is annotated with the frameworks it holds in.

        private static IEnumerable<CycloneDxProperty> FrameworkEdgeProperties(GraphNode node)
        {
            foreach (var (to, frameworks) in node.Edges)
            {
                var both = node.Frameworks.Where(to.Frameworks.Contains).ToHashSet(StringComparer.Ordinal);
                if (!both.SetEquals(frameworks))
                {
                    foreach (var framework in frameworks)
                    {
                        yield return new CycloneDxProperty(SbomPropertyNames.TargetFrameworkDependency, framework + " " + to.BomRef);
                    }
                }
            }
        }

        private CycloneDxLicenseChoice? ProjectLicenses(SbomProject project, string name)
        {
            if (string.IsNullOrWhiteSpace(project.LicenseExpression))
            {
                return null;
            }

            var parsed = SpdxExpression.Parse(project.LicenseExpression);
            if (parsed.IsValid)
            {
                return CycloneDxLicenseChoice.FromExpression(parsed.Expression);
            }

            _sink.Report(Diagnostic.Create(DiagnosticCatalog.Sbom_ProjectLicenseExpressionInvalid, _projectPath, 0, name, project.LicenseExpression, parsed.Error));
            return CycloneDxLicenseChoice.FromLicenses(CycloneDxLicense.ForName(project.LicenseExpression.Trim()));
        }

        private static IReadOnlyList<CycloneDxExternalReference> ExternalReferences(string? projectUrl, string? repositoryUrl, string? commit)
        {
            var references = new List<CycloneDxExternalReference>();
            if (SbomUrls.TryNormalize(projectUrl, out var website))
            {
                references.Add(new CycloneDxExternalReference(ExternalReferenceType.Website, website));
            }

            if (SbomUrls.TryNormalize(repositoryUrl, out var vcs))
            {
                references.Add(new CycloneDxExternalReference(ExternalReferenceType.Vcs, vcs, string.IsNullOrWhiteSpace(commit) ? null : "commit " + commit.Trim()));
            }

            return references;
        }

        private static IReadOnlyList<OrganizationalContact> SplitAuthors(string? authors)
            => PackageAuthors.Split(authors).Select(a => new OrganizationalContact(a)).ToArray();

        private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
