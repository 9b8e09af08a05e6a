using System;
using System.IO;
using SupplyChain.TestUtilities;

namespace SupplyChain.Tool.Tests;

/// <summary>'supplychain init' refuses to edit what git cannot undo, before it runs anything.</summary>
public sealed class InitCommandTests
{
    [Fact]
    public void Help_ListsTheOptions()
    {
        var help = CommandRunner.Run("init", "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var option in new[] { "--dry-run", "--sdk-form", "--force", "<path>" })
        {
            Assert.Contains(option, help.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ADirtyWorkingTree_IsRefusedWithSCSDK7000AndExitCode2_AndNothingIsWritten()
    {
        using var directory = new TestDirectory("init");
        var project = directory.WriteFile("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        Git(directory, "init", "-q");
        Git(directory, "add", "-A");
        Git(directory, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first");
        directory.WriteFile("notes.txt", "work in progress");

        var result = CommandRunner.Run("init", directory.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Diagnostics, d => d.Code == "SCSDK7000" && d.Message.Contains("uncommitted", StringComparison.Ordinal));
        Assert.False(File.Exists(directory.Combine("Directory.Build.props")));
        Assert.Equal("<Project Sdk=\"Microsoft.NET.Sdk\" />\n", File.ReadAllText(project));
    }

    [Fact]
    public void AFolderOutsideGit_IsRefusedWithoutForce()
    {
        using var directory = new TestDirectory("init");
        directory.WriteFile("App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        var result = CommandRunner.Run("init", directory.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Diagnostics, d => d.Code == "SCSDK7000" && d.Message.Contains("not in a git work tree", StringComparison.Ordinal));
    }

    private static void Git(TestDirectory directory, params string[] args)
    {
        var result = ProcessRunner.Run("git", args, directory.Path, ProcessRunner.CleanEnvironment(), TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.Output);
    }
}
