using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>Project shapes and hook points: multi-targeting, central package management, project references, the SDK form, incrementality.</summary>
[Collection(ShapesCollection.Name)]
[Trait("Category", "E2E")]
public sealed class ShapesTests
{
    private readonly FixtureFeed _feed;

    public ShapesTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    [Fact]
    public void Build_MultiTargeting_VerifiesOnceAndEveryFrameworkBuilds()
    {
        using var root = E2ERoot.Create("MultiTargeting", _feed, registry: true);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"1.0.0") }, targetFrameworks: $"{TestEnvironment.TargetFramework};net8.0");
        root.AssertSucceeded(root.DotNet("restore", project));

        // Past the racy interval, so the files the first framework verifies are trusted by the second one.
        System.Threading.Thread.Sleep(System.TimeSpan.FromSeconds(2.2)); // VerifiedFileCache.RacyInterval is 2 s
        var build = root.DotNet("build", project, "--no-restore", "-v:d");
        root.AssertSucceeded(build);
        var lockFile = root.ReadFile("src/App/packages.lock.json");
        root.Assert(lockFile.Contains("\"net8.0\"") && lockFile.Contains($"\"{TestEnvironment.TargetFramework}\""), "the lock file has both frameworks", build);
        var ran = CountTaskRuns(build.Output, "VerifyPackagesLockFile");
        root.Assert(ran == 1, $"one verification per project for two frameworks (ran {ran} times)", build);
    }

    [Fact]
    public void Build_MultiTargetingInnerBuildOnly_VerifiesBeforeCompile()
    {
        using var root = E2ERoot.Create("InnerBuildOnly", _feed, registry: true);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.*") }, targetFrameworks: $"{TestEnvironment.TargetFramework};net8.0");
        var build = root.DotNet("build", project, "-f", "net8.0");
        root.AssertFailedWith(build, "SCSDK1009");
        root.Assert(!Directory.EnumerateFiles(root.Path, "App.dll", SearchOption.AllDirectories).Any(), "nothing was compiled from an unverified restore", build);
    }

    [Fact]
    public void Build_CentralPackageManagementWithGlobalPackageReference_Passes()
    {
        using var root = E2ERoot.Create("CentralGlobal", _feed, SdkReferenceStyle.GlobalPackageReference);
        root.WriteFile("Directory.Packages.props", root.ReadFile("Directory.Packages.props").Replace(
            "  </ItemGroup>",
            "    <PackageVersion Include=\"Fixture.Beta\" Version=\"1.0.0\" />\n    <PackageVersion Include=\"Fixture.Alpha\" Version=\"1.1.0\" />\n  </ItemGroup>"));
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)null) });
        var build = root.DotNet("build", project);
        root.AssertSucceeded(build);
        var lockFile = root.ReadFile("src/App/packages.lock.json");
        root.Assert(lockFile.Contains("\"CentralTransitive\"") && lockFile.Contains("\"1.1.0\""), "transitive pinning lifts Fixture.Alpha to 1.1.0 as CentralTransitive: " + lockFile);
    }

    [Fact]
    public void Build_ProjectReference_VerifiesTheReferencedProjectToo()
    {
        using var root = E2ERoot.Create("ProjectReference", _feed);
        Consumer.Write(root, "Lib", new[] { ("Fixture.Alpha", (string?)"1.0.0") });
        var app = Consumer.Write(root, "App", new[] { ("Fixture.Gamma", (string?)"1.0.0") }, projectReferences: new[] { "../Lib/Lib.csproj" });
        root.AssertSucceeded(root.DotNet("build", app));
        var dll = Path.Combine(root.PackagesPath, "fixture.alpha", "1.0.0", "lib", "net8.0", "Fixture.Alpha.dll");
        File.WriteAllBytes(dll, TestUtilities.TestAssemblyBuilder.Build("Fixture.Alpha", "poisoned", new System.Version(1, 0, 0, 0)));
        var build = root.DotNet("build", app);
        root.AssertFailedWith(build, "SCSDK1008");
    }

    [Fact]
    public void Build_SecondBuild_SkipsVerification()
    {
        using var root = E2ERoot.Create("Incremental", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"1.0.0") });
        root.AssertSucceeded(root.DotNet("build", project));

        // Files restored within the racy interval of the first verification are verified once more (their change time
        // cannot prove they did not change in the same clock tick); after that, builds skip the work.
        root.AssertSucceeded(root.DotNet("build", project, "--no-restore"));
        var second = root.DotNet("build", project, "--no-restore", "-v:d");
        root.AssertSucceeded(second);
        root.Assert(second.Output.Contains("Skipping target \"_SupplyChainVerifyLockFile\" because all output files are up-to-date", System.StringComparison.Ordinal), "the second build skips the verification target", second);
        root.Assert(CountTaskRuns(second.Output, "VerifyPackagesLockFile") == 0, "no verification task ran", second);
    }

    [Fact]
    public void Build_NoOp_RunsOneSupplyChainTaskPerProject_TheEveryBuildCheck()
    {
        using var root = E2ERoot.Create("NoOpTasks", _feed);
        AssertNoOpRunsOneTaskPerProject(root, System.Array.Empty<string>());
    }

    [NodeFact]
    public void Build_NoOpWithTufVerification_RunsOneSupplyChainTaskPerProject_TheEveryBuildCheckJudgesTheTufStampToo()
    {
        // TUF verification adds a stamp to judge on every build (expired metadata is never trusted); that check rides
        // on the same task call, so a no-op build still makes one call per project and skips the TUF verification.
        using var root = E2ERoot.Create("NoOpTasksTuf", _feed);
        var repository = root.FullPath("repo");
        var arguments = new List<string> { repository, "valid" };
        foreach (var (id, version, file) in new[] { ("Fixture.Alpha", "1.0.0"), ("Fixture.Beta", "1.0.0") }
                     .Select(p => (p.Item1, p.Item2, Path.Combine(_feed.Path, TestPackageBuilder.FileNameOf(p.Item1, p.Item2))))
                     .Append(("SupplyChain.Sdk", TestEnvironment.PackageVersion, TestEnvironment.SdkPackagePath)))
        {
            var stem = $"{id.ToLowerInvariant()}.{version.ToLowerInvariant()}";
            arguments.Add("--target");
            arguments.Add($"{id.ToLowerInvariant()}/{version.ToLowerInvariant()}/{stem}.nupkg={file}");
        }

        var made = NodeInterop.RunScript("tufjs-make-repo.mjs", arguments, System.TimeSpan.FromMinutes(2));
        root.Assert(made.ExitCode == 0, "tuf-js wrote the repository", made);
        File.Copy(Path.Combine(repository, "root.json"), root.FullPath("trusted-root.json"));

        var noOp = AssertNoOpRunsOneTaskPerProject(root, new[] { "-p:SupplyChainTufTrustedRoot=" + root.FullPath("trusted-root.json"), "-p:SupplyChainTufRemote=" + repository });
        root.Assert(noOp.Output.Contains("Skipping target \"_SupplyChainVerifyTufTargets\" because all output files are up-to-date", System.StringComparison.Ordinal), "the TUF verification is skipped by its Inputs/Outputs", noOp);
        root.Assert(File.Exists(root.FullPath("src/App/obj/supplychain/tuf/verified.stamp")) && File.Exists(root.FullPath("src/Lib/obj/supplychain/tuf/verified.stamp")), "both projects keep their TUF stamp", noOp);
    }

    // A no-op build of a two-project consumer (-v:d): of the tasks MSBuild takes from the SDK's task assembly, only
    // CheckVerifiedPackageFiles runs, once per project; the verification and the SBOM are skipped by Inputs/Outputs.
    private static ProcessResult AssertNoOpRunsOneTaskPerProject(E2ERoot root, string[] properties)
    {
        Consumer.Write(root, "Lib", new[] { ("Fixture.Alpha", (string?)"1.0.0") });
        var app = Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"1.0.0") }, projectReferences: new[] { "../Lib/Lib.csproj" });
        root.AssertSucceeded(root.DotNet("build", new[] { app }.Concat(properties).ToArray()));

        // Past the racy interval (VerifiedFileCache.RacyInterval is 2 s) the verification is recorded for good.
        System.Threading.Thread.Sleep(System.TimeSpan.FromSeconds(2.5));
        root.AssertSucceeded(root.DotNet("build", new[] { app, "--no-restore" }.Concat(properties).ToArray()));
        var noOp = root.DotNet("build", new[] { app, "--no-restore", "-v:d" }.Concat(properties).ToArray());
        root.AssertSucceeded(noOp);

        // Our tasks are the ones MSBuild says it takes from the SDK's task assembly; of them, a no-op build runs only
        // the every-build identity check, once per project: everything else is skipped by Inputs/Outputs.
        var ours = noOp.Output.Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, "Using \"(?<task>[A-Za-z.]+)\" task from assembly \"(?<assembly>[^\"]+)\""))
            .Where(m => m.Success && Path.GetFileName(m.Groups["assembly"].Value) == "SupplyChain.Sdk.dll")
            .Select(m => m.Groups["task"].Value.Split('.')[^1])
            .ToHashSet(System.StringComparer.Ordinal);
        var ran = noOp.Output.Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Match(l.TrimEnd('\r'), "Task \"(?<task>[A-Za-z.]+)\"$"))
            .Where(m => m.Success && ours.Contains(m.Groups["task"].Value.Split('.')[^1]))
            .Select(m => m.Groups["task"].Value.Split('.')[^1])
            .ToList();
        root.Assert(ran.Count == 2 && ran.All(t => t == "CheckVerifiedPackageFiles"), $"a no-op build of two projects runs CheckVerifiedPackageFiles twice and no other SupplyChain task (ran: {string.Join(", ", ran)})", noOp);
        root.Assert(noOp.Output.Contains("Skipping target \"_SupplyChainVerifyLockFile\" because all output files are up-to-date", System.StringComparison.Ordinal), "the verification is skipped by its Inputs/Outputs", noOp);
        root.Assert(noOp.Output.Contains("Skipping target \"_SupplyChainGenerateSbom\" because all output files are up-to-date", System.StringComparison.Ordinal), "the SBOM is skipped by its Inputs/Outputs", noOp);
        return noOp;
    }

    [Fact]
    public void Build_DesignTime_DoesNothing()
    {
        using var root = E2ERoot.Create("DesignTime", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.*") });
        root.DotNet("restore", project);
        var build = root.DotNet("msbuild", project, "-t:ResolveAssemblyReferences;CoreCompile", "-p:DesignTimeBuild=true", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true");
        root.Assert(build.ExitCode == 0 && build.SupplyChainDiagnostics.Count == 0, "a design-time build runs none of our checks", build);
    }

    [Fact]
    public void Build_ProjectSdkForm_VerifiesRightAfterRestore()
    {
        using var root = E2ERoot.Create("ProjectSdk", _feed, SdkReferenceStyle.ProjectSdk);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") }, sdk: "SupplyChain.Sdk");
        var first = root.DotNet("build", project);
        root.AssertSucceeded(first);
        root.Assert(first.Warnings.Any(w => w.Code == "SCSDK1501"), "an SDK package without a pinned content hash draws SCSDK1501", first);
        root.Assert(root.ReadFile("src/App/packages.lock.json").Contains("Fixture.Alpha"), "the SDK form turns on lock files before the first restore");

        var dll = Path.Combine(root.PackagesPath, "fixture.alpha", "1.0.0", "lib", "net8.0", "Fixture.Alpha.dll");
        File.WriteAllBytes(dll, TestUtilities.TestAssemblyBuilder.Build("Fixture.Alpha", "poisoned", new System.Version(1, 0, 0, 0)));
        var restore = root.DotNet("restore", project);
        root.AssertFailedWith(restore, "SCSDK1008");
    }

    [Fact]
    public void Build_ProjectSdkFormWithPinnedHash_PassesAndFailsOnAnotherHash()
    {
        using var root = E2ERoot.Create("ProjectSdkPinned", _feed, SdkReferenceStyle.ProjectSdk);
        var hash = System.Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(File.ReadAllBytes(TestEnvironment.SdkPackagePath)));
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") }, sdk: "SupplyChain.Sdk", extraProperties: $"<SupplyChainSdkContentHash>{hash}</SupplyChainSdkContentHash>");
        var pinned = root.DotNet("build", project);
        root.AssertSucceeded(pinned);
        root.Assert(pinned.SupplyChainDiagnostics.Count == 0, "a pinned SDK package draws no diagnostic", pinned);
        var other = root.DotNet("build", project, "-p:SupplyChainSdkContentHash=" + System.Convert.ToBase64String(new byte[64]));
        root.AssertFailedWith(other, "SCSDK1019");
    }

    private static int CountTaskRuns(string output, string task)
        => output.Split('\n').Count(l => l.Contains($"Task \"{task}\"", System.StringComparison.Ordinal) && !l.Contains("Skipping", System.StringComparison.Ordinal));
}
