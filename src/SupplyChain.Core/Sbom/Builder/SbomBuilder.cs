using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// Makes the CycloneDX SBOM of one project from its restore output, without MSBuild: the project is
/// <c>metadata.component</c>; every package and project of the covered restore graphs is a component; the
/// <c>dependencies</c> graph is the union of the graphs of the covered target frameworks. <c>docs/sbom.md</c>
/// describes the document; the same inputs give the same bytes.
/// </summary>
public static class SbomBuilder
{
    /// <summary>The lifecycle phase of a build-time SBOM.</summary>
    public const CycloneDxLifecyclePhase Lifecycle = CycloneDxLifecyclePhase.Build;

    /// <summary>
    /// Builds the SBOM. Every finding goes to <paramref name="sink"/> and into the result. An error (malformed
    /// restore output, a package missing from the packages folders, a package that changed after restore, an
    /// unreadable nuspec, a framework that was not restored) means no SBOM: the result then has no document.
    /// </summary>
    public static SbomResult Build(SbomRequest request, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(request.Project);
        ArgumentNullException.ThrowIfNull(request.Tool);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Project.Path);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.AssetsFilePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.BaseDirectory);
        var recorder = new RecordingSink(sink);
        try
        {
            return new SbomBuildContext(request, recorder).Run();
        }
        catch (SupplyChainException ex)
        {
            recorder.Report(ex.Diagnostic);
            return SbomResult.Failed(recorder.Reported);
        }
    }

    private sealed class RecordingSink : IDiagnosticSink
    {
        private readonly IDiagnosticSink _inner;
        private readonly List<Diagnostic> _reported = new();

        public RecordingSink(IDiagnosticSink inner)
        {
            _inner = inner;
        }

        public IReadOnlyList<Diagnostic> Reported => _reported;

        public bool HasErrors => _reported.Any(d => d.Severity == DiagnosticSeverity.Error);

        public void Report(Diagnostic diagnostic)
        {
            _reported.Add(diagnostic);
            _inner.Report(diagnostic);
        }

        public void Trace(string message) => _inner.Trace(message);
    }

    private sealed class SbomBuildContext
    {
        private readonly SbomRequest _request;
        private readonly RecordingSink _sink;
        private readonly string _projectPath;
        private readonly string _projectDirectory;
        private readonly string _baseDirectory;
        private readonly Dictionary<string, GraphNode> _nodes = new(StringComparer.Ordinal);
        private readonly GraphNode _root;
        private readonly HashSet<string> _developmentIds;

        public SbomBuildContext(SbomRequest request, RecordingSink sink)
        {
            _request = request;
            _sink = sink;
            _projectPath = Path.GetFullPath(request.Project.Path);
            _projectDirectory = Path.GetDirectoryName(_projectPath) ?? _projectPath;
            _baseDirectory = Path.GetFullPath(request.BaseDirectory);
            _root = new GraphNode("(project)", GraphNodeKind.Root, request.Project.Name ?? Path.GetFileNameWithoutExtension(_projectPath), request.Project.PackageVersion ?? string.Empty, null);
            _developmentIds = new HashSet<string>(request.DevelopmentDependencyIds.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()), StringComparer.OrdinalIgnoreCase);
        }

        public SbomResult Run()
        {
            var assets = ProjectAssetsFile.Read(_request.AssetsFilePath);
            var details = ReadDetails(assets);
            var graphs = SelectGraphs(assets);
            if (_sink.HasErrors)
            {
                return SbomResult.Failed(_sink.Reported);
            }

            foreach (var graph in graphs)
            {
                AddGraph(assets, details, graph);
            }

            var lockHashes = ReadLockFile();
            var packages = _nodes.Values.Where(n => n.Kind == GraphNodeKind.Package).OrderBy(n => n.Key, StringComparer.Ordinal).ToArray();
            foreach (var package in packages)
            {
                DescribePackage(assets, package, lockHashes);
            }

            if (_sink.HasErrors)
            {
                return SbomResult.Failed(_sink.Reported);
            }

            foreach (var graph in graphs)
            {
                MarkShippedNodes(details, graph);
            }

            foreach (var project in _nodes.Values.Where(n => n.Kind == GraphNodeKind.Project))
            {
                NameProject(project);
            }

            var bom = CreateBom(graphs);
            var check = CycloneDxDocumentChecks.Check(bom);
            check.ReportTo(_sink);
            if (!check.IsValid)
            {
                return SbomResult.Failed(_sink.Reported);
            }

            var bytes = CycloneDxWriter.Write(bom);
            var edges = bom.Dependencies.Sum(d => d.DependsOn.Distinct(StringComparer.Ordinal).Count());
            return new SbomResult(bom, bytes, bom.Components.Count, edges, _sink.Reported);
        }

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
                hashes = PackageContentHash.Compute(location.NupkgPath);
                using var stream = new FileStream(location.NupkgPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
                sha256 = SHA256.HashData(stream);
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

        private static bool IsContentHash(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            Span<byte> digest = stackalloc byte[64];
            return Convert.TryFromBase64String(text, digest, out var written) && written == 64;
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

        private string? ProjectFullPath(GraphNode project)
        {
            var path = project.Library?.Path;
            return string.IsNullOrWhiteSpace(path) ? null : FullPath(path, _projectDirectory);
        }

        private static string FullPath(string path, string relativeTo)
        {
            var normalized = Path.DirectorySeparatorChar == '/' ? path.Replace('\\', '/') : path;
            return Path.GetFullPath(Path.IsPathRooted(normalized) ? normalized : Path.Combine(relativeTo, normalized));
        }

        private static bool PathEquals(string? left, string? right)
            => left is not null && right is not null
                && string.Equals(left, right, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

        private string RelativeToBase(string fullPath)
        {
            var relative = Path.GetRelativePath(_baseDirectory, fullPath);
            return Path.IsPathRooted(relative) ? Path.GetFileName(fullPath) : relative;
        }
    }

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
