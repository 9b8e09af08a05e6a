using System;
using System.Collections.Generic;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Pinning;

/// <summary>
/// Reports the findings of the pinning checks to the caller's sink, keeping them for the result. In
/// <see cref="PinningMode.Warning"/> every error of the pinning area (SCSDK1xxx) is reported as a warning with the same code.
/// </summary>
internal sealed class PinningReporter
{
    private readonly IDiagnosticSink _sink;
    private readonly PinningMode _mode;
    private readonly List<Diagnostic> _diagnostics = new();
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public PinningReporter(IDiagnosticSink sink, PinningMode mode)
    {
        _sink = sink;
        _mode = mode;
    }

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public void Report(DiagnosticDescriptor descriptor, string? file, int line, params object?[] args)
        => Report(Diagnostic.Create(descriptor, file, line, args));

    public void Report(Diagnostic diagnostic)
    {
        if (_mode == PinningMode.Warning && diagnostic.Severity == DiagnosticSeverity.Error && diagnostic.Code.StartsWith("SCSDK1", StringComparison.Ordinal))
        {
            diagnostic = diagnostic.WithSeverity(DiagnosticSeverity.Warning);
        }

        // The same finding can come from several graphs (a framework and its runtime graphs); report it once.
        if (!_reported.Add(diagnostic.ToCanonicalString()))
        {
            return;
        }

        _diagnostics.Add(diagnostic);
        _sink.Report(diagnostic);
    }

    public void Trace(string message) => _sink.Trace(message);
}
