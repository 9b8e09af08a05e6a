namespace SupplyChain.Core.Tuf.Client;

/// <summary>The outcome of <see cref="TrustedMetadataSet.UpdateTimestamp"/>.</summary>
/// <param name="Timestamp">The timestamp trusted now.</param>
/// <param name="IsNewVersion">
/// True when the new bytes were accepted; false when they had the same version as the trusted timestamp, which is
/// then kept (its bytes, not the new ones, are the ones to persist).
/// </param>
public sealed record TimestampUpdateResult(Metadata<Timestamp> Timestamp, bool IsNewVersion);
