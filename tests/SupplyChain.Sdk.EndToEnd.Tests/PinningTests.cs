using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>Every pinning threat of docs/threat-model.md (TM-P1 to TM-P9) against a real 'dotnet build' of a consumer of the packed SDK.</summary>
[Collection(PinningCollection.Name)]
[Trait("Category", "E2E")]
public sealed class PinningTests
{
    private readonly FixtureFeed _feed;

    public PinningTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    [Fact]
    public void Build_PinnedProject_WritesLockFileAndPasses()
    {
        using var root = E2ERoot.Create(nameof(Build_PinnedProject_WritesLockFileAndPasses), _feed);
        Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"1.0.0") });
        var build = root.DotNet("build", "src/App/App.csproj");
        root.AssertSucceeded(build);
        root.Assert(build.SupplyChainDiagnostics.Count == 0, "a pinned project draws no SupplyChain diagnostic", build);
        var lockFile = root.ReadFile("src/App/packages.lock.json");
        root.Assert(lockFile.Contains("\"Fixture.Alpha\"") && lockFile.Contains("\"SupplyChain.Sdk\"") && lockFile.Contains("contentHash"), "the lock file pins the direct, transitive and SDK packages with hashes: " + lockFile);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("1.*")]
    [InlineData("1.0.*-*")]
    public void Build_FloatingPackageReference_FailsWithSCSDK1009AtTheItem(string version)
    {
        using var root = E2ERoot.Create("Floating", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)version) });
        var build = root.DotNet("build", project);
        var error = root.AssertFailedWith(build, "SCSDK1009");
        root.Assert(error.File == root.FullPath(project) && error.Line == LineOf(root, project, "Include=\"Fixture.Alpha\""), $"SCSDK1009 names the project file and the line of the item, not {error.File}({error.Line})", build);
    }

    [Fact]
    public void Build_FloatingCentralPackageVersion_FailsWithSCSDK1009InDirectoryPackagesProps()
    {
        using var root = E2ERoot.Create("FloatingCentral", _feed, SdkReferenceStyle.GlobalPackageReference);
        root.WriteFile("Directory.Packages.props", root.ReadFile("Directory.Packages.props")
            .Replace("  </PropertyGroup>", "    <CentralPackageFloatingVersionsEnabled>true</CentralPackageFloatingVersionsEnabled>\n  </PropertyGroup>")
            .Replace("  </ItemGroup>", "    <PackageVersion Include=\"Fixture.Alpha\" Version=\"1.*\" />\n  </ItemGroup>"));
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)null) });
        var build = root.DotNet("build", project);
        var error = root.AssertFailedWith(build, "SCSDK1009");
        root.Assert(error.File == root.FullPath("Directory.Packages.props") && error.Line == LineOf(root, "Directory.Packages.props", "Include=\"Fixture.Alpha\""), $"SCSDK1009 points at the PackageVersion item, not {error.File}({error.Line})", build);
        root.Assert(error.Message.Contains("Pin it to '1.1.0'", System.StringComparison.Ordinal), "SCSDK1009 suggests the version restore resolved for 1.*: " + error.Message, build);
    }

    [Fact]
    public void Build_FloatingCentralVersionOfAPackageTheProjectDoesNotUse_IsReportedOnlyForTheProjectThatUsesIt()
    {
        using var root = E2ERoot.Create("FloatingCentralUnused", _feed, SdkReferenceStyle.GlobalPackageReference);
        root.WriteFile("Directory.Packages.props", root.ReadFile("Directory.Packages.props")
            .Replace("  </PropertyGroup>", "    <CentralPackageFloatingVersionsEnabled>true</CentralPackageFloatingVersionsEnabled>\n  </PropertyGroup>")
            .Replace("  </ItemGroup>", "    <PackageVersion Include=\"Fixture.Alpha\" Version=\"1.*\" />\n    <PackageVersion Include=\"Fixture.Gamma\" Version=\"1.0.0\" />\n  </ItemGroup>"));
        var clean = Consumer.Write(root, "Clean", new[] { ("Fixture.Gamma", (string?)null) });
        var user = Consumer.Write(root, "User", new[] { ("Fixture.Alpha", (string?)null) });

        var cleanBuild = root.DotNet("build", clean);
        root.AssertSucceeded(cleanBuild);
        root.Assert(!cleanBuild.Output.Contains("SCSDK1009", System.StringComparison.Ordinal), "a project that does not use the floating package draws no SCSDK1009", cleanBuild);

        var userBuild = root.DotNet("build", user);
        var error = root.AssertFailedWith(userBuild, "SCSDK1009");
        root.Assert(error.Message.Contains("Pin it to '1.1.0'", System.StringComparison.Ordinal) && !error.Message.Contains("'1.0.0'", System.StringComparison.Ordinal), "SCSDK1009 suggests the resolved version, not a made-up one: " + error.Message, userBuild);
    }

    [Theory]
    [InlineData("[1.0.0,2.0.0)")]
    [InlineData("(,1.1.0]")]
    [InlineData("[1.0.0,)")]
    public void Build_VersionRange_FailsWithSCSDK1010(string range)
    {
        using var root = E2ERoot.Create("Range", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)range) });
        var build = root.DotNet("build", project);
        root.AssertFailedWith(build, "SCSDK1010");
    }

    [Fact]
    public void Build_RequestedVersionMissing_FailsWithSCSDK1011()
    {
        using var root = E2ERoot.Create("ResolvedHigher", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"0.9.0") });
        var build = root.DotNet("build", project);
        root.AssertFailedWith(build, "SCSDK1011");
    }

    [Fact]
    public void Build_LockFilesTurnedOff_FailsWithSCSDK1000()
    {
        using var root = E2ERoot.Create("NoLockFile", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") }, extraProperties: "<RestorePackagesWithLockFile>false</RestorePackagesWithLockFile>");
        var build = root.DotNet("build", project);
        var error = root.AssertFailedWith(build, "SCSDK1000");
        root.Assert(error.Message.Contains("the project file sets RestorePackagesWithLockFile=false", System.StringComparison.Ordinal), "SCSDK1000 says the project file turns off what Directory.Build.props turned on: " + error.Message, build);
        root.Assert(error.File == root.FullPath(project) && error.Line == LineOf(root, project, "<RestorePackagesWithLockFile>false"), $"SCSDK1000 points at the setting, not {error.File}({error.Line})", build);
    }

    [Fact]
    public void Build_LockFileMissingAnEntry_FailsWithSCSDK1002()
    {
        using var root = PinnedAndBuilt("LockDrift", out var project);
        EditLock(root, lockText => Regex.Replace(lockText, "\"Fixture.Alpha\": \\{[^}]*\\},?", string.Empty));
        var build = root.DotNet("build", project, "--no-restore");
        var error = root.AssertFailedWith(build, "SCSDK1002");
        root.Assert(error.File == root.FullPath("src/App/packages.lock.json"), "SCSDK1002 names the lock file", build);
    }

    [Fact]
    public void Build_LockFileEditedToAnotherVersion_FailsWithSCSDK1006()
    {
        using var root = PinnedAndBuilt("LockEditedVersion", out var project);
        EditLock(root, lockText => lockText.Replace("\"resolved\": \"1.0.0\"", "\"resolved\": \"1.1.0\""));
        var build = root.DotNet("build", project, "--no-restore");
        root.AssertFailedWith(build, "SCSDK1006");
    }

    [Fact]
    public void Build_LockEntryWithoutContentHash_FailsWithSCSDK1004()
    {
        using var root = PinnedAndBuilt("LockNoHash", out var project);
        EditLock(root, lockText => Regex.Replace(lockText, ",\\s*\"contentHash\": \"[^\"]*\"", string.Empty, RegexOptions.None));
        var build = root.DotNet("build", project, "--no-restore");
        root.AssertFailedWith(build, "SCSDK1004");
    }

    [Fact]
    public void Build_LockFileTruncated_FailsWithSCSDK1001()
    {
        using var root = PinnedAndBuilt("LockTruncated", out var project);
        EditLock(root, lockText => lockText[..(lockText.Length / 2)]);
        var build = root.DotNet("build", project, "--no-restore");
        var error = root.AssertFailedWith(build, "SCSDK1001");
        root.Assert(error.Line > 0, "SCSDK1001 names the line where the lock file breaks", build);
    }

    [Fact]
    public void Build_PackageBytesChangedInPackagesFolder_FailsWithSCSDK1005()
    {
        using var root = PinnedAndBuilt("TamperedNupkg", out var project);
        var nupkg = Path.Combine(root.PackagesPath, "fixture.alpha", "1.0.0", "fixture.alpha.1.0.0.nupkg");
        using (var zip = ZipFile.Open(nupkg, ZipArchiveMode.Update))
        {
            using var writer = new StreamWriter(zip.CreateEntry("extra.txt").Open());
            writer.Write("not what was pinned");
        }

        var build = root.DotNet("build", project);
        root.AssertFailedWith(build, "SCSDK1005");
    }

    [Fact]
    public void Build_PackageMissingFromPackagesFolder_FailsWithSCSDK1007()
    {
        using var root = PinnedAndBuilt("MissingNupkg", out var project);
        File.Delete(Path.Combine(root.PackagesPath, "fixture.alpha", "1.0.0", "fixture.alpha.1.0.0.nupkg"));
        var build = root.DotNet("build", project, "--no-restore");
        root.AssertFailedWith(build, "SCSDK1007");
    }

    [Fact]
    public void Build_ExtractedAssemblySwappedEvenWithOldTimestamp_FailsWithSCSDK1008()
    {
        using var root = PinnedAndBuilt("PoisonedCache", out var project);
        var dll = Path.Combine(root.PackagesPath, "fixture.alpha", "1.0.0", "lib", "net8.0", "Fixture.Alpha.dll");
        var original = File.GetLastWriteTimeUtc(dll);
        File.WriteAllBytes(dll, TestAssemblyBuilder.Build("Fixture.Alpha", "poisoned", new System.Version(1, 0, 0, 0)));
        File.SetLastWriteTimeUtc(dll, original);
        var build = root.DotNet("build", project);
        var error = root.AssertFailedWith(build, "SCSDK1008");
        root.Assert(error.Message.Contains("Fixture.Alpha.dll", System.StringComparison.Ordinal), "SCSDK1008 names the swapped file", build);
    }

    [Fact]
    public void Build_SecondSourceWithoutMapping_FailsWithSCSDK1012()
    {
        using var root = E2ERoot.Create("NoSourceMapping", _feed);
        var config = root.ReadFile("nuget.config");
        root.WriteFile("nuget.config", Regex.Replace(config, "<packageSourceMapping>.*</packageSourceMapping>", "<packageSourceMapping><clear /></packageSourceMapping>", RegexOptions.Singleline));
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") });
        var build = root.DotNet("build", project);
        var error = root.AssertFailedWith(build, "SCSDK1012");
        root.Assert(error.File == root.FullPath("nuget.config"), "SCSDK1012 names the nuget.config restore used", build);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Build_SourceMappingRemovedAfterVerifiedBuild_FailsWithSCSDK1012OnTheNextBuild(bool noIncremental)
    {
        // Restore leaves the assets file as it was (same sources, same packages), so only the configuration tells.
        using var root = PinnedBuiltAndSettled(noIncremental ? "MappingRemovedNoIncremental" : "MappingRemoved", out var project);
        root.WriteFile("nuget.config", Regex.Replace(root.ReadFile("nuget.config"), "<packageSourceMapping>.*</packageSourceMapping>", string.Empty, RegexOptions.Singleline));
        var build = noIncremental ? root.DotNet("build", project, "--no-incremental") : root.DotNet("build", project);
        var error = root.AssertFailedWith(build, "SCSDK1012");
        root.Assert(error.File == root.FullPath("nuget.config"), "SCSDK1012 names the nuget.config restore used", build);
    }

    [Fact]
    public void Build_NoIncrementalAfterVerifiedBuild_VerifiesAgain()
    {
        using var root = PinnedBuiltAndSettled("NoIncrementalVerifies", out var project);
        var stamp = Directory.GetFiles(root.FullPath("src/App/obj"), "pinning.verified", SearchOption.AllDirectories).Single();
        var future = File.GetLastWriteTimeUtc(stamp).AddYears(1);
        File.SetLastWriteTimeUtc(stamp, future);
        var incremental = root.DotNet("build", project);
        root.AssertSucceeded(incremental);
        root.Assert(File.GetLastWriteTimeUtc(stamp) == future, "an incremental build with nothing changed keeps the verification (the stamp)", incremental);
        var build = root.DotNet("build", project, "--no-incremental");
        root.AssertSucceeded(build);
        root.Assert(File.Exists(stamp) && File.GetLastWriteTimeUtc(stamp) < future, "a build with --no-incremental verifies again even when the stamp looks newer than every input", build);
    }

    [Fact]
    public void Build_InsecureSourceAddedAfterVerifiedBuild_FailsWithSCSDK1013OnTheNextBuild()
    {
        using var root = PinnedBuiltAndSettled("InsecureSourceAdded", out var project);
        root.WriteFile("nuget.config", root.ReadFile("nuget.config")
            .Replace("  </packageSources>", "    <add key=\"insecure\" value=\"http://127.0.0.1:9/v3/index.json\" allowInsecureConnections=\"true\" />\n  </packageSources>")
            .Replace("  </packageSourceMapping>", "    <packageSource key=\"insecure\">\n      <package pattern=\"Nothing.Here.*\" />\n    </packageSource>\n  </packageSourceMapping>"));
        var build = root.DotNet("build", project);
        root.AssertFailedWith(build, "SCSDK1013");
    }

    [Fact]
    public void Build_PlainHttpSource_FailsWithSCSDK1013()
    {
        using var root = E2ERoot.Create("HttpSource", _feed);
        var config = root.ReadFile("nuget.config")
            .Replace("  </packageSources>", "    <add key=\"insecure\" value=\"http://127.0.0.1:9/v3/index.json\" allowInsecureConnections=\"true\" />\n  </packageSources>")
            .Replace("  </packageSourceMapping>", "    <packageSource key=\"insecure\">\n      <package pattern=\"Nothing.Here.*\" />\n    </packageSource>\n  </packageSourceMapping>");
        root.WriteFile("nuget.config", config);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") });
        var build = root.DotNet("build", project);
        root.AssertFailedWith(build, "SCSDK1013");
    }

    [Fact]
    public void Build_ContinuousIntegrationWithoutLockedRestore_FailsWithSCSDK1014()
    {
        // A PackageReference cannot make the restore locked (our props are not imported while NuGet restores),
        // so a CI build whose restore was not locked fails closed and says how to lock it.
        using var root = PinnedAndBuilt("CiUnlocked", out var project);
        root.SetEnvironment("CI", "true");
        var build = root.DotNet("build", project);
        var error = root.AssertFailedWith(build, "SCSDK1014");
        root.Assert(!error.Message.Contains("RestoreLockedMode=false", System.StringComparison.Ordinal), "SCSDK1014 does not tell to remove a setting the user never made: " + error.Message, build);
        root.AssertSucceeded(root.DotNet("build", project, "-p:RestoreLockedMode=true"));
    }

    [Fact]
    public void Build_ContinuousIntegrationWithRestoreLockedModeSetFalse_SCSDK1014SaysToRemoveIt()
    {
        using var root = E2ERoot.Create("CiLockedModeFalse", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") }, extraProperties: "<RestoreLockedMode>false</RestoreLockedMode>");
        root.AssertSucceeded(root.DotNet("build", project));
        root.SetEnvironment("CI", "true");
        var build = root.DotNet("build", project);
        var error = root.AssertFailedWith(build, "SCSDK1014");
        root.Assert(error.Message.Contains("sets RestoreLockedMode=false", System.StringComparison.Ordinal), "SCSDK1014 says the project sets RestoreLockedMode=false: " + error.Message, build);
    }

    [Fact]
    public void Build_MultiTargetedProjectsInCiWithoutLockedRestore_ReportSCSDK1014OncePerProjectAndFailEveryFramework()
    {
        using var root = E2ERoot.Create("CiUnlockedMultiTarget", _feed, registry: true);
        var frameworks = TestEnvironment.TargetFramework + ";net8.0";
        var lib = Consumer.Write(root, "Lib", new[] { ("Fixture.Gamma", (string?)"1.0.0") }, targetFrameworks: frameworks);
        var app = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") }, targetFrameworks: frameworks);
        root.WriteFile("All.slnx", $"<Solution>\n  <Project Path=\"{lib}\" />\n  <Project Path=\"{app}\" />\n</Solution>\n");
        root.AssertSucceeded(root.DotNet("build", "All.slnx"));
        root.SetEnvironment("CI", "true");

        var build = root.DotNet("build", "All.slnx");

        root.AssertFailedWith(build, "SCSDK1014");
        // The console logger repeats each error in its summary; a report names its project (and framework) after the message.
        var reports = build.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("error SCSDK1014", System.StringComparison.Ordinal)).Distinct().ToArray();
        root.Assert(reports.Count(r => r.Contains("App.csproj", System.StringComparison.Ordinal)) == 1 && reports.Count(r => r.Contains("Lib.csproj", System.StringComparison.Ordinal)) == 1, $"SCSDK1014 once per project, not once per framework; got {reports.Length}:\n{string.Join('\n', reports)}", build);
        root.Assert(!build.Output.Contains("MSB4181", System.StringComparison.Ordinal), "no MSB4181 beside the finding", build);
        foreach (var framework in frameworks.Split(';'))
        {
            root.AssertFailedWith(root.DotNet("build", app, "-f", framework), "SCSDK1014");
        }
    }

    [Fact]
    public void Build_ContinuousIntegrationWithProjectSdk_RestoresLockedAndFailsOnDrift()
    {
        using var root = E2ERoot.Create("CiLocked", _feed, SdkReferenceStyle.ProjectSdk);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") }, sdk: "SupplyChain.Sdk");
        root.AssertSucceeded(root.DotNet("build", project));
        root.SetEnvironment("CI", "true");
        var evaluated = root.DotNet("msbuild", project, "-t:Test_EvaluateExpressions");
        root.AssertSucceeded(evaluated);
        var values = root.ReadFile("src/App/evaluated.txt");
        root.Assert(values.Contains("RestoreLockedMode=true") && values.Contains("SupplyChainIsContinuousIntegration=true"), "CI turns on locked mode: " + values);
        root.AssertSucceeded(root.DotNet("build", project));
        Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0"), ("Fixture.Gamma", "1.0.0") }, sdk: "SupplyChain.Sdk");
        var build = root.DotNet("build", project);
        root.Assert(build.ExitCode != 0 && build.Errors.Any(e => e.Code == "NU1004"), "a changed dependency fails a CI restore (NU1004)", build);
    }

    [Fact]
    public void Build_PinningWarning_ReportsTheSameCodeAsWarningAndPasses()
    {
        using var root = E2ERoot.Create("PinningWarning", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.*") }, extraProperties: "<SupplyChainPinning>Warning</SupplyChainPinning>");
        var build = root.DotNet("build", project);
        root.Assert(build.ExitCode == 0 && build.Warnings.Any(w => w.Code == "SCSDK1009"), "SupplyChainPinning=Warning reports SCSDK1009 as a warning", build);
    }

    [Fact]
    public void Build_WarningsAsMessages_SilencesAWarning()
    {
        using var root = E2ERoot.Create("WarningsAsMessages", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.*") }, extraProperties: "<SupplyChainPinning>Warning</SupplyChainPinning><MSBuildWarningsAsMessages>SCSDK1009</MSBuildWarningsAsMessages>");
        var build = root.DotNet("build", project);
        root.Assert(build.ExitCode == 0 && build.SupplyChainDiagnostics.Count == 0, "MSBuildWarningsAsMessages silences SCSDK1009", build);
    }

    [Fact]
    public void LockVerify_CleanAndTamperedProjects_ExitsZeroThenOne()
    {
        using var root = PinnedAndBuilt("CliLockVerify", out var project);
        var tool = Path.Combine(TestEnvironment.ToolFolder, "SupplyChain.Tool.dll");
        var clean = ProcessRunner.Run("dotnet", new[] { tool, "lock", "verify", root.Path }, root.Path, root.Environment, System.TimeSpan.FromMinutes(3));
        root.Assert(clean.ExitCode == 0, "lock verify passes on the pinned project", clean);
        File.WriteAllBytes(Path.Combine(root.PackagesPath, "fixture.alpha", "1.0.0", "lib", "net8.0", "Fixture.Alpha.dll"), new byte[] { 1, 2, 3 });
        var tampered = ProcessRunner.Run("dotnet", new[] { tool, "lock", "verify", root.FullPath(project) }, root.Path, root.Environment, System.TimeSpan.FromMinutes(3));
        root.Assert(tampered.ExitCode == 1 && tampered.Errors.Any(e => e.Code == "SCSDK1008"), "lock verify exits 1 with SCSDK1008", tampered);
        var assets = Directory.GetFiles(root.Path, "project.assets.json", SearchOption.AllDirectories).Single();
        File.WriteAllText(assets, "{ \"version\": 3, \"targets\": ");
        var malformed = ProcessRunner.Run("dotnet", new[] { tool, "lock", "verify", root.FullPath(project) }, root.Path, root.Environment, System.TimeSpan.FromMinutes(3));
        root.Assert(malformed.ExitCode == 2 && malformed.Errors.Any(e => e.Code == "SCSDK1015"), "a malformed assets file exits 2 with SCSDK1015", malformed);
    }

    private E2ERoot PinnedAndBuilt(string scenario, out string project)
    {
        var root = E2ERoot.Create(scenario, _feed);
        project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") });
        root.AssertSucceeded(root.DotNet("build", project));
        return root;
    }

    // A second build after the racy interval: the verified files are then recorded as settled, so the next build
    // skips verification unless one of its inputs changed (the state in which a missed input lets a change through).
    private E2ERoot PinnedBuiltAndSettled(string scenario, out string project)
    {
        var root = PinnedAndBuilt(scenario, out project);
        System.Threading.Thread.Sleep(System.TimeSpan.FromSeconds(3));
        root.AssertSucceeded(root.DotNet("build", project));
        return root;
    }

    private static void EditLock(E2ERoot root, System.Func<string, string> edit)
    {
        var path = root.FullPath("src/App/packages.lock.json");
        File.WriteAllText(path, edit(File.ReadAllText(path)));
    }

    [Fact]
    public void SarifReport_SharedByTwoProjects_HasEachProjectsFindings_AFailedBuildsToo_AndDropsAFixedOne()
    {
        using var root = E2ERoot.Create("SarifShared", _feed);
        const string Report = "<SupplyChainSarifOutput>$(MSBuildProjectDirectory)/../../artifacts/supplychain.sarif</SupplyChainSarifOutput>";
        var app = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.*") }, extraProperties: "<SupplyChainPinning>Warning</SupplyChainPinning>" + Report);
        var lib = Consumer.Write(root, "Lib", new[] { ("Fixture.Alpha", (string?)"1.0.0") }, extraProperties: "<RestorePackagesWithLockFile>false</RestorePackagesWithLockFile>" + Report);
        var report = root.FullPath("artifacts/supplychain.sarif");

        var warned = root.DotNet("build", app);
        root.Assert(warned.ExitCode == 0 && warned.Warnings.Any(w => w.Code == "SCSDK1009"), "App builds with the pinning warning", warned);
        var failed = root.DotNet("build", lib);
        root.AssertFailedWith(failed, "SCSDK1000");
        var text = File.ReadAllText(report);
        root.Assert(text.Contains("\"ruleId\": \"SCSDK1009\"", System.StringComparison.Ordinal) && text.Contains("\"src/App/App.csproj#pinning\"", System.StringComparison.Ordinal), "the report has App's warning", failed);
        root.Assert(text.Contains("\"ruleId\": \"SCSDK1000\"", System.StringComparison.Ordinal) && text.Contains("\"src/Lib/Lib.csproj#pinning\"", System.StringComparison.Ordinal), "the report has the error that failed Lib's build:\n" + text, failed);
        root.Assert(!text.Contains(root.FullPath("src"), System.StringComparison.Ordinal) || text.Contains("%SRCROOT%", System.StringComparison.Ordinal), "locations are relative to the source root", failed);
        if (NodeInterop.SkipReason is null)
        {
            var validated = NodeInterop.RunScript("validate-sarif.mjs", [report], System.TimeSpan.FromMinutes(2));
            root.Assert(validated.ExitCode == 0, "the shared report validates against the SARIF 2.1.0 schema: " + validated.Output, failed);
        }

        // Fixing App's finding removes it from the report; Lib's stays.
        File.WriteAllText(root.FullPath(app), File.ReadAllText(root.FullPath(app)).Replace("Version=\"1.*\"", "Version=\"1.0.0\"", System.StringComparison.Ordinal));
        var fixedBuild = root.DotNet("build", app);
        root.AssertSucceeded(fixedBuild);
        text = File.ReadAllText(report);
        root.Assert(!text.Contains("SCSDK1009", System.StringComparison.Ordinal) && text.Contains("SCSDK1000", System.StringComparison.Ordinal), "the fixed warning left the report, Lib's error stayed:\n" + text, fixedBuild);

        // A deleted report is written again by the next build, even one with nothing else to do.
        File.Delete(report);
        var again = root.DotNet("build", app, "--no-restore");
        root.AssertSucceeded(again);
        root.Assert(File.Exists(report), "a no-op build writes the missing report again", again);
    }

    private static int LineOf(E2ERoot root, string relativePath, string text)
        => File.ReadAllLines(root.FullPath(relativePath)).Select((line, index) => (line, index)).First(l => l.line.Contains(text, System.StringComparison.Ordinal)).index + 1;
}
