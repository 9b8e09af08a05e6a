using System.Collections.Generic;
using System.Linq;

namespace SupplyChain.TestUtilities;

/// <summary>What a child process did: exit code, output and the coded diagnostics in it.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output, string? BinaryLogPath)
{
    /// <summary>Coded diagnostics parsed from the output.</summary>
    public IReadOnlyList<BuildDiagnostic> Diagnostics { get; } = BuildDiagnostic.Parse(Output);

    /// <summary>Coded errors.</summary>
    public IReadOnlyList<BuildDiagnostic> Errors => Diagnostics.Where(d => d.IsError).ToArray();

    /// <summary>Coded warnings.</summary>
    public IReadOnlyList<BuildDiagnostic> Warnings => Diagnostics.Where(d => !d.IsError).ToArray();

    /// <summary>Diagnostics of our own (SCSDK).</summary>
    public IReadOnlyList<BuildDiagnostic> SupplyChainDiagnostics => Diagnostics.Where(d => d.Code.StartsWith("SCSDK", System.StringComparison.Ordinal)).ToArray();

    /// <summary>The last lines of output, for assertion messages.</summary>
    public string Tail(int lines = 40)
    {
        var all = Output.Split('\n');
        return $"`{CommandLine}` exited {ExitCode}" + (BinaryLogPath is null ? string.Empty : $" (binlog: {BinaryLogPath})") + ":\n" + string.Join('\n', all.Skip(System.Math.Max(0, all.Length - lines)));
    }
}
