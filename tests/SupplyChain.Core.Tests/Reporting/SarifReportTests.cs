using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Reporting;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Reporting;

/// <summary>
/// The one SARIF report of a build: every check of every project that names the file replaces its own results and
/// keeps everyone else's, so a solution-wide report neither loses a project's findings nor keeps a fixed one.
/// </summary>
public sealed class SarifReportTests
{
    private static Diagnostic Finding(string file, int line, string id = "Contoso.A")
        => Diagnostic.Create(DiagnosticCatalog.LockFile_Missing, file, line, id, file, "Restore with a lock file");

    private static SarifReportRequest Request(TestDirectory dir, string project, string category) => new()
    {
        OutputPath = dir.Combine("out", "build.sarif"),
        ProjectPath = dir.Combine(project),
        Category = category,
        RootDirectory = dir.Path,
        ToolVersion = "1.2.3",
    };

    private static JsonArray Results(TestDirectory dir) => (JsonArray)JsonNode.Parse(File.ReadAllText(dir.Combine("out", "build.sarif")))!["runs"]![0]!["results"]!;

    private static string[] Sources(TestDirectory dir) => Results(dir).Select(r => (string)r!["properties"]![SarifLogWriter.SourceProperty]!).ToArray();

    [Fact]
    public void TwoProjects_SharingOneReport_BothKeepTheirFindings()
    {
        using var dir = new TestDirectory("sarif-report");
        SarifReport.Merge(Request(dir, "src/A/A.csproj", "pinning"), [Finding(dir.Combine("src/A/packages.lock.json"), 4)]);
        SarifReport.Merge(Request(dir, "src/B/B.csproj", "pinning"), [Finding(dir.Combine("src/B/packages.lock.json"), 7)]);

        Assert.Equal(["src/A/A.csproj#pinning", "src/B/B.csproj#pinning"], Sources(dir));
        var uris = Results(dir).Select(r => (string)r!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!).ToArray();
        Assert.Equal(["src/A/packages.lock.json", "src/B/packages.lock.json"], uris);
    }

    [Fact]
    public void ACheckThatFindsNothing_RemovesItsFixedFindings_AndKeepsTheOtherChecks()
    {
        using var dir = new TestDirectory("sarif-report");
        SarifReport.Merge(Request(dir, "src/A/A.csproj", "pinning"), [Finding(dir.Combine("src/A/packages.lock.json"), 4)]);
        SarifReport.Merge(Request(dir, "src/A/A.csproj", "vulnerabilities"), [Finding(dir.Combine("src/A/packages.lock.json"), 9, "Contoso.V")]);

        SarifReport.Merge(Request(dir, "src/A/A.csproj", "pinning"), []);

        Assert.Equal(["src/A/A.csproj#vulnerabilities"], Sources(dir));
        var rules = JsonNode.Parse(File.ReadAllText(dir.Combine("out", "build.sarif")))!["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.Single(rules);
    }

    [Fact]
    public void ACheckRunAgain_ReplacesItsResults_NeverDuplicatesThem()
    {
        using var dir = new TestDirectory("sarif-report");
        for (var i = 0; i < 3; i++)
        {
            SarifReport.Merge(Request(dir, "src/A/A.csproj", "pinning"), [Finding(dir.Combine("src/A/packages.lock.json"), 4), Finding(dir.Combine("src/A/packages.lock.json"), 5)]);
        }

        Assert.Equal(2, Results(dir).Count);
    }

    [Fact]
    public void ConcurrentBuilds_WritingOneReport_LoseNoProjectsFindings()
    {
        using var dir = new TestDirectory("sarif-report");
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            SarifReport.Merge(Request(dir, $"src/P{i:00}/P{i:00}.csproj", "pinning"), [Finding(dir.Combine($"src/P{i:00}/packages.lock.json"), i + 1)]));

        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"src/P{i:00}/P{i:00}.csproj#pinning").ToArray(), Sources(dir));
    }

    [Fact]
    public void TheReport_IsTheSameBytes_WhicheverOrderTheProjectsRan()
    {
        using var first = new TestDirectory("sarif-report");
        using var second = new TestDirectory("sarif-report");
        SarifReport.Merge(Request(first, "src/A/A.csproj", "pinning"), [Finding(first.Combine("src/A/packages.lock.json"), 4)]);
        SarifReport.Merge(Request(first, "src/B/B.csproj", "tuf"), [Finding(first.Combine("src/B/packages.lock.json"), 2)]);
        SarifReport.Merge(Request(second, "src/B/B.csproj", "tuf"), [Finding(second.Combine("src/B/packages.lock.json"), 2)]);
        SarifReport.Merge(Request(second, "src/A/A.csproj", "pinning"), [Finding(second.Combine("src/A/packages.lock.json"), 4)]);

        string Normalized(TestDirectory d) => File.ReadAllText(d.Combine("out", "build.sarif")).Replace(new Uri(d.Path + "/").AbsoluteUri, "ROOT/", StringComparison.Ordinal).Replace(d.Path, "ROOT", StringComparison.Ordinal);
        Assert.Equal(Normalized(first), Normalized(second));
    }

    [Fact]
    public void AFileThatIsNotOurReport_IsReplacedWhole()
    {
        using var dir = new TestDirectory("sarif-report");
        Directory.CreateDirectory(dir.Combine("out"));
        File.WriteAllText(dir.Combine("out", "build.sarif"), "{ not json");
        SarifReport.Merge(Request(dir, "src/A/A.csproj", "pinning"), [Finding(dir.Combine("src/A/packages.lock.json"), 4)]);
        Assert.Equal(["src/A/A.csproj#pinning"], Sources(dir));

        File.WriteAllText(dir.Combine("out", "build.sarif"), """{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"OtherTool"}},"results":[{"ruleId":"X1","message":{"text":"t"},"properties":{"supplyChainSource":"src/B/B.csproj#pinning"}}]}]}""");
        SarifReport.Merge(Request(dir, "src/A/A.csproj", "pinning"), []);
        Assert.Empty(Results(dir));
    }

    [Fact]
    public void AReportInAFolderThatCannotBeMade_IsSCSDK6003()
    {
        using var dir = new TestDirectory("sarif-report");
        File.WriteAllText(dir.Combine("out"), "a file where the folder should be");
        var ex = Assert.Throws<SupplyChainException>(() => SarifReport.Merge(Request(dir, "src/A/A.csproj", "pinning"), []));
        Assert.Equal("SCSDK6003", ex.Diagnostic.Code);
    }

    [Fact]
    public void TheRoot_IsTheGitWorkTreeAboveTheProject_ElseTheFolderHoldingProjectAndReport()
    {
        using var dir = new TestDirectory("sarif-report");
        Directory.CreateDirectory(dir.Combine("repo", ".git"));
        Directory.CreateDirectory(dir.Combine("repo", "src", "A"));
        Assert.Equal(dir.Combine("repo"), SarifReport.FindRoot(dir.Combine("repo", "src", "A"), dir.Combine("elsewhere")));
        Directory.CreateDirectory(dir.Combine("plain", "src", "A"));
        Assert.Equal(dir.Combine("plain"), SarifReport.FindRoot(dir.Combine("plain", "src", "A"), dir.Combine("plain", "artifacts")));
        Assert.Equal(dir.Combine("plain", "src", "A"), SarifReport.FindRoot(dir.Combine("plain", "src", "A"), dir.Combine("plain", "src", "A")));
    }

    [Fact]
    public void ResultsWrittenUnderAnotherRoot_KeepPointingAtTheirFiles()
    {
        using var dir = new TestDirectory("sarif-report");
        SarifReport.Merge(Request(dir, "src/A/A.csproj", "pinning") with { RootDirectory = dir.Combine("src") }, [Finding(dir.Combine("src/A/packages.lock.json"), 4)]);
        SarifReport.Merge(Request(dir, "src/B/B.csproj", "pinning"), [Finding(dir.Combine("src/B/packages.lock.json"), 7)]);
        SarifReport.Merge(Request(dir, "tools/C/C.csproj", "pinning") with { RootDirectory = dir.Combine("tools") }, []);

        var locations = Results(dir).Select(r => r!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!).ToArray();
        Assert.Equal(new Uri(dir.Combine("src/A/packages.lock.json")).AbsoluteUri, (string)locations[0]!["uri"]!);
        Assert.Null(locations[0]!["uriBaseId"]);
        Assert.Equal(new Uri(dir.Combine("src/B/packages.lock.json")).AbsoluteUri, (string)locations[1]!["uri"]!);
    }
}
