using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SupplyChain.Core.Diagnostics;
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
    public ITaskItem[] RestoreConfigFiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>The packages that were verified, with Version and ContentHash metadata.</summary>
    [Output]
    public ITaskItem[] VerifiedPackages { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        var settings = new PinningSettings
        {
            Pinning = Pinning,
            VerifyPackageHashes = VerifyPackageHashes,
            ContinuousIntegration = ContinuousIntegration,
            RestorePackagesWithLockFile = RestorePackagesWithLockFile,
            RestorePackagesWithLockFileBeforeProject = RestorePackagesWithLockFileBeforeProject,
            RestoreLockedMode = RestoreLockedMode,
        };
        var declared = ItemConversions.ToDeclaredVersions("PackageReference", PackageReferences)
            .Concat(ItemConversions.ToDeclaredVersions("PackageVersion", PackageVersions))
            .Concat(ItemConversions.ToDeclaredVersions("GlobalPackageReference", GlobalPackageReferences))
            .ToArray();
        var result = PinningVerifier.Verify(settings.ToRequest(ProjectPath, AssetsFilePath, LockFilePath, declared, CachePath), sink);
        VerifiedPackages = result.Packages
            .Select(p => (ITaskItem)new TaskItem(p.Id, new Dictionary<string, string> { ["Version"] = p.Version, ["ContentHash"] = p.ContentHash }))
            .ToArray();
        RestoreConfigFiles = result.RestoreConfigFiles.Select(f => (ITaskItem)new TaskItem(f)).ToArray();
    }
}
