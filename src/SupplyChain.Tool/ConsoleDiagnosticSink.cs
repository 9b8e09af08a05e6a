using System.IO;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Tool;

/// <summary>Writes findings to stderr in MSBuild's canonical form, so CI annotators parse them as they parse builds.</summary>
internal sealed class ConsoleDiagnosticSink : IDiagnosticSink
{
    private readonly TextWriter _error;
    private readonly TextWriter? _verbose;

    public ConsoleDiagnosticSink(TextWriter error, TextWriter? verbose)
    {
        _error = error;
        _verbose = verbose;
    }

    public int ErrorCount { get; private set; }

    public int WarningCount { get; private set; }

    public bool HasInputErrors { get; private set; }

    public void Report(Diagnostic diagnostic)
    {
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            ErrorCount++;
            HasInputErrors |= IsInputError(diagnostic.Code);
        }
        else if (diagnostic.Severity == DiagnosticSeverity.Warning)
        {
            WarningCount++;
        }

        _error.WriteLine(diagnostic.ToCanonicalString());
    }

    public void Trace(string message) => _verbose?.WriteLine(SecretRedactor.RedactUrls(message));

    /// <summary>Unreadable input and configuration problems map to exit code 2; findings to 1.</summary>
    private static bool IsInputError(string code)
        => code is "SCSDK1001" or "SCSDK1003" or "SCSDK1015" or "SCSDK1016" or "SCSDK9001" || (code.StartsWith("SCSDK6", System.StringComparison.Ordinal) && !IsPolicyFinding(code));

    /// <summary>The policy findings SCSDK6110–SCSDK6130 are verdicts about packages (exit 1), not unreadable input.</summary>
    private static bool IsPolicyFinding(string code)
        => string.CompareOrdinal(code, "SCSDK6110") >= 0 && string.CompareOrdinal(code, "SCSDK6130") <= 0;
}
