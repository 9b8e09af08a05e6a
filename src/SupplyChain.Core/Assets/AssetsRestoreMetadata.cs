using System.Collections.Generic;

namespace SupplyChain.Core.Assets;

/// <summary>The restore settings recorded in <c>project.restore</c>.</summary>
/// <param name="ProjectPath">The project file.</param>
/// <param name="PackagesPath">The global packages folder.</param>
/// <param name="Sources">The package sources restore used, as written (URLs or folders).</param>
/// <param name="ConfigFilePaths">The NuGet configuration files, nearest first.</param>
/// <param name="FallbackFolders">The fallback package folders.</param>
/// <param name="RestorePackagesWithLockFile">The <c>restorePackagesWithLockFile</c> setting, or null.</param>
/// <param name="RestoreLockedMode">The <c>restoreLockedMode</c> setting, or null when not set.</param>
/// <param name="CentralPackageVersionsManagementEnabled">True when central package management was on.</param>
/// <param name="CentralPackageTransitivePinningEnabled">True when transitive pinning was on.</param>
public sealed record AssetsRestoreMetadata(
    string? ProjectPath,
    string? PackagesPath,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> ConfigFilePaths,
    IReadOnlyList<string> FallbackFolders,
    bool? RestorePackagesWithLockFile,
    bool? RestoreLockedMode,
    bool CentralPackageVersionsManagementEnabled,
    bool CentralPackageTransitivePinningEnabled);
