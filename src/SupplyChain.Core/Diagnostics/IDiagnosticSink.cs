namespace SupplyChain.Core.Diagnostics;

/// <summary>Where Core reports findings: MSBuild's logger in tasks, stderr in the command-line tool.</summary>
public interface IDiagnosticSink
{
    /// <summary>Reports one finding.</summary>
    void Report(Diagnostic diagnostic);

    /// <summary>Reports an uncoded informational message at low importance.</summary>
    void Trace(string message);
}
