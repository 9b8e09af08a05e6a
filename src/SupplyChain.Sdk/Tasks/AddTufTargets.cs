using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf.Repository;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>
/// After pack: adds each package (at its NuGet flat-container path, with its SBOM and attestation files beside it)
/// to a TUF repository, signed with the key of the role that lists targets; with the snapshot and timestamp keys it
/// also publishes. Key parameters are sources (a path or <c>env:NAME</c>), never key material.
/// </summary>
public sealed class AddTufTargets : SupplyChainTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>SupplyChainTufRepository: the repository folder.</summary>
    [Required]
    public string Repository { get; set; } = string.Empty;

    /// <summary>The .nupkg files NuGet wrote.</summary>
    [Required]
    public ITaskItem[] Packages { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Files that describe the packages (SBOM, attestations), matched to a package by its file name.</summary>
    public ITaskItem[] Sidecars { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>SupplyChainTufTargetsKey: the key of the targets role, or of the hashed bins.</summary>
    public string? TargetsKey { get; set; }

    /// <summary>SupplyChainTufSnapshotKey.</summary>
    public string? SnapshotKey { get; set; }

    /// <summary>SupplyChainTufTimestampKey.</summary>
    public string? TimestampKey { get; set; }

    /// <summary>SupplyChainTufKeyPassword: <c>env:NAME</c> of the password of encrypted keys.</summary>
    public string? KeyPassword { get; set; }

    /// <summary>SupplyChainTufLockTimeout: seconds to wait for another writer of the repository.</summary>
    public string? LockTimeout { get; set; }

    /// <summary>SupplyChainTufSkipDuplicate: <c>true</c> keeps a version the repository lists with other bytes (a warning) instead of failing.</summary>
    public string? SkipDuplicate { get; set; }

    /// <summary>The project's PackageId: only packages whose .nuspec has it are published.</summary>
    public string? PackageId { get; set; }

    /// <summary>The project's PackageVersion: only packages whose .nuspec has it are published.</summary>
    public string? PackageVersion { get; set; }

    /// <summary>The targets added, with the metadata <c>Source</c>, <c>Role</c>, <c>Sha256</c> and <c>Outcome</c> (Added, Unchanged, Skipped).</summary>
    [Output]
    public ITaskItem[] Targets { get; set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    public void Cancel() => _cancel.Cancel();

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        var request = new PackagePublishSettings { LockTimeout = LockTimeout, SkipDuplicate = SkipDuplicate }.ApplyTo(new PackagePublishRequest
        {
            Repository = Repository,
            Packages = Packages.Select(p => p.GetMetadata("FullPath")).ToArray(),
            Sidecars = Sidecars.Select(s => s.GetMetadata("FullPath")).ToArray(),
            TargetsKey = Normalize(TargetsKey),
            SnapshotKey = Normalize(SnapshotKey),
            TimestampKey = Normalize(TimestampKey),
            KeyPassword = Normalize(KeyPassword),
            ExpectedId = Normalize(PackageId),
            ExpectedVersion = Normalize(PackageVersion),
        });
        PackagePublishResult result;
        try
        {
            result = PackagePublisher.Publish(request, sink, _cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Log.LogMessage(MessageImportance.Low, "SupplyChain.Sdk: cancelled while waiting for the TUF repository's lock; nothing was written.");
            return;
        }

        foreach (var target in result.Targets)
        {
            var outcome = target.Outcome switch
            {
                TargetOutcome.Skipped => "skipped: the repository keeps its published bytes",
                TargetOutcome.Unchanged => "unchanged",
                _ => "added",
            };
            Log.LogMessage(MessageImportance.Normal, $"SupplyChain.Sdk: TUF target '{target.TargetPath}' ({outcome}) in '{target.RoleName}' of '{Repository}'.");
        }

        if (result.Published is { } published)
        {
            Log.LogMessage(MessageImportance.Normal, $"SupplyChain.Sdk: published TUF snapshot version {published.Snapshot.Version.ToString(CultureInfo.InvariantCulture)} and timestamp version {published.Timestamp.Version.ToString(CultureInfo.InvariantCulture)} of '{Repository}'.");
        }
        else if (result.Pending.Count > 0)
        {
            Log.LogMessage(MessageImportance.High, $"SupplyChain.Sdk: the packages are signed into '{Repository}' and wait for 'supplychain tuf publish' (a new snapshot and timestamp) before clients see them.");
        }

        Targets = result.Targets
            .Select(t => (ITaskItem)new TaskItem(t.TargetPath, new Dictionary<string, string> { ["Source"] = t.SourcePath, ["Role"] = t.RoleName, ["Sha256"] = t.Sha256, ["Outcome"] = t.Outcome.ToString() }))
            .ToArray();
    }
}
