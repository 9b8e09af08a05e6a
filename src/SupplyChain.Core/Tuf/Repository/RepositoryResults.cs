using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>A file to add to a repository as a target.</summary>
/// <param name="SourcePath">The file to copy in.</param>
/// <param name="TargetPath">Its target path (see <see cref="TargetPaths.Validate"/>).</param>
/// <param name="Custom">The entry's <c>custom</c> object, or null.</param>
public sealed record TargetRequest(string SourcePath, string TargetPath, JsonObject? Custom = null)
{
    /// <summary>
    /// The target path of the package release this file belongs to (the .nupkg's own path for the package, the
    /// package's path for its SBOM and attestations), or null for a file that is no release. A published release is
    /// immutable: see <see cref="ExistingReleasePolicy"/>.
    /// </summary>
    public string? Release { get; init; }
}

/// <summary>
/// What <see cref="RepositoryEditor.AddTargets"/> does with a package release (a .nupkg and the files beside it) whose
/// id and version the repository already lists with other bytes. The same bytes again are always a no-op.
/// </summary>
public enum ExistingReleasePolicy
{
    /// <summary>Refuse (SCSDK4115), as a NuGet feed refuses a pushed version it has: published versions are immutable.</summary>
    Refuse,

    /// <summary>Keep the published release and add nothing of the new one, with a warning (SCSDK4602): NuGet's <c>--skip-duplicate</c>.</summary>
    SkipDuplicate,

    /// <summary>Replace the published release, with a warning that names both hashes (SCSDK4603).</summary>
    Replace,
}

/// <summary>What happened to one target of <see cref="RepositoryEditor.AddTargets"/>.</summary>
public enum TargetOutcome
{
    /// <summary>Listed now (new, or a file that is no release with new bytes).</summary>
    Added,

    /// <summary>Already listed as given, or part of a release whose package the repository lists with the same bytes.</summary>
    Unchanged,

    /// <summary>Not added: the repository lists the release with other bytes, and they were kept (skip duplicate).</summary>
    Skipped,

    /// <summary>Listed now in place of a published release with other bytes (replace).</summary>
    Replaced,
}

/// <summary>What <see cref="RepositoryEditor.Initialize"/> creates.</summary>
public sealed record RepositoryInitRequest
{
    /// <summary>The root keys; each signs the first root.</summary>
    public required IReadOnlyList<ISigner> RootKeys { get; init; }

    /// <summary>How many root keys must sign a root (1 to the number of root keys).</summary>
    public int RootThreshold { get; init; } = 1;

    /// <summary>The keys of the top-level targets role (threshold 1).</summary>
    public required IReadOnlyList<ISigner> TargetsKeys { get; init; }

    /// <summary>The keys of the snapshot role (threshold 1).</summary>
    public required IReadOnlyList<ISigner> SnapshotKeys { get; init; }

    /// <summary>The keys of the timestamp role (threshold 1).</summary>
    public required IReadOnlyList<ISigner> TimestampKeys { get; init; }

    /// <summary>The number of succinct hashed bins (a power of two, 2 to <see cref="RepositoryEditor.MaxBins"/>), or 0 for none.</summary>
    public int Bins { get; init; }

    /// <summary>The keys of the hashed bins (threshold 1); required with <see cref="Bins"/>.</summary>
    public IReadOnlyList<ISigner> BinsKeys { get; init; } = Array.Empty<ISigner>();

    /// <summary><c>ROLE=DAYS</c> expiry periods stored as the repository's settings (defaults otherwise).</summary>
    public IReadOnlyList<string>? Expiry { get; init; }
}

/// <summary>A role's metadata as written.</summary>
/// <param name="RoleName">The role.</param>
/// <param name="Version">The version written.</param>
/// <param name="Path">The file.</param>
/// <param name="Expires">When it expires.</param>
public sealed record RoleVersion(string RoleName, long Version, string Path, DateTimeOffset Expires);

/// <summary>The repository <see cref="RepositoryEditor.Initialize"/> made.</summary>
/// <param name="Directory">The repository folder.</param>
/// <param name="RootPath">The first root, <c>metadata/1.root.json</c>: what clients are given to trust.</param>
/// <param name="KeyIds">The key ids of each role (<c>bins</c> for the hashed bins).</param>
/// <param name="Bins">The number of hashed bins (0 for none).</param>
/// <param name="BinNamePrefix">The prefix of the bin names, or null.</param>
/// <param name="SnapshotLength">The size of the first snapshot in bytes.</param>
public sealed record RepositoryInitResult(
    string Directory,
    string RootPath,
    IReadOnlyDictionary<string, IReadOnlyList<string>> KeyIds,
    long Bins,
    string? BinNamePrefix,
    long SnapshotLength);

/// <summary>One target as added.</summary>
/// <param name="TargetPath">The target path.</param>
/// <param name="SourcePath">The file it was copied from.</param>
/// <param name="Length">Its length.</param>
/// <param name="Sha256">Its SHA-256 (lowercase hex), which prefixes its stored name.</param>
/// <param name="RoleName">The role that lists it.</param>
/// <param name="IsChanged">False when the role already listed the same entry (nothing was re-signed for it).</param>
public sealed record AddedTarget(string TargetPath, string SourcePath, long Length, string Sha256, string RoleName, bool IsChanged)
{
    /// <summary>What happened to the target.</summary>
    public TargetOutcome Outcome { get; init; } = IsChanged ? TargetOutcome.Added : TargetOutcome.Unchanged;

    /// <summary>The SHA-256 the repository listed before (kept or replaced), or null when it listed no such target.</summary>
    public string? ListedSha256 { get; init; }
}

/// <summary>What <see cref="RepositoryEditor.AddTargets"/> did.</summary>
/// <param name="Targets">Each target, in the order given.</param>
/// <param name="SignedRoles">The roles re-signed (new versions), in name order.</param>
/// <param name="PendingRoles">Every role signed but not yet in a snapshot, after this call.</param>
public sealed record AddTargetsResult(IReadOnlyList<AddedTarget> Targets, IReadOnlyList<RoleVersion> SignedRoles, IReadOnlyList<RoleVersion> PendingRoles);

/// <summary>What <see cref="RepositoryEditor.Publish"/> wrote.</summary>
/// <param name="Snapshot">The new snapshot.</param>
/// <param name="Timestamp">The new timestamp.</param>
/// <param name="SnapshotLength">The size of the new snapshot in bytes.</param>
/// <param name="PublishedRoles">The roles whose new versions the snapshot now lists.</param>
public sealed record PublishResult(RoleVersion Snapshot, RoleVersion Timestamp, long SnapshotLength, IReadOnlyList<RoleVersion> PublishedRoles);

/// <summary>A key and threshold change of one role (or a renewal, with no change), for <see cref="RepositoryEditor.Rotate"/>.</summary>
public sealed record RotationRequest
{
    /// <summary>The role: <c>root</c>, <c>targets</c>, <c>snapshot</c>, <c>timestamp</c>, or <c>bins</c> (the hashed bins).</summary>
    public required string Role { get; init; }

    /// <summary>Keys to add to the role; they also sign its new metadata.</summary>
    public IReadOnlyList<ISigner> AddKeys { get; init; } = Array.Empty<ISigner>();

    /// <summary>Key ids to remove from the role.</summary>
    public IReadOnlyList<string> RemoveKeyIds { get; init; } = Array.Empty<string>();

    /// <summary>The role's new threshold, or null to keep it.</summary>
    public int? Threshold { get; init; }

    /// <summary>
    /// Other keys of the role that sign its new metadata: keys it keeps, and keys being removed (then the new
    /// metadata verifies with the old keys and the new ones, so the repository verifies at every step).
    /// </summary>
    public IReadOnlyList<ISigner> RoleKeys { get; init; } = Array.Empty<ISigner>();

    /// <summary>The current root keys (a threshold of them), which sign the new root.</summary>
    public IReadOnlyList<ISigner> RootKeys { get; init; } = Array.Empty<ISigner>();

    /// <summary>Keys of the top-level targets role, for a change of the hashed bins' keys.</summary>
    public IReadOnlyList<ISigner> TargetsKeys { get; init; } = Array.Empty<ISigner>();

    /// <summary>Keys of the snapshot role, to publish the change.</summary>
    public IReadOnlyList<ISigner> SnapshotKeys { get; init; } = Array.Empty<ISigner>();

    /// <summary>Keys of the timestamp role, to publish the change.</summary>
    public IReadOnlyList<ISigner> TimestampKeys { get; init; } = Array.Empty<ISigner>();
}

/// <summary>What <see cref="RepositoryEditor.Rotate"/> wrote.</summary>
/// <param name="Role">The role changed.</param>
/// <param name="KeyIds">The role's key ids now.</param>
/// <param name="Threshold">The role's threshold now.</param>
/// <param name="Written">Every metadata file written, in order.</param>
public sealed record RotationResult(string Role, IReadOnlyList<string> KeyIds, int Threshold, IReadOnlyList<RoleVersion> Written);

/// <summary>A role as <c>supplychain tuf status</c> shows it.</summary>
/// <param name="RoleName">The role (for the hashed bins, the one that expires first).</param>
/// <param name="Version">The newest version (signed; see <see cref="IsPublished"/>).</param>
/// <param name="KeyIds">The key ids trusted for it.</param>
/// <param name="Threshold">How many must sign.</param>
/// <param name="Expires">When the newest version expires.</param>
/// <param name="IsPublished">False when the newest version is not in a snapshot yet.</param>
public sealed record RoleStatus(string RoleName, long Version, IReadOnlyList<string> KeyIds, int Threshold, DateTimeOffset Expires, bool IsPublished);

/// <summary>The succinct hashed bins as <c>supplychain tuf status</c> shows them.</summary>
/// <param name="NamePrefix">The bin name prefix.</param>
/// <param name="Count">The number of bins.</param>
/// <param name="BitLength">The bits of the path hash that choose a bin.</param>
/// <param name="KeyIds">The key ids trusted for every bin.</param>
/// <param name="Threshold">How many must sign a bin.</param>
/// <param name="MinVersion">The lowest version of a bin.</param>
/// <param name="MaxVersion">The highest version of a bin.</param>
/// <param name="FirstToExpire">The bin that expires first, and when.</param>
public sealed record BinsStatus(string NamePrefix, long Count, int BitLength, IReadOnlyList<string> KeyIds, int Threshold, long MinVersion, long MaxVersion, RoleStatus FirstToExpire);

/// <summary>The state of a repository: roles, versions, keys, thresholds and expiry times.</summary>
/// <param name="Directory">The repository folder.</param>
/// <param name="ReferenceTime">The time expiry was judged against.</param>
/// <param name="ConsistentSnapshot">Whether the root asks for consistent snapshots.</param>
/// <param name="Roles">root, targets, snapshot, timestamp.</param>
/// <param name="Bins">The hashed bins, or null.</param>
/// <param name="Pending">Roles signed but not yet in a snapshot.</param>
/// <param name="TargetCount">The number of targets the top-level targets role lists itself.</param>
/// <param name="SnapshotLength">The size of the published snapshot in bytes.</param>
/// <param name="ExpiryDays">The expiry periods used when signing.</param>
public sealed record RepositoryStatus(
    string Directory,
    DateTimeOffset ReferenceTime,
    bool ConsistentSnapshot,
    IReadOnlyList<RoleStatus> Roles,
    BinsStatus? Bins,
    IReadOnlyList<RoleVersion> Pending,
    int TargetCount,
    long SnapshotLength,
    IReadOnlyDictionary<string, int> ExpiryDays);
