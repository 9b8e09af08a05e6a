using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Sbom.Builder;

/// <summary>What the build and 'supplychain sbom' derive the same way: the timestamp, the base folder, the project.</summary>
public sealed class SbomBuildInputsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void SourceDateEpoch_Unset_GivesNoTimestamp(string? value)
        => Assert.Null(SourceDateEpoch.Parse(value));

    [Theory]
    [InlineData("0", "1970-01-01T00:00:00Z")]
    [InlineData("1700000000", "2023-11-14T22:13:20Z")]
    [InlineData(" 1700000000\n", "2023-11-14T22:13:20Z")]
    [InlineData("253402300799", "9999-12-31T23:59:59Z")]
    public void SourceDateEpoch_Digits_AreSecondsSinceTheUnixEpoch(string value, string expected)
        => Assert.Equal(expected, CycloneDxWriter.FormatTimestamp(SourceDateEpoch.Parse(value)!.Value));

    [Theory]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("1e9")]
    [InlineData("12 34")]
    [InlineData("yesterday")]
    [InlineData("253402300800")]
    [InlineData("99999999999999999999")]
    [InlineData("١٢٣")]
    public void SourceDateEpoch_Malformed_IsSCSDK6000(string value)
    {
        var ex = Assert.Throws<SupplyChainException>(() => SourceDateEpoch.Parse(value));
        Assert.Equal("SCSDK6000", ex.Diagnostic.Code);
        Assert.Contains(SourceDateEpoch.VariableName, ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BaseDirectory_Configured_WinsAndIsRelativeToTheProject()
    {
        using var dir = new TestDirectory("sbombase");
        Directory.CreateDirectory(dir.Combine(".git"));
        var project = dir.WriteFile("src/App/App.csproj", "<Project />");
        Assert.Equal(dir.Combine("src"), SbomBaseDirectory.Resolve(project, "..", null));
        Assert.Equal(dir.Combine("elsewhere"), SbomBaseDirectory.Resolve(project, dir.Combine("elsewhere") + "/", null));
    }

    [Fact]
    public void BaseDirectory_GitFolderOrFileAbove_IsTheRepositoryRoot()
    {
        using var dir = new TestDirectory("sbombase");
        var project = dir.WriteFile("repo/src/App/App.csproj", "<Project />");
        var props = dir.WriteFile("repo/src/Directory.Build.props", "<Project />");
        Directory.CreateDirectory(dir.Combine("repo", ".git"));
        Assert.Equal(dir.Combine("repo"), SbomBaseDirectory.Resolve(project, null, props));

        // A worktree or submodule has a .git file; the nearest one wins.
        dir.WriteFile("repo/src/.git", "gitdir: ../.git/worktrees/src");
        Assert.Equal(dir.Combine("repo", "src"), SbomBaseDirectory.Resolve(project, null, props));
    }

    [Fact]
    public void BaseDirectory_WithoutGit_IsTheFolderOfDirectoryBuildProps()
    {
        using var dir = new TestDirectory("sbombase");
        var project = dir.WriteFile("src/App/App.csproj", "<Project />");
        var props = dir.WriteFile("Directory.Build.props", "<Project />");
        Assert.Equal(dir.Path, SbomBaseDirectory.Resolve(project, null, props));
        Assert.Equal(dir.Path, SbomBaseDirectory.Resolve(project, "  ", props));
    }

    [Fact]
    public void BaseDirectory_PropsNotAboveTheProject_OrNone_IsTheProjectFolder()
    {
        using var dir = new TestDirectory("sbombase");
        var project = dir.WriteFile("src/App/App.csproj", "<Project />");
        var sibling = dir.WriteFile("src/Other/Directory.Build.props", "<Project />");
        var prefix = dir.WriteFile("src/App2/Directory.Build.props", "<Project />");
        Assert.Equal(dir.Combine("src", "App"), SbomBaseDirectory.Resolve(project, null, sibling));
        Assert.Equal(dir.Combine("src", "App"), SbomBaseDirectory.Resolve(project, null, prefix));
        Assert.Equal(dir.Combine("src", "App"), SbomBaseDirectory.Resolve(project, null, null));
    }

    [Fact]
    public void ProjectProperties_MapMSBuildNamesToTheSubject()
    {
        var values = new Dictionary<string, string?>
        {
            ["MSBuildProjectName"] = "App",
            ["OutputType"] = "WinExe",
            ["IsPackable"] = "True",
            ["PackageId"] = " Contoso.App ",
            ["PackageVersion"] = "",
            ["Version"] = "2.0.0",
            ["Authors"] = "Contoso",
            ["Description"] = "  ",
            ["PackageLicenseExpression"] = "MIT",
            ["RepositoryCommit"] = "abc",
        };
        var project = SbomProjectProperties.CreateProject("/src/App/App.csproj", n => values.TryGetValue(n, out var v) ? v : null);
        Assert.Equal(ComponentType.Application, project.Type);
        Assert.True(project.IsPackable);
        Assert.Equal(("Contoso.App", "2.0.0", "Contoso"), (project.PackageId, project.PackageVersion, project.Authors));
        Assert.Null(project.Description);
        Assert.Equal(("MIT", "abc"), (project.LicenseExpression, project.RepositoryCommit));
        Assert.All(values.Keys, name => Assert.Contains(name, SbomProjectProperties.Names));

        var library = SbomProjectProperties.CreateProject("/src/Lib/Lib.csproj", n => n == "OutputType" ? "Library" : n == "IsPackable" ? "false" : null);
        Assert.Equal(ComponentType.Library, library.Type);
        Assert.False(library.IsPackable);

        var reference = SbomProjectProperties.CreateReference("/src/Lib/Lib.csproj", n => n switch { "IsPackable" => "true", "PackageId" => "Contoso.Lib", "PackageVersion" => "3.0.0", _ => null });
        Assert.Equal(("/src/Lib/Lib.csproj", true, "Contoso.Lib", "3.0.0"), (reference.Path, reference.IsPackable, reference.PackageId, reference.PackageVersion));
    }

    [Fact]
    public void Settings_AreReadOnce_TheSameForTheTaskAndTheCli()
    {
        using var dir = new TestDirectory("sbomsettings");
        var project = dir.WriteFile("src/App/App.csproj", "<Project />");
        var request = new SbomSettings
        {
            ProjectPath = project,
            AssetsFilePath = "assets.json",
            LockFilePath = " ",
            ProjectProperty = n => n == "PackageId" ? "Contoso.App" : null,
            SpecVersion = " 1.7 ",
            SourceDateEpoch = "0",
            BaseDirectory = " .. ",
            TargetFrameworks = "net8.0; ;net9.0 ",
            RuntimeIdentifier = " ",
        }.ToRequest();

        Assert.Equal("Contoso.App", request.Project.PackageId);
        Assert.Null(request.LockFilePath);
        Assert.Equal("1.7", request.SpecVersion.ToSpecString());
        Assert.Equal(DateTimeOffset.UnixEpoch, request.Timestamp);
        Assert.Equal(dir.Combine("src"), request.BaseDirectory);
        Assert.Equal(new[] { "net8.0", "net9.0" }, request.TargetFrameworks);
        Assert.Null(request.RuntimeIdentifier);
        Assert.Equal(SbomTool.DefaultName, request.Tool.Name);
    }

    [Fact]
    public void Settings_ARequestedVersionWins_AndTheProjectSettingIsThenNotRead()
    {
        var requested = SbomGenerator.ParseSpecVersion("--spec-version", "1.6", null);
        var request = new SbomSettings { ProjectPath = "/src/App/App.csproj", AssetsFilePath = "a", SpecVersion = "9.9", RequestedSpecVersion = requested, BaseDirectory = "/src" }.ToRequest();
        Assert.Equal("1.6", request.SpecVersion.ToSpecString());

        var ex = Assert.Throws<SupplyChainException>(() => new SbomSettings { ProjectPath = "/src/App/App.csproj", AssetsFilePath = "a", SpecVersion = "9.9", BaseDirectory = "/src" }.ToRequest());
        Assert.Equal("SCSDK6000", ex.Diagnostic.Code);
        Assert.Contains("SupplyChainSbomSpecVersion", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void References_EachProjectOnce_BlankPathsSkipped()
    {
        Func<string, string?> packable = n => n == "IsPackable" ? "true" : null;
        var references = SbomProjectProperties.CreateReferences(new (string?, Func<string, string?>)[]
        {
            ("/src/Lib/Lib.csproj", packable),
            ("", packable),
            ("/src/Lib/Lib.csproj", _ => null),
            ("/src/Other/Other.csproj", _ => null),
        });

        Assert.Equal(new[] { "/src/Lib/Lib.csproj", "/src/Other/Other.csproj" }, references.Select(r => r.Path));
        Assert.True(references[0].IsPackable);
    }
}
