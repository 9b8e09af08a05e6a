using System;
using System.IO;
using System.Threading;
using SupplyChain.Core.Packages;
using SupplyChain.TestUtilities;
using Xunit;

namespace SupplyChain.Tool.Tests;

[CollectionDefinition(nameof(SolutionWorkTests), DisableParallelization = true)]
public sealed class SolutionWorkCollection
{
}

/// <summary>
/// Regression guards for the work a solution costs (docs/performance.md), counted rather than timed: 'sbom' of a
/// solution starts at most one MSBuild evaluation process (none when the SDK's MSBuild loads in-process), and a
/// package two projects share is read once for the SBOMs and the pinning check together.
/// </summary>
[Collection(nameof(SolutionWorkTests))]
public class SolutionWorkTests
{
    [Fact]
    public void SbomAndLockVerifyOfTwoProjectSolution_StartAtMostOneEvaluationProcess_AndHashTheSharedPackageOnce()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TestDirectory();
        var package = new TestPackageBuilder("Contoso.Shared", "1.0.0").WithLibFile("netstandard2.0", "Contoso.Shared.dll", "not really an assembly");
        Directory.CreateDirectory(dir.Combine("feed"));
        File.WriteAllBytes(dir.Combine("feed", package.FileName), package.Build());
        dir.WriteFile("nuget.config", $"""
            <configuration>
              <config><add key="globalPackagesFolder" value="{dir.Combine("packages")}" /></config>
              <packageSources><clear /><add key="local" value="{dir.Combine("feed")}" /></packageSources>
            </configuration>
            """);
        dir.WriteFile("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
              </PropertyGroup>
              <ItemGroup><PackageReference Include="Contoso.Shared" Version="1.0.0" /></ItemGroup>
            </Project>
            """);
        dir.WriteFile("B/B.csproj", """<Project Sdk="Microsoft.NET.Sdk" />""");
        dir.WriteFile("A/A.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup><ProjectReference Include="../B/B.csproj" /></ItemGroup>
            </Project>
            """);
        var solution = dir.WriteFile("Two.slnx", """<Solution><Project Path="A/A.csproj" /><Project Path="B/B.csproj" /></Solution>""");
        var restore = ProcessRunner.Run("dotnet", new[] { "restore", solution, "-nodeReuse:false" }, dir.Path, ProcessRunner.CleanEnvironment(), TimeSpan.FromMinutes(3));
        Assert.True(restore.ExitCode == 0, restore.Tail());
        // Under CI=true lock verify requires a locked restore (SCSDK1014), as a CI build would have done.
        var locked = ProcessRunner.Run("dotnet", new[] { "restore", solution, "--locked-mode", "-nodeReuse:false" }, dir.Path, ProcessRunner.CleanEnvironment(), TimeSpan.FromMinutes(3));
        Assert.True(locked.ExitCode == 0, locked.Tail());
        // The digest cache keeps nothing that changed within its racy interval: let the restored package age past it.
        Thread.Sleep(PackageDigestCache.FineRacyInterval * 2);
        var nupkg = dir.Combine("packages", "contoso.shared", "1.0.0", package.FileName);
        var processesBefore = ProjectEvaluator.ProcessCount;

        var sbom = CommandRunner.Run("sbom", solution, "--out", dir.Combine("sboms") + "/");
        var verify = CommandRunner.Run("lock", "verify", solution);

        Assert.True(sbom.ExitCode == 0, sbom.Error);
        Assert.True(verify.ExitCode == 0, verify.Error);
        Assert.Equal(2, Directory.GetFiles(dir.Combine("sboms"), "*.cdx.json").Length);
        Assert.InRange(ProjectEvaluator.ProcessCount - processesBefore, 0, 1);
        Assert.Equal(1, PackageContentHash.TimesHashed(nupkg));
    }

    [Fact]
    public void InProcessEvaluation_GivesTheSameItemsAsTheEvaluationProcess_DefiningFileIncluded_AndSeesAnEditAfterForget()
    {
        using var dir = new TestDirectory();
        var props = dir.WriteFile("Directory.Build.props", """
            <Project>
              <ItemGroup><PackageReference Include="Contoso.Floating" Version="1.*" /></ItemGroup>
            </Project>
            """);
        var project = dir.WriteFile("App/App.csproj", """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""");
        var items = new[] { "PackageReference" };

        var inProcess = InProcessProjectEvaluator.TryEvaluate(project, Array.Empty<string>(), items);
        var process = ProjectEvaluator.Evaluate(project, Array.Empty<string>(), items, TimeSpan.FromMinutes(2));

        Assert.NotNull(inProcess);
        var ours = Assert.Single(inProcess!.ItemsOf("PackageReference"), i => i["Identity"] == "Contoso.Floating");
        var theirs = Assert.Single(process.ItemsOf("PackageReference"), i => i["Identity"] == "Contoso.Floating");
        Assert.Equal(Path.GetFullPath(props), ours["DefiningProjectFullPath"]);
        foreach (var (name, value) in theirs)
        {
            if (ours.TryGetValue(name, out var mine))
            {
                Assert.True(value == mine, $"{name}: process '{value}', in-process '{mine}'");
            }
        }

        Assert.Equal("1.*", ours["Version"]);
        File.WriteAllText(props, File.ReadAllText(props).Replace("1.*", "1.2.3", StringComparison.Ordinal));
        InProcessProjectEvaluator.Forget();
        var again = InProcessProjectEvaluator.TryEvaluate(project, Array.Empty<string>(), items)!;
        Assert.Equal("1.2.3", Assert.Single(again.ItemsOf("PackageReference"), i => i["Identity"] == "Contoso.Floating")["Version"]);
    }
}
