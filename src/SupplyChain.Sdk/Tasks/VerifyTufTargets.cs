using System;
using Microsoft.Build.Framework;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>
/// Checks every package of the lock file against a TUF repository (<see cref="PackageTargetVerifier"/>): each must
/// be a verified target at its flat-container path, and the <c>.nupkg</c> in the packages folder must be that
/// target. Writes the stamp (<see cref="TufVerificationStamp"/>) when everything verified.
/// </summary>
public sealed class VerifyTufTargets : SupplyChainTask, ICancelableTask
{
    private readonly System.Threading.CancellationTokenSource _cancel = new();

    /// <summary>The trusted root.json (SupplyChainTufTrustedRoot).</summary>
    public string? TrustedRoot { get; set; }

    /// <summary>The repository URL or folder (SupplyChainTufRemote).</summary>
    public string? Remote { get; set; }

    /// <summary><c>auto</c>, <c>anonymous</c>, <c>key</c> or <c>login</c> (SupplyChainTufRemoteAuthMode).</summary>
    public string? RemoteAuthMode { get; set; }

    /// <summary>The project's packages.lock.json.</summary>
    [Required]
    public string LockFilePath { get; set; } = string.Empty;

    /// <summary>The NuGet packages folder (NuGetPackageRoot).</summary>
    [Required]
    public string PackagesFolder { get; set; } = string.Empty;

    /// <summary>Where verified metadata is kept between builds.</summary>
    [Required]
    public string StateDirectory { get; set; } = string.Empty;

    /// <summary>The stamp to write when every package verified.</summary>
    [Required]
    public string StampPath { get; set; } = string.Empty;

    /// <inheritdoc />
    public void Cancel() => _cancel.Cancel();

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        var root = Normalize(TrustedRoot);
        var remote = Normalize(Remote);
        if (root is null || remote is null)
        {
            sink.Report(Diagnostic.Create(
                DiagnosticCatalog.TufVerify_IncompleteSettings,
                null,
                0,
                root is null ? "SupplyChainTufRemote" : "SupplyChainTufTrustedRoot",
                root is null ? "SupplyChainTufTrustedRoot" : "SupplyChainTufRemote"));
            return;
        }

        var request = new PackageTargetRequest(LockFilePath, PackagesFolder, root, remote, StateDirectory)
        {
            AuthMode = TufRemote.ParseAuthMode(RemoteAuthMode, "SupplyChainTufRemoteAuthMode"),
        };
        PackageTargetResult result;
        try
        {
            result = PackageTargetVerifier.VerifyAsync(request, sink, _cancel.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // A cancelled build verified nothing: no stamp, so the next build verifies again.
            System.IO.File.Delete(StampPath);
            Log.LogMessage(MessageImportance.Low, "SupplyChain.Sdk: the TUF verification was cancelled; nothing was verified.");
            return;
        }

        if (result.IsValid)
        {
            TufVerificationStamp.Write(StampPath, result);
            Log.LogMessage(MessageImportance.Low, $"{result.Packages.Count} package(s) verified against the TUF repository '{SecretRedactor.RedactUrls(remote)}'.");
        }
        else
        {
            System.IO.File.Delete(StampPath);
        }
    }
}
