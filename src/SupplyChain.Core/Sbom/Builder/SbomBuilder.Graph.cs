using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Sbom.Builder;

// Graph building: the restore graphs of the covered frameworks, their nodes and edges, what ships and what is development-only.
public static partial class SbomBuilder
{
    private sealed partial class SbomBuildContext
    {
        private AssetsDependencyDetails ReadDetails(ProjectAssetsFile assets)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(_request.AssetsFilePath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, assets.Path, 0, assets.Path, ex.Message), ex);
            }

            try
            {
                return AssetsDependencyDetails.Parse(bytes);
            }
            catch (Exception ex) when (ex is JsonException or JsonShapeException)
            {
                // The file changed between the two reads.
                throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.AssetsFile_Malformed, assets.Path, 0, assets.Path, "it changed while it was read"), ex);
            }
        }

        private List<SelectedGraph> SelectGraphs(ProjectAssetsFile assets)
        {
            var frameworks = assets.Frameworks.Count > 0
                ? assets.Frameworks
                : assets.Targets.Where(t => t.Graph.RuntimeIdentifier is null)
                    .Select(t => new AssetsProjectFramework(t.Key, t.Graph.Framework, null, Array.Empty<AssetsProjectDependency>(), new Dictionary<string, string>()))
                    .ToArray();
            var selected = new List<AssetsProjectFramework>();
            if (_request.TargetFrameworks is null || _request.TargetFrameworks.All(string.IsNullOrWhiteSpace))
            {
                selected.AddRange(frameworks);
            }
            else
            {
                foreach (var wanted in _request.TargetFrameworks.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim()))
                {
                    var framework = assets.Frameworks.Count > 0 ? assets.FindFramework(wanted) : frameworks.FirstOrDefault(f => string.Equals(f.Alias, wanted, StringComparison.OrdinalIgnoreCase));
                    if (framework is null)
                    {
                        ReportMissingGraph(assets, wanted);
                    }
                    else if (!selected.Contains(framework))
                    {
                        selected.Add(framework);
                    }
                }
            }

            var rid = string.IsNullOrWhiteSpace(_request.RuntimeIdentifier) ? null : _request.RuntimeIdentifier.Trim();
            var graphs = new List<SelectedGraph>();
            foreach (var framework in selected)
            {
                var target = assets.Targets.FirstOrDefault(t => ProjectAssetsFile.GraphBelongsTo(t.Graph, t.Key, framework)
                    && string.Equals(t.Graph.RuntimeIdentifier, rid, StringComparison.OrdinalIgnoreCase));
                if (target is null)
                {
                    ReportMissingGraph(assets, rid is null ? framework.Alias : framework.Alias + "/" + rid);
                    continue;
                }

                var label = framework.Framework.ShortFolderName;
                if (graphs.Any(g => g.Label == label))
                {
                    continue;
                }

                graphs.Add(new SelectedGraph(framework, target, label));
            }

            return graphs;
        }

        private void ReportMissingGraph(ProjectAssetsFile assets, string what)
            => _sink.Report(Diagnostic.Create(DiagnosticCatalog.Sbom_TargetGraphMissing, assets.Path, 0, assets.Path, what, _request.RuntimeIdentifier ?? "<rid>"));

        private void AddGraph(ProjectAssetsFile assets, AssetsDependencyDetails details, SelectedGraph graph)
        {
            var label = graph.Label;
            _root.Frameworks.Add(label);
            var byId = new Dictionary<string, GraphNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var library in graph.Target.Libraries)
            {
                var entry = assets.FindLibrary(library.Id, library.Version)
                    ?? throw new InvalidOperationException($"The assets reader let '{library.Id}/{library.Version}' through without a library entry.");
                var kind = library.IsProject || !entry.IsPackage ? GraphNodeKind.Project : GraphNodeKind.Package;
                var key = (kind == GraphNodeKind.Project ? "project|" : "package|") + entry.Id.ToLowerInvariant() + "/" + entry.Version.ToLowerInvariant();
                if (!_nodes.TryGetValue(key, out var node))
                {
                    node = new GraphNode(key, kind, entry.Id, entry.Version, entry);
                    _nodes.Add(key, node);
                }

                node.Frameworks.Add(label);
                node.Entries[label] = library;
                byId[library.Id] = node;
            }

            graph.NodesById = byId;
            foreach (var library in graph.Target.Libraries)
            {
                var from = byId[library.Id];
                foreach (var dependencyId in library.Dependencies.Keys)
                {
                    if (byId.TryGetValue(dependencyId, out var to))
                    {
                        from.AddEdge(to, label);
                    }
                    else
                    {
                        // Packages the SDK prunes (provided by the shared framework) stay in the dependencies of a package but are not in the graph.
                        _sink.Trace($"'{library.Id}' {library.Version} depends on '{dependencyId}', which the restore graph '{graph.Target.Key}' does not contain; no edge is recorded.");
                    }
                }
            }

            var directIds = new List<string>();
            directIds.AddRange(graph.Framework.Dependencies.Where(d => d.IsPackage).Select(d => d.Id));
            directIds.AddRange(details.DirectNamesOf(graph.Framework.Framework, graph.Framework.Alias));
            foreach (var reference in _request.ProjectReferences)
            {
                var path = FullPath(reference.Path, _projectDirectory);
                var match = byId.Values.FirstOrDefault(n => n.Kind == GraphNodeKind.Project && PathEquals(ProjectFullPath(n), path));
                if (match is not null)
                {
                    directIds.Add(match.Id);
                }
            }

            foreach (var id in directIds.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (byId.TryGetValue(id, out var node))
                {
                    _root.AddEdge(node, label);
                }
            }

            // Every library of a restore graph is reachable from the project's direct dependencies. When the assets
            // file does not say which they are (no project section), the graph's entry points stand in for them.
            var reachable = Reach(_root, label, _ => true);
            var incoming = new HashSet<GraphNode>(byId.Values.SelectMany(n => n.Targets(label)));
            var orphans = byId.Values.Where(n => !reachable.Contains(n)).OrderBy(n => incoming.Contains(n)).ThenBy(n => n.Key, StringComparer.Ordinal).ToArray();
            foreach (var orphan in orphans)
            {
                if (!reachable.Contains(orphan))
                {
                    _sink.Trace($"'{orphan.Id}' {orphan.Version} is not reachable from the direct dependencies of '{graph.Target.Key}'; it is recorded as a direct dependency.");
                    _root.AddEdge(orphan, label);
                    reachable.UnionWith(Reach(orphan, label, _ => true));
                }
            }
        }

        private void MarkShippedNodes(AssetsDependencyDetails details, SelectedGraph graph)
        {
            var label = graph.Label;
            var isApplication = _request.Project.Type == ComponentType.Application;
            var blockedDirect = new HashSet<GraphNode>();
            foreach (var dependency in graph.Framework.Dependencies.Where(d => d.IsPackage))
            {
                if (!graph.NodesById.TryGetValue(dependency.Id, out var node) || node.Kind != GraphNodeKind.Package)
                {
                    continue;
                }

                var flags = details.FlagsOf(graph.Framework.Alias, dependency.Id);

                // PrivateAssets="all" keeps a package from the project's consumers: a library's package does not
                // depend on it. An application has no consumers; what it runs is in its output, whatever PrivateAssets says.
                var privateBlocks = flags.IsPrivate && !(isApplication && node.HasShippedAssets(label));
                if (privateBlocks || flags.TakesNoShippedAssets)
                {
                    blockedDirect.Add(node);
                }
            }

            var reached = Reach(_root, label, edge => !(edge.From == _root && blockedDirect.Contains(edge.To)) && !IsDevelopmentDependency(edge.To));
            foreach (var node in reached)
            {
                if (node != _root && !node.IsAnalyzerOnly())
                {
                    node.Ships = true;
                }
            }
        }

        private bool IsDevelopmentDependency(GraphNode node)
            => node.Kind == GraphNodeKind.Package && (_developmentIds.Contains(node.Id) || node.Nuspec?.DevelopmentDependency == true);

        private void NameProject(GraphNode project)
        {
            var fullPath = ProjectFullPath(project);
            var reference = fullPath is null ? null : _request.ProjectReferences.FirstOrDefault(r => PathEquals(FullPath(r.Path, _projectDirectory), fullPath));
            project.Name = fullPath is null ? project.Id : Path.GetFileNameWithoutExtension(fullPath);
            if (reference is { IsPackable: true })
            {
                var packageId = string.IsNullOrWhiteSpace(reference.PackageId) ? project.Id : reference.PackageId.Trim();
                var packageVersion = string.IsNullOrWhiteSpace(reference.PackageVersion) ? project.Version : reference.PackageVersion.Trim();
                project.Name = packageId;
                project.Version = packageVersion;
                project.Purl = PackageUrl.NuGet(packageId, packageVersion);
                project.BomRef = project.Purl;
                return;
            }

            project.BomRef = fullPath is null
                ? BomReferences.ForProject(project.Id)
                : BomReferences.ForProject(RelativeToBase(fullPath));
        }

        private static HashSet<GraphNode> Reach(GraphNode start, string label, Func<GraphEdge, bool> follow)
        {
            var seen = new HashSet<GraphNode> { start };
            var queue = new Queue<GraphNode>();
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                foreach (var (to, frameworks) in node.Edges)
                {
                    if (frameworks.Contains(label) && !seen.Contains(to) && follow(new GraphEdge(node, to)))
                    {
                        seen.Add(to);
                        queue.Enqueue(to);
                    }
                }
            }

            return seen;
        }
    }
}
