namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK6100: the policy file cannot be read or is not a valid policy.</summary>
    public static readonly DiagnosticDescriptor Policy_Malformed = Error(
        "SCSDK6100",
        nameof(Policy_Malformed),
        "The policy '{0}' is not valid at line {1}: {2}. Fix the file (docs/supplychain-policy.schema.json describes it); a policy that cannot be read checks nothing, so the build stops.");

    /// <summary>SCSDK6101: SupplyChainPolicy names a file that does not exist.</summary>
    public static readonly DiagnosticDescriptor Policy_NotFound = Error(
        "SCSDK6101",
        nameof(Policy_NotFound),
        "The policy '{0}' does not exist. Set SupplyChainPolicy to the path of a supplychain-policy.json, or leave it empty to check no policy.");

    /// <summary>SCSDK6110: a package is denied by a deny rule.</summary>
    public static readonly DiagnosticDescriptor Policy_PackageDenied = Error(
        "SCSDK6110",
        nameof(Policy_PackageDenied),
        "'{0}' {1} is denied by policy rule {2} ('{3}' line {4}){5}. Remove the dependency or move to a version the rule does not deny.");

    /// <summary>SCSDK6111: the licence expression offers no choice the rule allows.</summary>
    public static readonly DiagnosticDescriptor Policy_LicenseNotAllowed = Error(
        "SCSDK6111",
        nameof(Policy_LicenseNotAllowed),
        "'{0}' {1} has the licence '{2}', which policy rule {3} ('{4}' line {5}) does not allow: {6}. Replace the dependency, or change the rule after a licence review.");

    /// <summary>SCSDK6112: the licence is missing, URL-only, a file, or unreadable, and the rule denies unknown licences.</summary>
    public static readonly DiagnosticDescriptor Policy_LicenseUnknown = Error(
        "SCSDK6112",
        nameof(Policy_LicenseUnknown),
        "'{0}' {1} has no licence the policy can evaluate ({2}); policy rule {3} ('{4}' line {5}) denies unknown licences. Review the licence and add a rule for the package with \"unknown\": \"allow\", or replace it.");

    /// <summary>SCSDK6113: the package's licence expression is not a valid SPDX expression.</summary>
    public static readonly DiagnosticDescriptor Policy_LicenseMalformed = Error(
        "SCSDK6113",
        nameof(Policy_LicenseMalformed),
        "'{0}' {1} declares the licence expression '{2}', which is not a valid SPDX expression ({3}); policy rule {4} ('{5}' line {6}) cannot pass it. A malformed expression is never read as allowed.");

    /// <summary>SCSDK6114: the package was published more recently than the rule's minimum age.</summary>
    public static readonly DiagnosticDescriptor Policy_PackageTooNew = Error(
        "SCSDK6114",
        nameof(Policy_PackageTooNew),
        "'{0}' {1} was published at {2} (from {3}), less than the {4} hours policy rule {5} ('{6}' line {7}) requires. Wait, or pin the previous version.");

    /// <summary>SCSDK6115: the publish time is unknown and the rule denies unknown ages.</summary>
    public static readonly DiagnosticDescriptor Policy_AgeUnknown = Error(
        "SCSDK6115",
        nameof(Policy_AgeUnknown),
        "'{0}' {1} has no publish time the policy can trust; policy rule {2} ('{3}' line {4}) requires a minimum age and denies unknown ages. Require provenance for the package (its signed finishedOn is used), or set \"unknown\" in minimumAge.");

    /// <summary>SCSDK6116: a package has an advisory at or above the rule's threshold.</summary>
    public static readonly DiagnosticDescriptor Policy_Vulnerable = Error(
        "SCSDK6116",
        nameof(Policy_Vulnerable),
        "'{0}' {1} has the advisory {2}, severity {3}, at or above the threshold {4} of policy rule {5} ('{6}' line {7}). Update the package; see {8}.");

    /// <summary>SCSDK6117: a rule checks vulnerabilities and no vulnerability data is given.</summary>
    public static readonly DiagnosticDescriptor Policy_VulnerabilityDataMissing = Error(
        "SCSDK6117",
        nameof(Policy_VulnerabilityDataMissing),
        "Policy rule {0} ('{1}' line {2}) checks vulnerabilities, but no vulnerability data is given. Set SupplyChainVulnerabilityData (or --data); a rule that cannot be checked never passes.");

    /// <summary>SCSDK6118: a rule requires a verified TUF target and the package is not one.</summary>
    public static readonly DiagnosticDescriptor Policy_TufTargetRequired = Error(
        "SCSDK6118",
        nameof(Policy_TufTargetRequired),
        "'{0}' {1} is not a verified TUF target, and policy rule {2} ('{3}' line {4}) requires one: {5}. Publish it to the TUF repository named by SupplyChainTufRemote, or consume it from there.");

    /// <summary>SCSDK6120: no attestation was found for a package whose rule requires provenance.</summary>
    public static readonly DiagnosticDescriptor Provenance_Missing = Error(
        "SCSDK6120",
        nameof(Provenance_Missing),
        "'{0}' {1} has no provenance attestation (looked for {2}); policy rule {3} ('{4}' line {5}) requires signed provenance. Consume the package from a feed that delivers its .intoto.jsonl or .sigstore.json beside it.");

    /// <summary>SCSDK6121: no attestation is signed by a key the rule trusts.</summary>
    public static readonly DiagnosticDescriptor Provenance_SignatureUntrusted = Error(
        "SCSDK6121",
        nameof(Provenance_SignatureUntrusted),
        "'{0}' {1}: check 'signature' failed: the attestation '{2}' is not signed by a key policy rule {3} ('{4}' line {5}) trusts ({6}).");

    /// <summary>SCSDK6122: the attestation's subject is not the package in the packages folder.</summary>
    public static readonly DiagnosticDescriptor Provenance_SubjectMismatch = Error(
        "SCSDK6122",
        nameof(Provenance_SubjectMismatch),
        "'{0}' {1}: check 'subject' failed: the attestation '{2}' does not name the .nupkg '{3}' (SHA-256 and SHA-512) as its subject; policy rule {4} ('{5}' line {6}). It is another package's or version's attestation, or the package was replaced.");

    /// <summary>SCSDK6123: the provenance names another builder.</summary>
    public static readonly DiagnosticDescriptor Provenance_BuilderMismatch = Error(
        "SCSDK6123",
        nameof(Provenance_BuilderMismatch),
        "'{0}' {1}: check 'builderId' failed: the provenance names the builder '{2}', which policy rule {3} ('{4}' line {5}) does not accept ({6}).");

    /// <summary>SCSDK6124: the provenance has another build type.</summary>
    public static readonly DiagnosticDescriptor Provenance_BuildTypeMismatch = Error(
        "SCSDK6124",
        nameof(Provenance_BuildTypeMismatch),
        "'{0}' {1}: check 'buildType' failed: the provenance has the build type '{2}', which policy rule {3} ('{4}' line {5}) does not accept ({6}).");

    /// <summary>SCSDK6125: the provenance names another source repository.</summary>
    public static readonly DiagnosticDescriptor Provenance_SourceRepositoryMismatch = Error(
        "SCSDK6125",
        nameof(Provenance_SourceRepositoryMismatch),
        "'{0}' {1}: check 'sourceRepository' failed: the provenance names the source '{2}', which policy rule {3} ('{4}' line {5}) does not accept ({6}).");

    /// <summary>SCSDK6126: the provenance names another source ref, or none.</summary>
    public static readonly DiagnosticDescriptor Provenance_SourceRefMismatch = Error(
        "SCSDK6126",
        nameof(Provenance_SourceRefMismatch),
        "'{0}' {1}: check 'sourceRef' failed: the provenance names the ref '{2}', which policy rule {3} ('{4}' line {5}) does not accept ({6}).");

    /// <summary>SCSDK6127: the package is not in the packages folder, so nothing about it can be checked.</summary>
    public static readonly DiagnosticDescriptor Policy_PackageNotFound = Error(
        "SCSDK6127",
        nameof(Policy_PackageNotFound),
        "'{0}' {1} is not in the packages folder '{2}', so policy rule {3} ('{4}' line {5}) cannot be checked. Restore first; a package the policy cannot see never passes.");

    /// <summary>SCSDK6130: a policy test case did not get its expected verdict.</summary>
    public static readonly DiagnosticDescriptor PolicyTest_CaseFailed = Error(
        "SCSDK6130",
        nameof(PolicyTest_CaseFailed),
        "The policy test case '{0}' expected '{1}' but the policy says '{2}'{3}. Fix the policy or the case.");

    /// <summary>SCSDK6131: a policy test case cannot be read.</summary>
    public static readonly DiagnosticDescriptor PolicyTest_CaseMalformed = Error(
        "SCSDK6131",
        nameof(PolicyTest_CaseMalformed),
        "The policy test case '{0}' is not valid at line {1}: {2}. A case is a JSON object with \"policy\", \"package\" and \"expect\".");

    /// <summary>SCSDK6140: an attestation sidecar listed as a TUF target does not match its signed target metadata, or cannot be fetched.</summary>
    public static readonly DiagnosticDescriptor Policy_TufSidecarMismatch = Error(
        "SCSDK6140",
        nameof(Policy_TufSidecarMismatch),
        "'{0}' {1}: the attestation '{2}' is a target of the TUF repository '{3}', but {4}; policy rule {5} ('{6}' line {7}). It is not used: an attestation listed by the repository is taken only with the bytes the repository signed. The repository's file was replaced or damaged; republish it.");

    /// <summary>SCSDK6141: the policy's TUF repository failed a check, so no package could be verified through it.</summary>
    public static readonly DiagnosticDescriptor Policy_TufRepositoryFailed = Error(
        "SCSDK6141",
        nameof(Policy_TufRepositoryFailed),
        "The policy check could not use the TUF repository '{0}': {1}. Packages whose rules require a TUF target fail, and their attestations are looked for only in the folder feeds.");

    /// <summary>SCSDK6142: only one of the policy's TUF settings is set.</summary>
    public static readonly DiagnosticDescriptor Policy_TufSettingsIncomplete = Error(
        "SCSDK6142",
        nameof(Policy_TufSettingsIncomplete),
        "{0} is set but {1} is not. The policy verifies TUF targets and fetches attestations through a TUF repository only with both (the trusted root.json and the repository); set both, or neither.");

    /// <summary>SCSDK6600: a licence is unknown and the rule warns about unknown licences.</summary>
    public static readonly DiagnosticDescriptor Policy_LicenseUnknownWarning = Warning(
        "SCSDK6600",
        nameof(Policy_LicenseUnknownWarning),
        "'{0}' {1} has no licence the policy can evaluate ({2}); policy rule {3} ('{4}' line {5}) warns about unknown licences. Review the licence.");

    /// <summary>SCSDK6601: the publish time is unknown and the rule warns about unknown ages.</summary>
    public static readonly DiagnosticDescriptor Policy_AgeUnknownWarning = Warning(
        "SCSDK6601",
        nameof(Policy_AgeUnknownWarning),
        "'{0}' {1} has no publish time the policy can trust; policy rule {2} ('{3}' line {4}) warns about unknown ages.");

    /// <summary>SCSDK6610: RepositoryBranch is not a git ref name, so the provenance records no ref.</summary>
    public static readonly DiagnosticDescriptor Provenance_BranchNotARef = Warning(
        "SCSDK6610",
        nameof(Provenance_BranchNotARef),
        "RepositoryBranch '{0}' is not a valid git ref name, so the provenance of this pack records no source ref (a policy with sourceRefs will refuse the package). Set RepositoryBranch to the branch name (main) or the full ref (refs/heads/main, refs/tags/v1.0), or leave it empty to take the CI system's ref.");

    /// <summary>SCSDK6602: a rule matches no locked package.</summary>
    public static readonly DiagnosticDescriptor Policy_RuleUnused = Warning(
        "SCSDK6602",
        nameof(Policy_RuleUnused),
        "Policy rule {0} ('{1}' line {2}) matches no package of the lock file '{3}'. Remove it or fix its patterns, so a reader is not misled about what is checked.");
}
