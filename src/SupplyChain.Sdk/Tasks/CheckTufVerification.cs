using System;
using Microsoft.Build.Framework;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>
/// Runs on every build before the TUF verification's incremental check: deletes its stamp when the verified
/// metadata expired or a checked <c>.nupkg</c> changed (<see cref="TufVerificationStamp.IsCurrent"/>), so the
/// verification runs again. Costs one stat per package and makes no request.
/// </summary>
public sealed class CheckTufVerification : SupplyChainTask
{
    /// <summary>The stamp of the last verification.</summary>
    [Required]
    public string StampPath { get; set; } = string.Empty;

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        if (!TufVerificationStamp.IsCurrent(StampPath, DateTimeOffset.UtcNow, out var reason))
        {
            Log.LogMessage(MessageImportance.Low, $"The TUF verification runs again: {reason}.");
            System.IO.File.Delete(StampPath);
        }
    }
}
