using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Pinning;
using SupplyChain.Core.Tests.IO;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Pinning;

public class PinningVerifierTests
{
    private static TestPackageBuilder PackageA() => new TestPackageBuilder("Contoso.A", "1.0.0")
        .WithDependency("net8.0", "Contoso.B", "2.0.0")
        .WithLibFile("net8.0", "Contoso.A.dll", "assembly A")
        .WithFile("build/Contoso.A.props", "<Project />")
        .WithFile("analyzers/dotnet/cs/Contoso.A.Analyzers.dll", "analyzer A")
        .WithFile("lib/net8.0/My File.txt", "a file whose entry name is percent-encoded");

    private static TestPackageBuilder PackageB() => new TestPackageBuilder("Contoso.B", "2.0.0")
        .WithLibFile("net8.0", "Contoso.B.dll", "assembly B");

    private static PinningScenario ValidScenario()
    {
        var scenario = new PinningScenario();
        scenario.AddPackage(PackageA(), dependencies: new Dictionary<string, string> { ["Contoso.B"] = "2.0.0" });
        scenario.AddPackage(PackageB(), direct: false);
        return scenario;
    }

    [Fact]
    public void Verify_ConsistentRestore_IsValidAndListsPackagesAndFiles()
    {
        using var scenario = ValidScenario();
        var result = scenario.Verify();
        Assert.Empty(scenario.Sink.Diagnostics);
        Assert.True(result.IsValid);
        Assert.Equal(new[] { "Contoso.A", "Contoso.B" }, result.Packages.Select(p => p.Id).OrderBy(i => i));
        var a = result.Packages.Single(p => p.Id == "Contoso.A");
        Assert.Equal(scenario.ContentHashes["Contoso.A"], a.ContentHash);
        Assert.Equal(a.ContentHash, a.FileSha512);
        Assert.True(File.Exists(a.NupkgPath));
        var files = result.Files.Select(f => f.RelativePath).ToHashSet();
        Assert.Contains("lib/net8.0/Contoso.A.dll", files);
        Assert.Contains("lib/net8.0/My File.txt", files);
        Assert.Contains("build/Contoso.A.props", files);
        Assert.Contains("analyzers/dotnet/cs/Contoso.A.Analyzers.dll", files);
        Assert.Contains("lib/net8.0/Contoso.B.dll", files);
    }

    [Fact]
    public void Verify_ModeOff_ChecksNothing()
    {
        using var scenario = ValidScenario();
        scenario.WriteLockFile = false;
        var result = scenario.Verify(r => r with { Mode = PinningMode.Off });
        Assert.Empty(scenario.Sink.Diagnostics);
        Assert.True(result.IsValid);
        Assert.Empty(result.Packages);
    }

    [Fact]
    public void Verify_ModeWarning_ReportsTheSameCodeAsWarning()
    {
        using var scenario = ValidScenario();
        scenario.WriteLockFile = false;
        var result = scenario.Verify(r => r with { Mode = PinningMode.Warning });
        var diagnostic = scenario.Single("SCSDK1000");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("PackageReference", "*")]
    [InlineData("PackageReference", "1.*")]
    [InlineData("PackageReference", "1.0.*-*")]
    [InlineData("PackageVersion", "1.*")]
    [InlineData("GlobalPackageReference", "1.0.*-*")]
    public void Verify_FloatingDeclaredVersion_ReportsSCSDK1009AtTheItem(string itemType, string version)
    {
        using var scenario = ValidScenario();
        var props = scenario.Root.WriteFile("Directory.Packages.props", $"""
            <Project>
              <ItemGroup>
                <PackageVersion Include="Other" Version="2.0.0" />
                <{itemType} Include="contoso.a" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        scenario.Declared.Add(new DeclaredPackageVersion(itemType, "Contoso.A", version, null, props));
        var result = scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1009");
        Assert.Equal(props, diagnostic.File);
        Assert.Equal(4, diagnostic.Line);
        Assert.Contains(itemType, diagnostic.Message);
        Assert.Contains("'" + version + "'", diagnostic.Message);
        Assert.Contains("'1.0.0'", diagnostic.Message);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Verify_FloatingVersionOnlyInAssetsFile_ReportsSCSDK1009AtThePackageReference()
    {
        using var scenario = new PinningScenario();
        scenario.AddPackage(PackageB(), requested: "[2.*, )");
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1009");
        Assert.Equal(scenario.ProjectPath, diagnostic.File);
        Assert.Equal(6, diagnostic.Line);
        Assert.Contains("'[2.*, )'", diagnostic.Message);
    }

    [Fact]
    public void Verify_FloatingCentralPackageVersionInAssetsFile_ReportsSCSDK1009InTheCentralFile()
    {
        // Contoso.B is a transitive package of the project, pinned centrally (transitive pinning).
        using var scenario = ValidScenario();
        var props = scenario.Root.WriteFile("Directory.Packages.props", """
            <Project>
              <ItemGroup>
                <PackageVersion Include="Contoso.B" Version="2.*" />
              </ItemGroup>
            </Project>
            """);
        scenario.Assets.AddCentralPackageVersion(PinningScenario.Framework, "Contoso.B", "2.*");
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1009");
        Assert.Equal(props, diagnostic.File);
        Assert.Equal(3, diagnostic.Line);
        Assert.Contains("PackageVersion", diagnostic.Message);
        Assert.Contains("Pin it to '2.0.0'", diagnostic.Message);
    }

    [Fact]
    public void Verify_FloatingCentralVersionOfAPackageTheProjectDoesNotUse_IsNoFindingOfThisProject()
    {
        using var scenario = ValidScenario();
        var props = scenario.Root.WriteFile("Directory.Packages.props", """
            <Project>
              <ItemGroup>
                <PackageVersion Include="Contoso.Unused" Version="3.*" />
              </ItemGroup>
            </Project>
            """);
        scenario.Assets.AddCentralPackageVersion(PinningScenario.Framework, "Contoso.Unused", "3.*");
        scenario.Declared.Add(new DeclaredPackageVersion("PackageVersion", "Contoso.Unused", "3.*", null, props));
        var result = scenario.Verify();
        Assert.DoesNotContain("SCSDK1009", scenario.Codes());
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Verify_FloatingVersionRestoreDidNotResolve_MakesUpNoVersion()
    {
        using var scenario = ValidScenario();
        scenario.Declared.Add(new DeclaredPackageVersion("PackageReference", "Contoso.Missing", "4.*", null, scenario.ProjectPath));
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1009");
        Assert.DoesNotContain("'1.0.0'", diagnostic.Message);
        Assert.DoesNotContain("'4.", diagnostic.Message.Replace("'4.*'", string.Empty, StringComparison.Ordinal));
        Assert.Contains("Pin one exact version.", diagnostic.Message);
    }

    [Theory]
    [InlineData("[1.0,2.0)")]
    [InlineData("(,2.0]")]
    [InlineData("[1.0,)")]
    [InlineData("(1.0,)")]
    [InlineData("[1.0, 1.5]")]
    public void Verify_DeclaredRange_ReportsSCSDK1010(string version)
    {
        using var scenario = ValidScenario();
        scenario.Declared.Add(new DeclaredPackageVersion("PackageReference", "Contoso.A", version, null, scenario.ProjectPath));
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1010");
        Assert.Equal(scenario.ProjectPath, diagnostic.File);
        Assert.Equal(6, diagnostic.Line);
        Assert.Contains("'" + version + "'", diagnostic.Message);
    }

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("1.0")]
    [InlineData("[1.0.0]")]
    [InlineData("[1.0, 1.0]")]
    public void Verify_PinnedDeclaredVersion_IsNotAFinding(string version)
    {
        using var scenario = ValidScenario();
        scenario.Declared.Add(new DeclaredPackageVersion("PackageReference", "Contoso.A", version, null, scenario.ProjectPath));
        var result = scenario.Verify();
        Assert.Empty(scenario.Sink.Diagnostics);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Verify_VersionOverrideRange_ReportsSCSDK1010()
    {
        using var scenario = ValidScenario();
        scenario.Declared.Add(new DeclaredPackageVersion("PackageReference", "Contoso.A", null, "[1.0,2.0)", scenario.ProjectPath));
        scenario.Verify();
        Assert.Contains("'[1.0,2.0)'", scenario.Single("SCSDK1010").Message);
    }

    [Theory]
    [InlineData("[2.0.0, 3.0.0)")]
    [InlineData("(, 2.0.0]")]
    [InlineData("(1.0.0, )")]
    public void Verify_RangeOnlyInAssetsFile_ReportsSCSDK1010(string range)
    {
        using var scenario = new PinningScenario();
        scenario.AddPackage(PackageB(), requested: range);
        scenario.Verify();
        Assert.Contains("'" + range + "'", scenario.Single("SCSDK1010").Message);
    }

    [Fact]
    public void Verify_RestoreLogNU1603_ReportsSCSDK1011()
    {
        using var scenario = ValidScenario();
        scenario.Assets.AddLog("NU1603", "Contoso.B", "Contoso.A 1.0.0 depends on Contoso.B (>= 1.9.0) but Contoso.B 1.9.0 was not found. Contoso.B 2.0.0 was resolved instead.", PinningScenario.Framework);
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1011");
        Assert.Contains("'Contoso.B'", diagnostic.Message);
        Assert.Contains("2.0.0", diagnostic.Message);
    }

    [Fact]
    public void Verify_DirectDependencyResolvedAboveLowerBound_ReportsSCSDK1011()
    {
        using var scenario = new PinningScenario();
        scenario.AddPackage(PackageB(), requested: "[1.5.0, )");
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1011");
        Assert.Contains("[1.5.0, )", diagnostic.Message);
        Assert.Contains("resolved 2.0.0", diagnostic.Message);
        Assert.Equal(scenario.ProjectPath, diagnostic.File);
    }

    [Fact]
    public void Verify_NoLockFileBecauseTheProjectTurnsLockFilesOff_SCSDK1000SaysTheProjectFileDoesAt()
    {
        using var scenario = ValidScenario();
        scenario.WriteLockFile = false;
        scenario.WriteFiles();
        File.WriteAllText(scenario.ProjectPath, File.ReadAllText(scenario.ProjectPath).Replace("  <PropertyGroup>\n", "  <PropertyGroup>\n    <RestorePackagesWithLockFile>false</RestorePackagesWithLockFile>\n", StringComparison.Ordinal));
        var sink = new DiagnosticBag();
        PinningVerifier.Verify(scenario.Request(r => r with { LockFilesEnabled = false, LockFilesEnabledBeforeProject = true }), sink);
        var diagnostic = Assert.Single(sink.Diagnostics, d => d.Code == "SCSDK1000");
        Assert.Contains("the project file sets RestorePackagesWithLockFile=false", diagnostic.Message);
        Assert.DoesNotContain("Set RestorePackagesWithLockFile=true in Directory.Build.props", diagnostic.Message);
        Assert.Equal(3, diagnostic.Line);
    }

    [Fact]
    public void Verify_NoLockFileTurnedOffBeforeTheProject_SCSDK1000DoesNotBlameTheProjectFile()
    {
        using var scenario = ValidScenario();
        scenario.WriteLockFile = false;
        scenario.Verify(r => r with { LockFilesEnabled = false, LockFilesEnabledBeforeProject = false });
        var diagnostic = scenario.Single("SCSDK1000");
        Assert.Contains("false before the project body", diagnostic.Message);
        Assert.DoesNotContain("project file sets", diagnostic.Message);
    }

    [Fact]
    public void Verify_NoLockFile_ReportsSCSDK1000()
    {
        using var scenario = ValidScenario();
        scenario.WriteLockFile = false;
        var result = scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1000");
        Assert.Equal(scenario.ProjectPath, diagnostic.File);
        Assert.Contains(scenario.LockPath, diagnostic.Message);
        Assert.False(result.IsValid);
        Assert.Equal(2, result.Packages.Count);
    }

    [Fact]
    public void Verify_NoLockFileAndNoPackages_IsValid()
    {
        using var scenario = new PinningScenario { WriteLockFile = false };
        var result = scenario.Verify();
        Assert.Empty(scenario.Sink.Diagnostics);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Verify_DependencyAddedAfterLocking_ReportsSCSDK1002()
    {
        using var scenario = ValidScenario();
        scenario.Lock.Root["dependencies"]![PinningScenario.Framework]!.AsObject().Remove("Contoso.B");
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1002");
        Assert.Equal(scenario.LockPath, diagnostic.File);
        Assert.Contains("'Contoso.B' 2.0.0", diagnostic.Message);
    }

    [Fact]
    public void Verify_DependencyRemovedAfterLocking_ReportsSCSDK1002AtTheEntry()
    {
        using var scenario = ValidScenario();
        scenario.Lock.Add(PinningScenario.Framework, "Contoso.Gone", "Transitive", null, "1.0.0", "AAAA");
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1002");
        Assert.Contains("'Contoso.Gone'", diagnostic.Message);
        Assert.Equal(LineOf(scenario.LockPath, "\"Contoso.Gone\""), diagnostic.Line);
    }

    [Fact]
    public void Verify_RequestedRangeChanged_ReportsSCSDK1002()
    {
        using var scenario = ValidScenario();
        scenario.Lock.Entry(PinningScenario.Framework, "Contoso.A")["requested"] = "[0.9.0, )";
        scenario.Verify();
        Assert.Contains("requests 'Contoso.A' [1.0.0, )", scenario.Single("SCSDK1002").Message);
    }

    [Fact]
    public void Verify_LockFileHasAnotherFramework_ReportsSCSDK1002ForBothSections()
    {
        using var scenario = ValidScenario();
        var section = scenario.Lock.Root["dependencies"]!.AsObject();
        var entries = section[PinningScenario.Framework]!.DeepClone();
        section.Remove(PinningScenario.Framework);
        section["net8.0"] = entries;
        scenario.Verify();
        var messages = scenario.Sink.Diagnostics.Where(d => d.Code == "SCSDK1002").Select(d => d.Message).ToArray();
        Assert.Equal(2, messages.Length);
        Assert.Contains(messages, m => m.Contains("no section for 'net10.0'"));
        Assert.Contains(messages, m => m.Contains("section for 'net8.0'"));
    }

    [Fact]
    public void Verify_LongFrameworkKeyInLockFile_MatchesShortTarget()
    {
        using var scenario = ValidScenario();
        var section = scenario.Lock.Root["dependencies"]!.AsObject();
        var entries = section[PinningScenario.Framework]!.DeepClone();
        section.Remove(PinningScenario.Framework);
        section[".NETCoreApp,Version=v10.0"] = entries;
        var result = scenario.Verify();
        Assert.Empty(scenario.Sink.Diagnostics);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Verify_TransitiveLockedAsDirect_ReportsSCSDK1002()
    {
        using var scenario = ValidScenario();
        scenario.Lock.Entry(PinningScenario.Framework, "Contoso.B")["type"] = "Direct";
        scenario.Verify();
        Assert.Contains("no longer references it", scenario.Single("SCSDK1002").Message);
    }

    [Fact]
    public void Verify_LockedDependenciesOfAnEntryDiffer_ReportsSCSDK1002()
    {
        using var scenario = ValidScenario();
        scenario.Lock.Entry(PinningScenario.Framework, "Contoso.A")["dependencies"]!["Contoso.B"] = "1.0.0";
        scenario.Verify();
        Assert.Contains("'Contoso.B' of 'Contoso.A' as 1.0.0", scenario.Single("SCSDK1002").Message);
    }

    [Fact]
    public void Verify_EntryWithoutContentHash_ReportsSCSDK1004AtTheEntry()
    {
        using var scenario = ValidScenario();
        scenario.Lock.Entry(PinningScenario.Framework, "Contoso.B").Remove("contentHash");
        var result = scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1004");
        Assert.Equal(scenario.LockPath, diagnostic.File);
        Assert.Equal(LineOf(scenario.LockPath, "\"Contoso.B\": {"), diagnostic.Line);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Verify_LockedHashEdited_ReportsSCSDK1006AndSCSDK1005()
    {
        using var scenario = ValidScenario();
        var forged = Convert.ToBase64String(new byte[64]);
        scenario.Lock.Entry(PinningScenario.Framework, "Contoso.B")["contentHash"] = forged;
        scenario.Verify();
        Assert.Contains(forged, scenario.Single("SCSDK1006").Message);
        var mismatch = scenario.Single("SCSDK1005");
        Assert.Equal(scenario.LockPath, mismatch.File);
        Assert.Contains(forged, mismatch.Message);
        Assert.Contains(scenario.ContentHashes["Contoso.B"], mismatch.Message);
    }

    [Fact]
    public void Verify_LockedVersionEdited_ReportsSCSDK1006()
    {
        using var scenario = ValidScenario();
        scenario.Lock.Entry(PinningScenario.Framework, "Contoso.B")["resolved"] = "2.0.1";
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1006");
        Assert.Contains("2.0.1", diagnostic.Message);
        Assert.Contains("restore resolved 2.0.0", diagnostic.Message);
    }

    [Fact]
    public void Verify_NupkgReplacedInPackagesFolder_ReportsSCSDK1005AtTheLockEntry()
    {
        using var scenario = ValidScenario();
        var nupkg = Path.Combine(scenario.PackageDirectories["Contoso.B"], "contoso.b.2.0.0.nupkg");
        File.WriteAllBytes(nupkg, new TestPackageBuilder("Contoso.B", "2.0.0").WithLibFile("net8.0", "Contoso.B.dll", "evil").Build());
        var result = scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1005");
        Assert.Equal(scenario.LockPath, diagnostic.File);
        Assert.Equal(LineOf(scenario.LockPath, "\"Contoso.B\": {"), diagnostic.Line);
        Assert.DoesNotContain(result.Packages, p => p.Id == "Contoso.B");
        Assert.DoesNotContain(result.Files, f => f.PackageId == "Contoso.B");
    }

    [Fact]
    public void Verify_SignedPackage_IsVerifiedByItsContentHashNotItsFileHash()
    {
        using var scenario = new PinningScenario();
        var unsigned = PackageB().Build();
        var signed = TestPackageSigner.AppendSignatureEntry(unsigned, new byte[] { 0x30, 0x82, 0x01, 0x00 });
        scenario.AddPackage(PackageB(), nupkg: signed, contentHash: TestPackagesFolder.UnsignedContentHash(unsigned));
        var result = scenario.Verify();
        Assert.Empty(scenario.Sink.Diagnostics);
        var package = Assert.Single(result.Packages);
        Assert.Equal(TestPackagesFolder.UnsignedContentHash(unsigned), package.ContentHash);
        Assert.Equal(TestPackagesFolder.UnsignedContentHash(signed), package.FileSha512);
        Assert.NotEqual(package.ContentHash, package.FileSha512);
    }

    [Fact]
    public void Verify_NupkgMissing_ReportsSCSDK1007()
    {
        using var scenario = ValidScenario();
        File.Delete(Path.Combine(scenario.PackageDirectories["Contoso.B"], "contoso.b.2.0.0.nupkg"));
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1007");
        Assert.Contains("contoso.b.2.0.0.nupkg", diagnostic.Message);
        Assert.Equal(scenario.LockPath, diagnostic.File);
    }

    [Fact]
    public void Verify_PackagesFolderMissing_ReportsSCSDK1017()
    {
        using var scenario = ValidScenario();
        Directory.Delete(scenario.PackagesFolder, recursive: true);
        scenario.Verify();
        Assert.Contains(scenario.PackagesFolder, scenario.Single("SCSDK1017").Message);
    }

    [Theory]
    [InlineData("lib/net8.0/Contoso.A.dll")]
    [InlineData("build/Contoso.A.props")]
    [InlineData("analyzers/dotnet/cs/Contoso.A.Analyzers.dll")]
    [InlineData("lib/net8.0/My File.txt")]
    public void Verify_ExtractedFileChanged_ReportsSCSDK1008ForThatFile(string relativePath)
    {
        using var scenario = ValidScenario();
        var path = Path.Combine(scenario.PackageDirectories["Contoso.A"], relativePath);
        var original = File.ReadAllBytes(path);
        original[0] ^= 0x20;
        File.WriteAllBytes(path, original);
        var result = scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1008");
        Assert.Equal(Path.GetFullPath(path), diagnostic.File);
        Assert.Contains("content differs", diagnostic.Message);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Verify_ExtractedFileDeleted_ReportsSCSDK1008()
    {
        using var scenario = ValidScenario();
        File.Delete(Path.Combine(scenario.PackageDirectories["Contoso.B"], "lib", "net8.0", "Contoso.B.dll"));
        scenario.Verify();
        Assert.Contains("missing", scenario.Single("SCSDK1008").Message);
    }

    [Theory]
    [InlineData("tools/Contoso.T.Tasks.dll")]
    [InlineData("build/Contoso.T.TestAdapter.dll")]
    [InlineData("buildTransitive/Contoso.T.props")]
    public void Verify_FileOutsideTheAssetGroupsChanged_ReportsSCSDK1008ForThatFile(string relativePath)
    {
        using var scenario = ValidScenario();
        scenario.AddPackage(new TestPackageBuilder("Contoso.T", "1.0.0")
            .WithLibFile("net8.0", "Contoso.T.dll", "assembly T")
            .WithFile("buildTransitive/Contoso.T.props", "<Project><Import Project=\"../build/Contoso.T.props\" /></Project>")
            .WithFile("build/Contoso.T.TestAdapter.dll", "adapter")
            .WithFile("tools/Contoso.T.Tasks.dll", "tasks"));
        var path = Path.Combine(scenario.PackageDirectories["Contoso.T"], relativePath);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 1;
        File.WriteAllBytes(path, bytes);
        scenario.Verify();
        Assert.Equal(Path.GetFullPath(path), scenario.Single("SCSDK1008").File);
    }

    [Fact]
    public void Verify_FileAddedToPackageFolder_ReportsSCSDK1020ForThatFile()
    {
        using var scenario = ValidScenario();
        var added = Path.Combine(scenario.PackageDirectories["Contoso.A"], "build", "Contoso.A.targets");
        File.WriteAllText(added, "<Project />");
        var result = scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1020");
        Assert.Equal(Path.GetFullPath(added), diagnostic.File);
        Assert.Contains("Contoso.A", diagnostic.Message);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Verify_NupkgIsNotAZip_ReportsSCSDK1018()
    {
        using var scenario = ValidScenario();
        File.WriteAllText(Path.Combine(scenario.PackageDirectories["Contoso.B"], "contoso.b.2.0.0.nupkg"), "not a zip at all, but long enough to look for an end record");
        scenario.Verify();
        Assert.Contains("SCSDK1018", scenario.Codes());
    }

    [Fact]
    public void Verify_HttpSource_ReportsSCSDK1013AtTheConfigLine()
    {
        using var scenario = ValidScenario();
        scenario.ConfigXml = """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="http://feed.example/v3/index.json" />
              </packageSources>
            </configuration>
            """;
        scenario.Assets.Root["project"]!["restore"]!["sources"] = new System.Text.Json.Nodes.JsonObject { ["http://feed.example/v3/index.json"] = new System.Text.Json.Nodes.JsonObject() };
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1013");
        Assert.Equal(scenario.ConfigPath, diagnostic.File);
        Assert.Equal(5, diagnostic.Line);
    }

    [Fact]
    public void Verify_TwoSourcesWithoutMapping_ReportsSCSDK1012AtPackageSources()
    {
        using var scenario = ValidScenario();
        scenario.ConfigXml = """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                <add key="local" value="/srv/feed" />
              </packageSources>
            </configuration>
            """;
        scenario.Assets.AddSource("/srv/feed");
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1012");
        Assert.Equal(scenario.ConfigPath, diagnostic.File);
        Assert.Equal(3, diagnostic.Line);
        Assert.Contains("'/srv/feed'", diagnostic.Message);
    }

    [Fact]
    public void Verify_TwoSourcesWithMapping_IsValid()
    {
        using var scenario = ValidScenario();
        scenario.Assets.AddSource("/srv/feed");
        var result = scenario.Verify();
        Assert.Empty(scenario.Sink.Diagnostics);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Verify_MappingClearedByNearerConfig_ReportsSCSDK1012()
    {
        using var scenario = ValidScenario();
        var nearer = scenario.Root.WriteFile("src/nuget.config", """
            <configuration>
              <packageSourceMapping>
                <clear />
              </packageSourceMapping>
            </configuration>
            """);
        var configs = scenario.Assets.Root["project"]!["restore"]!["configFilePaths"]!.AsArray();
        configs.Insert(0, nearer);
        scenario.Assets.AddSource("/srv/feed");
        scenario.Verify();
        Assert.Single(scenario.Sink.Diagnostics, d => d.Code == "SCSDK1012");
    }

    [Theory]
    [InlineData(null, true, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, false)]
    [InlineData(null, false, false)]
    public void Verify_LockedModeInContinuousIntegration_ReportsSCSDK1014WhenNotLocked(bool? lockedMode, bool ci, bool expected)
    {
        using var scenario = ValidScenario();
        scenario.Assets.WithLockedMode(lockedMode);
        scenario.Verify(r => r with { IsContinuousIntegration = ci });
        Assert.Equal(expected, scenario.Codes().Contains("SCSDK1014"));
    }

    [Theory]
    [InlineData(true, "sets RestoreLockedMode=false")]
    [InlineData(false, "Set RestoreLockedMode=true for CI builds in Directory.Build.props")]
    public void Verify_NotLockedInContinuousIntegration_SCSDK1014SaysRemoveOnlyWhenTheUserSetItFalse(bool setToFalse, string expected)
    {
        using var scenario = ValidScenario();
        scenario.Assets.WithLockedMode(null);
        scenario.Verify(r => r with { IsContinuousIntegration = true, RestoreLockedModeSetToFalse = setToFalse });
        var diagnostic = scenario.Single("SCSDK1014");
        Assert.Contains(expected, diagnostic.Message);
        Assert.Equal(setToFalse, diagnostic.Message.Contains("remove", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Verify_Result_ListsTheConfigurationFilesRestoreRead()
    {
        using var scenario = ValidScenario();
        var result = scenario.Verify();
        Assert.Equal(new[] { scenario.ConfigPath }, result.RestoreConfigFiles);
    }

    [Fact]
    public void Verify_AssetsFileMissing_ReportsSCSDK1016()
    {
        using var scenario = ValidScenario();
        var result = PinningVerifier.Verify(new PinningRequest(scenario.ProjectPath, scenario.Root.Combine("nope.json"), scenario.LockPath), scenario.Sink);
        Assert.Equal("SCSDK1016", Assert.Single(result.Diagnostics).Code);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Verify_AssetsFileTruncated_ReportsSCSDK1015()
    {
        using var scenario = ValidScenario();
        scenario.WriteFiles();
        var text = File.ReadAllText(scenario.AssetsPath);
        File.WriteAllText(scenario.AssetsPath, text[..(text.Length / 2)]);
        var result = PinningVerifier.Verify(scenario.Request(), scenario.Sink);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SCSDK1015", diagnostic.Code);
        Assert.True(diagnostic.Line > 1);
    }

    [Fact]
    public void Verify_LockFileMalformed_ReportsSCSDK1001AndStillChecksPackages()
    {
        using var scenario = ValidScenario();
        scenario.WriteFiles();
        File.WriteAllText(scenario.LockPath, "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net10.0\": [\n");
        var result = PinningVerifier.Verify(scenario.Request(), scenario.Sink);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SCSDK1001", diagnostic.Code);
        Assert.Equal(scenario.LockPath, diagnostic.File);
        Assert.Equal(2, result.Packages.Count);
    }

    [Fact]
    public void Verify_LockFileOfUnknownVersion_ReportsSCSDK1003()
    {
        using var scenario = ValidScenario();
        scenario.Lock.Root["version"] = 4;
        scenario.Verify();
        var diagnostic = scenario.Single("SCSDK1003");
        Assert.Equal(2, diagnostic.Line);
    }

    [Fact]
    public void Verify_TargetFramework_ChecksOnlyThatFramework()
    {
        using var scenario = ValidScenario();
        scenario.Assets.AddFramework("net8.0");
        scenario.Assets.AddPackage("net8.0", "Contoso.Unlocked", "1.0.0", "AAAA");
        var result = scenario.Verify(r => r with { TargetFramework = "net10.0" });
        Assert.Empty(scenario.Sink.Diagnostics);
        Assert.True(result.IsValid);

        scenario.Verify(r => r with { TargetFramework = "net8.0" });
        Assert.Contains("SCSDK1002", scenario.Codes());
    }

    [Fact]
    public void Verify_AliasedFrameworksWithVersionThreeLockFile_MatchSectionsByAlias()
    {
        using var scenario = new PinningScenario();
        var b = PackageB();
        var bytes = b.Build();
        var hash = TestPackagesFolder.UnsignedContentHash(bytes);
        TestPackagesFolder.Install(scenario.PackagesFolder, b.Id, b.Version, bytes);
        var assets = scenario.Assets.Root;
        assets["project"]!["frameworks"]!.AsObject().Clear();
        assets["targets"]!.AsObject().Clear();
        foreach (var alias in new[] { "apple", "banana" })
        {
            scenario.Assets.AddFramework(alias, "net10.0", alias);
        }

        var groups = new Dictionary<string, string[]> { ["compile"] = new[] { "lib/net8.0/Contoso.B.dll" }, ["runtime"] = new[] { "lib/net8.0/Contoso.B.dll" } };
        scenario.Assets.AddPackage("banana", "Contoso.B", "2.0.0", hash, groups).AddDirectDependency("banana", "Contoso.B", "[2.0.0, )");
        scenario.Lock.Root.Clear();
        scenario.Lock.Root["version"] = 3;
        scenario.Lock.Root["apple"] = new System.Text.Json.Nodes.JsonObject { ["framework"] = "net10.0", ["dependencies"] = new System.Text.Json.Nodes.JsonObject() };
        scenario.Lock.Root["banana"] = new System.Text.Json.Nodes.JsonObject
        {
            ["framework"] = "net10.0",
            ["dependencies"] = new System.Text.Json.Nodes.JsonObject
            {
                ["Contoso.B"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "Direct", ["requested"] = "[2.0.0, )", ["resolved"] = "2.0.0", ["contentHash"] = hash },
            },
        };
        var result = scenario.Verify();
        Assert.Empty(scenario.Sink.Diagnostics);
        Assert.Single(result.Packages);

        scenario.Verify(r => r with { TargetFramework = "apple" });
        Assert.Empty(scenario.Sink.Diagnostics);

        scenario.Lock.Root["apple"]!["dependencies"]!["Contoso.B"] = scenario.Lock.Root["banana"]!["dependencies"]!["Contoso.B"]!.DeepClone();
        scenario.Verify(r => r with { TargetFramework = "apple" });
        Assert.Contains("'apple'", scenario.Single("SCSDK1002").Message);
    }

    [Fact]
    public void Verify_UnknownTargetFramework_ReportsSCSDK1016()
    {
        using var scenario = ValidScenario();
        scenario.Verify(r => r with { TargetFramework = "net9.0" });
        Assert.Contains("net9.0", scenario.Single("SCSDK1016").Message);
    }

    [Fact]
    public void Verify_RuntimeGraphWithOnlyPortablePackages_NeedsNoLockEntries()
    {
        using var scenario = ValidScenario();
        var targets = scenario.Assets.Root["targets"]!.AsObject();
        targets["net10.0/linux-x64"] = targets[PinningScenario.Framework]!.DeepClone();
        scenario.Lock.AddSection("net10.0/linux-x64");
        var result = scenario.Verify();
        Assert.Empty(scenario.Sink.Diagnostics);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Verify_RuntimeGraphWithRuntimeSpecificPackage_MustLockIt()
    {
        using var scenario = ValidScenario();
        var targets = scenario.Assets.Root["targets"]!.AsObject();
        var runtime = targets[PinningScenario.Framework]!.DeepClone().AsObject();
        runtime["Contoso.B/2.0.0"]!["native"] = new System.Text.Json.Nodes.JsonObject { ["runtimes/linux-x64/native/libb.so"] = new System.Text.Json.Nodes.JsonObject() };
        targets["net10.0/linux-x64"] = runtime;
        scenario.Lock.AddSection("net10.0/linux-x64");
        scenario.Verify(r => r with { VerifyPackageHashes = false });
        Assert.Contains("'Contoso.B' 2.0.0 for 'net10.0/linux-x64'", scenario.Single("SCSDK1002").Message);
    }

    [Fact]
    public void Verify_ProjectReference_IsLockedAsProject()
    {
        using var scenario = ValidScenario();
        scenario.Assets.AddProjectReference(PinningScenario.Framework, "Lib", "../Lib/Lib.csproj");
        scenario.Lock.Add(PinningScenario.Framework, "lib", "Project", null, null, null);
        var result = scenario.Verify();
        Assert.Empty(scenario.Sink.Diagnostics);
        Assert.True(result.IsValid);

        scenario.Lock.Root["dependencies"]![PinningScenario.Framework]!.AsObject().Remove("lib");
        scenario.Verify();
        Assert.Contains("the project 'Lib'", scenario.Single("SCSDK1002").Message);
    }

    [Fact]
    public void Verify_CentralTransitivePinChanged_ReportsSCSDK1002()
    {
        using var scenario = ValidScenario();
        scenario.Lock.Entry(PinningScenario.Framework, "Contoso.B")["type"] = "CentralTransitive";
        scenario.Lock.Entry(PinningScenario.Framework, "Contoso.B")["requested"] = "[2.0.0, )";
        scenario.Assets.AddCentralTransitive(PinningScenario.Framework, "Contoso.B", "[2.0.0, )");
        scenario.Verify();
        Assert.Empty(scenario.Sink.Diagnostics);

        scenario.Assets.AddCentralTransitive(PinningScenario.Framework, "Contoso.B", "[2.1.0, )");
        scenario.Verify(r => r with { VerifyPackageHashes = false });
        Assert.Contains("central version of 'Contoso.B' is [2.1.0, )", scenario.Single("SCSDK1002").Message);
    }

    [Fact]
    public void Verify_VerifyPackageHashesOff_DoesNotReadThePackagesFolder()
    {
        using var scenario = ValidScenario();
        File.WriteAllText(Path.Combine(scenario.PackageDirectories["Contoso.B"], "contoso.b.2.0.0.nupkg"), "garbage");
        var result = scenario.Verify(r => r with { VerifyPackageHashes = false });
        Assert.Empty(scenario.Sink.Diagnostics);
        Assert.Empty(result.Packages);
    }

    [LinuxFact]
    public void Verify_WithCache_SecondRunReadsNothingAndASwappedFileIsStillCaught()
    {
        using var scenario = ValidScenario();
        var cache = scenario.Root.Combine("src", "App", "obj", "supplychain.verified.json");
        var first = scenario.Verify(r => r with { VerifiedFilesCachePath = cache });
        Assert.True(first.IsValid);
        Assert.All(first.Files, f => Assert.False(f.FromCache));

        // The cache only records files changed more than a moment before; let that moment pass.
        WaitPastRacyInterval();
        scenario.Verify(r => r with { VerifiedFilesCachePath = cache });
        var third = scenario.Verify(r => r with { VerifiedFilesCachePath = cache });
        Assert.True(third.IsValid);
        Assert.All(third.Files, f => Assert.True(f.FromCache));

        var target = Path.Combine(scenario.PackageDirectories["Contoso.A"], "lib", "net8.0", "Contoso.A.dll");
        var mtime = File.GetLastWriteTimeUtc(target);
        var bytes = File.ReadAllBytes(target);
        bytes[0] ^= 1;
        File.WriteAllBytes(target, bytes);
        File.SetLastWriteTimeUtc(target, mtime);
        var fourth = scenario.Verify(r => r with { VerifiedFilesCachePath = cache });
        Assert.Equal(Path.GetFullPath(target), scenario.Single("SCSDK1008").File);
        Assert.False(fourth.IsValid);
    }

    internal static void WaitPastRacyInterval()
        => System.Threading.Thread.Sleep(Core.Packages.VerifiedFileCache.RacyInterval + TimeSpan.FromMilliseconds(200));

    internal static int LineOf(string file, string text)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(text, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"'{text}' is not in {file}.");
    }
}
