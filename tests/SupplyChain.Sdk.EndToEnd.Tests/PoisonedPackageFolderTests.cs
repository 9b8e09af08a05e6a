using System.IO;
using System.Linq;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// A poisoned packages folder beyond the asset groups: a package's buildTransitive props import build/ props that no
/// asset group lists, and it ships DLLs under build/ and tools/ that a build or 'dotnet test' loads later. Every file in
/// the package folder is compared with the verified .nupkg, and a file the .nupkg does not contain is reported.
/// </summary>
[Collection(PinningCollection.Name)]
[Trait("Category", "E2E")]
public sealed class PoisonedPackageFolderTests
{
    private const string Id = "Fixture.Transitive";
    private const string Marker = "payload-ran.txt";
    private readonly FixtureFeed _feed;

    public PoisonedPackageFolderTests(FixtureFeed feed)
    {
        _feed = feed;
        var package = new TestPackageBuilder(Id, "1.0.0")
            .WithDependencyGroup("net8.0")
            .WithLibFile("net8.0", Id + ".dll", TestAssemblyBuilder.Build(Id, Id + " 1.0.0", new System.Version(1, 0, 0, 0)))
            .WithFile($"buildTransitive/{Id}.props", $"<Project>\n  <Import Project=\"$(MSBuildThisFileDirectory)../build/{Id}.props\" />\n</Project>\n")
            .WithFile($"build/{Id}.props", "<Project>\n  <PropertyGroup>\n    <FixtureTransitiveImported>true</FixtureTransitiveImported>\n  </PropertyGroup>\n</Project>\n")
            .WithFile($"build/{Id}.TestAdapter.dll", TestAssemblyBuilder.Build(Id + ".TestAdapter", "adapter", new System.Version(1, 0, 0, 0)))
            .WithFile($"tools/{Id}.Tasks.dll", TestAssemblyBuilder.Build(Id + ".Tasks", "tasks", new System.Version(1, 0, 0, 0)));
        if (!File.Exists(Path.Combine(_feed.Path, package.FileName)))
        {
            package.WriteTo(_feed.Path);
        }
    }

    [Fact]
    public void PackageReferenceForm_PayloadAppendedToBuildPropsImportedByBuildTransitive_FailsWithSCSDK1008()
    {
        using var root = E2ERoot.Create("PoisonedTransitivePropsPackageReference", _feed);
        var project = Consumer.Write(root, "App", new[] { (Id, (string?)"1.0.0") });
        root.AssertSucceeded(root.DotNet("build", project));
        AppendPayload(root);

        var build = root.DotNet("build", project);

        var error = root.AssertFailedWith(build, "SCSDK1008");
        root.Assert(error.Message.Contains($"build/{Id}.props", System.StringComparison.Ordinal) || (error.File?.EndsWith($"{Id}.props", System.StringComparison.Ordinal) ?? false), "SCSDK1008 names the imported build/ props", build);

        // The documented limit of this form, and the proof that the payload is live: the package's props are
        // imported before any target of ours, so the payload ran; the build fails all the same.
        root.Assert(File.Exists(root.FullPath(Marker)), "the payload in the build/ props that buildTransitive/ imports runs in a build", build);
    }

    [Fact]
    public void ProjectSdkForm_PayloadAppendedToBuildPropsImportedByBuildTransitive_NeverRuns()
    {
        using var root = E2ERoot.Create("PoisonedTransitivePropsSdk", _feed, SdkReferenceStyle.ProjectSdk);
        var project = Consumer.Write(root, "App", new[] { (Id, (string?)"1.0.0") }, sdk: "SupplyChain.Sdk");
        root.AssertSucceeded(root.DotNet("build", project));
        AppendPayload(root);

        var build = root.DotNet("build", project);

        root.AssertFailedWith(build, "SCSDK1008");
        root.Assert(!File.Exists(root.FullPath(Marker)), "the SDK form fails right after restore: the payload in the imported build/ props never ran", build);
    }

    [Theory]
    [InlineData("build/" + Id + ".TestAdapter.dll")]
    [InlineData("tools/" + Id + ".Tasks.dll")]
    public void Build_OneByteChangedInADllOutsideTheAssetGroups_FailsWithSCSDK1008(string relative)
    {
        using var root = E2ERoot.Create("PoisonedDll", _feed);
        var project = Consumer.Write(root, "App", new[] { (Id, (string?)"1.0.0") });
        root.AssertSucceeded(root.DotNet("build", project));
        var dll = Path.Combine(PackageFolder(root), relative);
        var bytes = File.ReadAllBytes(dll);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(dll, bytes);

        var build = root.DotNet("build", project);

        var error = root.AssertFailedWith(build, "SCSDK1008");
        root.Assert(error.File == Path.GetFullPath(dll), $"SCSDK1008 names the changed DLL, not {error.File}", build);
    }

    [Fact]
    public void Build_FileAddedToAVerifiedPackageFolder_FailsWithSCSDK1020EvenInANoOpBuild()
    {
        using var root = E2ERoot.Create("AddedFile", _feed);
        var project = Consumer.Write(root, "App", new[] { (Id, (string?)"1.0.0") });
        root.AssertSucceeded(root.DotNet("build", project));

        // Past the racy interval the verification is recorded and the next build is a no-op: it skips the
        // verification target, so only the every-build identity check of the package folders can see the new file.
        System.Threading.Thread.Sleep(System.TimeSpan.FromSeconds(2.5));
        root.AssertSucceeded(root.DotNet("build", project, "--no-restore"));
        var noOp = root.DotNet("build", project, "--no-restore", "-v:d");
        root.AssertSucceeded(noOp);
        root.Assert(noOp.Output.Contains("Skipping target \"_SupplyChainVerifyLockFile\" because all output files are up-to-date", System.StringComparison.Ordinal), "an unchanged build stays a no-op", noOp);

        var added = Path.Combine(PackageFolder(root), "build", Id + ".targets");
        File.WriteAllText(added, "<Project />\n");
        var build = root.DotNet("build", project, "--no-restore");

        var error = root.AssertFailedWith(build, "SCSDK1020");
        root.Assert(error.File == Path.GetFullPath(added), $"SCSDK1020 names the added file, not {error.File}", build);
    }

    [Fact]
    public void LockVerify_ChangedDllAndAddedFileOutsideTheAssetGroups_ExitsOne()
    {
        using var root = E2ERoot.Create("CliPoisonedFolder", _feed);
        var project = Consumer.Write(root, "App", new[] { (Id, (string?)"1.0.0") });
        root.AssertSucceeded(root.DotNet("build", project));
        var tool = Path.Combine(TestEnvironment.ToolFolder, "SupplyChain.Tool.dll");
        var clean = ProcessRunner.Run("dotnet", new[] { tool, "lock", "verify", root.FullPath(project) }, root.Path, root.Environment, System.TimeSpan.FromMinutes(3));
        root.Assert(clean.ExitCode == 0, "lock verify passes on the untouched folder", clean);

        var dll = Path.Combine(PackageFolder(root), "tools", Id + ".Tasks.dll");
        var bytes = File.ReadAllBytes(dll);
        bytes[^1] ^= 1;
        File.WriteAllBytes(dll, bytes);
        File.WriteAllText(Path.Combine(PackageFolder(root), "tools", "payload.dll"), "not in the package");
        var tampered = ProcessRunner.Run("dotnet", new[] { tool, "lock", "verify", root.FullPath(project) }, root.Path, root.Environment, System.TimeSpan.FromMinutes(3));
        root.Assert(tampered.ExitCode == 1, "lock verify exits 1", tampered);
        root.Assert(tampered.Errors.Any(e => e.Code == "SCSDK1008" && e.File == Path.GetFullPath(dll)), "lock verify reports the changed DLL with SCSDK1008", tampered);
        root.Assert(tampered.Errors.Any(e => e.Code == "SCSDK1020" && (e.File?.EndsWith("payload.dll", System.StringComparison.Ordinal) ?? false)), "lock verify reports the added file with SCSDK1020", tampered);
    }

    private static string PackageFolder(E2ERoot root) => Path.Combine(root.PackagesPath, Id.ToLowerInvariant(), "1.0.0");

    [Fact]
    public void CleanBuildOfTwoProjects_ComparesASharedPackageFolderOncePerMachine_AndStillCatchesATamperedTool()
    {
        // A clean build (CI) has no obj/ cache: without the machine's records every project would read every package
        // again. They may only spare work, never a check.
        using var root = E2ERoot.Create("SharedFolderRecords", _feed);
        Consumer.Write(root, "Lib", new[] { (Id, (string?)"1.0.0") });
        var app = Consumer.Write(root, "App", new[] { (Id, (string?)"1.0.0") }, projectReferences: new[] { "../Lib/Lib.csproj" });
        root.AssertSucceeded(root.DotNet("restore", app));
        // Past the racy interval (2 s) after extraction, a comparison is recorded for good.
        System.Threading.Thread.Sleep(System.TimeSpan.FromSeconds(2.5));
        root.AssertSucceeded(root.DotNet("build", app));

        // Without the machine's cache, each project of a clean build compares the folder: the count below can fail.
        Clean(root);
        root.SetEnvironment("SUPPLYCHAIN_DIGEST_CACHE", "off");
        var withoutMachineCache = root.DotNet("build", app, "-v:d");
        root.SetEnvironment("SUPPLYCHAIN_DIGEST_CACHE", null);
        root.AssertSucceeded(withoutMachineCache);
        root.Assert(Compared(withoutMachineCache) == 2, $"without the machine's cache both projects compare the folder (compared {Compared(withoutMachineCache)} times)", withoutMachineCache);

        Clean(root);
        var clean = root.DotNet("build", app, "-v:d");

        root.AssertSucceeded(clean);
        root.Assert(Compared(clean) == 0, $"a clean build of two projects after a build that verified the folder compares it with the .nupkg again in no project (compared {Compared(clean)} times)", clean);
        root.Assert(clean.Output.Contains("Task \"VerifyPackagesLockFile\"", System.StringComparison.Ordinal), "the verification task ran (the build was clean)", clean);

        var tool = Path.Combine(PackageFolder(root), "tools", Id + ".Tasks.dll");
        var modified = File.GetLastWriteTimeUtc(tool);
        File.WriteAllBytes(tool, TestAssemblyBuilder.Build(Id + ".Tasks", "tasks, poisoned", new System.Version(1, 0, 0, 0)));
        File.SetLastWriteTimeUtc(tool, modified);
        Clean(root);
        var tampered = root.DotNet("build", app);

        var error = root.AssertFailedWith(tampered, "SCSDK1008");
        root.Assert(error.Message.Contains($"tools/{Id}.Tasks.dll", System.StringComparison.Ordinal) || (error.File?.EndsWith($"{Id}.Tasks.dll", System.StringComparison.Ordinal) ?? false), "SCSDK1008 names the tampered tool", tampered);
    }

    private static int Compared(ProcessResult build)
        => build.Output.Split('\n').Count(l => l.Contains($"Compared the folder of '{Id}'", System.StringComparison.Ordinal));

    private static void Clean(E2ERoot root)
    {
        foreach (var project in new[] { "Lib", "App" })
        {
            foreach (var folder in new[] { "obj", "bin" })
            {
                var path = root.FullPath(Path.Combine("src", project, folder));
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
        }
    }

    /// <summary>Appends a target with an Exec that writes the marker to the build/ props that buildTransitive/ imports.</summary>
    private static void AppendPayload(E2ERoot root)
    {
        var props = Path.Combine(PackageFolder(root), "build", Id + ".props");
        var text = File.ReadAllText(props);
        var payload = $"""
              <Target Name="FixtureTransitivePayload" BeforeTargets="ResolvePackageAssets;CoreCompile">
                <Exec Command="echo ran &gt; &quot;{root.FullPath(Marker)}&quot;" />
              </Target>
            </Project>
            """;
        File.WriteAllText(props, text.Replace("</Project>", payload, System.StringComparison.Ordinal));
    }
}
