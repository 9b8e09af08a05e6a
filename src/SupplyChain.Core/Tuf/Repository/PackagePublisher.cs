using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>What a pack publishes into a TUF repository (the publishing build's request).</summary>
public sealed record PackagePublishRequest
{
    /// <summary>The repository folder, or its blob storage URL.</summary>
    public required string Repository { get; init; }

    /// <summary>The .nupkg files.</summary>
    public required IReadOnlyList<string> Packages { get; init; }

    /// <summary>Files that describe them (SBOM, attestations), matched to a package by its file name.</summary>
    public IReadOnlyList<string> Sidecars { get; init; } = Array.Empty<string>();

    /// <summary>The key source of the role that lists targets (the targets role, or the hashed bins).</summary>
    public string? TargetsKey { get; init; }

    /// <summary>The snapshot key source; with <see cref="TimestampKey"/>, the release is published.</summary>
    public string? SnapshotKey { get; init; }

    /// <summary>The timestamp key source.</summary>
    public string? TimestampKey { get; init; }

    /// <summary><c>env:NAME</c> of the password of encrypted keys.</summary>
    public string? KeyPassword { get; init; }

    /// <summary>How long to wait for another writer.</summary>
    public TimeSpan LockTimeout { get; init; } = RepositoryOptions.DefaultLockTimeout;

    /// <summary>
    /// SupplyChainTufSkipDuplicate: keep a release the repository lists with other bytes (a warning) instead of
    /// failing. Replacing a release is never done by a build: it takes <c>supplychain tuf add --replace</c>.
    /// </summary>
    public bool SkipDuplicate { get; init; }

    /// <summary>The project's PackageId: every package must have it in its .nuspec (ignoring case), or none is published.</summary>
    public string? ExpectedId { get; init; }

    /// <summary>The project's PackageVersion: every package must have it in its .nuspec (normalised), or none is published.</summary>
    public string? ExpectedVersion { get; init; }
}

/// <summary>What a pack published.</summary>
/// <param name="Targets">The targets added (or already there unchanged).</param>
/// <param name="Published">The new snapshot and timestamp, or null when nothing was published.</param>
/// <param name="Pending">Roles signed but waiting for <c>supplychain tuf publish</c>.</param>
public sealed record PackagePublishResult(IReadOnlyList<AddedTarget> Targets, PublishResult? Published, IReadOnlyList<RoleVersion> Pending);

/// <summary>
/// Publishing on pack: each package at its flat-container path with its sidecars beside it
/// (<see cref="TargetInputs"/>, the rule <c>supplychain tuf add</c> also follows), signed with the targets (or bins) key; with the snapshot and timestamp keys, a new
/// release when anything was signed. A pack that changes nothing writes nothing. A published version is immutable: a
/// pack of a version the repository lists with other bytes fails (SCSDK4115), or keeps the published release with
/// <see cref="PackagePublishRequest.SkipDuplicate"/>; and a pack publishes only packages whose .nuspec names the
/// project's id and version (SCSDK4116).
/// </summary>
public static class PackagePublisher
{
    /// <summary>Adds the packages to the repository and publishes them when the snapshot and timestamp keys are given.</summary>
    /// <exception cref="SupplyChainException">A setting, key, package or the repository is not usable; the diagnostic says why.</exception>
    /// <exception cref="TufRepositoryException">The repository's metadata does not verify.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting for the lock.</exception>
    public static PackagePublishResult Publish(PackagePublishRequest request, IDiagnosticSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        var targetsKey = request.TargetsKey
            ?? throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "SupplyChainTufTargetsKey", string.Empty, "SupplyChainTufRepository is set, so packages are signed into it: set the key of the role that lists them (the targets key, or the bins key of a repository with hashed bins)");
        if ((request.SnapshotKey is null) != (request.TimestampKey is null))
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, request.SnapshotKey is null ? "SupplyChainTufSnapshotKey" : "SupplyChainTufTimestampKey", string.Empty, "publishing needs both the snapshot and the timestamp key; set both, or neither and run 'supplychain tuf publish'");
        }

        var targets = new List<TargetRequest>();
        foreach (var package in request.Packages.Distinct(StringComparer.Ordinal))
        {
            RequireProjectIdentity(package, request);
            targets.AddRange(TargetInputs.ForPackage(package, request.Sidecars));
        }

        using var signer = KeyLoader.LoadSigningKey(targetsKey, request.KeyPassword, sink);
        using var snapshotSigner = request.SnapshotKey is null ? null : KeyLoader.LoadSigningKey(request.SnapshotKey, request.KeyPassword, sink);
        using var timestampSigner = request.TimestampKey is null ? null : KeyLoader.LoadSigningKey(request.TimestampKey, request.KeyPassword, sink);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var editor = RepositoryEditor.Open(request.Repository, new RepositoryOptions { LockTimeout = request.LockTimeout, Sink = sink, CancellationToken = cancellationToken });
                var added = editor.AddTargets(targets, new ISigner[] { signer }, request.SkipDuplicate ? ExistingReleasePolicy.SkipDuplicate : ExistingReleasePolicy.Refuse);
                if (snapshotSigner is null || timestampSigner is null || added.PendingRoles.Count == 0)
                {
                    return new PackagePublishResult(added.Targets, null, added.PendingRoles);
                }

                var published = editor.Publish(new ISigner[] { snapshotSigner }, new ISigner[] { timestampSigner });
                return new PackagePublishResult(added.Targets, published, Array.Empty<RoleVersion>());
            }
            catch (SupplyChainException ex) when (attempt < MaxAttempts && IsLostRace(ex))
            {
                // Another writer on another machine was first (its lease outlived ours, or it wrote without one): nothing
                // of ours is visible. Start again from the new state; the release decisions are made again on it.
                sink.Trace($"A concurrent writer changed the TUF repository first ({ex.Diagnostic.Code}); publishing again from its new state (attempt {attempt + 1} of {MaxAttempts}).");
            }
        }
    }

    /// <summary>How often a publish that lost a race to another writer starts again.</summary>
    private const int MaxAttempts = 3;

    private static bool IsLostRace(SupplyChainException ex)
        => ex.Diagnostic.Code == DiagnosticCatalog.Storage_ConcurrentWrite.Code || ex.Diagnostic.Code == DiagnosticCatalog.Storage_LeaseLost.Code;

    /// <summary>SCSDK4116 unless the package's .nuspec names the project's id and version (when they are given).</summary>
    private static void RequireProjectIdentity(string package, PackagePublishRequest request)
    {
        if (request.ExpectedId is null && request.ExpectedVersion is null)
        {
            return;
        }

        var identity = PackageTargets.ReadIdentity(package);
        var expectedVersion = request.ExpectedVersion is null ? null : PackageVersionText.Normalize(request.ExpectedVersion) ?? request.ExpectedVersion;
        var idMatches = request.ExpectedId is null || string.Equals(identity.Id, request.ExpectedId.Trim(), StringComparison.OrdinalIgnoreCase);
        var versionMatches = expectedVersion is null || string.Equals(identity.Version, expectedVersion, StringComparison.OrdinalIgnoreCase);
        if (!idMatches || !versionMatches)
        {
            throw SupplyChainException.Create(
                DiagnosticCatalog.TufRepository_PackageIdentityMismatch, package, 0, package, identity.Id, identity.Version, request.ExpectedId ?? identity.Id, request.ExpectedVersion ?? identity.Version);
        }
    }
}
