using System;
using Microsoft.Build.Framework;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Sdk.Infrastructure;

/// <summary>
/// The base of every task: an adapter that turns MSBuild inputs into a Core request and reports Core findings.
/// A <see cref="SupplyChainException"/> (the root of every finding exception, TUF faults included) is reported as its
/// catalog diagnostic; anything else is a bug in us and
/// is reported as SCSDK9001 with the exception's type and message (the stack only at low importance).
/// </summary>
public abstract class SupplyChainTask : Microsoft.Build.Utilities.Task
{
    /// <inheritdoc />
    public sealed override bool Execute()
    {
        var sink = new MSBuildDiagnosticSink(Log);
        try
        {
            ExecuteCore(sink);
        }
        catch (SupplyChainException ex)
        {
            sink.Report(ex.Diagnostic);
        }
        catch (Exception ex)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Internal_UnexpectedException, null, 0, GetType().Name, ex.GetType().FullName, ex.Message));
            Log.LogMessage(MessageImportance.Low, SecretRedactor.RedactUrls(ex.ToString()));
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>Does the work of the task.</summary>
    protected abstract void ExecuteCore(IDiagnosticSink sink);

    /// <summary>Trims a parameter; empty becomes null.</summary>
    protected static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
