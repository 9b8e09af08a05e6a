using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Sbom.Builder;

// The graph types the builder works on: nodes, edges and the selected graph of one framework.
public static partial class SbomBuilder
{
    private sealed record GraphEdge(GraphNode From, GraphNode To);

    private sealed class SelectedGraph
    {
        public SelectedGraph(AssetsProjectFramework framework, AssetsTarget target, string label)
        {
            Framework = framework;
            Target = target;
            Label = label;
        }

        public AssetsProjectFramework Framework { get; }

        public AssetsTarget Target { get; }

        public string Label { get; }

        public IReadOnlyDictionary<string, GraphNode> NodesById { get; set; } = new Dictionary<string, GraphNode>();
    }

    private enum GraphNodeKind
    {
        Root,
        Package,
        Project,
    }

    private sealed class GraphNode
    {
        private static readonly string[] s_shippedGroups = [AssetGroups.Runtime, AssetGroups.Native, AssetGroups.Resource, AssetGroups.RuntimeTargets, AssetGroups.ContentFiles];
        private static readonly string[] s_usedGroups = [AssetGroups.Compile, AssetGroups.Runtime, AssetGroups.Native, AssetGroups.Resource, AssetGroups.RuntimeTargets, AssetGroups.ContentFiles, AssetGroups.Embed];
        private static readonly string[] s_libraryFolders = ["lib/", "ref/", "runtimes/", "native/", "content/", "contentFiles/"];

        public GraphNode(string key, GraphNodeKind kind, string id, string version, AssetsLibrary? library)
        {
            Key = key;
            Kind = kind;
            Id = id;
            Version = version;
            Library = library;
            if (kind == GraphNodeKind.Package)
            {
                Purl = PackageUrl.NuGet(id, version);
                BomRef = BomReferences.ForPackage(id, version);
            }
        }

        public string Key { get; }

        public GraphNodeKind Kind { get; }

        public string Id { get; }

        public string Version { get; set; }

        public string? Name { get; set; }

        public AssetsLibrary? Library { get; }

        public string? BomRef { get; set; }

        public string? Purl { get; set; }

        public SortedSet<string> Frameworks { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, AssetsTargetLibrary> Entries { get; } = new(StringComparer.Ordinal);

        public Dictionary<GraphNode, SortedSet<string>> Edges { get; } = new();

        public bool Ships { get; set; }

        public IReadOnlyList<CycloneDxHash> Hashes { get; set; } = Array.Empty<CycloneDxHash>();

        public string? ContentHash { get; set; }

        public bool? IsSigned { get; set; }

        public NuspecMetadata? Nuspec { get; set; }

        public CycloneDxLicenseChoice? Licenses { get; set; }

        public void AddEdge(GraphNode to, string framework)
        {
            if (!Edges.TryGetValue(to, out var frameworks))
            {
                frameworks = new SortedSet<string>(StringComparer.Ordinal);
                Edges.Add(to, frameworks);
            }

            frameworks.Add(framework);
        }

        public IEnumerable<GraphNode> Targets(string framework) => Edges.Where(e => e.Value.Contains(framework)).Select(e => e.Key);

        /// <summary>True when, in the graph of the framework, the package has files that end up in an application's output.</summary>
        public bool HasShippedAssets(string framework)
            => Entries.TryGetValue(framework, out var entry) && HasFiles(entry, s_shippedGroups);

        /// <summary>
        /// A package of analyzers only: in no graph does it give the project anything to compile against, run or
        /// copy, its files hold analyzers, and it has no library, runtime or content folder.
        /// </summary>
        public bool IsAnalyzerOnly()
        {
            if (Kind != GraphNodeKind.Package || Library is null || Entries.Values.Any(e => HasFiles(e, s_usedGroups)))
            {
                return false;
            }

            var files = Library.Files.Select(f => f.Replace('\\', '/')).Where(f => !PackageEntryNames.IsPlaceholder(f)).ToArray();
            return files.Any(f => f.StartsWith("analyzers/", StringComparison.OrdinalIgnoreCase))
                && !files.Any(f => s_libraryFolders.Any(folder => f.StartsWith(folder, StringComparison.OrdinalIgnoreCase)));
        }

        private static bool HasFiles(AssetsTargetLibrary entry, string[] groups)
            => groups.Any(g => entry.AssetGroups.TryGetValue(g, out var files) && files.Any(f => !PackageEntryNames.IsPlaceholder(f)));
    }
}
