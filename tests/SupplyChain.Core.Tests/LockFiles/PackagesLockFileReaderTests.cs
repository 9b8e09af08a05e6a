using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Frameworks;
using SupplyChain.Core.LockFiles;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.LockFiles;

public class PackagesLockFileReaderTests
{
    private static PackagesLockFile Parse(string json) => PackagesLockFileReader.Parse(Encoding.UTF8.GetBytes(json), "packages.lock.json");

    private static SupplyChainException Fails(string json) => Assert.Throws<SupplyChainException>(() => Parse(json));

    public static IEnumerable<object[]> VectorLockFiles()
        => Directory.EnumerateFiles(RepositoryPaths.Vector("nuget-lockfiles"), "packages.lock.json", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new object[] { Path.GetRelativePath(RepositoryPaths.VectorsRoot, p) });

    [VectorTheory]
    [MemberData(nameof(VectorLockFiles))]
    public void Read_RealLockFile_ParsesEveryEntry(string relativePath)
    {
        var path = RepositoryPaths.Vector(relativePath);
        var lockFile = PackagesLockFileReader.Read(path);
        Assert.Contains(lockFile.Version, PackagesLockFile.SupportedVersions);
        Assert.NotEmpty(lockFile.Targets);
        var lines = File.ReadAllLines(path);
        foreach (var target in lockFile.Targets)
        {
            Assert.NotEmpty(target.Dependencies);
            Assert.Contains("\"" + target.Key + "\"", lines[target.Line - 1]);
            foreach (var entry in target.Dependencies)
            {
                Assert.True(Enum.IsDefined(entry.Type));
                Assert.Contains("\"" + entry.Id + "\"", lines[entry.Line - 1]);
                if (entry.Type == PackagesLockDependencyType.Direct)
                {
                    Assert.False(string.IsNullOrEmpty(entry.Requested), $"{entry.Id} in {target.Key} has no requested range.");
                }

                if (entry.Type == PackagesLockDependencyType.Project)
                {
                    Assert.Null(entry.ContentHash);
                }
                else
                {
                    Assert.False(string.IsNullOrEmpty(entry.Resolved));
                    Assert.Equal(64, Convert.FromBase64String(entry.ContentHash!).Length);
                }
            }
        }
    }

    [VectorFact]
    public void Read_QowaivLockFile_MapsLongAndShortKeys()
    {
        var lockFile = PackagesLockFileReader.Read(RepositoryPaths.Vector("nuget-lockfiles", "Qowaiv__Qowaiv", "src", "Qowaiv", "packages.lock.json"));
        Assert.Equal(2, lockFile.Version);
        var frameworks = lockFile.Targets.Select(t => t.Graph.Framework).ToArray();
        Assert.Contains(TargetFrameworkName.Parse("netstandard2.0"), frameworks);
        Assert.Contains(TargetFrameworkName.Parse("net8.0"), frameworks);
        Assert.Contains(TargetFrameworkName.Parse(".NETCoreApp,Version=v10.0"), frameworks);
    }

    [VectorFact]
    public void Read_CycloneDxLockFile_HasProjectAndCentralTransitiveEntries()
    {
        var lockFile = PackagesLockFileReader.Read(RepositoryPaths.Vector("nuget-lockfiles", "CycloneDX__cyclonedx-dotnet", "CycloneDX.Tests", "packages.lock.json"));
        var entries = lockFile.Targets.SelectMany(t => t.Dependencies).ToArray();
        Assert.Contains(entries, e => e.Type == PackagesLockDependencyType.Project && e.Id == "cyclonedx");
        Assert.Contains(entries, e => e.Type == PackagesLockDependencyType.CentralTransitive);
    }

    [Fact]
    public void Parse_VersionOneWithRuntimeAndPlatformSections_ReadsEverything()
    {
        var lockFile = Parse("""
            {
              "version": 1,
              "dependencies": {
                "net8.0-windows10.0.19041": {
                  "Contoso.A": {
                    "type": "Direct",
                    "requested": "[1.0.0, )",
                    "resolved": "1.0.0",
                    "contentHash": "abc=",
                    "dependencies": {
                      "Contoso.B": "[2.0.0, )"
                    }
                  },
                  "lib": {
                    "type": "Project"
                  }
                },
                "net8.0-windows10.0.19041/win-x64": {
                  "runtime.win-x64.Contoso": {
                    "type": "transitive",
                    "resolved": "1.0.0",
                    "contentHash": "def="
                  }
                }
              }
            }
            """);
        Assert.Equal(1, lockFile.Version);
        Assert.Equal(2, lockFile.Targets.Count);
        var first = lockFile.Targets[0];
        Assert.Equal("windows", first.Graph.Framework.Platform);
        Assert.Null(first.Graph.RuntimeIdentifier);
        Assert.Equal(4, first.Line);
        var a = first.Dependencies[0];
        Assert.Equal((PackagesLockDependencyType.Direct, "[1.0.0, )", "1.0.0", "abc=", 5), (a.Type, a.Requested, a.Resolved, a.ContentHash, a.Line));
        Assert.Equal("[2.0.0, )", a.Dependencies["contoso.b"]);
        Assert.Equal(PackagesLockDependencyType.Project, first.Dependencies[1].Type);
        Assert.Equal(14, first.Dependencies[1].Line);
        Assert.Equal("win-x64", lockFile.Targets[1].Graph.RuntimeIdentifier);
        Assert.Equal(PackagesLockDependencyType.Transitive, lockFile.Targets[1].Dependencies[0].Type);
    }

    [Fact]
    public void Parse_VersionThreeWithAliases_ReadsSectionsKeyedByAlias()
    {
        // What the .NET 10 SDK writes for <TargetFrameworks>apple;banana</TargetFrameworks> (both net10.0) with a RuntimeIdentifier.
        var lockFile = Parse("""
            {
              "version": 3,
              "apple": {
                "framework": "net10.0",
                "dependencies": {
                  "Contoso.C": { "type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0", "contentHash": "cc==" }
                }
              },
              "banana/linux-x64": {
                "framework": "net10.0",
                "dependencies": {
                  "Contoso.B": { "type": "Direct", "requested": "[1.1.0, )", "resolved": "1.1.0", "contentHash": "bb==" }
                }
              }
            }
            """);
        Assert.Equal(3, lockFile.Version);
        Assert.Equal(new[] { "apple", "banana/linux-x64" }, lockFile.Targets.Select(t => t.Key));
        Assert.Equal(TargetFrameworkName.Parse("net10.0"), lockFile.Targets[0].Graph.Framework);
        Assert.Null(lockFile.Targets[0].Graph.RuntimeIdentifier);
        Assert.Equal("linux-x64", lockFile.Targets[1].Graph.RuntimeIdentifier);
        Assert.Equal(3, lockFile.Targets[0].Line);
        Assert.Equal(6, lockFile.Targets[0].Dependencies.Single().Line);
    }

    [Theory]
    [InlineData("{\n  \"version\": 3,\n  \"apple\": {\n    \"dependencies\": {}\n  }\n}", 3)]
    [InlineData("{\n  \"version\": 3,\n  \"apple\": {\n    \"framework\": \"net10.0\",\n    \"dependencies\": []\n  }\n}", 5)]
    [InlineData("{\n  \"version\": 3,\n  \"apple\": 1\n}", 3)]
    public void Parse_MalformedVersionThree_IsSCSDK1001WithTheLine(string json, int line)
    {
        var ex = Fails(json);
        Assert.Equal("SCSDK1001", ex.Diagnostic.Code);
        Assert.Equal(line, ex.Diagnostic.Line);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(99)]
    public void Parse_UnknownVersion_IsSCSDK1003WithTheLine(int version)
    {
        var ex = Fails("{\n  \"version\": " + version + ",\n  \"dependencies\": {}\n}");
        Assert.Equal("SCSDK1003", ex.Diagnostic.Code);
        Assert.Equal(2, ex.Diagnostic.Line);
        Assert.Equal("packages.lock.json", ex.Diagnostic.File);
        Assert.Contains("1, 2 and 3", ex.Diagnostic.Message);
    }

    [Theory]
    [InlineData("{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net10.0\": {\n      \"A\": {\n        \"type\": \"Direct\",", 6)]
    [InlineData("{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net10.0\": {\n      \"A\": {\n        \"type\": \"Nope\"\n      }\n    }\n  }\n}", 6)]
    [InlineData("{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net10.0\": {\n      \"A\": {\n        \"resolved\": \"1.0.0\"\n      }\n    }\n  }\n}", 5)]
    [InlineData("{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net10.0\": {\n      \"A\": {\n        \"type\": \"Direct\",\n        \"resolved\": 1\n      }\n    }\n  }\n}", 7)]
    [InlineData("{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net10.0\": {\n      \"A\": { \"type\": \"Transitive\" },\n      \"a\": { \"type\": \"Transitive\" }\n    }\n  }\n}", 6)]
    [InlineData("{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net10.0\": []\n  }\n}", 4)]
    [InlineData("{\n  \"version\": \"1\",\n  \"dependencies\": {}\n}", 2)]
    [InlineData("{\n  \"version\": 1\n}", 1)]
    [InlineData("[]", 1)]
    [InlineData("{\n  \"version\": 1,\n  \"dependencies\": {\n    \"\": {}\n  }\n}", 4)]
    [InlineData("{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net10.0\": {\n      \"A\": { \"type\": \"1\" }\n    }\n  }\n}", 5)]
    [InlineData("{\n  \"version\": 1,\n  \"version\": 2,\n  \"dependencies\": {}\n}", 3)]
    public void Parse_MalformedOrTruncated_IsSCSDK1001WithTheLine(string json, int line)
    {
        var ex = Fails(json);
        Assert.Equal("SCSDK1001", ex.Diagnostic.Code);
        Assert.Equal(line, ex.Diagnostic.Line);
        Assert.Equal("packages.lock.json", ex.Diagnostic.File);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u0000\u0001")]
    [InlineData("{")]
    [InlineData("nul")]
    public void Parse_Garbage_IsSCSDK1001(string text)
    {
        Assert.Equal("SCSDK1001", Fails(text).Diagnostic.Code);
    }

    [VectorFact]
    public void Parse_EveryTruncationOfARealLockFile_IsSCSDK1001()
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.Vector("nuget-lockfiles", "CycloneDX__cyclonedx-dotnet", "CycloneDX", "packages.lock.json"));
        for (var length = 0; length < bytes.Length - 2; length += 37)
        {
            var ex = Assert.Throws<SupplyChainException>(() => PackagesLockFileReader.Parse(bytes.AsSpan(0, length), "x"));
            Assert.Equal("SCSDK1001", ex.Diagnostic.Code);
        }
    }

    [Fact]
    public void Read_MissingFile_IsSCSDK6001()
    {
        using var dir = new TestDirectory();
        Assert.Equal("SCSDK6001", Assert.Throws<SupplyChainException>(() => PackagesLockFileReader.Read(dir.Combine("packages.lock.json"))).Diagnostic.Code);
    }
}
