using System;
using System.IO;
using Microsoft.Build.Framework;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Pinning;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>
/// The one task call every build makes for pinning, before the verification's up-to-date check:
/// records the state of the NuGet configuration files the last verification judged (<see cref="RestoreConfigState"/>;
/// an input of that check, rewritten only when a file's contents changed), then stats each file and package-folder
/// directory verified earlier and, when one changed identity (inode, size or change time; a directory's change when a
/// file is added, removed or renamed in it), deletes the pinning stamp so the full verification runs again.
/// With TUF verification on, it also does what <see cref="CheckTufVerification"/> would (one task call, not two): it
/// deletes the TUF stamp once the verified metadata expired or a checked <c>.nupkg</c> changed.
/// </summary>
public sealed class CheckVerifiedPackageFiles : SupplyChainTask
{
    /// <summary>The verified-files cache of the project; empty when package hashes are not verified.</summary>
    public string? CachePath { get; set; }

    /// <summary>The stamp of the last successful verification.</summary>
    public string? StampPath { get; set; }

    /// <summary>The restore-configuration state file the verification's up-to-date check compares, or empty.</summary>
    public string? RestoreConfigStatePath { get; set; }

    /// <summary>The list of the configuration files the last verification judged.</summary>
    public string? RestoreConfigListPath { get; set; }

    /// <summary>The stamp of the project's TUF verification when that check rides on this call, or empty.</summary>
    public string? TufStampPath { get; set; }

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        // Without a pinning stamp the verification runs in full anyway, and records the configuration state itself.
        if (Normalize(StampPath) is { } stamp && File.Exists(stamp))
        {
            if (Normalize(RestoreConfigStatePath) is { } state)
            {
                RestoreConfigState.Record(state, Normalize(RestoreConfigListPath), null);
            }

            if (Normalize(CachePath) is { } cache)
            {
                var changed = VerifiedFileCache.FindChanged(cache);
                if (changed.Count > 0)
                {
                    sink.Trace($"SupplyChain.Sdk: {changed.Count} verified file(s) changed since verification (first: '{changed[0]}'); verifying again.");
                    File.Delete(stamp);
                }
            }
        }

        if (Normalize(TufStampPath) is { } tufStamp && File.Exists(tufStamp)
            && !TufVerificationStamp.IsCurrent(tufStamp, DateTimeOffset.UtcNow, out var reason))
        {
            Log.LogMessage(MessageImportance.Low, $"The TUF verification runs again: {reason}.");
            File.Delete(tufStamp);
        }
    }
}
