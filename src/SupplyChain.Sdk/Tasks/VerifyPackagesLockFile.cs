using System.Linq;
using Microsoft.Build.Framework;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Pinning;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>Verifies the lock file, the restore result, the sources and the bytes of the packages a project uses.</summary>
public sealed class VerifyPackagesLockFile : SupplyChainTask
{
    /// <summary>The project file.</summary>
    [Required]
    public string ProjectPath { get; set; } = string.Empty;

    /// <summary>project.assets.json written by restore.</summary>
    [Required]
    public string AssetsFilePath { get; set; } = string.Empty;

    /// <summary>Where the project's packages.lock.json is (it may be missing).</summary>
    public string? LockFilePath { get; set; }

    /// <summary><c>Error</c>, <c>Warning</c> or <c>Off</c>.</summary>
    public string? Pinning { get; set; }

    /// <summary>Whether to recompute content hashes and compare extracted files.</summary>
    public string? VerifyPackageHashes { get; set; }

    /// <summary>Whether this is a CI build (locked-mode restore required).</summary>
    public string? ContinuousIntegration { get; set; }

    /// <summary>The evaluated PackageReference items.</summary>
    public ITaskItem[]? PackageReferences { get; set; }

    /// <summary>The evaluated PackageVersion items (central package management).</summary>
    public ITaskItem[]? PackageVersions { get; set; }

    /// <summary>The evaluated GlobalPackageReference items.</summary>
    public ITaskItem[]? GlobalPackageReferences { get; set; }

    /// <summary>The verified-files cache of the project.</summary>
    public string? CachePath { get; set; }

    /// <summary>RestorePackagesWithLockFile as the build evaluated it.</summary>
    public string? RestorePackagesWithLockFile { get; set; }

    /// <summary>RestorePackagesWithLockFile when SupplyChain.Sdk's props were imported (after Directory.Build.props, before the project body).</summary>
    public string? RestorePackagesWithLockFileBeforeProject { get; set; }

    /// <summary>RestoreLockedMode as the build evaluated it.</summary>
    public string? RestoreLockedMode { get; set; }

    /// <summary>The NuGet configuration files restore read, so that a change to one of them verifies again.</summary>
    [Output]
    public ITaskItem[] RestoreConfigFiles { get; private set; } = System.Array.Empty<ITaskItem>();

    /// <summary>The packages that were verified, with Version and ContentHash metadata.</summary>
    [Output]
    public ITaskItem[] VerifiedPackages { get; private set; } = System.Array.Empty<ITaskItem>();

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        var request = new PinningRequest(ProjectPath, AssetsFilePath, Normalize(LockFilePath) ?? LockFileLocation.For(ProjectPath, null, null))
        {
            Mode = ParseMode(Pinning),
            VerifyPackageHashes = ParseBool(VerifyPackageHashes, defaultValue: true),
            IsContinuousIntegration = ParseBool(ContinuousIntegration, defaultValue: false),
            DeclaredVersions = ItemConversions.ToDeclaredVersions("PackageReference", PackageReferences)
                .Concat(ItemConversions.ToDeclaredVersions("PackageVersion", PackageVersions))
                .Concat(ItemConversions.ToDeclaredVersions("GlobalPackageReference", GlobalPackageReferences))
                .ToArray(),
            VerifiedFilesCachePath = Normalize(CachePath),
            LockFilesEnabled = ParseOptionalBool(RestorePackagesWithLockFile),
            LockFilesEnabledBeforeProject = ParseOptionalBool(RestorePackagesWithLockFileBeforeProject),
            RestoreLockedModeSetToFalse = ParseOptionalBool(RestoreLockedMode) == false,
        };
        var result = PinningVerifier.Verify(request, sink);
        VerifiedPackages = result.Packages.Select(p => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(p.Id, new System.Collections.Generic.Dictionary<string, string>
        {
            ["Version"] = p.Version,
            ["ContentHash"] = p.ContentHash,
        })).ToArray();
        RestoreConfigFiles = result.RestoreConfigFiles.Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(f)).ToArray();
    }

    // MSBuild's own reading of a boolean property: only 'true' and 'false' (any case) count; anything else is unknown.
    private static bool? ParseOptionalBool(string? value)
        => Normalize(value) is { } text
            ? string.Equals(text, "true", System.StringComparison.OrdinalIgnoreCase) ? true
                : string.Equals(text, "false", System.StringComparison.OrdinalIgnoreCase) ? false : null
            : null;

    private static PinningMode ParseMode(string? value)
    {
        if (Normalize(value) is not { } text)
        {
            return PinningMode.Error;
        }

        return System.Enum.TryParse<PinningMode>(text, ignoreCase: true, out var mode) && System.Enum.IsDefined(mode) && !char.IsDigit(text[0])
            ? mode
            : throw SupplyChainException.Create(DiagnosticCatalog.Configuration_InvalidValue, null, 0, "SupplyChainPinning", text, "Error, Warning, Off");
    }
}
