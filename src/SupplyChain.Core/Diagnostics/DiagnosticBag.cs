using System.Collections.Generic;
using System.Linq;

namespace SupplyChain.Core.Diagnostics;

/// <summary>A sink that keeps every finding, for results and tests.</summary>
public sealed class DiagnosticBag : IDiagnosticSink
{
    private readonly List<Diagnostic> _diagnostics = new();
    private readonly List<string> _trace = new();

    /// <summary>The findings in the order they were reported.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>The uncoded trace messages.</summary>
    public IReadOnlyList<string> TraceMessages => _trace;

    /// <summary>True when an error was reported.</summary>
    public bool HasErrors => _diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <inheritdoc />
    public void Report(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);

    /// <inheritdoc />
    public void Trace(string message) => _trace.Add(message);

    /// <summary>Reports every kept finding to another sink.</summary>
    public void ReplayTo(IDiagnosticSink sink)
    {
        foreach (var diagnostic in _diagnostics)
        {
            sink.Report(diagnostic);
        }
    }
}
