namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK2009: a package of the restore graph is not in any packages folder.</summary>
    public static readonly DiagnosticDescriptor Sbom_PackageFileMissing = Error(
        "SCSDK2009",
        nameof(Sbom_PackageFileMissing),
        "The package '{0}' {1} that restore resolved for {2} is not in the packages folders ({3}), so the SBOM cannot record its hashes, licenses and authors and is not written. Run 'dotnet restore' so the package is extracted again.");

    /// <summary>SCSDK2010: the .nupkg in the packages folder is not the package restore recorded.</summary>
    public static readonly DiagnosticDescriptor Sbom_PackageContentHashDiffers = Error(
        "SCSDK2010",
        nameof(Sbom_PackageContentHashDiffers),
        "The package file '{0}' has the content hash '{1}', but restore recorded '{2}' for '{3}' {4} in '{5}', so the package changed after restore and the SBOM would describe other bytes than the build used. Delete the package's folder and run 'dotnet restore'.");

    /// <summary>SCSDK2011: a target framework (or runtime identifier) the SBOM should cover was not restored.</summary>
    public static readonly DiagnosticDescriptor Sbom_TargetGraphMissing = Error(
        "SCSDK2011",
        nameof(Sbom_TargetGraphMissing),
        "The restore output '{0}' has no restore graph for '{1}', so the SBOM cannot list the packages of that target. Run 'dotnet restore' for that target framework (with '-r {2}' for a runtime identifier), or leave it out of the SBOM.");

    /// <summary>SCSDK2012: the nuspec of a package cannot be read.</summary>
    public static readonly DiagnosticDescriptor Sbom_NuspecUnreadable = Error(
        "SCSDK2012",
        nameof(Sbom_NuspecUnreadable),
        "The manifest of package '{0}' {1} ('{2}') cannot be read: {3}. The SBOM cannot record the package's licenses and authors and is not written. Delete the package's folder and run 'dotnet restore'; if the error stays, the package itself is malformed.");

    /// <summary>SCSDK2503: the project's own PackageLicenseExpression is not valid SPDX.</summary>
    public static readonly DiagnosticDescriptor Sbom_ProjectLicenseExpressionInvalid = Warning(
        "SCSDK2503",
        nameof(Sbom_ProjectLicenseExpressionInvalid),
        "The project '{0}' sets PackageLicenseExpression to '{1}', which is not a valid SPDX license expression ({2}), so the SBOM records it as a license name. Set PackageLicenseExpression to an SPDX expression such as 'MIT' or 'Apache-2.0 OR MIT'.");

    /// <summary>SCSDK2504: a package's license file cannot be included in the SBOM.</summary>
    public static readonly DiagnosticDescriptor Sbom_PackageLicenseFileUnavailable = Warning(
        "SCSDK2504",
        nameof(Sbom_PackageLicenseFileUnavailable),
        "The package '{0}' {1} declares the license file '{2}', which {3}, so the SBOM records the license by its file name only. Read the license in the package itself, or ask the package's authors to declare an SPDX license expression.");
}
