using System;
using System.CommandLine;
using SupplyChain.Tool.Commands;

namespace SupplyChain.Tool;

/// <summary>The supplychain command.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns its exit code.</summary>
    public static int Main(string[] args) => Run(args, new CommandContext(Console.Out, Console.Error));

    internal static int Run(string[] args, CommandContext context)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Print low-importance messages.", Recursive = true };
        var root = new RootCommand("SupplyChain.Sdk: pinning checks, SBOMs, keys, attestations and TUF repositories outside a build.")
        {
            verbose,
            new Command("lock", "Dependency pinning and lock files.") { LockVerifyCommand.Create(context), LockHashCommand.Create(context) },
            SbomCommand.Create(context),
            KeygenCommand.Create(context),
            AttestCommand.Create(context),
            TufCommand.Create(context),
        };
        var parse = root.Parse(args);
        context.Verbose = parse.GetValue(verbose);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Error.WriteLine("supplychain: error: " + SupplyChain.Core.Diagnostics.SecretRedactor.RedactUrls(error.Message));
            }

            return (int)ExitCode.UsageOrInput;
        }

        var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error };
        return parse.Invoke(configuration);
    }
}
