using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.TestUtilities;

namespace SupplyChain.Tool.Tests;

/// <summary>
/// The pipelines of docs/ci use only verbs and options that exist: every 'supplychain' command parses with the real
/// command tree and reaches a verb, every 'dotnet' option is in that verb's help; and the Azure pipeline runs the
/// same commands as the GitHub workflow. (tests/SupplyChain.Sdk.EndToEnd.Tests runs them against a sample.)
/// </summary>
public sealed class CiPipelineTests
{
    private static readonly string[] s_msbuildSwitchPrefixes = { "-p:", "-property:", "-bl", "-nodeReuse:", "-v:", "-warnaserror" };
    private static readonly Dictionary<string, ProcessResult> s_help = new(StringComparer.Ordinal);

    public static TheoryData<string> Pipelines() => new(CiPipelineCommands.Files);

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void EverySupplychainCommand_ParsesWithTheRealCommandTree(string file)
    {
        var commands = CiPipelineCommands.DotNetCommands(file).Where(IsSupplychain).ToArray();
        Assert.NotEmpty(commands);
        foreach (var command in commands)
        {
            var args = command[4..];
            var parse = Program.Create(new CommandContext(TextWriter.Null, TextWriter.Null), out _).Parse(args);
            Assert.True(parse.Errors.Count == 0, $"{file}: '{string.Join(' ', command)}': {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.True(parse.CommandResult.Command.Action is not null && parse.CommandResult.Command.Subcommands.Count == 0, $"{file}: '{string.Join(' ', command)}' names a verb");
        }
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void EveryDotNetCommand_UsesAVerbAndOptionsThatExist(string file)
    {
        foreach (var command in CiPipelineCommands.DotNetCommands(file).Where(c => !IsSupplychain(c)))
        {
            var verb = command[1] == "tool" ? "tool " + command[2] : command[1];
            var help = Help(verb);
            Assert.True(help.ExitCode == 0, $"{file}: 'dotnet {verb}' is not a command: {help.Output}");
            foreach (var option in command.Skip(verb.Split(' ').Length + 1).Where(t => t.StartsWith('-')))
            {
                if (s_msbuildSwitchPrefixes.Any(p => option.StartsWith(p, StringComparison.OrdinalIgnoreCase)) && verb is "restore" or "build" or "test" or "pack")
                {
                    continue;
                }

                var name = option.Split('=', ':')[0];
                Assert.True(help.Output.Contains(name, StringComparison.Ordinal), $"{file}: 'dotnet {verb}' has no option {name}");
            }
        }
    }

    [Fact]
    public void TheAzurePipeline_RunsTheSameCommandsAsTheGitHubWorkflow()
    {
        static string[] Normalized(string file) => CiPipelineCommands.DotNetCommands(file)
            .Select(c => string.Join(' ', c).Replace("$BUILD_SOURCESDIRECTORY", "$GITHUB_WORKSPACE", StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(Normalized("github-actions-release.yml"), Normalized("azure-pipelines-release.yml"));
    }

    [Fact]
    public void TheParser_SeesAnUnknownOption_SoTheTestsAboveCanFail()
    {
        var parse = Program.Create(new CommandContext(TextWriter.Null, TextWriter.Null), out _).Parse(new[] { "tuf", "publish", "tuf", "--snapshot-kee", "x" });
        Assert.NotEmpty(parse.Errors);
        Assert.Equal(new[] { "dotnet", "x", "a b", "$f" }, CiPipelineCommands.Tokenize("dotnet x \"a b\" \"$f\""));
        Assert.Equal(new[] { "for f in a", "dotnet x", "exit 1", "done" }, CiPipelineCommands.SimpleCommands("for f in a; do dotnet x || exit 1; done"));
    }

    private static bool IsSupplychain(string[] command)
        => command.Length > 3 && command[1] == "tool" && command[2] == "run" && command[3] == "supplychain";

    private static ProcessResult Help(string verb)
    {
        lock (s_help)
        {
            if (!s_help.TryGetValue(verb, out var result))
            {
                s_help[verb] = result = ProcessRunner.Run("dotnet", verb.Split(' ').Append("--help"), Path.GetTempPath(), ProcessRunner.CleanEnvironment(), TimeSpan.FromMinutes(2));
            }

            return result;
        }
    }
}
