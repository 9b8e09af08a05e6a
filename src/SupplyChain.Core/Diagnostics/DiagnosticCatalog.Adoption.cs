namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK7000: <c>supplychain init</c> refuses a working tree with uncommitted changes (or outside git).</summary>
    public static readonly DiagnosticDescriptor Init_WorkingTreeNotClean = Error(
        "SCSDK7000",
        nameof(Init_WorkingTreeNotClean),
        "'supplychain init' edits files in '{0}', and {1}. Git is the undo of init: commit or stash your changes first, or pass --force to edit anyway.");

    /// <summary>SCSDK7001: <c>supplychain init</c> would edit a file outside the repository.</summary>
    public static readonly DiagnosticDescriptor Init_FileOutsideRepository = Error(
        "SCSDK7001",
        nameof(Init_FileOutsideRepository),
        "'supplychain init' would edit '{0}', but {1}. Nothing was written. Make that change by hand, or run init in the repository that owns the file.");

    /// <summary>SCSDK7002: the restore <c>supplychain init</c> learns from failed.</summary>
    public static readonly DiagnosticDescriptor Init_RestoreFailed = Error(
        "SCSDK7002",
        nameof(Init_RestoreFailed),
        "'dotnet restore' of '{0}' failed, so 'supplychain init' cannot learn what restore resolves: {1}. Fix the restore error and run 'supplychain init' again.");

    /// <summary>SCSDK7003: a floating or ranged version that <c>supplychain init</c> cannot pin by itself.</summary>
    public static readonly DiagnosticDescriptor Init_VersionNotPinned = Error(
        "SCSDK7003",
        nameof(Init_VersionNotPinned),
        "The {0} '{1}' has the version '{2}', which 'supplychain init' did not pin: {3}. Pin it by hand to one version restore resolved.");

    /// <summary>SCSDK7004: a restored package whose source is not one of the repository's package sources.</summary>
    public static readonly DiagnosticDescriptor Init_PackageSourceUnknown = Error(
        "SCSDK7004",
        nameof(Init_PackageSourceUnknown),
        "The package '{0}' {1} {2}, so 'supplychain init' cannot map it to a package source. Delete '{3}' from the packages folder and run 'supplychain init' again, or add its mapping by hand.");
}
