namespace SupplyChain.Core.Diagnostics;

/// <summary>How a diagnostic is reported.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Reported as an informational message; never fails a build.</summary>
    Info,

    /// <summary>Reported as a warning.</summary>
    Warning,

    /// <summary>Reported as an error; fails the build or the command.</summary>
    Error,
}
