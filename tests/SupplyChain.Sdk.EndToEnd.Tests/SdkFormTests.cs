using System.IO;
using System.Linq;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// What each form protects against a package whose extracted build/ targets were tampered with: the PackageReference
/// form catches it only after the package's own targets ran; the SDK form stops the build right after restore.
/// </summary>
[Collection(ShapesCollection.Name)]
[Trait("Category", "E2E")]
public sealed class SdkFormTests
{
    private const string Marker = "evil-ran.txt";
    private readonly FixtureFeed _feed;

    public SdkFormTests(FixtureFeed feed)
    {
        _feed = feed;
        var evil = new TestPackageBuilder("Fixture.Evil", "1.0.0")
            .WithLibFile("net8.0", "Fixture.Evil.dll", TestAssemblyBuilder.Build("Fixture.Evil", "Fixture.Evil 1.0.0", new System.Version(1, 0, 0, 0)))
            .WithFile("build/Fixture.Evil.targets", "<Project />\n");
        if (!File.Exists(Path.Combine(_feed.Path, evil.FileName)))
        {
            evil.WriteTo(_feed.Path);
        }
    }

    [Fact]
    public void PackageReferenceForm_TamperedBuildTargets_RunBeforeTheCheckThatFailsTheBuild()
    {
        using var root = E2ERoot.Create("TamperedTargetsPackageReference", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Evil", (string?)"1.0.0") });
        root.AssertSucceeded(root.DotNet("build", project));
        Tamper(root);

        var build = root.DotNet("build", project);

        root.AssertFailedWith(build, "SCSDK1008");
        root.Assert(File.Exists(root.FullPath(Marker)), "the documented limit: a tampered package's targets run before any target of ours", build);
    }

    [Fact]
    public void ProjectSdkForm_TamperedBuildTargets_NeverRun()
    {
        using var root = E2ERoot.Create("TamperedTargetsSdk", _feed, SdkReferenceStyle.ProjectSdk);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Evil", (string?)"1.0.0") }, sdk: "SupplyChain.Sdk");
        root.AssertSucceeded(root.DotNet("build", project));
        Tamper(root);

        var build = root.DotNet("build", project);

        root.AssertFailedWith(build, "SCSDK1008");
        root.Assert(!File.Exists(root.FullPath(Marker)), "the SDK form fails right after restore, before the build imports the package's targets", build);
    }

    [Fact]
    public void ProjectSdkForm_SolutionBuildWithSolutionTargets_VerifiesBeforeTheBuild()
    {
        using var root = E2ERoot.Create("TamperedTargetsSolution", _feed, SdkReferenceStyle.ProjectSdk);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Evil", (string?)"1.0.0") }, sdk: "SupplyChain.Sdk");
        root.WriteFile("App.slnx", $"<Solution>\n  <Project Path=\"{project}\" />\n</Solution>\n");
        root.WriteFile("Directory.Solution.targets", "<Project>\n  <Import Project=\"Solution.targets\" Sdk=\"SupplyChain.Sdk\" />\n</Project>\n");
        root.AssertSucceeded(root.DotNet("build", "App.slnx"));
        Tamper(root);

        var build = root.DotNet("build", "App.slnx");

        root.AssertFailedWith(build, "SCSDK1008");
        root.Assert(!File.Exists(root.FullPath(Marker)), "the solution's restore verifies every project before the build", build);
    }

    [Fact]
    public void ProjectSdkForm_MultiTargeted_TamperedBuildTargets_NeverRunInProjectOrSolutionBuilds()
    {
        // net8.0 needs its reference packs, which come from nuget.org (registry: true).
        using var root = E2ERoot.Create("TamperedTargetsMultiTargeted", _feed, SdkReferenceStyle.ProjectSdk, registry: true);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Evil", (string?)"1.0.0") }, targetFrameworks: $"{TestEnvironment.TargetFramework};net8.0", sdk: "SupplyChain.Sdk");
        root.WriteFile("App.slnx", $"<Solution>\n  <Project Path=\"{project}\" />\n</Solution>\n");
        root.WriteFile("Directory.Solution.targets", "<Project>\n  <Import Project=\"Solution.targets\" Sdk=\"SupplyChain.Sdk\" />\n</Project>\n");
        root.AssertSucceeded(root.DotNet("build", project));
        Tamper(root);

        var build = root.DotNet("build", project);

        root.AssertFailedWith(build, "SCSDK1008");
        root.Assert(!File.Exists(root.FullPath(Marker)), "a multi-targeted project in the SDK form is verified right after restore, before any framework's build imports the package's targets", build);

        var solution = root.DotNet("build", "App.slnx");

        root.AssertFailedWith(solution, "SCSDK1008");
        root.Assert(!File.Exists(root.FullPath(Marker)), "the solution's restore verifies the multi-targeted project before the build", solution);
        root.Assert(solution.Warnings.All(w => w.Code != "SCSDK1502"), "with Solution.targets the solution's restore verifies, so no SCSDK1502", solution);
    }

    [Fact]
    public void ProjectSdkForm_MultiTargeted_AssetsFileMissingAfterRestore_FailsInsteadOfSkipping()
    {
        using var root = E2ERoot.Create("MultiTargetedAssetsMissing", _feed, SdkReferenceStyle.ProjectSdk, registry: true);

        // The restore writes its output to one folder, the (outer) build looks for it in another: nothing to verify is an error.
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Evil", (string?)"1.0.0") }, targetFrameworks: $"{TestEnvironment.TargetFramework};net8.0", sdk: "SupplyChain.Sdk", extraProperties: "<ProjectAssetsFile>$(MSBuildProjectDirectory)/elsewhere/project.assets.json</ProjectAssetsFile>");

        var restore = root.DotNet("restore", project);

        root.AssertFailedWith(restore, "SCSDK1016");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ProjectSdkForm_SolutionBuild_WrongSdkContentHash_FailsLikeTheProjectBuild(bool solutionTargets)
    {
        using var root = E2ERoot.Create(solutionTargets ? "SdkPinSolutionTargets" : "SdkPinSolutionOnly", _feed, SdkReferenceStyle.ProjectSdk);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Evil", (string?)"1.0.0") }, sdk: "SupplyChain.Sdk");
        root.WriteFile("App.slnx", $"<Solution>\n  <Project Path=\"{project}\" />\n</Solution>\n");
        if (solutionTargets)
        {
            root.WriteFile("Directory.Solution.targets", "<Project>\n  <Import Project=\"Solution.targets\" Sdk=\"SupplyChain.Sdk\" />\n</Project>\n");
        }

        root.AssertSucceeded(root.DotNet("build", "App.slnx"));
        root.WriteFile("Directory.Build.targets", $"<Project>\n  <PropertyGroup>\n    <SupplyChainSdkContentHash>{System.Convert.ToBase64String(new byte[64])}</SupplyChainSdkContentHash>\n  </PropertyGroup>\n</Project>\n");

        var build = root.DotNet("build", "App.slnx");

        root.AssertFailedWith(build, "SCSDK1019");
        root.AssertFailedWith(root.DotNet("build", project), "SCSDK1019");
        var verify = Tool(root, "lock", "verify", root.FullPath("App.slnx"));
        root.Assert(verify.ExitCode == 1 && verify.Output.Contains("SCSDK1019", System.StringComparison.Ordinal), "'supplychain lock verify X.sln' checks the SDK package's pin", verify);
    }

    [Fact]
    public void LockVerify_SolutionInTheSdkForm_PrintsTheSdkPackageHashToPin()
    {
        using var root = E2ERoot.Create("SdkPinLockVerify", _feed, SdkReferenceStyle.ProjectSdk);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Evil", (string?)"1.0.0") }, sdk: "SupplyChain.Sdk");
        root.WriteFile("App.slnx", $"<Solution>\n  <Project Path=\"{project}\" />\n</Solution>\n");
        var build = root.DotNet("build", "App.slnx");
        root.AssertSucceeded(build);
        root.Assert(build.Warnings.Any(w => w.Code == "SCSDK1502"), "a solution restore without Solution.targets says that it does not verify before the build", build);
        var hash = System.Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(File.ReadAllBytes(TestEnvironment.SdkPackagePath)));

        var unpinned = Tool(root, "lock", "verify", root.FullPath("App.slnx"));

        root.Assert(unpinned.ExitCode == 0, "an unpinned SDK package is a warning, not a failure", unpinned);
        root.Assert(unpinned.Output.Contains("SCSDK1501", System.StringComparison.Ordinal) && unpinned.Output.Contains(hash, System.StringComparison.Ordinal), "lock verify prints the SDK package's content hash to pin", unpinned);

        root.WriteFile("Directory.Build.targets", $"<Project>\n  <PropertyGroup>\n    <SupplyChainSdkContentHash>{hash}</SupplyChainSdkContentHash>\n  </PropertyGroup>\n</Project>\n");
        var pinned = Tool(root, "lock", "verify", root.FullPath("App.slnx"));
        root.Assert(pinned.ExitCode == 0 && !pinned.Output.Contains("SCSDK1501", System.StringComparison.Ordinal) && pinned.Output.Contains(hash, System.StringComparison.Ordinal), "a pinned SDK package verifies, and lock verify says which hash it checked", pinned);
    }

    private static ProcessResult Tool(E2ERoot root, params string[] args)
        => ProcessRunner.Run("dotnet", new[] { Path.Combine(TestEnvironment.ToolFolder, "SupplyChain.Tool.dll") }.Concat(args), root.Path, root.Environment, System.TimeSpan.FromMinutes(3));

    private static void Tamper(E2ERoot root)
    {
        var targets = Path.Combine(root.PackagesPath, "fixture.evil", "1.0.0", "build", "Fixture.Evil.targets");
        File.WriteAllText(targets, $"""
            <Project>
              <Target Name="FixtureEvilRuns" BeforeTargets="ResolvePackageAssets">
                <WriteLinesToFile File="{root.FullPath(Marker)}" Lines="ran" />
              </Target>
            </Project>
            """);
    }
}
