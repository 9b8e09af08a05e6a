using System;
using System.IO;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Packages;

/// <summary>
/// The MSBuild-SDK form's own package: no lock file covers it, so its bytes are pinned by the content hash the
/// user writes into SupplyChainSdkContentHash.
/// </summary>
public static class SdkPackageVerifier
{
    /// <summary>
    /// Compares the package's NuGet content hash with the pinned one: SCSDK1019 on a mismatch, SCSDK1501 (with the hash to
    /// pin) when nothing is pinned, SCSDK1007 when the package file is missing. Returns the computed hash, or null.
    /// </summary>
    public static string? Verify(string packagePath, string? expectedContentHash, string version, IDiagnosticSink sink)
    {
        if (!File.Exists(packagePath))
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Package_MissingFromPackagesFolder, packagePath, 0, "SupplyChain.Sdk", version, Path.GetDirectoryName(packagePath), packagePath));
            return null;
        }

        var actual = PackageContentHash.Compute(packagePath).ContentHash;
        if (expectedContentHash is null)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.SdkPackage_NotPinnedByHash, packagePath, 0, version, actual));
        }
        else if (!string.Equals(expectedContentHash.Trim(), actual, StringComparison.Ordinal))
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.SdkPackage_ContentHashMismatch, packagePath, 0, packagePath, actual, expectedContentHash.Trim()));
        }

        return actual;
    }
}
