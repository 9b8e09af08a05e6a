using System;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>How an <see cref="Updater"/> works: its limits, its clock and how it names target files.</summary>
public sealed record UpdaterOptions
{
    /// <summary>The size and delegation limits (python-tuf's defaults).</summary>
    public TufClientLimits Limits { get; init; } = TufClientLimits.Default;

    /// <summary>The clock; read once, when a refresh starts (5.1).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Whether targets are fetched by their hash-prefixed names (<c>dir/HASH.name</c>) when the root sets
    /// <c>consistent_snapshot</c> (the default, as in python-tuf).
    /// </summary>
    public bool PrefixTargetsWithHash { get; init; } = true;

    /// <summary>The folder downloads are written to before they are verified; null for the system temporary folder.</summary>
    public string? StagingDirectory { get; init; }
}
