using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace SupplyChain.Tool.Tests;

/// <summary>
/// A command line that starts with a verb is parsed by that verb's branch alone (the tool builds no other command
/// before it runs), and says and does exactly what the whole tree says and does.
/// </summary>
public sealed class CommandTreeTests
{
    public static IEnumerable<object[]> Verbs => Program.VerbNames.Select(v => new object[] { v });

    /// <summary>Every command path of the whole tree (the verbs and everything below them).</summary>
    public static IEnumerable<object[]> CommandPaths
    {
        get
        {
            var root = Program.Create(new CommandContext(TextWriter.Null, TextWriter.Null), out _);
            foreach (var path in Paths(root, new List<string>()))
            {
                yield return new object[] { string.Join(' ', path) };
            }
        }
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void TheBranchBuiltForAVerb_IsThatVerbAlone(string verb)
    {
        var root = Program.Create(new CommandContext(TextWriter.Null, TextWriter.Null), out _, verb);
        Assert.Equal(new[] { verb }, root.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public void TheWholeTree_HasEveryVerb_InHelpOrder()
    {
        var root = Program.Create(new CommandContext(TextWriter.Null, TextWriter.Null), out _);
        Assert.Equal(Program.VerbNames, root.Subcommands.Select(c => c.Name));
    }

    [Theory]
    [InlineData("lock", "lock", "hash", "a.nupkg")]
    [InlineData("tuf", "tuf")]
    [InlineData(null, "--verbose", "lock", "hash", "a.nupkg")]
    [InlineData(null, "--help")]
    [InlineData(null, "@args.rsp")]
    [InlineData(null, "Lock", "hash")]
    [InlineData(null, "lok", "hash")]
    [InlineData(null)]
    public void OnlyALineThatStartsWithAVerbsExactName_GetsThatVerbsBranch(string? expected, params string[] args)
        => Assert.Equal(expected, Program.VerbOf(args));

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void HelpOfEveryCommand_IsTheSameFromTheVerbsBranchAsFromTheWholeTree(string path)
        => AssertSameBehaviour(path.Split(' ').Append("--help").ToArray());

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void UsageErrorsOfEveryCommand_AreTheSameFromTheVerbsBranchAsFromTheWholeTree(string path)
        => AssertSameBehaviour(path.Split(' ').Append("--no-such-option").ToArray());

    [Fact]
    public void ATypoInASubcommand_GetsTheSameErrorFromTheVerbsBranch()
        => AssertSameBehaviour("tuf", "verfy");

    private static void AssertSameBehaviour(params string[] args)
    {
        var verb = Program.VerbOf(args);
        Assert.NotNull(verb);
        var branch = Run(args, verb);
        var whole = Run(args, null);
        Assert.Equal(whole.ExitCode, branch.ExitCode);
        Assert.Equal(whole.Out, branch.Out);
        Assert.Equal(whole.Error, branch.Error);
    }

    private static (int ExitCode, string Out, string Error) Run(string[] args, string? verb)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.Run(args, new CommandContext(output, error), verb);
        return (exit, output.ToString(), error.ToString());
    }

    private static IEnumerable<List<string>> Paths(Command command, List<string> prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            var path = new List<string>(prefix) { sub.Name };
            yield return path;
            foreach (var deeper in Paths(sub, path))
            {
                yield return deeper;
            }
        }
    }
}
