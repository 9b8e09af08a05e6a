using System;
using System.Collections.Generic;
using SupplyChain.Core.Configuration;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Pinning;

/// <summary>
/// The settings of the build's verification as MSBuild gives them (text), read in one place by <see cref="ToRequest"/>:
/// a wrong <c>SupplyChainPinning</c> is SCSDK6000 before anything is verified.
/// </summary>
public sealed record PinningSettings
{
    /// <summary>The property that sets the mode.</summary>
    public const string PinningSetting = "SupplyChainPinning";

    /// <summary><c>SupplyChainPinning</c>: <c>Error</c> (empty), <c>Warning</c> or <c>Off</c>, any case.</summary>
    public string? Pinning { get; init; }

    /// <summary>The property that turns the package hash check off.</summary>
    public const string VerifyPackageHashesSetting = "SupplyChainVerifyPackageHashes";

    /// <summary>
    /// <c>SupplyChainVerifyPackageHashes</c>: <c>true</c> (empty) or <c>false</c>, any case. Anything else is SCSDK6000: a
    /// typo such as <c>yes</c> must not turn the check off.
    /// </summary>
    public string? VerifyPackageHashes { get; init; }

    /// <summary><c>SupplyChainIsContinuousIntegration</c>: off unless it is <c>true</c>.</summary>
    public string? ContinuousIntegration { get; init; }

    /// <summary><c>RestorePackagesWithLockFile</c> as the build evaluated it.</summary>
    public string? RestorePackagesWithLockFile { get; init; }

    /// <summary><c>RestorePackagesWithLockFile</c> when SupplyChain.Sdk's props were imported (before the project body).</summary>
    public string? RestorePackagesWithLockFileBeforeProject { get; init; }

    /// <summary><c>RestoreLockedMode</c> as the build evaluated it.</summary>
    public string? RestoreLockedMode { get; init; }

    /// <summary>Reads <c>SupplyChainPinning</c>: the mode's name in any case, <see cref="PinningMode.Error"/> when empty.</summary>
    /// <exception cref="SupplyChainException">SCSDK6000 for anything else (numbers included).</exception>
    public static PinningMode ParseMode(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return PinningMode.Error;
        }

        var value = text.Trim();
        return Enum.TryParse<PinningMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !char.IsDigit(value[0])
            ? mode
            : throw SupplyChainException.Create(DiagnosticCatalog.Configuration_InvalidValue, null, 0, PinningSetting, value, "Error, Warning, Off");
    }

    /// <summary>The request of the verification of a project with these settings.</summary>
    /// <param name="projectPath">The project file.</param>
    /// <param name="assetsFilePath">project.assets.json written by restore.</param>
    /// <param name="lockFilePath">The lock file; null or blank for NuGet's default location (<see cref="LockFiles.LockFileLocation"/>).</param>
    /// <param name="declaredVersions">The declared PackageReference, PackageVersion and GlobalPackageReference items.</param>
    /// <param name="verifiedFilesCachePath">The verified-files cache of the project, or null.</param>
    /// <exception cref="SupplyChainException">SCSDK6000 for a wrong <see cref="Pinning"/> or <see cref="VerifyPackageHashes"/>.</exception>
    public PinningRequest ToRequest(string projectPath, string assetsFilePath, string? lockFilePath, IReadOnlyList<DeclaredPackageVersion> declaredVersions, string? verifiedFilesCachePath)
        => new(projectPath, assetsFilePath, string.IsNullOrWhiteSpace(lockFilePath) ? LockFiles.LockFileLocation.For(projectPath, null, null) : lockFilePath.Trim())
        {
            Mode = ParseMode(Pinning),
            VerifyPackageHashes = BooleanSetting.Parse(VerifyPackageHashesSetting, VerifyPackageHashes, defaultValue: true),
            IsContinuousIntegration = BooleanSetting.IsTrue(ContinuousIntegration, defaultValue: false),
            DeclaredVersions = declaredVersions,
            VerifiedFilesCachePath = string.IsNullOrWhiteSpace(verifiedFilesCachePath) ? null : verifiedFilesCachePath.Trim(),
            LockFilesEnabled = BooleanSetting.ParseOptional(RestorePackagesWithLockFile),
            LockFilesEnabledBeforeProject = BooleanSetting.ParseOptional(RestorePackagesWithLockFileBeforeProject),
            RestoreLockedModeSetToFalse = BooleanSetting.ParseOptional(RestoreLockedMode) == false,
        };
}
