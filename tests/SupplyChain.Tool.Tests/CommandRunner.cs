using System.Collections.Generic;
using System.IO;
using SupplyChain.TestUtilities;

namespace SupplyChain.Tool.Tests;

/// <summary>Runs the supplychain command tree in-process with captured output.</summary>
internal static class CommandRunner
{
    public static (int ExitCode, string Out, string Error, IReadOnlyList<BuildDiagnostic> Diagnostics) Run(CommandContextFactory? factory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = factory is null ? new CommandContext(output, error) : factory(output, error);
        var exit = Program.Run(args, context);
        return (exit, output.ToString(), error.ToString(), BuildDiagnostic.Parse(error.ToString()));
    }

    public static (int ExitCode, string Out, string Error, IReadOnlyList<BuildDiagnostic> Diagnostics) Run(params string[] args) => Run(null, args);
}

internal delegate CommandContext CommandContextFactory(TextWriter output, TextWriter error);
