using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Linq;
using SupplyChain.Tool.Commands;

namespace SupplyChain.Tool;

/// <summary>The supplychain command.</summary>
public static class Program
{
    /// <summary>The command's name, as installed (the tool's ToolCommandName), in help and usage.</summary>
    public const string CommandName = "supplychain";

    /// <summary>Runs the command line and returns its exit code.</summary>
    public static int Main(string[] args) => Run(args, new CommandContext(Console.Out, Console.Error));

    internal static int Run(string[] args, CommandContext context) => Run(args, context, VerbOf(args));

    /// <summary>Runs the command line with the tree of <paramref name="verb"/> (the whole tree when null).</summary>
    internal static int Run(string[] args, CommandContext context, string? verb)
    {
        var root = Create(context, out var verbose, verb);
        var parse = root.Parse(args);
        context.Verbose = parse.GetValue(verbose);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Error.WriteLine(CommandName + ": error: " + SupplyChain.Core.Diagnostics.SecretRedactor.RedactUrls(error.Message));
            }

            context.Error.WriteLine($"Run '{CommandPath(parse.CommandResult)} --help' for usage.");
            return (int)ExitCode.UsageOrInput;
        }

        var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error };
        return parse.Invoke(configuration);
    }

    /// <summary>
    /// The command tree. Its root is a command named <see cref="CommandName"/>, not a <see cref="RootCommand"/>
    /// (whose name is the executable's file name: <c>SupplyChain.Tool</c> when run with <c>dotnet</c>, the test host in tests).
    /// </summary>
    internal static Command Create(CommandContext context, out Option<bool> verbose) => Create(context, out verbose, verb: null);

    /// <summary>
    /// The command tree with only <paramref name="verb"/>'s branch under the root (all of them when null): a command
    /// line that starts with a verb is parsed, reported and run only by that verb's commands, so the tool does not
    /// build the options and commands of the others (start-up is most of a short command's time).
    /// </summary>
    internal static Command Create(CommandContext context, out Option<bool> verbose, string? verb)
    {
        verbose = new Option<bool>("--verbose") { Description = "Print low-importance messages.", Recursive = true };
        var root = new Command(CommandName, "SupplyChain.Sdk: pinning checks, SBOMs, keys, attestations and TUF repositories outside a build.")
        {
            new HelpOption(),
            new VersionOption(),
            verbose,
        };
        foreach (var (name, create) in s_verbs)
        {
            if (verb is null || verb == name)
            {
                root.Add(create(context));
            }
        }

        ShowUsageWhenNoCommand(root, context);
        return root;
    }

    /// <summary>
    /// The verb whose branch alone can parse <paramref name="args"/>: the first argument when it is exactly a verb's
    /// name (<c>lock hash x.nupkg</c>); null for anything else (options first, a response file, a typo, no argument),
    /// which gets the whole tree, its help and its suggestions.
    /// </summary>
    internal static string? VerbOf(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return null;
        }

        foreach (var (name, _) in s_verbs)
        {
            if (string.Equals(args[0], name, StringComparison.Ordinal))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The verbs, in help order.</summary>
    internal static IEnumerable<string> VerbNames => s_verbs.Select(v => v.Name);

    /// <summary>The verbs in help order: name and how to build its branch.</summary>
    private static readonly (string Name, Func<CommandContext, Command> Create)[] s_verbs =
    {
        ("init", InitCommand.Create),
        ("lock", context => new Command("lock", "Dependency pinning and lock files.") { LockVerifyCommand.Create(context), LockHashCommand.Create(context) }),
        ("sbom", SbomCommand.Create),
        ("keygen", KeygenCommand.Create),
        ("attest", AttestCommand.Create),
        ("tuf", TufCommand.Create),
        ("vuln", VulnCommand.Create),
        ("policy", PolicyCommand.Create),
    };

    /// <summary>A command that only groups others (the root, <c>tuf</c>, <c>lock</c>) given alone prints its usage and exits 2.</summary>
    private static void ShowUsageWhenNoCommand(Command command, CommandContext context)
    {
        foreach (var subcommand in command.Subcommands)
        {
            ShowUsageWhenNoCommand(subcommand, context);
        }

        if (command.Action is null && command.Subcommands.Count > 0)
        {
            command.SetAction(parse =>
            {
                var path = CommandPath(parse.CommandResult);
                context.Error.WriteLine($"{path}: a command is required.");
                context.Error.WriteLine();

                // The command's help, to stderr: the same command line with --help.
                var tokens = new List<string>(path.Split(' ')[1..]) { "--help" };
                parse.RootCommandResult.Command.Parse(tokens).Invoke(new InvocationConfiguration { Output = context.Error, Error = context.Error });
                return (int)ExitCode.UsageOrInput;
            });
        }
    }

    private static string CommandPath(CommandResult? result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Insert(0, command.Command.Name);
            }
        }

        return names.Count == 0 ? CommandName : string.Join(' ', names);
    }
}
