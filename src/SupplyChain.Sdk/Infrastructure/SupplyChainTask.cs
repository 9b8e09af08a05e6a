using System;
using System.Reflection;
using Microsoft.Build.Framework;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Reporting;

namespace SupplyChain.Sdk.Infrastructure;

/// <summary>
/// The base of every task: an adapter that turns MSBuild inputs into a Core request and reports Core findings.
/// A <see cref="SupplyChainException"/> (the root of every finding exception, TUF faults included) is reported as its
/// catalog diagnostic; anything else is a bug in us and
/// is reported as SCSDK9001 with the exception's type and message (the stack only at low importance).
/// With <see cref="SarifOutput"/>, every finding of the run — failures included — replaces this check's results in the
/// build's SARIF report.
/// </summary>
public abstract class SupplyChainTask : Microsoft.Build.Utilities.Task
{
    /// <summary><c>SupplyChainSarifOutput</c>: the SARIF report of the build, or empty.</summary>
    public string? SarifOutput { get; set; }

    /// <summary>The check's name in the report: <c>pinning</c>, <c>tuf</c>, <c>vulnerabilities</c>, <c>policy</c>.</summary>
    public string? SarifCategory { get; set; }

    /// <summary>The project whose check this is (<c>$(MSBuildProjectFullPath)</c>), named in the report.</summary>
    public string? SarifProject { get; set; }

    /// <summary><c>SupplyChainSarifRoot</c>: the folder locations are relative to; by default the git work tree.</summary>
    public string? SarifRoot { get; set; }

    /// <inheritdoc />
    public sealed override bool Execute()
    {
        var sink = new MSBuildDiagnosticSink(Log);
        Guard(sink, () => ExecuteCore(sink));
        if (Normalize(SarifOutput) is { } sarif)
        {
            Guard(sink, () => SarifReport.Merge(
                new SarifReportRequest
                {
                    OutputPath = sarif,
                    ProjectPath = Normalize(SarifProject) ?? BuildEngine.ProjectFileOfTaskNode,
                    Category = Normalize(SarifCategory) ?? GetType().Name,
                    RootDirectory = Normalize(SarifRoot),
                    ToolVersion = AssemblyToolVersion,
                },
                sink.Reported));
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>The version of the SDK, as SARIF and SBOMs name the tool.</summary>
    protected static string AssemblyToolVersion { get; } =
        typeof(SupplyChainTask).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private void Guard(MSBuildDiagnosticSink sink, Action work)
    {
        try
        {
            work();
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
    }

    /// <summary>Does the work of the task.</summary>
    protected abstract void ExecuteCore(IDiagnosticSink sink);

    /// <summary>Trims a parameter; empty becomes null.</summary>
    protected static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
