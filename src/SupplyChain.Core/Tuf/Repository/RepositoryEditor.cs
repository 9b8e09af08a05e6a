using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>
/// Edits a TUF repository on disk the way python-tuf's <c>Repository</c> does: open a role's newest metadata, change
/// it, close it (new version, new expiry, signed, written), then make a new snapshot and a new timestamp.
/// <para>
/// Every file is written atomically (a temporary file renamed into place), under the repository's cross-process
/// lock, and in an order that keeps what clients see valid whenever the process stops: target files first, then
/// the new versions of the roles (never overwriting a versioned file), then the snapshot, and the timestamp last.
/// Roles signed without a snapshot key wait in a pending list until <see cref="Publish"/> (so a build can sign with
/// the targets key alone). Every metadata file read is verified first: the root chain from version 1, then the
/// timestamp, snapshot, targets and delegated roles against the keys that delegate to them, so the editor never
/// signs over something it did not write.
/// </para>
/// </summary>
public sealed partial class RepositoryEditor : IDisposable
{
    /// <summary>The most succinct hashed bins (the snapshot lists each one: 16,384 entries stay well under 2 MB).</summary>
    public const int MaxBins = 16384;

    /// <summary>The name prefix of the succinct hashed bins.</summary>
    public const string BinNamePrefix = "bins";

    private readonly IRepositoryStore _store;
    private readonly RepositoryOptions _options;
    private readonly RepositorySettings _settings;
    private readonly bool _readOnly;
    private readonly Dictionary<string, Metadata<Targets>> _roles = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _staleRoles = new(StringComparer.Ordinal);
    private IDisposable? _lock;
    private Metadata<Root> _root = null!;
    private Metadata<Root>? _previousRoot;
    private byte[] _rootBytes = Array.Empty<byte>();
    private Metadata<Timestamp> _timestamp = null!;
    private Metadata<Snapshot> _snapshot = null!;
    private long _snapshotLength;
    private int _writes;

    private RepositoryEditor(IRepositoryStore store, RepositoryOptions options, IDisposable? repositoryLock, bool readOnly)
    {
        _store = store;
        _options = options;
        _lock = repositoryLock;
        _readOnly = readOnly;
        _settings = RepositorySettings.Load(store);
        _settings.Apply(options.ExpiryOverrides);
    }

    /// <summary>The repository's folders and files, or null when it is not a folder.</summary>
    public RepositoryLayout? Layout => _store.Layout;

    /// <summary>The repository as shown in messages: its folder, or its blob address without credentials.</summary>
    public string Location => _store.Location;

    /// <summary>Where the repository's files are.</summary>
    public IRepositoryStore Store => _store;

    /// <summary>The newest root.</summary>
    public Metadata<Root> Root => _root;

    /// <summary>The timestamp clients see now.</summary>
    public Metadata<Timestamp> Timestamp => _timestamp;

    /// <summary>The snapshot the timestamp lists.</summary>
    public Metadata<Snapshot> Snapshot => _snapshot;

    /// <summary>The top-level targets role (its newest version, published or not).</summary>
    public Metadata<Targets> Targets => LoadRole(TufRoles.Targets);

    /// <summary>The succinct hashed bins, or null when the repository has none.</summary>
    public SuccinctRoles? Bins => Targets.Signed.Delegations?.SuccinctRoles;

    /// <summary>The roles signed since the last snapshot, with the versions the next snapshot will list.</summary>
    public IReadOnlyDictionary<string, long> PendingRoles => _pending;

    /// <summary>
    /// Top-level roles whose metadata verifies only with the previous root: a key rotation stopped between writing
    /// the new root and re-signing them. <see cref="Publish"/> re-signs snapshot and timestamp; targets needs its keys.
    /// </summary>
    public IReadOnlyCollection<string> StaleRoles => _staleRoles;

    /// <summary>The expiry periods this editor signs with.</summary>
    public RepositorySettings Settings => _settings;

    /// <summary>
    /// Opens a repository: takes its lock (waiting up to <see cref="RepositoryOptions.LockTimeout"/>), then reads and
    /// verifies the root chain, the timestamp, the snapshot and the top-level targets.
    /// </summary>
    /// <param name="directory">The repository folder, or a blob address (<see cref="RepositoryStores.Open"/>).</param>
    /// <param name="options">How to run; null for the defaults.</param>
    /// <param name="readOnly">True to read without the lock (for <see cref="GetStatus"/>); nothing can be written then.</param>
    /// <exception cref="SupplyChainException">Not a repository (SCSDK4100), locked (SCSDK4102), unreadable files.</exception>
    /// <exception cref="TufRepositoryException">Metadata on disk does not verify, or files are missing (SCSDK4107).</exception>
    public static RepositoryEditor Open(string directory, RepositoryOptions? options = null, bool readOnly = false)
    {
        options ??= new RepositoryOptions();
        var store = RepositoryStores.Open(directory, options);
        IDisposable? repositoryLock = null;
        RepositoryEditor? editor = null;
        try
        {
            store.RequireRepository();
            repositoryLock = readOnly ? null : store.AcquireLock(options.LockTimeout, options.CancellationToken);
            editor = new RepositoryEditor(store, options, repositoryLock, readOnly);
            editor.Load();
            return editor;
        }
        catch
        {
            if (editor is not null)
            {
                editor.Dispose();
            }
            else
            {
                repositoryLock?.Dispose();
                store.Dispose();
            }

            throw;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
        _store.Dispose();
    }

    /// <summary>
    /// python-tuf's <c>open(role)</c>: the newest metadata of a targets role (top-level or a hashed bin), verified.
    /// Change its <see cref="Metadata{T}.Signed"/> and hand it to <see cref="CloseRole"/>.
    /// </summary>
    /// <exception cref="SupplyChainException">SCSDK4112: the repository has no such targets role.</exception>
    public Metadata<Targets> OpenRole(string roleName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        if (!string.Equals(roleName, TufRoles.Targets, StringComparison.Ordinal) && Bins?.IsDelegatedRole(roleName) != true)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_UnknownRole, null, 0, roleName, _store.Location, DescribeTargetsRoles());
        }

        return LoadRole(roleName);
    }

    /// <summary>
    /// python-tuf's <c>close(role, md)</c>: gives the metadata the next free version and a new expiry, signs it with
    /// the keys given (all must be keys of the role, at least its threshold) and writes <c>N.ROLE.json</c>. The role
    /// is pending until <see cref="Publish"/>.
    /// </summary>
    public RoleVersion CloseRole(string roleName, Metadata<Targets> metadata, IReadOnlyList<ISigner> signers)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        RequireWritable();
        var keys = DelegationKeysOf(roleName);
        var selected = SelectSigners(roleName, keys, signers);
        var written = WriteTargetsRole(roleName, metadata, selected);
        SavePending();
        return written;
    }

    /// <summary>
    /// Adds target files: copies each file to <c>targets/DIR/SHA256.NAME</c>, lists it with its length, SHA-256 and
    /// <c>custom</c> in the role trusted for its path (the top-level targets role, or the hashed bin its path hashes
    /// into), and re-signs only the roles that changed. Nothing is published: call <see cref="Publish"/> with the
    /// snapshot and timestamp keys, or leave it to <c>supplychain tuf publish</c>.
    /// <para>
    /// A file that is no release replaces the entry at its path. A package release (requests with a
    /// <see cref="TargetRequest.Release"/>, and any target the repository lists as part of a package) is immutable:
    /// when the repository lists the release's package with the same bytes, the whole release is unchanged (its
    /// listed SBOM and attestations are kept, even when the new ones differ: attestation signatures are randomised);
    /// with other bytes, <paramref name="releasePolicy"/> decides. Every decision is made under the repository's lock
    /// and before anything is written, so two writers of one version cannot both win.
    /// </para>
    /// </summary>
    /// <param name="targets">The files and their target paths.</param>
    /// <param name="signers">Keys of the role that lists targets: the targets role, or the hashed bins.</param>
    /// <param name="releasePolicy">What to do with a release the repository lists with other bytes.</param>
    /// <exception cref="SupplyChainException">SCSDK4115: a release listed with other bytes (and the policy refuses).</exception>
    public AddTargetsResult AddTargets(IEnumerable<TargetRequest> targets, IReadOnlyList<ISigner> signers, ExistingReleasePolicy releasePolicy = ExistingReleasePolicy.Refuse)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(signers);
        RequireWritable();
        var requests = targets.ToList();
        var delegations = Targets.Signed.Delegations;
        if (delegations?.Roles is not null)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_UnsupportedDelegations, null, 0, _store.Location, $"it delegates to a list of {delegations.Roles.Count} role(s)");
        }

        var bins = delegations?.SuccinctRoles;
        var byPath = new Dictionary<string, TargetRequest>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            TargetPaths.Require(request.TargetPath);
            if (!File.Exists(request.SourcePath))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, null, 0, request.SourcePath, "the files to add");
            }

            if (byPath.TryGetValue(request.TargetPath, out var other))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_DuplicateTarget, null, 0, request.TargetPath, other.SourcePath, request.SourcePath);
            }

            byPath[request.TargetPath] = request;
        }

        // The keys first: nothing is copied for a build that cannot sign.
        var signingRole = bins is null ? TufRoles.Targets : bins.BinName(0);
        var selected = SelectSigners(bins is null ? TufRoles.Targets : DescribeBins(bins), DelegationKeysOf(signingRole), signers);

        // Then what each release does, decided before anything is written (a refused release writes nothing).
        var files = requests.Select(r => HashSource(r.SourcePath)).ToList();
        var plan = PlanReleases(requests, files, byPath, bins, releasePolicy);
        SyncRootFile();

        var added = new List<AddedTarget>(requests.Count);
        var byRole = new SortedDictionary<string, List<(TargetFile Entry, int Index)>>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var role = bins?.GetRoleForTarget(request.TargetPath) ?? TufRoles.Targets;
            var (outcome, listed) = plan[i];
            if (outcome is TargetOutcome.Unchanged or TargetOutcome.Skipped)
            {
                added.Add(new AddedTarget(request.TargetPath, request.SourcePath, files[i].Length, files[i].Sha256, role, IsChanged: false) { Outcome = outcome, ListedSha256 = listed });
                continue;
            }

            var (length, sha256) = StoreTarget(request.SourcePath, request.TargetPath);
            if (length != files[i].Length || !string.Equals(sha256, files[i].Sha256, StringComparison.Ordinal))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, request.SourcePath, 0, request.SourcePath, $"it changed while it was added to the TUF repository (sha256 {files[i].Sha256}, then {sha256}), so nothing was signed");
            }

            var entry = new TargetFile(request.TargetPath, length, new Dictionary<string, string>(StringComparer.Ordinal) { ["sha256"] = sha256 });
            if (request.Custom is not null)
            {
                entry.Custom = request.Custom.DeepClone();
            }

            if (!byRole.TryGetValue(role, out var list))
            {
                byRole[role] = list = new List<(TargetFile, int)>();
            }

            list.Add((entry, added.Count));
            added.Add(new AddedTarget(request.TargetPath, request.SourcePath, length, sha256, role, IsChanged: true) { Outcome = outcome, ListedSha256 = listed });
        }

        var signed = new List<RoleVersion>();
        foreach (var (role, entries) in byRole)
        {
            var metadata = LoadRole(role);
            var changed = _staleRoles.Contains(role);
            foreach (var (entry, index) in entries)
            {
                if (metadata.Signed.TargetFiles.TryGetValue(entry.Path, out var existing) && SameEntry(existing, entry))
                {
                    added[index] = added[index] with { IsChanged = false, Outcome = TargetOutcome.Unchanged };
                    continue;
                }

                metadata.Signed.AddTarget(entry);
                changed = true;
            }

            if (changed)
            {
                signed.Add(WriteTargetsRole(role, metadata, selected));
            }
        }

        if (signed.Count > 0)
        {
            SavePending();
        }

        return new AddTargetsResult(added, signed, PendingVersions());
    }

    /// <summary>
    /// python-tuf's <c>do_snapshot</c> and <c>do_timestamp</c>: writes a new snapshot that lists the newest version of
    /// every targets role (by version only, no length or hashes, so thousands of bins stay small), then a new
    /// <c>timestamp.json</c> that lists the snapshot with its length and SHA-256. The timestamp is written last, so
    /// clients see either the old release or the whole new one.
    /// </summary>
    /// <param name="snapshotSigners">Keys of the snapshot role (its threshold).</param>
    /// <param name="timestampSigners">Keys of the timestamp role (its threshold).</param>
    public PublishResult Publish(IReadOnlyList<ISigner> snapshotSigners, IReadOnlyList<ISigner> timestampSigners)
    {
        RequireWritable();
        var snapshotKeys = SelectSigners(TufRoles.Snapshot, DelegationKeysOf(TufRoles.Snapshot), snapshotSigners);
        var timestampKeys = SelectSigners(TufRoles.Timestamp, DelegationKeysOf(TufRoles.Timestamp), timestampSigners);
        SyncRootFile();
        return PublishWith(snapshotKeys, timestampKeys);
    }

    private PublishResult PublishWith(IReadOnlyList<ISigner> snapshotKeys, IReadOnlyList<ISigner> timestampKeys)
    {
        var published = PendingVersions();
        var snapshot = _snapshot;
        foreach (var (role, version) in _pending)
        {
            snapshot.Signed.Meta[TufRoleNames.MetaFileName(role)] = new MetaFile(version);
        }

        snapshot.Signed.Version = NextVersion(TufRoles.Snapshot, snapshot.Signed.Version);
        snapshot.Signed.Expires = ExpiresFor(TufRoles.Snapshot);
        SignWith(snapshot, snapshotKeys);
        var snapshotBytes = snapshot.ToBytes();
        var snapshotPath = RepositoryKeys.Role(TufRoles.Snapshot, snapshot.Signed.Version);
        WriteNew(snapshotPath, snapshotBytes, RepositoryWriteKind.Snapshot);
        _snapshotLength = snapshotBytes.Length;
        _staleRoles.Remove(TufRoles.Snapshot);

        var timestamp = _timestamp;
        timestamp.Signed.SnapshotMeta = MetaFile.ForBytes(snapshot.Signed.Version, snapshotBytes, withLengthAndHashes: true);
        timestamp.Signed.Version++;
        timestamp.Signed.Expires = ExpiresFor(TufRoles.Timestamp);
        SignWith(timestamp, timestampKeys);
        Replace(RepositoryKeys.Timestamp, timestamp.ToBytes(), RepositoryWriteKind.Timestamp);
        _staleRoles.Remove(TufRoles.Timestamp);

        _pending.Clear();
        SavePending();
        return new PublishResult(
            new RoleVersion(TufRoles.Snapshot, snapshot.Signed.Version, _store.Describe(snapshotPath), snapshot.Signed.Expires),
            new RoleVersion(TufRoles.Timestamp, timestamp.Signed.Version, _store.Describe(RepositoryKeys.Timestamp), timestamp.Signed.Expires),
            snapshotBytes.Length,
            published);
    }

    private static (long Length, string Sha256) HashSource(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var length = stream.Length;
            var sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream)).ToLowerInvariant();
            return (length, sha256);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, path, 0, path, ex.Message.TrimEnd('.'));
        }
    }

    /// <summary>A listed entry that belongs to a package release (its <c>custom</c> names a package).</summary>
    private static bool IsReleaseEntry(TargetFile? entry)
        => entry?.Custom is JsonObject custom && (custom.ContainsKey("purl") || custom.ContainsKey("nuget"));

    private static string? Sha256Of(TargetFile entry) => entry.Hashes.TryGetValue("sha256", out var sha256) ? sha256 : null;

    /// <summary>The entry the repository lists at a target path (in the role its path belongs to), or null.</summary>
    private TargetFile? FindListed(string targetPath, SuccinctRoles? bins)
        => LoadRole(bins?.GetRoleForTarget(targetPath) ?? TufRoles.Targets).Signed.TargetFiles.TryGetValue(targetPath, out var entry) ? entry : null;

    /// <summary>
    /// What happens to each request: files that are no release are added (or found unchanged later); a release is
    /// judged by its package: not listed, added; listed with the same bytes, unchanged as a whole; listed with other
    /// bytes, refused, skipped or replaced as <paramref name="policy"/> says.
    /// </summary>
    private (TargetOutcome Outcome, string? Listed)[] PlanReleases(
        List<TargetRequest> requests, List<(long Length, string Sha256)> files, Dictionary<string, TargetRequest> byPath, SuccinctRoles? bins, ExistingReleasePolicy policy)
    {
        var plan = new (TargetOutcome Outcome, string? Listed)[requests.Count];
        var releases = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            string? release = null;
            if (request.Release is { } named && byPath.TryGetValue(named, out var package) && string.Equals(package.Release, named, StringComparison.Ordinal))
            {
                release = named;
            }
            else if (request.Release is not null || IsReleaseEntry(FindListed(request.TargetPath, bins)))
            {
                // A release file without its package, or a plain file given at a path a release owns: judged alone.
                release = request.TargetPath;
            }

            plan[i] = (TargetOutcome.Added, null);
            if (release is not null)
            {
                if (!releases.TryGetValue(release, out var members))
                {
                    releases[release] = members = new List<int>();
                }

                members.Add(i);
            }
        }

        foreach (var (release, members) in releases)
        {
            var listed = FindListed(release, bins);
            if (listed is null)
            {
                continue;
            }

            var package = members.First(i => string.Equals(requests[i].TargetPath, release, StringComparison.Ordinal));
            var listedSha256 = Sha256Of(listed);
            var newSha256 = files[package].Sha256;
            var same = listed.Length == files[package].Length && string.Equals(listedSha256, newSha256, StringComparison.OrdinalIgnoreCase);
            if (same)
            {
                foreach (var i in members)
                {
                    var entry = FindListed(requests[i].TargetPath, bins);
                    var entrySha256 = entry is null ? null : Sha256Of(entry);
                    plan[i] = (TargetOutcome.Unchanged, entrySha256);
                    if (!string.Equals(entrySha256, files[i].Sha256, StringComparison.OrdinalIgnoreCase))
                    {
                        _options.Sink?.Trace($"'{release}' is listed with the same bytes, so its release is unchanged: '{requests[i].TargetPath}' keeps {(entry is null ? "not being listed" : "its listed bytes (sha256 " + entrySha256 + ")")}, and '{requests[i].SourcePath}' is not added.");
                    }
                }

                continue;
            }

            var shown = listedSha256 ?? "(none)";
            switch (policy)
            {
                case ExistingReleasePolicy.SkipDuplicate:
                    _options.Sink?.Report(Diagnostic.Create(DiagnosticCatalog.TufRepository_DuplicateSkipped, null, 0, _store.Location, release, shown, newSha256, requests[package].SourcePath));
                    foreach (var i in members)
                    {
                        var entry = FindListed(requests[i].TargetPath, bins);
                        plan[i] = (TargetOutcome.Skipped, entry is null ? null : Sha256Of(entry));
                    }

                    break;
                case ExistingReleasePolicy.Replace:
                    _options.Sink?.Report(Diagnostic.Create(DiagnosticCatalog.TufRepository_ReleaseReplaced, null, 0, _store.Location, release, shown, newSha256, requests[package].SourcePath));
                    foreach (var i in members)
                    {
                        var entry = FindListed(requests[i].TargetPath, bins);
                        plan[i] = entry is null ? (TargetOutcome.Added, null) : (TargetOutcome.Replaced, Sha256Of(entry));
                    }

                    break;
                default:
                    throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_ReleaseExists, null, 0, _store.Location, release, shown, newSha256);
            }
        }

        return plan;
    }

    private static bool SameEntry(TargetFile a, TargetFile b)
        => CanonicalJson.Serialize(a.ToJson()).AsSpan().SequenceEqual(CanonicalJson.Serialize(b.ToJson()));

    private static void SignWith<T>(Metadata<T> metadata, IReadOnlyList<ISigner> signers)
        where T : Signed
    {
        metadata.Signatures.Clear();
        foreach (var signer in signers)
        {
            metadata.Sign(signer, append: true);
        }
    }

    private static string DescribeBins(SuccinctRoles bins)
        => $"{bins.NamePrefix}-* ({bins.NumberOfBins.ToString(CultureInfo.InvariantCulture)} hashed bins)";

    private static string DescribeKeys(DelegationKeys keys)
        => keys.Keys.Count == 0
            ? "no key"
            : $"{keys.Keys.Count.ToString(CultureInfo.InvariantCulture)} key(s), {keys.Threshold.ToString(CultureInfo.InvariantCulture)} of which must sign: " + string.Join(", ", keys.Keys.Keys);

    private string DescribeTargetsRoles()
        => Bins is { } bins ? $"targets, {bins.BinName(0)} to {bins.BinName(bins.NumberOfBins - 1)}" : "targets";

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    private DateTimeOffset ExpiresFor(string roleName) => Now.AddDays(_settings.ExpiryDays[RepositorySettings.ExpiryKey(roleName)]);

    private void RequireWritable()
    {
        if (_readOnly || _lock is null)
        {
            throw new InvalidOperationException("The repository was opened read-only, or the editor was disposed.");
        }
    }

    /// <summary>The keys and threshold that the repository trusts for a role: root for top-level roles, targets for bins.</summary>
    private DelegationKeys DelegationKeysOf(string roleName)
    {
        if (TufRoles.IsTopLevel(roleName))
        {
            return _root.Signed.FindDelegationKeys(roleName)!;
        }

        return Targets.Signed.FindDelegationKeys(roleName)
            ?? throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_UnknownRole, null, 0, roleName, _store.Location, DescribeTargetsRoles());
    }

    /// <summary>
    /// The signers to use for a role: every one must be a key of the role (SCSDK4103), one per key, and at least the
    /// threshold (SCSDK4104).
    /// </summary>
    private IReadOnlyList<ISigner> SelectSigners(string roleLabel, DelegationKeys keys, IReadOnlyList<ISigner> signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        var selected = new List<ISigner>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signer in signers)
        {
            if (!keys.Keys.ContainsKey(signer.KeyId))
            {
                throw SupplyChainException.Create(
                    DiagnosticCatalog.TufRepository_KeyNotTrusted, null, 0, signer.KeyId, signer.PublicKey.Algorithm.ToName(), roleLabel, _store.Location, DescribeKeys(keys));
            }

            if (seen.Add(signer.KeyId))
            {
                selected.Add(signer);
            }
        }

        if (selected.Count < keys.Threshold)
        {
            throw SupplyChainException.Create(
                DiagnosticCatalog.TufRepository_ThresholdNotMet, null, 0, roleLabel, _store.Location, keys.Threshold.ToString(CultureInfo.InvariantCulture), selected.Count.ToString(CultureInfo.InvariantCulture));
        }

        return selected;
    }

    /// <summary>Signs a targets role's next version and writes it; the caller saves the pending list.</summary>
    private RoleVersion WriteTargetsRole(string roleName, Metadata<Targets> metadata, IReadOnlyList<ISigner> signers)
    {
        var current = _pending.TryGetValue(roleName, out var pending) ? pending : _snapshot.Signed.FindRole(roleName)?.Version ?? 0;
        metadata.Signed.Version = NextVersion(roleName, Math.Max(current, metadata.Signed.Version));
        metadata.Signed.Expires = ExpiresFor(roleName);
        SignWith(metadata, signers);
        var path = RepositoryKeys.Role(roleName, metadata.Signed.Version);
        WriteNew(path, metadata.ToBytes(), RepositoryWriteKind.TargetsMetadata, flush: false);
        _roles[roleName] = metadata;
        _pending[roleName] = metadata.Signed.Version;
        _staleRoles.Remove(roleName);
        return new RoleVersion(roleName, metadata.Signed.Version, _store.Describe(path), metadata.Signed.Expires);
    }

    /// <summary>The version after <paramref name="current"/> whose file does not exist yet (an interrupted run may have left one).</summary>
    private long NextVersion(string roleName, long current)
    {
        var version = current + 1;
        while (_store.Exists(RepositoryKeys.Role(roleName, version)))
        {
            version++;
        }

        return version;
    }

    private IReadOnlyList<RoleVersion> PendingVersions()
    {
        var result = new List<RoleVersion>(_pending.Count);
        foreach (var (role, version) in _pending)
        {
            var expires = _roles.TryGetValue(role, out var loaded) && loaded.Signed.Version == version ? loaded.Signed.Expires : default;
            result.Add(new RoleVersion(role, version, _store.Describe(RepositoryKeys.Role(role, version)), expires));
        }

        return result;
    }

    private void Load()
    {
        LoadRoots();
        LoadTimestampAndSnapshot();
        LoadPending();
        _ = LoadRole(TufRoles.Targets);
    }

    private void LoadRoots()
    {
        var rootPath = RepositoryKeys.Role(TufRoles.Root, 1);
        var bytes = ReadFile(rootPath, TufRoles.Root);
        var root = Metadata<Root>.FromBytes(bytes, TufRoles.Root);
        RequireVerified(root, TufRoles.Root, root.Signed, TufRoles.Root);
        RequireVersion(root, TufRoles.Root, 1, rootPath);
        for (long version = 2; ; version++)
        {
            var path = RepositoryKeys.Role(TufRoles.Root, version);
            var nextBytes = _store.TryRead(path);
            if (nextBytes is null)
            {
                break;
            }

            var next = Metadata<Root>.FromBytes(nextBytes, TufRoles.Root);
            RequireVerified(next, TufRoles.Root, root.Signed, TufRoles.Root);
            RequireVerified(next, TufRoles.Root, next.Signed, TufRoles.Root);
            RequireVersion(next, TufRoles.Root, version, path);
            _previousRoot = root;
            root = next;
            bytes = nextBytes;
        }

        _root = root;
        _rootBytes = bytes;
    }

    private void LoadTimestampAndSnapshot()
    {
        var timestampBytes = ReadFile(RepositoryKeys.Timestamp, TufRoles.Timestamp);
        _timestamp = Metadata<Timestamp>.FromBytes(timestampBytes, TufRoles.Timestamp);
        VerifyTopLevel(_timestamp, TufRoles.Timestamp);

        var listed = _timestamp.Signed.SnapshotMeta;
        var snapshotPath = RepositoryKeys.Role(TufRoles.Snapshot, listed.Version);
        var snapshotBytes = ReadFile(snapshotPath, TufRoles.Snapshot);
        var check = listed.CheckLengthAndHashes(snapshotBytes);
        if (!check.IsMatch)
        {
            throw new TufLengthOrHashMismatchException(Tuf.Timestamp.SnapshotMetaName, TufRoles.Timestamp, check.Problem!);
        }

        _snapshot = Metadata<Snapshot>.FromBytes(snapshotBytes, TufRoles.Snapshot);
        VerifyTopLevel(_snapshot, TufRoles.Snapshot);
        if (_snapshot.Signed.Version != listed.Version)
        {
            throw new TufVersionMismatchException(TufRoles.Snapshot, _snapshot.Signed.Version, TufRoles.Timestamp, listed.Version);
        }

        _snapshotLength = snapshotBytes.Length;
    }

    private void LoadPending()
    {
        var pendingFile = _store.Describe(RepositoryKeys.Pending);
        JsonObject? roles;
        try
        {
            var bytes = _store.TryRead(RepositoryKeys.Pending);
            if (bytes is null)
            {
                return;
            }

            var pending = JsonNode.Parse(bytes) as JsonObject;
            roles = pending?["roles"] as JsonObject;

            // A pending list built on another snapshot than the published one was written by a writer that then
            // lost a race to another machine's writer (blob storage): its roles lack that writer's release, so they
            // are never published. (Under the lock every publish takes all pending roles, so a list of this writer's
            // own repository always names the published snapshot.)
            if (pending?["snapshot"] is JsonValue based && based.TryGetValue<long>(out var basedOn) && basedOn != _snapshot.Signed.Version)
            {
                _options.Sink?.Trace($"The pending list '{pendingFile}' was built on snapshot version {basedOn.ToString(CultureInfo.InvariantCulture)}, not the published {_snapshot.Signed.Version.ToString(CultureInfo.InvariantCulture)}: a writer that lost a race left it. It is ignored.");
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, pendingFile, 0, pendingFile, ex.Message);
        }

        foreach (var (role, node) in roles ?? new JsonObject())
        {
            if (node is not JsonValue value || !value.TryGetValue<long>(out var version) || version < 1)
            {
                throw new TufRepositoryInconsistentException(_store.Location, role, $"the pending list '{pendingFile}' has no valid version for '{role}'");
            }

            var listed = _snapshot.Signed.FindRole(role)?.Version;
            if (listed is { } published && version <= published)
            {
                continue;
            }

            if (!_store.Exists(RepositoryKeys.Role(role, version)))
            {
                throw new TufRepositoryInconsistentException(_store.Location, role, $"the pending list names '{_store.Describe(RepositoryKeys.Role(role, version))}', which does not exist");
            }

            _pending[role] = version;
        }
    }

    /// <summary>Reads and verifies the newest metadata of a targets role (cached).</summary>
    private Metadata<Targets> LoadRole(string roleName)
    {
        if (_roles.TryGetValue(roleName, out var loaded))
        {
            return loaded;
        }

        long version;
        string listing;
        if (_pending.TryGetValue(roleName, out var pending))
        {
            version = pending;
            listing = "the pending list";
        }
        else if (_snapshot.Signed.FindRole(roleName) is { } meta)
        {
            version = meta.Version;
            listing = TufRoles.Snapshot;
        }
        else
        {
            throw new TufRepositoryInconsistentException(_store.Location, roleName, $"the snapshot does not list '{TufRoleNames.MetaFileName(roleName)}'");
        }

        var path = RepositoryKeys.Role(roleName, version);
        var metadata = Metadata<Targets>.FromBytes(ReadFile(path, roleName), roleName);
        if (string.Equals(roleName, TufRoles.Targets, StringComparison.Ordinal))
        {
            VerifyTopLevel(metadata, roleName);
        }
        else
        {
            var delegator = LoadRole(TufRoles.Targets).Signed;
            RequireVerified(metadata, roleName, delegator, TufRoles.Targets);
        }

        if (metadata.Signed.Version != version)
        {
            throw new TufVersionMismatchException(roleName, metadata.Signed.Version, listing, version);
        }

        _roles[roleName] = metadata;
        return metadata;
    }

    /// <summary>
    /// Verifies a top-level role against the newest root; if that fails and it verifies against the previous root,
    /// a key rotation stopped half-way: the role is kept, marked stale, and reported.
    /// </summary>
    private void VerifyTopLevel<T>(Metadata<T> metadata, string roleName)
        where T : Signed
    {
        var result = metadata.VerifyDelegate(roleName, _root.Signed);
        if (result.IsVerified)
        {
            return;
        }

        if (_previousRoot is not null && metadata.VerifyDelegate(roleName, _previousRoot.Signed).IsVerified)
        {
            _staleRoles.Add(roleName);
            _options.Sink?.Trace($"The '{roleName}' metadata of '{_store.Location}' is signed only by keys of root version {_previousRoot.Signed.Version.ToString(CultureInfo.InvariantCulture)}: a key rotation was interrupted. It is re-signed by the next write of the role.");
            return;
        }

        throw new TufSignatureException(result, TufRoles.Root);
    }

    private void RequireVerified<T>(Metadata<T> metadata, string roleName, IDelegator delegator, string delegatorName)
        where T : Signed
    {
        var keys = delegator.FindDelegationKeys(roleName)
            ?? throw new TufRepositoryInconsistentException(_store.Location, roleName, $"'{delegatorName}' does not delegate to '{roleName}'");
        var result = metadata.VerifyDelegate(roleName, keys.Keys, keys.Threshold);
        if (!result.IsVerified)
        {
            throw new TufSignatureException(result, delegatorName);
        }
    }

    private void RequireVersion<T>(Metadata<T> metadata, string roleName, long version, string path)
        where T : Signed
    {
        if (metadata.Signed.Version != version)
        {
            throw new TufRepositoryInconsistentException(_store.Location, roleName, $"'{_store.Describe(path)}' has version {metadata.Signed.Version.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private byte[] ReadFile(string key, string roleName)
    {
        byte[]? bytes;
        try
        {
            bytes = _store.TryRead(key);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var shown = _store.Describe(key);
            throw SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, shown, 0, shown, ex.Message);
        }

        return bytes ?? throw new TufRepositoryInconsistentException(_store.Location, roleName, $"'{_store.Describe(key)}' does not exist");
    }

    private void SavePending()
    {
        if (_pending.Count == 0)
        {
            if (_store.Exists(RepositoryKeys.Pending))
            {
                Guard(RepositoryKeys.Pending, () => _store.Delete(RepositoryKeys.Pending));
                Observe(RepositoryWriteKind.Pending, RepositoryKeys.Pending);
            }

            return;
        }

        var roles = new JsonObject();
        foreach (var (role, version) in _pending)
        {
            roles[role] = version;
        }

        var json = new JsonObject { ["snapshot"] = _snapshot.Signed.Version, ["roles"] = roles };
        Replace(RepositoryKeys.Pending, System.Text.Encoding.UTF8.GetBytes(json.ToJsonString() + "\n"), RepositoryWriteKind.Pending);
    }

    /// <summary>Rewrites <c>root.json</c> when it is not the newest root (a run stopped between the two root writes).</summary>
    private void SyncRootFile()
    {
        byte[]? current = null;
        try
        {
            current = _store.TryRead(RepositoryKeys.Root);
        }
        catch (IOException)
        {
        }

        if (current is null || !current.AsSpan().SequenceEqual(_rootBytes))
        {
            Replace(RepositoryKeys.Root, _rootBytes, RepositoryWriteKind.Root);
        }
    }

    /// <summary>Writes a file that must not exist yet (a versioned metadata file): never replacing, durable before anything refers to it.</summary>
    private void WriteNew(string key, byte[] bytes, RepositoryWriteKind kind, bool flush = true)
    {
        if (flush)
        {
            FlushWritten();
        }

        Guard(key, () => _store.CreateNew(key, bytes, flush));
        Observe(kind, key);
    }

    /// <summary>
    /// Flushes the target and role files written without flushing. Called before any write that can refer to them
    /// (the pending list, a snapshot, a root), so what refers to a file never reaches storage before the file.
    /// </summary>
    private void FlushWritten() => Guard(RepositoryKeys.Lock, _store.Flush);

    /// <summary>Replaces a file atomically (an unversioned file: timestamp.json, root.json, the pending list).</summary>
    private void Replace(string key, byte[] bytes, RepositoryWriteKind kind)
    {
        FlushWritten();
        Guard(key, () => _store.Replace(key, bytes));
        Observe(kind, key);
    }

    /// <summary>Copies a target file into place as <c>targets/DIR/SHA256.NAME</c>; returns its length and SHA-256.</summary>
    private (long Length, string Sha256) StoreTarget(string sourcePath, string targetPath)
    {
        (long Length, string Sha256, string? Written) stored = (0, string.Empty, null);
        Guard(RepositoryKeys.Target(targetPath, new string('0', 64)), () => stored = _store.StoreTarget(sourcePath, targetPath, durable: false));
        if (stored.Written is not null)
        {
            Observe(RepositoryWriteKind.TargetFile, stored.Written);
        }

        return (stored.Length, stored.Sha256);
    }

    private void Guard(string path, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_WriteFailed, null, 0, _store.Location, _store.Describe(path), ex.Message);
        }
    }

    private void Observe(RepositoryWriteKind kind, string path)
    {
        _writes++;
        _options.AfterWrite?.Invoke(new RepositoryWrite(_writes, kind, _store.Describe(path)));
    }
}
