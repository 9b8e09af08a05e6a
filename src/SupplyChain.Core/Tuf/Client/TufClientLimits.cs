namespace SupplyChain.Core.Tuf.Client;

/// <summary>
/// The bounds a TUF client keeps to against endless data and endless work (the defaults are python-tuf's and
/// go-tuf's). <see cref="TrustedMetadataSet"/> refuses metadata longer than the limit of its role, and
/// <see cref="DelegationSearch"/> stops after <see cref="MaxDelegations"/> delegated roles; a fetcher should also
/// stop reading a response at the limit, and stop looking for new roots after <see cref="MaxRootRotations"/>.
/// </summary>
public sealed record TufClientLimits
{
    /// <summary>The defaults.</summary>
    public static readonly TufClientLimits Default = new();

    /// <summary>The largest root metadata accepted, in bytes (512,000).</summary>
    public long RootMaxLength { get; init; } = 512_000;

    /// <summary>The largest timestamp metadata accepted, in bytes (16,384).</summary>
    public long TimestampMaxLength { get; init; } = 16_384;

    /// <summary>The largest snapshot metadata accepted when timestamp lists no length, in bytes (2,000,000).</summary>
    public long SnapshotMaxLength { get; init; } = 2_000_000;

    /// <summary>The largest targets metadata accepted when snapshot lists no length, in bytes (5,000,000).</summary>
    public long TargetsMaxLength { get; init; } = 5_000_000;

    /// <summary>The most new root versions one update applies (256).</summary>
    public int MaxRootRotations { get; init; } = 256;

    /// <summary>The most delegated roles one target search visits (32).</summary>
    public int MaxDelegations { get; init; } = 32;
}
