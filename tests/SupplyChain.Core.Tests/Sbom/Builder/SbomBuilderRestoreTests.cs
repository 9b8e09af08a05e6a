using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Sbom.Builder;

/// <summary>
/// The SBOM of a project restored by the real <c>dotnet restore</c>: packages from a local folder feed (with
/// <c>&lt;clear/&gt;</c> sources and package source mapping), an isolated packages folder, a project reference, a
/// development dependency and a PrivateAssets="all" reference, all under the system temp folder.
/// </summary>
public sealed class SbomBuilderRestoreTests : IDisposable
{
    private readonly TestDirectory _root = new("sbom-restore");

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Build_AfterRealRestore_DescribesTheRestoredPackages()
    {
        var feed = _root.Combine("feed");
        var packages = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["Fixture.Alpha"] = SbomScenario.Package("Fixture.Alpha", "1.0.0").Build(),
            ["Fixture.Beta"] = SbomScenario.Package("Fixture.Beta", "1.0.0").WithDependency("net8.0", "Fixture.Alpha", "1.0.0").Build(),
            ["Fixture.Dev"] = new TestPackageBuilder("Fixture.Dev", "1.0.0").AsDevelopmentDependency().WithFile("analyzers/dotnet/cs/Fixture.Dev.dll", "analyzer").Build(),
            ["Fixture.Priv"] = SbomScenario.Package("Fixture.Priv", "1.0.0").WithDependency("net8.0", "Fixture.Alpha", "1.0.0").Build(),
        };
        Directory.CreateDirectory(feed);
        foreach (var (id, bytes) in packages)
        {
            File.WriteAllBytes(Path.Combine(feed, TestPackageBuilder.FileNameOf(id, "1.0.0")), bytes);
        }

        _root.WriteFile("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="fixtures" value="{feed}" /></packageSources>
              <packageSourceMapping><clear /><packageSource key="fixtures"><package pattern="*" /></packageSource></packageSourceMapping>
            </configuration>
            """);
        File.Copy(Path.Combine(RepositoryPaths.Root, "global.json"), _root.Combine("global.json"));
        _root.WriteFile("Directory.Build.props", "<Project />");
        _root.WriteFile("Directory.Build.targets", "<Project />");
        _root.WriteFile(Path.Combine("src", "Lib", "Lib.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><PackageId>Contoso.Lib</PackageId><Version>2.0.0</Version></PropertyGroup>
              <ItemGroup><PackageReference Include="Fixture.Alpha" Version="1.0.0" /></ItemGroup>
            </Project>
            """);
        var project = _root.WriteFile(Path.Combine("src", "App", "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><RestorePackagesWithLockFile>true</RestorePackagesWithLockFile></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Fixture.Beta" Version="1.0.0" />
                <PackageReference Include="Fixture.Dev" Version="1.0.0" />
                <PackageReference Include="Fixture.Priv" Version="1.0.0" PrivateAssets="all" />
                <ProjectReference Include="../Lib/Lib.csproj" />
              </ItemGroup>
            </Project>
            """);
        var packagesFolder = _root.Combine(".packages");
        var environment = ProcessRunner.CleanEnvironment();
        environment["NUGET_PACKAGES"] = packagesFolder;

        var restore = ProcessRunner.Run("dotnet", ["restore", project, "-nodeReuse:false"], _root.Path, environment, TimeSpan.FromMinutes(5));

        Assert.True(restore.ExitCode == 0, restore.Tail());
        var result = BuiltSbom.From(SbomBuilder.Build(
            new SbomRequest
            {
                Project = new SbomProject { Path = project, Name = "App" },
                AssetsFilePath = _root.Combine("src", "App", "obj", "project.assets.json"),
                LockFilePath = _root.Combine("src", "App", "packages.lock.json"),
                BaseDirectory = _root.Path,
                ProjectReferences = [new SbomProjectReference("../Lib/Lib.csproj") { IsPackable = true, PackageId = "Contoso.Lib", PackageVersion = "2.0.0" }],
                Tool = SbomTool.SupplyChainSdk("1.0.0"),
            },
            new DiagnosticBag()));

        Assert.Empty(result.Diagnostics);
        var bom = result.Bom;
        const string Lib = "pkg:nuget/Contoso.Lib@2.0.0";
        Assert.Equal(
            ["pkg:nuget/Contoso.Lib@2.0.0", "pkg:nuget/Fixture.Alpha@1.0.0", "pkg:nuget/Fixture.Beta@1.0.0", "pkg:nuget/Fixture.Dev@1.0.0", "pkg:nuget/Fixture.Priv@1.0.0"],
            bom.Components.Select(c => c.BomRef!).Order(StringComparer.Ordinal));
        Assert.Equal([Lib, "pkg:nuget/Fixture.Beta@1.0.0", "pkg:nuget/Fixture.Dev@1.0.0", "pkg:nuget/Fixture.Priv@1.0.0"], bom.DependsOn(bom.RootRef()));
        Assert.Equal(["pkg:nuget/Fixture.Alpha@1.0.0"], bom.DependsOn(Lib));
        Assert.Equal(["pkg:nuget/Fixture.Alpha@1.0.0"], bom.DependsOn("pkg:nuget/Fixture.Priv@1.0.0"));
        Assert.Equal(ComponentScope.Excluded, bom.Component("pkg:nuget/Fixture.Dev@1.0.0").Scope);
        Assert.Equal(ComponentScope.Excluded, bom.Component("pkg:nuget/Fixture.Priv@1.0.0").Scope);
        Assert.Equal(ComponentScope.Required, bom.Component("pkg:nuget/Fixture.Alpha@1.0.0").Scope);
        Assert.Equal(ComponentScope.Required, bom.Component("pkg:nuget/Fixture.Beta@1.0.0").Scope);
        foreach (var (id, bytes) in packages)
        {
            var component = bom.Component(PackageUrl.NuGet(id, "1.0.0"));
            Assert.Equal(SbomScenario.Sha512Hex(bytes), component.Hashes.Single(h => h.Algorithm == CycloneDxHashAlgorithm.Sha512).Content);
            Assert.Equal([TestPackagesFolder.UnsignedContentHash(bytes)], component.PropertyValues(SbomPropertyNames.NuGetContentHash));
            Assert.Equal(["net10.0"], component.PropertyValues(SbomPropertyNames.TargetFramework));
        }

        var text = Encoding.UTF8.GetString(result.Bytes);
        Assert.DoesNotContain(_root.Path, text, StringComparison.Ordinal);
    }
}
