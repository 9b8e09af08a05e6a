namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK2000: two components of one SBOM have the same bom-ref.</summary>
    public static readonly DiagnosticDescriptor Sbom_DuplicateBomRef = Error(
        "SCSDK2000",
        nameof(Sbom_DuplicateBomRef),
        "The SBOM '{0}' gives the bom-ref '{1}' to {2} components, so the dependency graph cannot tell them apart. Give each component its own bom-ref; if SupplyChain.Sdk made the SBOM, report this as a bug with the build log.");

    /// <summary>SCSDK2001: a dependency entry names a bom-ref that no component has.</summary>
    public static readonly DiagnosticDescriptor Sbom_UnknownDependencyRef = Error(
        "SCSDK2001",
        nameof(Sbom_UnknownDependencyRef),
        "The SBOM '{0}' refers to '{1}' {2}, but no component has that bom-ref, so the dependency graph points at nothing. Add the component or remove the reference; if SupplyChain.Sdk made the SBOM, report this as a bug with the build log.");

    /// <summary>SCSDK2002: the dependency graph lists one component twice.</summary>
    public static readonly DiagnosticDescriptor Sbom_DuplicateDependency = Error(
        "SCSDK2002",
        nameof(Sbom_DuplicateDependency),
        "The SBOM '{0}' has {2} dependencies entries for '{1}', so readers may see only some of its dependencies. Merge them into one entry; if SupplyChain.Sdk made the SBOM, report this as a bug with the build log.");

    /// <summary>SCSDK2003: a purl that is not well formed or not canonical.</summary>
    public static readonly DiagnosticDescriptor Sbom_InvalidPackageUrl = Error(
        "SCSDK2003",
        nameof(Sbom_InvalidPackageUrl),
        "The component '{1}' in the SBOM '{0}' has the package URL '{2}', which is not a well-formed canonical purl: {3}. Build it with PackageUrl.ForNuGet so the name and version are percent-encoded as the purl specification requires.");

    /// <summary>SCSDK2004: a hash that is not hexadecimal or has the wrong length for its algorithm.</summary>
    public static readonly DiagnosticDescriptor Sbom_InvalidHash = Error(
        "SCSDK2004",
        nameof(Sbom_InvalidHash),
        "The component '{1}' in the SBOM '{0}' has the {2} hash '{3}', which is not {4} hexadecimal digits, so no reader can compare it. Write the digest bytes as hex (a NuGet contentHash is base64 and must be converted).");

    /// <summary>SCSDK2005: license.id that is not an identifier of the SPDX list.</summary>
    public static readonly DiagnosticDescriptor Sbom_UnknownLicenseId = Error(
        "SCSDK2005",
        nameof(Sbom_UnknownLicenseId),
        "The component '{1}' in the SBOM '{0}' has the license id '{2}', which is not an identifier of the SPDX license list {3} spelled as the list spells it, so the SBOM fails the CycloneDX schema. Record the license by name, or as a LicenseRef- expression.");

    /// <summary>SCSDK2006: a license expression in the SBOM that is not valid SPDX.</summary>
    public static readonly DiagnosticDescriptor Sbom_InvalidLicenseExpression = Error(
        "SCSDK2006",
        nameof(Sbom_InvalidLicenseExpression),
        "The component '{1}' in the SBOM '{0}' has the license expression '{2}', which is not a valid SPDX license expression: {3}. Record the license by name instead of as an expression.");

    /// <summary>SCSDK2007: an empty bom-ref.</summary>
    public static readonly DiagnosticDescriptor Sbom_EmptyBomRef = Error(
        "SCSDK2007",
        nameof(Sbom_EmptyBomRef),
        "The component '{1}' in the SBOM '{0}' has an empty bom-ref, which the CycloneDX schema forbids. Leave the bom-ref out or give it a value.");

    /// <summary>SCSDK2008: a component that is missing from the dependency graph.</summary>
    public static readonly DiagnosticDescriptor Sbom_MissingDependencyEntry = Error(
        "SCSDK2008",
        nameof(Sbom_MissingDependencyEntry),
        "The component '{1}' in the SBOM '{0}' has no entry in the dependencies graph, so readers cannot tell a component without dependencies from one whose dependencies are unknown. Add an entry for it, with an empty dependsOn when it has no dependencies; if SupplyChain.Sdk made the SBOM, report this as a bug with the build log.");

    /// <summary>SCSDK2501: a package declares a license expression that is not valid SPDX.</summary>
    public static readonly DiagnosticDescriptor Sbom_PackageLicenseExpressionInvalid = Warning(
        "SCSDK2501",
        nameof(Sbom_PackageLicenseExpressionInvalid),
        "The package '{0}' {1} declares the license expression '{2}', which is not a valid SPDX license expression ({3}), so the SBOM records it as a license name. Ask the package's authors to use an SPDX expression; the build needs no change.");

    /// <summary>SCSDK2502: content the chosen CycloneDX version cannot hold was left out.</summary>
    public static readonly DiagnosticDescriptor Sbom_NotRepresentableInSpecVersion = Warning(
        "SCSDK2502",
        nameof(Sbom_NotRepresentableInSpecVersion),
        "The SBOM '{0}' is written as CycloneDX {1}, which has no {2}, so it was left out of the document. Set SupplyChainSbomSpecVersion to 1.7 to keep it.");
}
