namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK5000: a locked package has a known vulnerability at or above the threshold.</summary>
    public static readonly DiagnosticDescriptor Vulnerability_Found = Error(
        "SCSDK5000",
        nameof(Vulnerability_Found),
        "'{0}' {1} has a known vulnerability {2} ({3}), severity {4}, affected range {5}: {6}. It comes in as a {7}. {8}.");

    /// <summary>SCSDK5001: the vulnerability data cannot be read.</summary>
    public static readonly DiagnosticDescriptor VulnerabilityData_Malformed = Error(
        "SCSDK5001",
        nameof(VulnerabilityData_Malformed),
        "The vulnerability data '{0}' cannot be read: {1}. Fix or replace the file (run 'supplychain vuln update' to download the data again); a record that cannot be read is never skipped.");

    /// <summary>SCSDK5002: SupplyChainVulnerabilityData names nothing.</summary>
    public static readonly DiagnosticDescriptor VulnerabilityData_NotFound = Error(
        "SCSDK5002",
        nameof(VulnerabilityData_NotFound),
        "The vulnerability data '{0}' does not exist. Set SupplyChainVulnerabilityData to a folder or zip of OSV records, or to the folder 'supplychain vuln update' wrote.");

    /// <summary>SCSDK5003: a file of downloaded data does not have the hash the data lock records.</summary>
    public static readonly DiagnosticDescriptor VulnerabilityData_LockMismatch = Error(
        "SCSDK5003",
        nameof(VulnerabilityData_LockMismatch),
        "The vulnerability data lock '{0}' does not match '{1}': {2}. The data is not the data that was reviewed; run 'supplychain vuln update', review the change and commit it.");

    /// <summary>SCSDK5004: the VEX document cannot be read.</summary>
    public static readonly DiagnosticDescriptor Vex_Malformed = Error(
        "SCSDK5004",
        nameof(Vex_Malformed),
        "The VEX document '{0}' cannot be read: {1}. SupplyChainVex must name an OpenVEX or CycloneDX VEX document.");

    /// <summary>SCSDK5005: a VEX statement lacks what a statement needs.</summary>
    public static readonly DiagnosticDescriptor Vex_StatementRefused = Error(
        "SCSDK5005",
        nameof(Vex_StatementRefused),
        "The VEX statement at '{0}' line {1} about '{2}' is refused: {3}. A statement needs a state, a reason, an author and an expiry; not_affected needs a justification and affected an action.");

    /// <summary>SCSDK5006: a VEX statement that covers a finding has expired.</summary>
    public static readonly DiagnosticDescriptor Vex_StatementExpired = Error(
        "SCSDK5006",
        nameof(Vex_StatementExpired),
        "The VEX statement about '{0}' for '{1}' {2} ({3}, by {4}) expired on {5}. Review it again: update the package, or renew the statement with a new expiry.");

    /// <summary>SCSDK5007: a vulnerability property has a value the SDK does not know.</summary>
    public static readonly DiagnosticDescriptor Vulnerability_InvalidSetting = Error(
        "SCSDK5007",
        nameof(Vulnerability_InvalidSetting),
        "The property {0} is '{1}', which is not one of {2}.");

    /// <summary>SCSDK5500: a locked package has a known vulnerability reported as a warning (below the threshold, or SupplyChainVulnerabilities=Warning).</summary>
    public static readonly DiagnosticDescriptor Vulnerability_FoundWarning = Warning(
        "SCSDK5500",
        nameof(Vulnerability_FoundWarning),
        "'{0}' {1} has a known vulnerability {2} ({3}), severity {4}, affected range {5}: {6}. It comes in as a {7}. {8}.");

    /// <summary>SCSDK5501: a finding a VEX statement marks as affected, with an action, until it expires.</summary>
    public static readonly DiagnosticDescriptor Vulnerability_AcceptedByVex = Warning(
        "SCSDK5501",
        nameof(Vulnerability_AcceptedByVex),
        "'{0}' {1} is affected by {2} ({3}), severity {4}; accepted by the VEX statement at '{5}' line {6} (by {7}, until {8}): {9}.");

    /// <summary>SCSDK5502: the vulnerability data is older than SupplyChainVulnerabilityDataMaxAge.</summary>
    public static readonly DiagnosticDescriptor VulnerabilityData_Stale = Warning(
        "SCSDK5502",
        nameof(VulnerabilityData_Stale),
        "The vulnerability data '{0}' is from {1}, older than {2} day(s) (SupplyChainVulnerabilityDataMaxAge). Run 'supplychain vuln update', review and commit the new data.");

    /// <summary>SCSDK5503: a VEX statement matches no finding.</summary>
    public static readonly DiagnosticDescriptor Vex_StatementUnmatched = Warning(
        "SCSDK5503",
        nameof(Vex_StatementUnmatched),
        "The VEX statement at '{0}' line {1} about '{2}' matches no vulnerability of the locked packages. Remove it if the package was updated.");
}
