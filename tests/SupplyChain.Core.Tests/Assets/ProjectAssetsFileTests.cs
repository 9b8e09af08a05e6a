using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Frameworks;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Assets;

public class ProjectAssetsFileTests
{
    private static ProjectAssetsFile Parse(string json) => ProjectAssetsFile.Parse(Encoding.UTF8.GetBytes(json), "project.assets.json");

    public static IEnumerable<object[]> VectorAssetsFiles()
        => Directory.EnumerateFiles(RepositoryPaths.Vector("cyclonedx-dotnet-assets"), "*.json", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new object[] { Path.GetRelativePath(RepositoryPaths.VectorsRoot, p) });

    [VectorTheory]
    [MemberData(nameof(VectorAssetsFiles))]
    public void Read_RealAssetsFile_ParsesTargetsLibrariesAndProject(string relativePath)
    {
        var assets = ProjectAssetsFile.Read(RepositoryPaths.Vector(relativePath));
        Assert.Equal(3, assets.Version);
        Assert.NotEmpty(assets.Targets);
        Assert.NotEmpty(assets.PackageFolders);
        Assert.NotNull(assets.Restore);
        Assert.NotEmpty(assets.Restore.Sources);
        Assert.NotEmpty(assets.Frameworks);
        foreach (var target in assets.Targets)
        {
            foreach (var library in target.Libraries)
            {
                var entry = assets.FindLibrary(library.Id, library.Version);
                Assert.NotNull(entry);
                if (library.IsPackage)
                {
                    Assert.False(string.IsNullOrEmpty(entry.Sha512));
                    Assert.False(string.IsNullOrEmpty(entry.Path));
                }
            }
        }

        foreach (var target in assets.Targets)
        {
            Assert.Contains(assets.Frameworks, f => ProjectAssetsFile.GraphBelongsTo(target.Graph, target.Key, f));
        }
    }

    [VectorFact]
    public void Read_NetFrameworkAndRuntimeTargets_MatchTheProjectFrameworks()
    {
        var assets = ProjectAssetsFile.Read(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "Issue830-rsMultipleFrameworks", "project2assets.json"));
        var net472 = assets.FindFramework("net472");
        Assert.NotNull(net472);
        var targets = assets.Targets.Where(t => ProjectAssetsFile.GraphBelongsTo(t.Graph, t.Key, net472)).Select(t => t.Key).ToArray();
        Assert.Equal(new[] { ".NETFramework,Version=v4.7.2", ".NETFramework,Version=v4.7.2/win7-x86" }, targets);
        Assert.Equal("win7-x86", assets.Targets.Single(t => t.Key == ".NETFramework,Version=v4.7.2/win7-x86").Graph.RuntimeIdentifier);
        Assert.Contains(assets.Logs, l => l.Code.StartsWith("NU", StringComparison.Ordinal));
    }

    [VectorFact]
    public void Read_FloatingVersionsVector_KeepsTheFloatingRange()
    {
        var assets = ProjectAssetsFile.Read(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "TestcaseFiles", "FloatingVersions.json"));
        var dependency = Assert.Single(assets.Frameworks.Single().Dependencies);
        Assert.Equal("[2023.*, )", dependency.Version);
        Assert.Contains(assets.Restore!.Sources, s => s.StartsWith("http://", StringComparison.Ordinal));
    }

    [VectorFact]
    public void Read_ProjectReferences_AreProjectLibraries()
    {
        var assets = ProjectAssetsFile.Read(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "Issue894", "project1assets.json"));
        Assert.Contains(assets.Targets.SelectMany(t => t.Libraries), l => l.IsProject && l.Id == "ProjectB");
    }

    [Fact]
    public void Parse_Version4AsTheNet10SdkWritesIt_ReadsEveryField()
    {
        var json = """
            {
              "version": 4,
              "targets": {
                "net10.0": {
                  "Contoso.A/1.5.0": {
                    "type": "package",
                    "dependencies": { "Contoso.B": "1.0.0" },
                    "compile": { "lib/net8.0/Contoso.A.dll": {} },
                    "runtime": { "lib/net8.0/Contoso.A.dll": {} },
                    "contentFiles": { "contentFiles/any/any/readme.txt": { "buildAction": "Compile", "codeLanguage": "any", "copyToOutput": false } },
                    "build": { "build/Contoso.A.props": {} },
                    "runtimeTargets": { "runtimes/linux-x64/native/libx.so": { "assetType": "native", "rid": "linux-x64" } }
                  },
                  "Contoso.B/1.1.0": { "type": "package", "compile": { "lib/net8.0/_._": {} } }
                },
                "net10.0/linux-x64": {
                  "Contoso.A/1.5.0": { "type": "package", "native": { "runtimes/linux-x64/native/libx.so": {} } }
                }
              },
              "libraries": {
                "Contoso.A/1.5.0": { "sha512": "AAA=", "type": "package", "path": "contoso.a/1.5.0", "files": [ ".nupkg.metadata", "analyzers/dotnet/cs/A.dll", "lib/net8.0/Contoso.A.dll" ] },
                "Contoso.B/1.1.0": { "sha512": "BBB=", "type": "package", "path": "contoso.b/1.1.0", "files": [] }
              },
              "projectFileDependencyGroups": { "net10.0": [ "Contoso.A >= 1.5.0" ] },
              "packageFolders": { "/home/u/.nuget/packages/": {}, "/opt/fallback": {} },
              "project": {
                "version": "1.0.0",
                "restore": {
                  "projectPath": "/src/App/App.csproj",
                  "packagesPath": "/home/u/.nuget/packages/",
                  "crossTargeting": true,
                  "centralPackageVersionsManagementEnabled": true,
                  "CentralPackageTransitivePinningEnabled": true,
                  "fallbackFolders": [ "/opt/fallback" ],
                  "configFilePaths": [ "/src/nuget.config", "/home/u/.nuget/NuGet/NuGet.Config" ],
                  "sources": { "/srv/feed": {}, "https://api.nuget.org/v3/index.json": {} },
                  "restoreLockProperties": { "restorePackagesWithLockFile": "true", "restoreLockedMode": true }
                },
                "frameworks": {
                  "net10.0": {
                    "framework": "net10.0",
                    "targetAlias": "net10.0",
                    "dependencies": {
                      "Contoso.A": { "target": "Package", "version": "[1.5.0, )", "versionCentrallyManaged": true },
                      "Contoso.C": { "include": "Runtime, Build", "suppressParent": "All", "target": "Package", "version": "[1.0.0, )", "autoReferenced": true, "versionOverride": "[1.0.0, )" }
                    },
                    "centralPackageVersions": { "Contoso.A": "1.5.0", "Contoso.B": "1.1.0" }
                  }
                }
              },
              "centralTransitiveDependencyGroups": { "net10.0": { "Contoso.B": { "include": "All", "version": "[1.1.0, )" } } },
              "logs": [ { "code": "NU1603", "level": "Warning", "warningLevel": 1, "message": "m", "libraryId": "Contoso.B", "targetGraphs": [ "net10.0" ] } ]
            }
            """;
        var assets = Parse(json);
        Assert.Equal(4, assets.Version);
        Assert.Equal(new[] { "net10.0", "net10.0/linux-x64" }, assets.Targets.Select(t => t.Key));
        var a = assets.Targets[0].Libraries[0];
        Assert.Equal(("Contoso.A", "1.5.0", "package"), (a.Id, a.Version, a.Type));
        Assert.Equal("1.0.0", a.Dependencies["Contoso.B"]);
        Assert.Equal(new[] { "compile", "runtime", "runtimeTargets", "build", "contentFiles" }.OrderBy(x => x), a.AssetGroups.Keys.OrderBy(x => x));
        Assert.Equal("runtimes/linux-x64/native/libx.so", Assert.Single(assets.Targets[1].Libraries[0].AssetGroups[AssetGroups.Native]));
        Assert.Equal("lib/net8.0/_._", Assert.Single(assets.Targets[0].Libraries[1].AssetGroups[AssetGroups.Compile]));
        var library = assets.FindLibrary("contoso.a", "1.5.0")!;
        Assert.Equal(("AAA=", "contoso.a/1.5.0", 3), (library.Sha512, library.Path, library.Files.Count));
        Assert.Equal(new[] { "/home/u/.nuget/packages/", "/opt/fallback" }, assets.PackageFolders);
        var restore = assets.Restore!;
        Assert.Equal("/src/App/App.csproj", restore.ProjectPath);
        Assert.Equal(new[] { "/srv/feed", "https://api.nuget.org/v3/index.json" }, restore.Sources);
        Assert.Equal(2, restore.ConfigFilePaths.Count);
        Assert.Equal(new[] { "/opt/fallback" }, restore.FallbackFolders);
        Assert.True(restore.RestorePackagesWithLockFile);
        Assert.True(restore.RestoreLockedMode);
        Assert.True(restore.CentralPackageVersionsManagementEnabled);
        Assert.True(restore.CentralPackageTransitivePinningEnabled);
        var framework = Assert.Single(assets.Frameworks);
        Assert.Equal(TargetFrameworkName.Parse(".NETCoreApp,Version=v10.0"), framework.Framework);
        Assert.True(framework.Dependencies[0].VersionCentrallyManaged);
        Assert.True(framework.Dependencies[1].AutoReferenced);
        Assert.Equal("[1.0.0, )", framework.Dependencies[1].VersionOverride);
        Assert.Equal("1.1.0", framework.CentralPackageVersions["Contoso.B"]);
        Assert.Equal("[1.1.0, )", assets.CentralTransitiveDependencies["net10.0"]["Contoso.B"]);
        var log = Assert.Single(assets.Logs);
        Assert.Equal(("NU1603", "Contoso.B", "net10.0"), (log.Code, log.LibraryId, log.TargetGraphs.Single()));
    }

    [Fact]
    public void FindFramework_ByAliasOrByFrameworkInAnyForm()
    {
        var builder = new AssetsFileBuilder("/p/App.csproj", "/pkgs").AddFramework("apple", "net8.0", "net8.0").AddFramework("net472", ".NETFramework,Version=v4.7.2", ".NETFramework,Version=v4.7.2");
        var assets = Parse(builder.ToJson());
        Assert.Equal("apple", assets.FindFramework("apple")!.Alias);
        Assert.Equal("apple", assets.FindFramework(".NETCoreApp,Version=v8.0")!.Alias);
        Assert.Equal("net472", assets.FindFramework("net472")!.Alias);
        Assert.Null(assets.FindFramework("net9.0"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Parse_UnknownVersion_IsSCSDK1016(int version)
    {
        var ex = Assert.Throws<SupplyChainException>(() => Parse("{\n  \"version\": " + version + ",\n  \"targets\": {},\n  \"libraries\": {}\n}"));
        Assert.Equal("SCSDK1016", ex.Diagnostic.Code);
        Assert.Equal(2, ex.Diagnostic.Line);
        Assert.Contains("3 and 4", ex.Diagnostic.Message);
    }

    [Fact]
    public void Read_MissingFile_IsSCSDK1016()
    {
        using var dir = new TestDirectory();
        var ex = Assert.Throws<SupplyChainException>(() => ProjectAssetsFile.Read(dir.Combine("project.assets.json")));
        Assert.Equal("SCSDK1016", ex.Diagnostic.Code);
        Assert.Contains("does not exist", ex.Diagnostic.Message);
    }

    [Theory]
    [InlineData("{\n  \"version\": 3,\n  \"targets\": {\n    \"net10.0\": {\n      \"A/1.0.0\": {\n", 6)]
    [InlineData("{\n  \"version\": 3,\n  \"targets\": []\n}", 3)]
    [InlineData("{\n  \"version\": 3,\n  \"targets\": {\n    \"net10.0\": {\n      \"NoVersion\": {}\n    }\n  },\n  \"libraries\": {}\n}", 5)]
    [InlineData("{\n  \"version\": 3,\n  \"targets\": {\n    \"net10.0\": {\n      \"A/1.0.0\": { \"compile\": [] }\n    }\n  },\n  \"libraries\": {}\n}", 5)]
    [InlineData("{\n  \"version\": 3,\n  \"targets\": {},\n  \"libraries\": {\n    \"A/1.0.0\": { \"files\": \"x\" }\n  }\n}", 5)]
    [InlineData("{\n  \"version\": 3,\n  \"targets\": {},\n  \"libraries\": {},\n  \"project\": { \"restore\": { \"restoreLockProperties\": { \"restoreLockedMode\": \"maybe\" } } }\n}", 5)]
    [InlineData("{\n  \"version\": 3,\n  \"targets\": {},\n  \"libraries\": {},\n  \"logs\": {}\n}", 5)]
    [InlineData("{\n  \"version\": 3,\n  \"targets\": {\n    \"net10.0\": {\n      \"A/1.0.0\": {}\n    }\n  },\n  \"libraries\": {}\n}", 0)]
    [InlineData("{\n  \"version\": 3\n}", 1)]
    public void Parse_MalformedOrTruncated_IsSCSDK1015WithTheLine(string json, int line)
    {
        var ex = Assert.Throws<SupplyChainException>(() => Parse(json));
        Assert.Equal("SCSDK1015", ex.Diagnostic.Code);
        Assert.Equal(line, ex.Diagnostic.Line);
        Assert.Equal("project.assets.json", ex.Diagnostic.File);
    }

    [VectorFact]
    public void Parse_EveryTruncationOfARealAssetsFile_IsSCSDK1015()
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "TestcaseFiles", "SimpleNET6.0Library.json"));
        for (var length = 0; length < bytes.Length - 2; length += 101)
        {
            var ex = Assert.Throws<SupplyChainException>(() => ProjectAssetsFile.Parse(bytes.AsSpan(0, length), "x"));
            Assert.Equal("SCSDK1015", ex.Diagnostic.Code);
        }
    }
}
