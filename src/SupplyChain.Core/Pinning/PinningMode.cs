namespace SupplyChain.Core.Pinning;

/// <summary>What an unpinned or tampered dependency does to the build (<c>SupplyChainPinning</c>).</summary>
public enum PinningMode
{
    /// <summary>The checks do not run.</summary>
    Off,

    /// <summary>Every finding of the pinning checks is reported as a warning, with its code.</summary>
    Warning,

    /// <summary>Findings are reported with their default severity: errors fail the build.</summary>
    Error,
}
