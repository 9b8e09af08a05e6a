using System.IO;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>
/// The cheap check every build runs: stats each file and package-folder directory verified earlier and, when one
/// changed identity (inode, size or change time; a directory's change when a file is added, removed or renamed in
/// it), deletes the pinning stamp so the full verification runs again.
/// </summary>
public sealed class CheckVerifiedPackageFiles : SupplyChainTask
{
    /// <summary>The verified-files cache of the project.</summary>
    public string? CachePath { get; set; }

    /// <summary>The stamp of the last successful verification.</summary>
    public string? StampPath { get; set; }

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        if (Normalize(StampPath) is not { } stamp || !File.Exists(stamp))
        {
            return;
        }

        var changed = Normalize(CachePath) is { } cache ? VerifiedFileCache.FindChanged(cache) : System.Array.Empty<string>();
        if (changed.Count > 0)
        {
            sink.Trace($"SupplyChain.Sdk: {changed.Count} verified file(s) changed since verification (first: '{changed[0]}'); verifying again.");
            File.Delete(stamp);
        }
    }
}
