using System;

namespace SupplyChain.Core.Projects;

/// <summary>Whether a process runs in CI, by the same rule the package's props use.</summary>
public static class ContinuousIntegration
{
    /// <summary>
    /// True when <c>CI</c> is set to something other than false/0, or <c>TF_BUILD</c> (Azure Pipelines) or
    /// <c>GITHUB_ACTIONS</c> is set.
    /// </summary>
    public static bool IsDetected(Func<string, string?> environment)
    {
        var ci = environment("CI");
        return (!string.IsNullOrEmpty(ci) && !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase) && ci != "0")
            || !string.IsNullOrEmpty(environment("TF_BUILD"))
            || !string.IsNullOrEmpty(environment("GITHUB_ACTIONS"));
    }
}
