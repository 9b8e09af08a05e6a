using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using SupplyChain.Tool.Commands;

namespace SupplyChain.Tool;

/// <summary>The supplychain command.</summary>
public static class Program
{
    /// <summary>The command's name, as installed (the tool's ToolCommandName), in help and usage.</summary>
    public const string CommandName = "supplychain";

    /// <summary>Runs the command line and returns its exit code.</summary>
    public static int Main(string[] args) => Run(args, new CommandContext(Console.Out, Console.Error));

    internal static int Run(string[] args, CommandContext context)
    {
        var root = Create(context, out var verbose);
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
    internal static Command Create(CommandContext context, out Option<bool> verbose)
    {
        verbose = new Option<bool>("--verbose") { Description = "Print low-importance messages.", Recursive = true };
        var root = new Command(CommandName, "SupplyChain.Sdk: pinning checks, SBOMs, keys, attestations and TUF repositories outside a build.")
        {
            new HelpOption(),
            new VersionOption(),
            verbose,
            InitCommand.Create(context),
            new Command("lock", "Dependency pinning and lock files.") { LockVerifyCommand.Create(context), LockHashCommand.Create(context) },
            SbomCommand.Create(context),
            KeygenCommand.Create(context),
            AttestCommand.Create(context),
            TufCommand.Create(context),
            VulnCommand.Create(context),
            PolicyCommand.Create(context),
        };
        ShowUsageWhenNoCommand(root, context);
        return root;
    }

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
