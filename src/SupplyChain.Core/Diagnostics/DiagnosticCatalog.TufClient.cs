namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK4200: a TUF metadata or target file that could not be fetched (network, server or file error).</summary>
    public static readonly DiagnosticDescriptor TufClient_FetchFailed = Error(
        "SCSDK4200",
        nameof(TufClient_FetchFailed),
        "The TUF file '{0}' could not be fetched from '{1}': {2}. Check the repository address and that it is reachable; nothing new from this update is trusted, and the metadata verified before is kept.");

    /// <summary>SCSDK4201: a metadata file the TUF update needs is missing from the repository.</summary>
    public static readonly DiagnosticDescriptor TufClient_MetadataNotFound = Error(
        "SCSDK4201",
        nameof(TufClient_MetadataNotFound),
        "The TUF repository '{1}' has no '{0}', which the update needs (the repository or a mirror answered 'not found'). The repository is incomplete or was published only in part; the metadata verified before is kept, and the repository owners must publish the missing file.");

    /// <summary>SCSDK4202: a target that no trusted role of the TUF repository lists.</summary>
    public static readonly DiagnosticDescriptor TufClient_TargetNotFound = Error(
        "SCSDK4202",
        nameof(TufClient_TargetNotFound),
        "The TUF repository '{1}' does not list the target '{0}' in any trusted role (searched: {2}). Only files that the repository signs are used; check the target path, or ask the repository owners to add it.");

    /// <summary>SCSDK4203: a TUF file longer than the most bytes accepted for it (endless data attack).</summary>
    public static readonly DiagnosticDescriptor TufClient_DownloadTooLarge = Error(
        "SCSDK4203",
        nameof(TufClient_DownloadTooLarge),
        "The TUF file '{0}' from '{1}' is longer than the {2} bytes accepted for it, so reading stopped there. An endless or oversized response is refused (endless data attack); if the repository really publishes such large metadata, raise the client limit.");

    /// <summary>SCSDK4204: the trusted TUF root of the client cannot be read.</summary>
    public static readonly DiagnosticDescriptor TufClient_TrustedRootUnreadable = Error(
        "SCSDK4204",
        nameof(TufClient_TrustedRootUnreadable),
        "The trusted TUF root '{0}' cannot be read: {1}. The client starts from a root.json it trusts, distributed out of band; give the path of that file.");

    /// <summary>SCSDK4205: a target path that cannot be stored or fetched safely.</summary>
    public static readonly DiagnosticDescriptor TufClient_UnsafeTargetPath = Error(
        "SCSDK4205",
        nameof(TufClient_UnsafeTargetPath),
        "The TUF target path '{0}' cannot be fetched or stored safely: {1}. Target paths are relative, '/'-separated, and have no empty, '.' or '..' parts; the target is not used.");

    /// <summary>SCSDK4206: a TUF repository address that is neither an http(s) URL nor a folder.</summary>
    public static readonly DiagnosticDescriptor TufClient_InvalidRemote = Error(
        "SCSDK4206",
        nameof(TufClient_InvalidRemote),
        "The TUF repository address '{0}' is neither an http:// or https:// URL nor an existing folder. Give the repository's base URL or folder (the one that holds 'metadata/' and 'targets/').");

    /// <summary>SCSDK4210: a package of the lock file that is not a verified target of the TUF repository.</summary>
    public static readonly DiagnosticDescriptor TufVerify_PackageNotATarget = Error(
        "SCSDK4210",
        nameof(TufVerify_PackageNotATarget),
        "The package '{0}' {1} is not a verified target of the TUF repository '{2}': no trusted role lists '{3}'. Only packages that the repository signs may be used; ask its owners to publish the package, or remove the dependency.");

    /// <summary>SCSDK4211: a package whose bytes differ from its verified TUF target.</summary>
    public static readonly DiagnosticDescriptor TufVerify_PackageMismatch = Error(
        "SCSDK4211",
        nameof(TufVerify_PackageMismatch),
        "The package '{0}' {1} in '{2}' is not the one the TUF repository signed as '{3}': {4}. The package in the packages folder was replaced or restored from another source; clear it ('dotnet nuget locals global-packages --clear') and restore again.");

    /// <summary>SCSDK4212: a package whose .nupkg is missing from the packages folder.</summary>
    public static readonly DiagnosticDescriptor TufVerify_PackageFileMissing = Error(
        "SCSDK4212",
        nameof(TufVerify_PackageFileMissing),
        "The package '{0}' {1} has no '{2}', so its bytes cannot be checked against the TUF repository. Restore the project again.");

    /// <summary>SCSDK4213: only one of the two TUF verification settings is set.</summary>
    public static readonly DiagnosticDescriptor TufVerify_IncompleteSettings = Error(
        "SCSDK4213",
        nameof(TufVerify_IncompleteSettings),
        "'{0}' is set but '{1}' is not. TUF verification of packages needs both: the trusted root.json (SupplyChainTufTrustedRoot) and the repository URL or folder (SupplyChainTufRemote).");

    /// <summary>SCSDK4214: a lock file that cannot be read for TUF verification.</summary>
    public static readonly DiagnosticDescriptor TufVerify_LockFileUnreadable = Error(
        "SCSDK4214",
        nameof(TufVerify_LockFileUnreadable),
        "The packages lock file '{0}' cannot be read, so the packages cannot be checked against the TUF repository: {1}. Restore with RestorePackagesWithLockFile=true so that the lock file exists and lists every package.");

    /// <summary>SCSDK4215: a file of the TUF client's metadata folder that cannot be read or is not metadata of its role.</summary>
    public static readonly DiagnosticDescriptor TufClient_StoredMetadataUnusable = Error(
        "SCSDK4215",
        nameof(TufClient_StoredMetadataUnusable),
        "The stored TUF file '{0}' cannot be used as the trusted '{1}' metadata: {2}. The client writes only metadata it verified into its metadata folder, so something else changed this file (another program, a copy, or two names that a case-insensitive file system takes for one); the update stops rather than ignore it and lose the rollback protection it gives. Find out what wrote it, then delete the file, or start the folder again from a root.json you trust.");

    /// <summary>SCSDK4216: a file given as the trusted TUF root that is not TUF root metadata.</summary>
    public static readonly DiagnosticDescriptor TufClient_TrustedRootNotRootMetadata = Error(
        "SCSDK4216",
        nameof(TufClient_TrustedRootNotRootMetadata),
        "The file '{0}' given as the trusted TUF root is not TUF root metadata: {1}. Give the repository's root.json (a JSON document whose 'signed._type' is 'root', distributed out of band), not a key or another role's metadata.");
}
