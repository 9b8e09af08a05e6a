using System.Collections.Generic;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Sdk.Infrastructure;

/// <summary>Reports Core findings through MSBuild's logger, with code, file, line and help link, and keeps them for the SARIF report.</summary>
internal sealed class MSBuildDiagnosticSink : IDiagnosticSink
{
    private readonly TaskLoggingHelper _log;
    private readonly List<Diagnostic> _reported = new();

    public MSBuildDiagnosticSink(TaskLoggingHelper log)
    {
        _log = log;
    }

    /// <summary>Everything reported, in order.</summary>
    public IReadOnlyList<Diagnostic> Reported => _reported;

    public void Report(Diagnostic diagnostic)
    {
        _reported.Add(diagnostic);
        var file = diagnostic.File ?? string.Empty;
        switch (diagnostic.Severity)
        {
            case DiagnosticSeverity.Error:
                _log.LogError(null, diagnostic.Code, diagnostic.Descriptor.HelpLink, file, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
                break;
            case DiagnosticSeverity.Warning:
                _log.LogWarning(null, diagnostic.Code, diagnostic.Descriptor.HelpLink, file, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
                break;
            default:
                _log.LogMessage(null, diagnostic.Code, diagnostic.Descriptor.HelpLink, file, diagnostic.Line, diagnostic.Column, 0, 0, MessageImportance.Normal, diagnostic.Message);
                break;
        }
    }

    public void Trace(string message) => _log.LogMessage(MessageImportance.Low, SecretRedactor.RedactUrls(message));
}
