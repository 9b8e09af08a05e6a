using System;
using System.Collections.Generic;

namespace SupplyChain.Core.Pinning;

/// <summary>What <see cref="PinningVerifier.Verify"/> checks.</summary>
/// <param name="ProjectPath">The project file.</param>
/// <param name="AssetsFilePath">The project's <c>project.assets.json</c>.</param>
/// <param name="LockFilePath">Where the project's <c>packages.lock.json</c> is expected (it may not exist).</param>
public sealed record PinningRequest(string ProjectPath, string AssetsFilePath, string LockFilePath)
{
    /// <summary>What findings do to the build; <see cref="PinningMode.Error"/> by default.</summary>
    public PinningMode Mode { get; init; } = PinningMode.Error;

    /// <summary>Recompute the content hash of every package in the packages folder and check the extracted files the build uses.</summary>
    public bool VerifyPackageHashes { get; init; } = true;

    /// <summary>True in a CI build, where restore must run in locked mode.</summary>
    public bool IsContinuousIntegration { get; init; }

    /// <summary>The package items as MSBuild evaluated them; may be empty, the assets file is checked as well.</summary>
    public IReadOnlyList<DeclaredPackageVersion> DeclaredVersions { get; init; } = Array.Empty<DeclaredPackageVersion>();

    /// <summary>The framework (or alias) of an inner build, or null to check every framework in the assets file.</summary>
    public string? TargetFramework { get; init; }

    /// <summary>The verified-files cache in the intermediate folder, or null to verify everything every time.</summary>
    public string? VerifiedFilesCachePath { get; init; }

    /// <summary><c>RestorePackagesWithLockFile</c> as the build evaluated it, or null when unknown (outside MSBuild).</summary>
    public bool? LockFilesEnabled { get; init; }

    /// <summary>
    /// <c>RestorePackagesWithLockFile</c> as it was when SupplyChain.Sdk's props were imported (after
    /// Directory.Build.props, before the project body), or null when unknown. True here and false in
    /// <see cref="LockFilesEnabled"/> means the project file, or a file imported after it, turned lock files off.
    /// </summary>
    public bool? LockFilesEnabledBeforeProject { get; init; }

    /// <summary>
    /// True when the build evaluated <c>RestoreLockedMode=false</c>: the user set it (SupplyChain.Sdk never sets it to false).
    /// </summary>
    public bool RestoreLockedModeSetToFalse { get; init; }
}
