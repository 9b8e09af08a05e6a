using System;
using System.IO;
using System.Linq;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Pinning;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Assets;

/// <summary>
/// Runs the real <c>dotnet restore</c> of this SDK against a local folder feed of packages written by
/// <see cref="TestPackageBuilder"/> (no network), and reads what NuGet wrote: the assets file and lock file readers
/// must understand it, floating versions and ranges must appear as documented, and the pinning checks must hold.
/// </summary>
public sealed class RealRestoreTests : IDisposable
{
    private readonly TestDirectory _root = new("restore");

    public RealRestoreTests()
    {
        var feed = _root.Combine("feed");
        new TestPackageBuilder("Fixture.Float", "1.0.0").WithLibFile("net8.0", "Fixture.Float.dll", "1.0.0").WriteTo(feed);
        new TestPackageBuilder("Fixture.Float", "1.1.0").WithLibFile("net8.0", "Fixture.Float.dll", "1.1.0").WriteTo(feed);
        new TestPackageBuilder("Fixture.Range", "1.0.0").WithDependency("net8.0", "Fixture.Dep", "1.0.0")
            .WithLibFile("net8.0", "Fixture.Range.dll", "range").WithFile("build/Fixture.Range.props", "<Project />").WithFile("analyzers/dotnet/cs/Fixture.Range.Analyzer.dll", "analyzer").WriteTo(feed);
        new TestPackageBuilder("Fixture.Range", "2.0.0").WithLibFile("net8.0", "Fixture.Range.dll", "range 2").WriteTo(feed);
        new TestPackageBuilder("Fixture.Dep", "1.0.0").WithLibFile("net8.0", "Fixture.Dep.dll", "dep").WithFile("analyzers/dotnet/cs/Fixture Dep.Analyzer.dll", "an entry name with an escaped space").WriteTo(feed);
        _root.WriteFile("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="fixtures" value="{feed}" />
              </packageSources>
              <packageSourceMapping>
                <clear />
                <packageSource key="fixtures">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    [Fact]
    public void Restore_FloatingVersionAndRange_AreWrittenAsDocumentedAndReported()
    {
        var project = _root.WriteFile("app/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Fixture.Float" Version="1.*" />
                <PackageReference Include="Fixture.Range" Version="[1.0,2.0)" />
              </ItemGroup>
            </Project>
            """);
        Restore(project);

        var assets = ProjectAssetsFile.Read(_root.Combine("app", "obj", "project.assets.json"));
        Assert.Contains(assets.Version, ProjectAssetsFile.SupportedVersions);
        var dependencies = assets.Frameworks.Single().Dependencies.ToDictionary(d => d.Id, d => d.Version);
        Assert.Equal("[1.*, )", dependencies["Fixture.Float"]);
        Assert.Equal("[1.0.0, 2.0.0)", dependencies["Fixture.Range"]);
        Assert.Equal(_root.Combine("packages"), assets.PackageFolders.Single().TrimEnd('/'));

        var lockFile = PackagesLockFileReader.Read(_root.Combine("app", "packages.lock.json"));
        var entries = lockFile.Targets.Single().Dependencies.ToDictionary(e => e.Id);
        Assert.Equal(("[1.*, )", "1.1.0"), (entries["Fixture.Float"].Requested, entries["Fixture.Float"].Resolved));
        Assert.Equal(("[1.0.0, 2.0.0)", "1.0.0"), (entries["Fixture.Range"].Requested, entries["Fixture.Range"].Resolved));
        Assert.Equal(PackagesLockDependencyType.Transitive, entries["Fixture.Dep"].Type);

        var sink = new DiagnosticBag();
        var result = PinningVerifier.Verify(
            new PinningRequest(project, _root.Combine("app", "obj", "project.assets.json"), _root.Combine("app", "packages.lock.json"))
            {
                DeclaredVersions = new[]
                {
                    new DeclaredPackageVersion("PackageReference", "Fixture.Float", "1.*", null, project),
                    new DeclaredPackageVersion("PackageReference", "Fixture.Range", "[1.0,2.0)", null, project),
                },
            },
            sink);
        Assert.Equal(new[] { "SCSDK1009", "SCSDK1010" }, sink.Diagnostics.Select(d => d.Code).OrderBy(c => c));
        Assert.Equal(new[] { 7, 8 }, sink.Diagnostics.OrderBy(d => d.Code).Select(d => d.Line));
        Assert.Equal(3, result.Packages.Count);
        Assert.Contains(result.Files, f => f.RelativePath == "analyzers/dotnet/cs/Fixture.Range.Analyzer.dll");
        Assert.Contains(result.Files, f => f.RelativePath == "analyzers/dotnet/cs/Fixture Dep.Analyzer.dll");
        Assert.Contains(result.Files, f => f.RelativePath == "build/Fixture.Range.props");

        var dll = Path.Combine(_root.Combine("packages"), "fixture.dep", "1.0.0", "lib", "net8.0", "Fixture.Dep.dll");
        File.WriteAllText(dll, "tampered");
        var again = new DiagnosticBag();
        PinningVerifier.Verify(new PinningRequest(project, _root.Combine("app", "obj", "project.assets.json"), _root.Combine("app", "packages.lock.json")), again);
        Assert.Contains(again.Diagnostics, d => d.Code == "SCSDK1008" && d.File == dll);
    }

    [Fact]
    public void Restore_CentralPackageManagementWithExplicitOpenRange_IsReportedFromTheAssetsFileAlone()
    {
        _root.WriteFile("cpm/Directory.Packages.props", """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                <CentralPackageTransitivePinningEnabled>true</CentralPackageTransitivePinningEnabled>
              </PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="Fixture.Range" Version="[1.0,)" />
                <PackageVersion Include="Fixture.Dep" Version="1.0.0" />
              </ItemGroup>
            </Project>
            """);
        var project = _root.WriteFile("cpm/App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Fixture.Range" />
              </ItemGroup>
            </Project>
            """);
        Restore(project);
        var assetsPath = _root.Combine("cpm", "App", "obj", "project.assets.json");
        var assets = ProjectAssetsFile.Read(assetsPath);
        Assert.Equal("[1.0,)", assets.Frameworks.Single().CentralPackageVersions["Fixture.Range"]);
        Assert.Equal("[1.0.0, )", assets.Frameworks.Single().Dependencies.Single().Version);
        var lockFile = PackagesLockFileReader.Read(_root.Combine("cpm", "App", "packages.lock.json"));
        Assert.Equal(2, lockFile.Version);
        Assert.Equal(PackagesLockDependencyType.CentralTransitive, lockFile.Targets.Single().Dependencies.Single(e => e.Id == "Fixture.Dep").Type);

        var sink = new DiagnosticBag();
        var result = PinningVerifier.Verify(new PinningRequest(project, assetsPath, _root.Combine("cpm", "App", "packages.lock.json")) { IsContinuousIntegration = true }, sink);
        var range = Assert.Single(sink.Diagnostics, d => d.Code == "SCSDK1010");
        Assert.Equal(_root.Combine("cpm", "Directory.Packages.props"), range.File);
        Assert.Equal(7, range.Line);
        Assert.Single(sink.Diagnostics, d => d.Code == "SCSDK1014");
        Assert.Equal(2, sink.Diagnostics.Count);
        Assert.Equal(2, result.Packages.Count);
    }

    public void Dispose() => _root.Dispose();

    private void Restore(string project)
    {
        var environment = ProcessRunner.CleanEnvironment();
        environment["NUGET_PACKAGES"] = _root.Combine("packages");
        var result = ProcessRunner.Run("dotnet", new[] { "restore", project, "-nodeReuse:false" }, Path.GetDirectoryName(project)!, environment, TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.Tail());
    }
}
