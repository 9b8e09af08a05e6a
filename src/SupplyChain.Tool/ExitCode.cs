namespace SupplyChain.Tool;

/// <summary>The exit codes of the supplychain command.</summary>
public enum ExitCode
{
    /// <summary>Verified, or done.</summary>
    Success = 0,

    /// <summary>Verification failed; the reason was reported.</summary>
    VerificationFailed = 1,

    /// <summary>Bad usage or unreadable input.</summary>
    UsageOrInput = 2,
}
