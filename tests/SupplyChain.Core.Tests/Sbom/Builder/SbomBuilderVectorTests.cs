using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Sbom.Builder;

/// <summary>
/// The SBOM of real assets files written by NuGet restore (cyclonedx-dotnet's functional test inputs). Their
/// packages folders are on other machines, so the builder reads the assets files alone
/// (<see cref="SbomRequest.ReadPackageFiles"/> false); the component and edge sets are checked against what the
/// assets file says, computed here independently.
/// </summary>
public sealed class SbomBuilderVectorTests : IDisposable
{
    private readonly TestDirectory _directory = new("sbom-vectors");

    public static IEnumerable<object[]> VectorFiles()
        => Directory.Exists(RepositoryPaths.Vector("cyclonedx-dotnet-assets"))
            ? Directory.EnumerateFiles(RepositoryPaths.Vector("cyclonedx-dotnet-assets"), "*.json", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(RepositoryPaths.Vector("cyclonedx-dotnet-assets"), p).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .Select(p => new object[] { p })
            : [["(vectors missing)"]];

    private string ProjectPath => _directory.Combine("src", "App", "App.csproj");

    public void Dispose() => _directory.Dispose();

    [VectorTheory]
    [MemberData(nameof(VectorFiles))]
    public void Build_RealAssetsFile_ComponentsAndEdgesAreThoseOfTheRestoreGraphs(string vector)
    {
        var path = RepositoryPaths.Vector("cyclonedx-dotnet-assets", vector);
        var assets = ProjectAssetsFile.Read(path);

        var result = Build(path);

        var bom = result.Bom;
        var portable = assets.Targets.Where(t => t.Graph.RuntimeIdentifier is null).ToArray();
        var expectedComponents = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var expectedEdges = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var target in portable)
        {
            var byId = target.Libraries.ToDictionary(l => l.Id, StringComparer.OrdinalIgnoreCase);
            foreach (var library in target.Libraries)
            {
                var reference = ExpectedRef(assets, library);
                if (!expectedComponents.TryGetValue(reference, out var frameworks))
                {
                    expectedComponents[reference] = frameworks = new SortedSet<string>(StringComparer.Ordinal);
                }

                frameworks.Add(target.Graph.Framework.ShortFolderName);
                foreach (var dependency in library.Dependencies.Keys.Where(byId.ContainsKey))
                {
                    expectedEdges.Add(reference + " -> " + ExpectedRef(assets, byId[dependency]));
                }
            }
        }

        Assert.Equal(expectedComponents.Keys.Order(StringComparer.Ordinal), bom.Components.Select(c => c.BomRef!).Order(StringComparer.Ordinal));
        foreach (var (reference, frameworks) in expectedComponents)
        {
            Assert.Equal(frameworks, bom.Component(reference).PropertyValues(SbomPropertyNames.TargetFramework));
        }

        var root = bom.RootRef();
        Assert.Equal(expectedEdges, bom.Edges().Where(e => !e.StartsWith(root + " -> ", StringComparison.Ordinal)));

        // The project's direct package dependencies are edges from the root, and every component is reachable from it.
        foreach (var framework in assets.Frameworks)
        {
            var target = portable.Single(t => ProjectAssetsFile.GraphBelongsTo(t.Graph, t.Key, framework));
            foreach (var dependency in framework.Dependencies.Where(d => d.IsPackage))
            {
                var library = target.Libraries.Single(l => string.Equals(l.Id, dependency.Id, StringComparison.OrdinalIgnoreCase));
                Assert.Contains(ExpectedRef(assets, library), bom.DependsOn(root));
            }
        }

        Assert.Equal(bom.Components.Count, Reachable(bom, root).Count - 1);
        Assert.Equal(expectedEdges.Count + bom.DependsOn(root).Count, result.DependencyEdgeCount);
        Assert.Empty(CycloneDxDocumentChecks.Check(bom).Diagnostics);

        // Package hashes and metadata come from package files, which were not read; the restore's content hash is kept.
        foreach (var component in bom.Components.Where(c => c.Purl is not null))
        {
            Assert.Empty(component.Hashes);
            var library = assets.FindLibrary(component.Name, component.Version!)!;
            var hash = component.PropertyValues(SbomPropertyNames.NuGetContentHash);
            Assert.Equal(IsSha512Base64(library.Sha512) ? [library.Sha512!] : Array.Empty<string>(), hash);
        }

        var text = Encoding.UTF8.GetString(result.Bytes);
        Assert.DoesNotContain(":\\\\", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_directory.Path, text, StringComparison.Ordinal);
    }

    [VectorFact]
    public void Build_Issue830_TwoFrameworksResolveDifferentVersionsOfOnePackage()
    {
        var bom = Build(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "Issue830-rsMultipleFrameworks", "project2assets.json")).Bom;

        const string EPPlus = "pkg:nuget/EPPlus@6.0.3";
        Assert.Equal(["net472", "net8.0"], bom.Component(EPPlus).PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal(["net472"], bom.Component("pkg:nuget/Microsoft.IO.RecyclableMemoryStream@1.4.1").PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal(["net8.0"], bom.Component("pkg:nuget/Microsoft.IO.RecyclableMemoryStream@2.2.0").PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Contains("pkg:nuget/Microsoft.IO.RecyclableMemoryStream@1.4.1", bom.DependsOn(EPPlus));
        Assert.Contains("pkg:nuget/Microsoft.IO.RecyclableMemoryStream@2.2.0", bom.DependsOn(EPPlus));
        Assert.Contains("pkg:nuget/System.Text.Encoding.CodePages@5.0.0", bom.DependsOn(EPPlus));
        Assert.Equal([EPPlus], bom.DependsOn(bom.RootRef()));
        Assert.Equal(["net472", "net8.0"], bom.Metadata!.Component!.PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal(
            new[] { "Microsoft.IO.RecyclableMemoryStream@1.4.1 <- EPPlus", "EPPlus <- App", "EPPlus.Interfaces <- EPPlus", "EPPlus.Interfaces <- EPPlus.System.Drawing", "EPPlus.System.Drawing <- EPPlus" }.Order(StringComparer.Ordinal),
            SbomBuilderFrameworkTests.FrameworkGraph(bom, "net472"));
    }

    [VectorFact]
    public void Build_Issue830_RuntimeIdentifierReadsTheRuntimeGraphs()
    {
        var path = RepositoryPaths.Vector("cyclonedx-dotnet-assets", "Issue830-rsMultipleFrameworks", "project2assets.json");
        var assets = ProjectAssetsFile.Read(path);

        var bom = Build(path, r => r with { RuntimeIdentifier = "win7-x86" }).Bom;

        var expected = assets.Targets.Where(t => t.Graph.RuntimeIdentifier == "win7-x86").SelectMany(t => t.Libraries).Select(l => PackageUrl.NuGet(l.Id, l.Version)).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(expected, bom.Components.Select(c => c.BomRef!).Order(StringComparer.Ordinal));
        Assert.Equal(["win7-x86"], bom.Metadata!.Component!.PropertyValues(SbomPropertyNames.RuntimeIdentifier));
    }

    [VectorFact]
    public void Build_Issue830_ProjectReferenceOfAnotherProject()
    {
        var bom = Build(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "Issue830-rsMultipleFrameworks", "project1assets.json")).Bom;

        const string ConsoleApp2 = "project:src/ConsoleApp2/ConsoleApp2.csproj";
        Assert.Equal([ConsoleApp2], bom.DependsOn(bom.RootRef()));
        Assert.Equal(["pkg:nuget/EPPlus@6.0.3"], bom.DependsOn(ConsoleApp2));
        Assert.Equal("ConsoleApp2", bom.Component(ConsoleApp2).Name);
    }

    [VectorFact]
    public void Build_Issue911_DependenciesDifferWithTheTargetFramework()
    {
        var net6 = Build(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "Issue911-depsOnSeveralTargetFrameworks", "project1assets.json")).Bom;
        var net8 = Build(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "Issue911-depsOnSeveralTargetFrameworks", "project2assets.json")).Bom;

        const string SqlClient = "pkg:nuget/Microsoft.Data.SqlClient@5.2.1";
        Assert.Contains("pkg:nuget/System.Configuration.ConfigurationManager@6.0.1", net6.DependsOn(SqlClient));
        Assert.Contains("pkg:nuget/System.Configuration.ConfigurationManager@8.0.0", net8.DependsOn(SqlClient));
        Assert.Equal(["net6.0"], net6.Component(SqlClient).PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal(["net8.0"], net8.Component(SqlClient).PropertyValues(SbomPropertyNames.TargetFramework));
    }

    [VectorFact]
    public void Build_SolutionScan_EachProjectNamesItsOwnVersion()
    {
        var p1 = Build(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "SolutionScan_MulitpleVersionsOfOnePackage", "p1.project.assets.json")).Bom;
        var p2 = Build(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "SolutionScan_MulitpleVersionsOfOnePackage", "p2.project.assets.json")).Bom;

        Assert.Equal(["pkg:nuget/CycloneDX.Core@8.0.2"], p1.DependsOn(p1.RootRef()));
        Assert.Equal(["pkg:nuget/CycloneDX.Core@8.0.3"], p2.DependsOn(p2.RootRef()));
        Assert.Contains("pkg:nuget/protobuf-net@3.2.26", p1.DependsOn("pkg:nuget/CycloneDX.Core@8.0.2"));
        Assert.Contains("pkg:nuget/protobuf-net@3.2.45", p2.DependsOn("pkg:nuget/CycloneDX.Core@8.0.3"));
    }

    [VectorFact]
    public void Build_Issue1025_DependencyNamedInAnotherCaseResolves()
    {
        var bom = Build(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "Issue1025-CaseInsensitivePackageNames", "case-mismatch.assets.json")).Bom;

        Assert.Equal(["pkg:nuget/Newtonsoft.Json@13.0.1"], bom.DependsOn("pkg:nuget/BadlyDesigned.Package@1.0.0"));
        Assert.Equal("Newtonsoft.Json", bom.Component("pkg:nuget/Newtonsoft.Json@13.0.1").Name);

        // Its sha512 values ("abc123") are not content hashes, so none is recorded.
        Assert.All(bom.Components, c => Assert.Empty(c.PropertyValues(SbomPropertyNames.NuGetContentHash)));
    }

    [VectorFact]
    public void Build_DevDependencies_PrivateAnalyzerIsExcluded()
    {
        var bom = Build(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "TestcaseFiles", "DevDependencies.json")).Bom;

        Assert.Equal(ComponentScope.Excluded, bom.Component("pkg:nuget/SonarAnalyzer.CSharp@9.16.0.82469").Scope);
    }

    [VectorFact]
    public void Build_Issue758_PackageDependsOnAProjectOfTheSolution()
    {
        var bom = Build(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "TestcaseFiles", "Issue-758.json")).Bom;

        Assert.Equal(["project:src/Dependency/User.Dependency.csproj"], bom.DependsOn("pkg:nuget/User.Dependent@1.0.0"));
        Assert.Equal(["pkg:nuget/User.Dependent@1.0.0", "project:src/Dependency/User.Dependency.csproj"], bom.DependsOn(bom.RootRef()));
    }

    [VectorFact]
    public void Build_ProjectReferencesUseAssemblyNames_ProjectsAreNamedByTheirFiles()
    {
        var bom = Build(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "ProjectReferencesUseAssemblyNames", "project1assets.json")).Bom;

        Assert.Equal(["project:src/project2/project2.csproj", "project:src/project3/project3.csproj"], bom.DependsOn(bom.RootRef()));
        Assert.Equal("project2", bom.Component("project:src/project2/project2.csproj").Name);
    }

    [VectorFact]
    public void Build_NetStandardLibrary_FrameworkIsTheShortName()
    {
        var bom = Build(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "TestcaseFiles", "SimpleNETStandardLibrary.json")).Bom;

        Assert.Equal(["netstandard2.1"], bom.Metadata!.Component!.PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal(["netstandard2.1"], bom.Component("pkg:nuget/Newtonsoft.Json@13.0.3").PropertyValues(SbomPropertyNames.TargetFramework));
    }

    [VectorFact]
    public void Build_RealAssetsFileWithPackageFilesRequired_FailsForEachMissingPackage()
    {
        var path = RepositoryPaths.Vector("cyclonedx-dotnet-assets", "Issue830-rsMultipleFrameworks", "project2assets.json");

        var result = SbomBuilder.Build(Request(path) with { ReadPackageFiles = true, PackageFolders = [_directory.Combine("empty")] }, new DiagnosticBag());

        Assert.False(result.Succeeded);
        Assert.All(result.Errors, e => Assert.Equal("SCSDK2009", e.Code));
        Assert.Contains(result.Errors, e => e.Message.Contains("'EPPlus' 6.0.3", StringComparison.Ordinal));
    }

    private SbomRequest Request(string assetsPath) => new()
    {
        Project = new SbomProject { Path = ProjectPath, Name = "App" },
        AssetsFilePath = assetsPath,
        BaseDirectory = _directory.Path,
        Tool = SbomTool.SupplyChainSdk("1.0.0"),
        ReadPackageFiles = false,
    };

    private BuiltSbom Build(string assetsPath, Func<SbomRequest, SbomRequest>? change = null)
    {
        var request = Request(assetsPath);
        return BuiltSbom.From(SbomBuilder.Build(change is null ? request : change(request), new DiagnosticBag()));
    }

    private string ExpectedRef(ProjectAssetsFile assets, AssetsTargetLibrary library)
    {
        var entry = assets.FindLibrary(library.Id, library.Version)!;
        if (entry.IsPackage)
        {
            return PackageUrl.NuGet(entry.Id, entry.Version);
        }

        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ProjectPath)!, entry.Path!.Replace('\\', '/')));
        return "project:" + Path.GetRelativePath(_directory.Path, full).Replace('\\', '/');
    }

    private static HashSet<string> Reachable(CycloneDxBom bom, string root)
    {
        var graph = bom.Dependencies.ToDictionary(d => d.Ref, d => d.DependsOn, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal) { root };
        var queue = new Queue<string>([root]);
        while (queue.Count > 0)
        {
            foreach (var next in graph[queue.Dequeue()])
            {
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen;
    }

    private static bool IsSha512Base64(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var buffer = new byte[64];
        return Convert.TryFromBase64String(text, buffer, out var written) && written == 64;
    }
}
