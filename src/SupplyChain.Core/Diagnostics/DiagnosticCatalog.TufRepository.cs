namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK4100: a folder given as a TUF repository has no repository in it.</summary>
    public static readonly DiagnosticDescriptor TufRepository_NotFound = Error(
        "SCSDK4100",
        nameof(TufRepository_NotFound),
        "'{0}' is not a TUF repository: it has no '{1}'. Create one with 'supplychain tuf init', or give the folder that holds 'metadata/' and 'targets/'.");

    /// <summary>SCSDK4101: <c>supplychain tuf init</c> on a folder that already holds TUF metadata.</summary>
    public static readonly DiagnosticDescriptor TufRepository_AlreadyExists = Error(
        "SCSDK4101",
        nameof(TufRepository_AlreadyExists),
        "'{0}' already holds TUF metadata ('{1}'), and 'supplychain tuf init' never overwrites a repository. Choose an empty folder, or change this repository with 'supplychain tuf rotate'.");

    /// <summary>SCSDK4102: the repository's lock was held by another process for longer than the timeout.</summary>
    public static readonly DiagnosticDescriptor TufRepository_Locked = Error(
        "SCSDK4102",
        nameof(TufRepository_Locked),
        "The TUF repository '{0}' is locked by another process (the lock file '{1}'), and it was still locked after {2} seconds. Another build or 'supplychain tuf' command is writing it; run again when it is done, or allow more time with the lock timeout.");

    /// <summary>SCSDK4103: a key given to sign a TUF role is not one of the role's keys.</summary>
    public static readonly DiagnosticDescriptor TufRepository_KeyNotTrusted = Error(
        "SCSDK4103",
        nameof(TufRepository_KeyNotTrusted),
        "The key {0} ('{1}') is not trusted for the TUF role '{2}' of '{3}'; the role trusts {4}. Sign with a key of that role, or add the key to the role with 'supplychain tuf rotate'.");

    /// <summary>SCSDK4104: fewer keys of a role given than its threshold.</summary>
    public static readonly DiagnosticDescriptor TufRepository_ThresholdNotMet = Error(
        "SCSDK4104",
        nameof(TufRepository_ThresholdNotMet),
        "The TUF role '{0}' of '{1}' must be signed by {2} of its keys, but {3} of the keys given are keys of the role. Give at least {2} of its keys.");

    /// <summary>SCSDK4105: a target path that a TUF repository cannot hold.</summary>
    public static readonly DiagnosticDescriptor TufRepository_InvalidTargetPath = Error(
        "SCSDK4105",
        nameof(TufRepository_InvalidTargetPath),
        "The TUF target path '{0}' is not valid: {1}. A target path is relative, has non-empty segments separated by '/', no '.' or '..' segment, and no character that a file name cannot hold on Windows or Linux.");

    /// <summary>SCSDK4106: a TUF repository setting out of range (threshold, number of bins, expiry).</summary>
    public static readonly DiagnosticDescriptor TufRepository_InvalidSetting = Error(
        "SCSDK4106",
        nameof(TufRepository_InvalidSetting),
        "The TUF repository setting '{0}' cannot be '{1}': {2}.");

    /// <summary>SCSDK4107: repository metadata on disk that does not verify or is missing.</summary>
    public static readonly DiagnosticDescriptor TufRepository_Inconsistent = Error(
        "SCSDK4107",
        nameof(TufRepository_Inconsistent),
        "The TUF repository '{0}' is not consistent: {1}. Its files were changed or removed by something other than 'supplychain tuf', so nothing was signed; restore the folder from a good copy and find out who changed it.");

    /// <summary>SCSDK4108: a repository whose targets role delegates in a way the tooling does not edit.</summary>
    public static readonly DiagnosticDescriptor TufRepository_UnsupportedDelegations = Error(
        "SCSDK4108",
        nameof(TufRepository_UnsupportedDelegations),
        "The TUF repository '{0}' delegates from 'targets' in a way that 'supplychain tuf' does not edit: {1}. It edits repositories whose targets role delegates nothing, or delegates to succinct hashed bins made by 'supplychain tuf init --bins'.");

    /// <summary>SCSDK4109: a .nupkg whose id and version cannot be read, so it has no flat-container path.</summary>
    public static readonly DiagnosticDescriptor TufRepository_PackageUnreadable = Error(
        "SCSDK4109",
        nameof(TufRepository_PackageUnreadable),
        "The package '{0}' cannot be added as a TUF target: {1}. A .nupkg is placed at its NuGet flat-container path, made from the id and version in its .nuspec; give the target path yourself with '--path' to add another file.");

    /// <summary>SCSDK4110: two files added at one target path.</summary>
    public static readonly DiagnosticDescriptor TufRepository_DuplicateTarget = Error(
        "SCSDK4110",
        nameof(TufRepository_DuplicateTarget),
        "Two files are added at the TUF target path '{0}': '{1}' and '{2}'. A target path holds one file; add them under different paths.");

    /// <summary>SCSDK4111: a new root that is not signed by a threshold of the old and of the new root keys.</summary>
    public static readonly DiagnosticDescriptor TufRepository_RootNotSigned = Error(
        "SCSDK4111",
        nameof(TufRepository_RootNotSigned),
        "The new TUF root version {0} of '{1}' must be signed by {2} of the current root keys and by {3} of its own root keys, but the keys given sign for {4} and {5}. Give the current root keys with '--root-key', and every new root key added.");

    /// <summary>SCSDK4112: a role name that the repository does not have.</summary>
    public static readonly DiagnosticDescriptor TufRepository_UnknownRole = Error(
        "SCSDK4112",
        nameof(TufRepository_UnknownRole),
        "'{0}' is not a role of the TUF repository '{1}'; use one of: {2}.");

    /// <summary>SCSDK4113: a repository file that could not be written.</summary>
    public static readonly DiagnosticDescriptor TufRepository_WriteFailed = Error(
        "SCSDK4113",
        nameof(TufRepository_WriteFailed),
        "The TUF repository '{0}' could not be written ('{1}': {2}). What clients already see is unchanged; fix the cause (disk space, permissions) and run the command again.");

    /// <summary>SCSDK4114: a key change that would leave a role unable to reach its threshold.</summary>
    public static readonly DiagnosticDescriptor TufRepository_InvalidKeyChange = Error(
        "SCSDK4114",
        nameof(TufRepository_InvalidKeyChange),
        "The key change of the TUF role '{0}' of '{1}' is not possible: {2}. A role keeps at least as many keys as its threshold.");

    /// <summary>SCSDK4115: a package version the repository already lists with other bytes (published versions are immutable).</summary>
    public static readonly DiagnosticDescriptor TufRepository_ReleaseExists = Error(
        "SCSDK4115",
        nameof(TufRepository_ReleaseExists),
        "The TUF repository '{0}' already lists '{1}' with other bytes (listed sha256 {2}, new sha256 {3}), and a published package version is immutable. Give the package a new version; or keep the published release with '--skip-duplicate' (SupplyChainTufSkipDuplicate=true), or replace it deliberately with 'supplychain tuf add --replace'.");

    /// <summary>SCSDK4116: a package produced by a pack whose .nuspec names another id or version than the project's.</summary>
    public static readonly DiagnosticDescriptor TufRepository_PackageIdentityMismatch = Error(
        "SCSDK4116",
        nameof(TufRepository_PackageIdentityMismatch),
        "The package '{0}' is '{1} {2}' by its .nuspec, but the project packs '{3} {4}' (PackageId and PackageVersion), so it is not published to the TUF repository. A pack publishes only the package it made; set PackageId and PackageVersion to what the .nuspec says, or find what put this package among the pack's outputs.");

    /// <summary>SCSDK4602: a package version already listed with other bytes was kept (skip duplicate).</summary>
    public static readonly DiagnosticDescriptor TufRepository_DuplicateSkipped = Warning(
        "SCSDK4602",
        nameof(TufRepository_DuplicateSkipped),
        "The TUF repository '{0}' already lists '{1}' with other bytes (listed sha256 {2}, new sha256 {3}); the published release is kept and '{4}' is not added (skip duplicate). Give the package a new version to publish these bytes.");

    /// <summary>SCSDK4603: a published package version replaced by other bytes (replace).</summary>
    public static readonly DiagnosticDescriptor TufRepository_ReleaseReplaced = Warning(
        "SCSDK4603",
        nameof(TufRepository_ReleaseReplaced),
        "The published '{1}' of the TUF repository '{0}' is replaced (listed sha256 {2}, new sha256 {3}, from '{4}'). Clients that installed the old bytes have a package that no longer matches the repository; tell them.");

    /// <summary>SCSDK4600: expired repository metadata.</summary>
    public static readonly DiagnosticDescriptor TufRepository_Expired = Warning(
        "SCSDK4600",
        nameof(TufRepository_Expired),
        "The TUF '{0}' metadata of '{1}' expired at {2}, and clients refuse the repository until it is renewed: {3}.");

    /// <summary>SCSDK4601: repository metadata that expires soon.</summary>
    public static readonly DiagnosticDescriptor TufRepository_ExpiresSoon = Warning(
        "SCSDK4601",
        nameof(TufRepository_ExpiresSoon),
        "The TUF '{0}' metadata of '{1}' expires at {2}, in less than {3} day(s); renew it before then: {4}.");
}
