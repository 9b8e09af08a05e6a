using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// Makes the CycloneDX SBOM of one project from its restore output, without MSBuild: the project is
/// <c>metadata.component</c>; every package and project of the covered restore graphs is a component; the
/// <c>dependencies</c> graph is the union of the graphs of the covered target frameworks. <c>docs/sbom.md</c>
/// describes the document; the same inputs give the same bytes.
/// </summary>
public static partial class SbomBuilder
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

    private sealed partial class SbomBuildContext
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
    }
}
