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
