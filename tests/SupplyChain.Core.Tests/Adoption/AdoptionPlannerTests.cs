using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Adoption;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Adoption;

/// <summary>The plan of 'supplychain init' from what evaluation and restore said: edits, idempotence and refusals.</summary>
public sealed class AdoptionPlannerTests
{
    private const string Fixtures = "/feeds/fixtures";
    private const string Sdk = "/feeds/sdk";

    [Fact]
    public void Plan_CentralManagement_PinsFloatingVersions_AddsTheSdkLockFilesAndMapping_AndASecondPlanChangesNothing()
    {
        using var directory = new TestDirectory("plan");
        var repo = Repo(directory);
        var plan = AdoptionPlanner.Plan(Request(repo, cpm: true));
        Assert.Empty(plan.Problems);
        Assert.False(plan.IsRefused);
        Assert.Equal(new[] { "Directory.Build.props", "Directory.Packages.props", "nuget.config" }, plan.Changes.Select(c => Path.GetFileName(c.Path)));
        var packages = plan.Changes.Single(c => c.Path.EndsWith("Directory.Packages.props", System.StringComparison.Ordinal)).After;
        Assert.Contains("<!-- pinned later -->\n    <PackageVersion Include=\"Fixture.Alpha\" Version=\"1.1.0\" />", packages, System.StringComparison.Ordinal);
        Assert.Contains("<GlobalPackageReference Include=\"SupplyChain.Sdk\" Version=\"9.9.9\" />", packages, System.StringComparison.Ordinal);
        var config = plan.Changes.Single(c => c.Path.EndsWith("nuget.config", System.StringComparison.Ordinal)).After;
        Assert.Contains("<packageSource key=\"fixtures\">\n      <package pattern=\"Fixture.*\" />", config, System.StringComparison.Ordinal);
        Assert.Contains("<packageSource key=\"sdk\">\n      <package pattern=\"SupplyChain.Sdk\" />", config, System.StringComparison.Ordinal);

        foreach (var change in plan.Changes)
        {
            File.WriteAllBytes(change.Path, change.AfterBytes);
        }

        var again = AdoptionPlanner.Plan(Request(repo, cpm: true, pinned: true));
        Assert.Empty(again.Problems);
        Assert.Empty(again.Changes);
    }

    [Fact]
    public void Plan_WithoutCentralManagement_AddsAPackageReferenceThatCentralProjectsIgnore()
    {
        using var directory = new TestDirectory("plan");
        var repo = Repo(directory);
        var plan = AdoptionPlanner.Plan(Request(repo, cpm: false));
        var props = plan.Changes.Single(c => c.Path.EndsWith("Directory.Build.props", System.StringComparison.Ordinal)).After;
        Assert.Contains("<ItemGroup Condition=\"'$(ManagePackageVersionsCentrally)' != 'true'\">\n    <PackageReference Include=\"SupplyChain.Sdk\" Version=\"9.9.9\" PrivateAssets=\"all\" />", props, System.StringComparison.Ordinal);
        Assert.Contains("<RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>", props, System.StringComparison.Ordinal);
        Assert.StartsWith("<Project>\n  <!-- ours -->\n", props, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RestorePackagesWithLockFileFalse_IsTurnedOn()
    {
        using var directory = new TestDirectory("plan");
        var repo = Repo(directory);
        File.WriteAllText(Path.Combine(repo, "Directory.Build.props"), "<Project>\n  <PropertyGroup>\n    <RestorePackagesWithLockFile>false</RestorePackagesWithLockFile>\n  </PropertyGroup>\n</Project>\n");
        var plan = AdoptionPlanner.Plan(Request(repo, cpm: true));
        Assert.Contains("<RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>\n  </PropertyGroup>", plan.Changes.Single(c => c.Path.EndsWith("Directory.Build.props", System.StringComparison.Ordinal)).After, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_AVersionDefinedOutsideTheRepository_IsRefused_AndNothingIsToBeWritten()
    {
        using var directory = new TestDirectory("plan");
        var repo = Repo(directory);
        var shared = directory.WriteFile("shared/Packages.props", "<Project>\n  <ItemGroup>\n    <PackageVersion Include=\"Fixture.Alpha\" Version=\"1.*\" />\n  </ItemGroup>\n</Project>\n");
        var plan = AdoptionPlanner.Plan(Request(repo, cpm: true, definingFile: shared));
        Assert.True(plan.IsRefused);
        Assert.Contains(plan.Problems, p => p.Code == "SCSDK7001" && p.File == shared);
    }

    [Fact]
    public void Plan_ANuGetConfigSymlinkedToTheUsersConfig_IsRefused()
    {
        using var directory = new TestDirectory("plan");
        var repo = Repo(directory);
        var user = directory.WriteFile("home/NuGet.Config", File.ReadAllText(Path.Combine(repo, "nuget.config")));
        File.Delete(Path.Combine(repo, "nuget.config"));
        File.CreateSymbolicLink(Path.Combine(repo, "nuget.config"), user);
        var plan = AdoptionPlanner.Plan(Request(repo, cpm: true));
        Assert.True(plan.IsRefused);
        Assert.Contains(plan.Problems, p => p.Code == "SCSDK7001" && p.Message.Contains("symbolic link", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_AVersionFromAProperty_NeedsAHuman()
    {
        using var directory = new TestDirectory("plan");
        var repo = Repo(directory);
        File.WriteAllText(Path.Combine(repo, "Directory.Packages.props"), "<Project>\n  <ItemGroup>\n    <PackageVersion Include=\"Fixture.Alpha\" Version=\"$(AlphaVersion)\" />\n  </ItemGroup>\n</Project>\n");
        var plan = AdoptionPlanner.Plan(Request(repo, cpm: true));
        Assert.Contains(plan.Problems, p => p.Code == "SCSDK7003" && p.Message.Contains("$(AlphaVersion)", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_APackageFromASourceTheRepositoryDoesNotUse_OrAPlainHttpSource_NeedsAHuman()
    {
        using var directory = new TestDirectory("plan");
        var repo = Repo(directory);
        var request = Request(repo, cpm: true) with
        {
            RestoreSources = new[] { Fixtures, Sdk, "http://insecure.example/v3/index.json" },
            Packages = new[] { new RestoredPackage("Fixture.Alpha", "1.1.0", "/p/fixture.alpha/1.1.0", "/somewhere/else") },
        };
        var plan = AdoptionPlanner.Plan(request);
        Assert.Contains(plan.Problems, p => p.Code == "SCSDK7004" && p.Message.Contains("/somewhere/else", System.StringComparison.Ordinal));
        Assert.Contains(plan.Problems, p => p.Code == "SCSDK1013");
    }

    [Fact]
    public void Plan_SdkForm_PinsGlobalJson_NamesTheSdkInEachProject_AndImportsSolutionTargets()
    {
        using var directory = new TestDirectory("plan");
        var repo = Repo(directory);
        var solution = directory.WriteFile("repo/App.slnx", "<Solution />");
        var plan = AdoptionPlanner.Plan(Request(repo, cpm: true) with { SdkForm = true, Solutions = new[] { solution } });
        Assert.Contains("\"SupplyChain.Sdk\": \"9.9.9\"", plan.Changes.Single(c => c.Path.EndsWith("global.json", System.StringComparison.Ordinal)).After, System.StringComparison.Ordinal);
        Assert.Contains("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Sdk Name=\"SupplyChain.Sdk\" />\n", plan.Changes.Single(c => c.Path.EndsWith("App.csproj", System.StringComparison.Ordinal)).After, System.StringComparison.Ordinal);
        Assert.Contains("<Import Project=\"Solution.targets\" Sdk=\"SupplyChain.Sdk\" />", plan.Changes.Single(c => c.Path.EndsWith("Directory.Solution.targets", System.StringComparison.Ordinal)).After, System.StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Changes, c => c.Path.EndsWith("Directory.Packages.props", System.StringComparison.Ordinal) && c.After.Contains("GlobalPackageReference", System.StringComparison.Ordinal));
    }

    private static string Repo(TestDirectory directory)
    {
        directory.WriteFile("repo/.git/HEAD", "ref: refs/heads/main\n");
        directory.WriteFile("repo/Directory.Build.props", "<Project>\n  <!-- ours -->\n</Project>\n");
        directory.WriteFile("repo/Directory.Packages.props", "<Project>\n  <ItemGroup>\n    <!-- pinned later -->\n    <PackageVersion Include=\"Fixture.Alpha\" Version=\"1.*\" />\n  </ItemGroup>\n</Project>\n");
        directory.WriteFile("repo/nuget.config", $"<configuration>\n  <packageSources>\n    <clear />\n    <add key=\"sdk\" value=\"{Sdk}\" />\n    <add key=\"fixtures\" value=\"{Fixtures}\" />\n  </packageSources>\n</configuration>\n");
        directory.WriteFile("repo/src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <PackageReference Include=\"Fixture.Alpha\" />\n  </ItemGroup>\n</Project>\n");
        return directory.Combine("repo");
    }

    private static AdoptionRequest Request(string repo, bool cpm, bool pinned = false, string? definingFile = null)
    {
        var packagesProps = Path.Combine(repo, "Directory.Packages.props");
        var items = new List<AdoptionPackageItem>
        {
            new("PackageVersion", "Fixture.Alpha", pinned ? "1.1.0" : "1.*", null, definingFile ?? packagesProps),
            new("PackageReference", "Fixture.Alpha", null, null, Path.Combine(repo, "src/App/App.csproj")),
        };
        if (!cpm)
        {
            items.RemoveAt(0);
            items[0] = items[0] with { Version = "1.1.0" };
        }

        var project = new AdoptionProject(
            Path.Combine(repo, "src/App/App.csproj"),
            cpm,
            Path.Combine(repo, "Directory.Build.props"),
            cpm ? packagesProps : null,
            items,
            new Dictionary<string, IReadOnlyCollection<string>> { ["Fixture.Alpha"] = new[] { "1.1.0" }, ["SupplyChain.Sdk"] = new[] { "9.9.9" } });
        return new AdoptionRequest(
            RepositoryBoundary.For(repo),
            "9.9.9",
            false,
            new[] { project },
            System.Array.Empty<string>(),
            new[] { Sdk, Fixtures },
            new[] { Path.Combine(repo, "nuget.config") },
            new[]
            {
                new RestoredPackage("Fixture.Alpha", "1.1.0", "/p/fixture.alpha/1.1.0", Fixtures),
                new RestoredPackage("Fixture.Beta", "1.0.0", "/p/fixture.beta/1.0.0", Fixtures + "/"),
                new RestoredPackage("SupplyChain.Sdk", "9.9.9", "/p/supplychain.sdk/9.9.9", Sdk),
            });
    }
}
