namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK1000: a project with package references has no packages.lock.json.</summary>
    public static readonly DiagnosticDescriptor LockFile_Missing = Error(
        "SCSDK1000",
        nameof(LockFile_Missing),
        "The project '{0}' references packages but has no packages lock file at '{1}'. {2}.");

    /// <summary>SCSDK1001: packages.lock.json is not valid JSON or not of the lock-file shape.</summary>
    public static readonly DiagnosticDescriptor LockFile_Malformed = Error(
        "SCSDK1001",
        nameof(LockFile_Malformed),
        "The packages lock file '{0}' cannot be read: {1}. Restore it from source control or delete it and run 'dotnet restore --force-evaluate'.");

    /// <summary>SCSDK1002: packages.lock.json does not match what the project restores.</summary>
    public static readonly DiagnosticDescriptor LockFile_DoesNotMatchProject = Error(
        "SCSDK1002",
        nameof(LockFile_DoesNotMatchProject),
        "The packages lock file '{0}' does not match the restored dependencies of '{1}': {2}. Run 'dotnet restore --force-evaluate' to update the lock file, review the change and commit it.");

    /// <summary>SCSDK1003: a lock-file version this release does not know.</summary>
    public static readonly DiagnosticDescriptor LockFile_UnsupportedVersion = Error(
        "SCSDK1003",
        nameof(LockFile_UnsupportedVersion),
        "The packages lock file '{0}' has version {1}, which this SupplyChain.Sdk does not understand (it reads versions {2}). Update SupplyChain.Sdk.");

    /// <summary>SCSDK1004: a lock entry without a content hash.</summary>
    public static readonly DiagnosticDescriptor LockFile_MissingContentHash = Error(
        "SCSDK1004",
        nameof(LockFile_MissingContentHash),
        "The packages lock file '{0}' lists '{1}' {2} without a contentHash, so its bytes cannot be verified. Run 'dotnet restore --force-evaluate' to write the hash, and commit the lock file.");

    /// <summary>SCSDK1005: the package in the packages folder is not the one the lock file pins.</summary>
    public static readonly DiagnosticDescriptor LockFile_ContentHashMismatch = Error(
        "SCSDK1005",
        nameof(LockFile_ContentHashMismatch),
        "The package '{1}' {2} in '{3}' does not match the packages lock file '{0}': the lock file pins contentHash '{4}' but the package has '{5}'. Delete the package folder and restore again; if the mismatch stays, the package source serves other bytes than the ones you pinned.");

    /// <summary>SCSDK1006: the lock file names another version or hash than restore resolved.</summary>
    public static readonly DiagnosticDescriptor LockFile_DiffersFromRestore = Error(
        "SCSDK1006",
        nameof(LockFile_DiffersFromRestore),
        "The packages lock file '{0}' lists '{1}' {2} for {3}, but restore resolved {4}. The lock file was edited after restore; run 'dotnet restore --force-evaluate', review the change and commit it.");

    /// <summary>SCSDK1007: a locked package is not in the packages folder.</summary>
    public static readonly DiagnosticDescriptor Package_MissingFromPackagesFolder = Error(
        "SCSDK1007",
        nameof(Package_MissingFromPackagesFolder),
        "The package '{0}' {1} is not in the packages folder '{2}' (expected '{3}'). Run 'dotnet restore'.");

    /// <summary>SCSDK1008: a file extracted from a package differs from its entry in the verified package, is missing, or is a link.</summary>
    public static readonly DiagnosticDescriptor Package_ExtractedFileTampered = Error(
        "SCSDK1008",
        nameof(Package_ExtractedFileTampered),
        "The file '{0}' extracted from package '{1}' {2} does not match its entry '{3}' in the verified package ({5}): the packages folder has been tampered with. Delete '{4}' and run 'dotnet restore'.");

    /// <summary>SCSDK1009: a floating version.</summary>
    public static readonly DiagnosticDescriptor PackageVersion_Floating = Error(
        "SCSDK1009",
        nameof(PackageVersion_Floating),
        "The {0} '{1}' uses the floating version '{2}', so each restore may take other bytes. {3}.");

    /// <summary>SCSDK1010: a version range with an upper or open bound.</summary>
    public static readonly DiagnosticDescriptor PackageVersion_Range = Error(
        "SCSDK1010",
        nameof(PackageVersion_Range),
        "The {0} '{1}' uses the version range '{2}'. Pin one version, written as a plain version ('{3}') or as an exact range ('[{3}]').");

    /// <summary>SCSDK1011: restore took another version than the one asked for (NU1603).</summary>
    public static readonly DiagnosticDescriptor PackageVersion_ResolvedDiffersFromRequested = Error(
        "SCSDK1011",
        nameof(PackageVersion_ResolvedDiffersFromRequested),
        "The package '{0}' was requested at {1} but restore resolved {2} for {3}: the requested version was not found on the sources. Request the version that exists, or publish the requested one to your feed.");

    /// <summary>SCSDK1012: several package sources and no package source mapping.</summary>
    public static readonly DiagnosticDescriptor PackageSources_NoSourceMapping = Error(
        "SCSDK1012",
        nameof(PackageSources_NoSourceMapping),
        "Restore used {0} package sources ({1}) without package source mapping, so any of them may serve any package (dependency confusion). Add a <packageSourceMapping> section to nuget.config.");

    /// <summary>SCSDK1013: a package source over plain http.</summary>
    public static readonly DiagnosticDescriptor PackageSources_InsecureHttp = Error(
        "SCSDK1013",
        nameof(PackageSources_InsecureHttp),
        "The package source '{0}' uses plain http, so anyone on the network path can change the packages it serves. Use https.");

    /// <summary>SCSDK1014: a CI build that restored without locked mode.</summary>
    public static readonly DiagnosticDescriptor Restore_NotLockedInContinuousIntegration = Error(
        "SCSDK1014",
        nameof(Restore_NotLockedInContinuousIntegration),
        "The project '{0}' was restored without locked mode in a CI build, so restore could change the lock file instead of failing. {1}.");

    /// <summary>SCSDK1015: project.assets.json is malformed or truncated.</summary>
    public static readonly DiagnosticDescriptor AssetsFile_Malformed = Error(
        "SCSDK1015",
        nameof(AssetsFile_Malformed),
        "The restore output '{0}' cannot be read: {1}. Run 'dotnet restore' again.");

    /// <summary>SCSDK1016: project.assets.json of an unknown version, or missing.</summary>
    public static readonly DiagnosticDescriptor AssetsFile_Unsupported = Error(
        "SCSDK1016",
        nameof(AssetsFile_Unsupported),
        "The restore output '{0}' {1}. Run 'dotnet restore' with the .NET SDK this project uses.");

    /// <summary>SCSDK1017: the packages folder named by restore does not exist.</summary>
    public static readonly DiagnosticDescriptor PackagesFolder_Missing = Error(
        "SCSDK1017",
        nameof(PackagesFolder_Missing),
        "The packages folder '{0}' that restore used for '{1}' does not exist, so no package can be verified. Run 'dotnet restore'.");

    /// <summary>SCSDK1018: a .nupkg that is not a readable zip.</summary>
    public static readonly DiagnosticDescriptor Package_Unreadable = Error(
        "SCSDK1018",
        nameof(Package_Unreadable),
        "The package file '{0}' cannot be read as a NuGet package: {1}. Delete its folder and run 'dotnet restore'.");

    /// <summary>SCSDK1020: the package folder holds a file (or link) that the verified package does not contain.</summary>
    public static readonly DiagnosticDescriptor Package_UnexpectedFile = Error(
        "SCSDK1020",
        nameof(Package_UnexpectedFile),
        "The folder of package '{1}' {2} holds '{0}', which is not in the verified package ({4}): something other than NuGet wrote it, and a build may import or run it. Delete '{3}' and run 'dotnet restore'.");

    /// <summary>SCSDK1028: a file given as a package that is not a NuGet package.</summary>
    public static readonly DiagnosticDescriptor Package_NotANuGetPackage = Error(
        "SCSDK1028",
        nameof(Package_NotANuGetPackage),
        "The file '{0}' is not a NuGet package: {1}. 'supplychain lock hash' computes the content hash of .nupkg files; give it the .nupkg of a package.");

    /// <summary>SCSDK1501: the MSBuild-SDK form's own package is not pinned by content hash.</summary>
    public static readonly DiagnosticDescriptor SdkPackage_NotPinnedByHash = Warning(
        "SCSDK1501",
        nameof(SdkPackage_NotPinnedByHash),
        "SupplyChain.Sdk {0} is used as an MSBuild project SDK, which no lock file covers. Set SupplyChainSdkContentHash to '{1}' after checking it with 'supplychain lock verify', so a changed SDK package fails the build.");

    /// <summary>SCSDK1502: a solution restores an MSBuild-SDK-form project without SupplyChain.Sdk's Solution.targets.</summary>
    public static readonly DiagnosticDescriptor Restore_SolutionWithoutSolutionTargets = Warning(
        "SCSDK1502",
        nameof(Restore_SolutionWithoutSolutionTargets),
        "The solution '{0}' restores '{1}' without SupplyChain.Sdk's Solution.targets, so its packages are verified only after the build has imported their build files. Add a Directory.Solution.targets beside the solution with: <Import Project=\"Solution.targets\" Sdk=\"SupplyChain.Sdk\" />.");

    /// <summary>SCSDK1019: the MSBuild-SDK package does not have the pinned content hash.</summary>
    public static readonly DiagnosticDescriptor SdkPackage_ContentHashMismatch = Error(
        "SCSDK1019",
        nameof(SdkPackage_ContentHashMismatch),
        "The SupplyChain.Sdk package '{0}' has contentHash '{1}', but SupplyChainSdkContentHash pins '{2}'. Delete the package folder and restore again; if the mismatch stays, the source serves other bytes.");
}
