using System;

namespace SupplyChain.Tool.Tests;

/// <summary>Help and usage name the installed command, and a command that only groups others prints its usage.</summary>
public sealed class CommandLineUsageTests
{
    [Theory]
    [InlineData("supplychain [command] [options]", "--help")]
    [InlineData("supplychain tuf [command] [options]", "tuf", "--help")]
    [InlineData("supplychain tuf add <directory> <files>... [options]", "tuf", "add", "--help")]
    public void Help_NamesTheCommandSupplychain_NotTheAssemblyOrTheHost(string usage, params string[] args)
    {
        var help = CommandRunner.Run(args);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:\n  " + usage, help.Out.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("SupplyChain.Tool", help.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("testhost", help.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("supplychain [command] [options]")]
    [InlineData("supplychain tuf [command] [options]", "tuf")]
    [InlineData("supplychain lock [command] [options]", "lock")]
    public void ACommandThatOnlyGroupsOthers_GivenAlone_PrintsItsUsageAndExitsTwo(string usage, params string[] args)
    {
        var bare = CommandRunner.Run(args);
        Assert.Equal(2, bare.ExitCode);
        var error = bare.Error.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains("a command is required", error, StringComparison.Ordinal);
        Assert.Contains("Usage:\n  " + usage, error, StringComparison.Ordinal);
        Assert.Contains("Commands:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownCommand_IsAUsageError_ThatSaysWhereTheUsageIs()
    {
        var unknown = CommandRunner.Run("tuf", "bogus");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("supplychain: error: ", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'supplychain tuf --help' for usage.", unknown.Error, StringComparison.Ordinal);
    }
}
