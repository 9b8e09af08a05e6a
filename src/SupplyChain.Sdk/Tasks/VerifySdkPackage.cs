using Microsoft.Build.Framework;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>
/// In the MSBuild-SDK form no lock file covers SupplyChain.Sdk itself: compares its package with the
/// content hash pinned in SupplyChainSdkContentHash, and warns when none is pinned.
/// </summary>
public sealed class VerifySdkPackage : SupplyChainTask
{
    /// <summary>The SupplyChain.Sdk .nupkg in the packages folder.</summary>
    [Required]
    public string PackagePath { get; set; } = string.Empty;

    /// <summary>The pinned NuGet content hash, or empty.</summary>
    public string? ExpectedContentHash { get; set; }

    /// <summary>The version of the SDK package.</summary>
    public string? Version { get; set; }

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
        => SdkPackageVerifier.Verify(PackagePath, Normalize(ExpectedContentHash), Version ?? string.Empty, sink);
}
