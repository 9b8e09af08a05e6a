using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>
/// The client's trusted TUF metadata, as a state machine that enforces the TUF 1.0 client workflow (specification
/// section 5, "Detailed client workflow") on bytes the caller fetched: it does no I/O. Each check below names its
/// step of the specification.
/// <list type="bullet">
/// <item>Load order: trusted root, then new roots (5.3), then timestamp (5.4), snapshot (5.5), targets (5.6) and
/// delegated targets (5.6.7). Calling out of order (a root after the timestamp, a snapshot before the timestamp or
/// after targets, a delegated role before its delegator) is caller misuse: <see cref="InvalidOperationException"/>.</item>
/// <item>A repository fault throws a <see cref="TufRepositoryException"/> subclass (each with an <c>SCSDK4xxx</c>
/// diagnostic) and leaves the trusted state as it was, with one deliberate exception taken from python-tuf: a
/// timestamp or snapshot that is valid except for its expiry (or, for snapshot, its version) is kept as
/// "intermediate" metadata, so that it still protects the next one against rollback, and the exception is thrown
/// after it is stored; nothing can be loaded on top of intermediate metadata. A caller persists metadata only when
/// its update returned normally.</item>
/// <item>Expiry is judged against one reference time fixed when the set is made (5.1), never the clock again.</item>
/// </list>
/// The caller's fetch loop: make the set from the stored root; <see cref="UpdateRoot"/> with <c>N+1.root.json</c>
/// until there is none; optionally <see cref="UpdateTimestamp"/> with the stored timestamp (ignoring a
/// <see cref="TufRepositoryException"/>: after a key rotation it no longer verifies and is dropped, which is the
/// fast-forward recovery of 5.3.11), then with the fetched one; likewise the stored snapshot with
/// <see cref="UpdateSnapshot"/> (<c>isTrusted: true</c>) and then the fetched one if the version differs; then
/// <see cref="UpdateTargets"/>, and <see cref="DelegationSearch"/> with <see cref="UpdateDelegatedTargets"/>.
/// </summary>
public sealed class TrustedMetadataSet
{
    private readonly Dictionary<string, Metadata<Targets>> _targets = new(StringComparer.Ordinal);
    private readonly string _initialTimestampKeys;
    private readonly string _initialSnapshotKeys;
    private Metadata<Root> _root;
    private Metadata<Timestamp>? _timestamp;
    private Metadata<Snapshot>? _snapshot;

    /// <summary>Loads the trusted root, with the reference time taken once from <paramref name="timeProvider"/>.</summary>
    /// <param name="trustedRoot">The bytes of the root the client trusts (its stored root, or the one it shipped with).</param>
    /// <param name="timeProvider">The clock, read once now.</param>
    /// <param name="limits">The size limits, or null for the defaults.</param>
    /// <exception cref="TufRepositoryException">The root is malformed, too large, or not signed by a threshold of its own keys.</exception>
    public TrustedMetadataSet(ReadOnlySpan<byte> trustedRoot, TimeProvider timeProvider, TufClientLimits? limits = null)
        : this(trustedRoot, (timeProvider ?? throw new ArgumentNullException(nameof(timeProvider))).GetUtcNow(), limits)
    {
    }

    /// <summary>Loads the trusted root, with a given reference time.</summary>
    /// <param name="trustedRoot">The bytes of the root the client trusts.</param>
    /// <param name="referenceTime">The fixed time of this update against which every expiry is judged.</param>
    /// <param name="limits">The size limits, or null for the defaults.</param>
    /// <exception cref="TufRepositoryException">The root is malformed, too large, or not signed by a threshold of its own keys.</exception>
    public TrustedMetadataSet(ReadOnlySpan<byte> trustedRoot, DateTimeOffset referenceTime, TufClientLimits? limits = null)
    {
        // 5.1: record the time at which the update began; every expiry check uses it.
        ReferenceTime = referenceTime;
        Limits = limits ?? TufClientLimits.Default;

        // 5.2: load the trusted root. It is the source of trust, so it is verified only by itself; its expiry is
        // checked once no newer root is found (5.3.10).
        CheckLength(TufRoles.Root, trustedRoot, Limits.RootMaxLength);
        var root = Metadata<Root>.FromBytes(trustedRoot, TufRoles.Root);
        RequireThreshold(root, TufRoles.Root, root.Signed.FindDelegationKeys(TufRoles.Root)!, TufRoles.Root);
        _root = root;
        _initialTimestampKeys = RoleKeysFingerprint(root.Signed, TufRoles.Timestamp);
        _initialSnapshotKeys = RoleKeysFingerprint(root.Signed, TufRoles.Snapshot);
    }

    /// <summary>The fixed time of this update.</summary>
    public DateTimeOffset ReferenceTime { get; }

    /// <summary>The size and delegation limits in force.</summary>
    public TufClientLimits Limits { get; }

    /// <summary>The trusted root (the newest one applied).</summary>
    public Metadata<Root> Root => _root;

    /// <summary>The trusted timestamp, or null before one was loaded.</summary>
    public Metadata<Timestamp>? Timestamp => _timestamp;

    /// <summary>The trusted snapshot, or null before one was loaded.</summary>
    public Metadata<Snapshot>? Snapshot => _snapshot;

    /// <summary>The trusted top-level targets, or null before they were loaded.</summary>
    public Metadata<Targets>? Targets => GetTargets(TufRoles.Targets);

    /// <summary>How many new roots <see cref="UpdateRoot"/> applied.</summary>
    public int RootUpdates { get; private set; }

    /// <summary>
    /// True when the roots applied changed the keys or threshold of the timestamp or snapshot role. The
    /// specification (5.3.11) then has the client delete its stored timestamp and snapshot files, so that metadata a
    /// compromised key pushed to a huge version (a fast-forward attack) no longer blocks updates. The set never
    /// holds such metadata itself: a stored file loaded after the root update is verified against the new keys.
    /// </summary>
    public bool TimestampOrSnapshotKeysRotated
        => _initialTimestampKeys != RoleKeysFingerprint(_root.Signed, TufRoles.Timestamp)
        || _initialSnapshotKeys != RoleKeysFingerprint(_root.Signed, TufRoles.Snapshot);

    /// <summary>The trusted metadata of a targets role (<c>targets</c> or a delegated role), or null when not loaded.</summary>
    public Metadata<Targets>? GetTargets(string roleName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        return _targets.TryGetValue(roleName, out var targets) ? targets : null;
    }

    /// <summary>Verifies and applies the next root (<c>N+1.root.json</c>). Its expiry is not checked (5.3.6).</summary>
    /// <returns>The new trusted root.</returns>
    /// <exception cref="InvalidOperationException">A timestamp was already loaded.</exception>
    /// <exception cref="TufRepositoryException">The root is refused; the trusted root stays.</exception>
    public Metadata<Root> UpdateRoot(ReadOnlySpan<byte> data)
    {
        if (_timestamp is not null)
        {
            throw new InvalidOperationException("The root cannot be updated once a timestamp was loaded (TUF 5.3 comes before 5.4).");
        }

        // 5.3.2: a root larger than the limit is an endless data attack.
        CheckLength(TufRoles.Root, data, Limits.RootMaxLength);

        // 5.3.4 (and a file whose _type is not root, or of another major spec version, is refused here).
        var newRoot = Metadata<Root>.FromBytes(data, TufRoles.Root);

        // 5.3.4: arbitrary software attack: signed by a threshold of the keys of the trusted root...
        RequireThreshold(newRoot, TufRoles.Root, _root.Signed.FindDelegationKeys(TufRoles.Root)!, "trusted root");

        // 5.3.5: rollback attack: the version must be exactly N + 1.
        var expected = _root.Signed.Version + 1;
        if (newRoot.Signed.Version != expected)
        {
            throw new TufRootVersionException(newRoot.Signed.Version, expected);
        }

        // 5.3.4: ...and by a threshold of its own keys.
        RequireThreshold(newRoot, TufRoles.Root, newRoot.Signed.FindDelegationKeys(TufRoles.Root)!, "new root");

        // 5.3.6: the expiry of an intermediate root is not checked. 5.3.7: the new root is trusted.
        _root = newRoot;
        RootUpdates++;
        return newRoot;
    }

    /// <summary>
    /// Verifies and loads timestamp metadata: first, optionally, the stored one, then the fetched one. The final root
    /// must not be expired.
    /// </summary>
    /// <returns>The timestamp trusted now, and whether it is the one just given.</returns>
    /// <exception cref="InvalidOperationException">A snapshot was already loaded.</exception>
    /// <exception cref="TufRepositoryException">
    /// The timestamp is refused; or it was stored as intermediate but is expired (<see cref="TufExpiredMetadataException"/>).
    /// </exception>
    public TimestampUpdateResult UpdateTimestamp(ReadOnlySpan<byte> data)
    {
        if (_snapshot is not null)
        {
            throw new InvalidOperationException("The timestamp cannot be updated once a snapshot was loaded (TUF 5.4 comes before 5.5).");
        }

        // 5.3.10: freeze attack: the final root must not be expired.
        CheckNotExpired(_root.Signed, TufRoles.Root);

        // 5.3.11: fast-forward attack recovery. The set holds no timestamp or snapshot older than the final root:
        // a stored one is loaded only now and is verified against the new keys below, so after a rotation of the
        // timestamp (or snapshot) keys it is refused and dropped (see TimestampOrSnapshotKeysRotated).

        // 5.4.1: a timestamp larger than the limit is an endless data attack.
        CheckLength(TufRoles.Timestamp, data, Limits.TimestampMaxLength);
        var newTimestamp = Metadata<Timestamp>.FromBytes(data, TufRoles.Timestamp);

        // 5.4.2: arbitrary software attack: signed by a threshold of the timestamp keys of root.
        RequireThreshold(newTimestamp, TufRoles.Timestamp, _root.Signed.FindDelegationKeys(TufRoles.Timestamp)!, TufRoles.Root);

        if (_timestamp is not null)
        {
            // 5.4.3.1: rollback attack: the version must not be lower than the trusted timestamp's.
            var trustedVersion = _timestamp.Signed.Version;
            if (newTimestamp.Signed.Version < trustedVersion)
            {
                throw new TufRollbackException(TufRoles.Timestamp, string.Format(CultureInfo.InvariantCulture, "its version {0} is lower than the trusted version {1}", newTimestamp.Signed.Version, trustedVersion));
            }

            // 5.4.3.1: the same version: keep the trusted timestamp (python-tuf; tuf-conformance's
            // test_timestamp_content_changes), so the same version number cannot carry new content.
            if (newTimestamp.Signed.Version == trustedVersion)
            {
                CheckFinalTimestamp();
                return new TimestampUpdateResult(_timestamp, IsNewVersion: false);
            }

            // 5.4.3.2: rollback attack: the snapshot version it lists must not be lower than the trusted listing.
            var trustedSnapshot = _timestamp.Signed.SnapshotMeta.Version;
            var newSnapshot = newTimestamp.Signed.SnapshotMeta.Version;
            if (newSnapshot < trustedSnapshot)
            {
                throw new TufRollbackException(TufRoles.Timestamp, string.Format(CultureInfo.InvariantCulture, "it lists snapshot version {0}, lower than the trusted listing of version {1}", newSnapshot, trustedSnapshot));
            }
        }

        // 5.4.4 is checked after storing: an expired timestamp still guards the next one against rollback, but no
        // snapshot can be loaded on top of it.
        _timestamp = newTimestamp;
        CheckFinalTimestamp();
        return new TimestampUpdateResult(newTimestamp, IsNewVersion: true);
    }

    /// <summary>
    /// Verifies and loads snapshot metadata: optionally the stored one first (<paramref name="isTrusted"/>), then the
    /// fetched one.
    /// </summary>
    /// <param name="data">The bytes.</param>
    /// <param name="isTrusted">
    /// True for a snapshot this client verified and stored before: its length and hashes are not compared with the
    /// current timestamp (they may list a newer snapshot), but its signatures are verified again, against the current
    /// root. Such a snapshot is usually intermediate and protects the fetched one against rollback.
    /// </param>
    /// <returns>The new trusted snapshot.</returns>
    /// <exception cref="InvalidOperationException">No timestamp was loaded, or targets were.</exception>
    /// <exception cref="TufRepositoryException">
    /// The snapshot is refused; or it was stored as intermediate but is expired or not the version the timestamp lists.
    /// </exception>
    public Metadata<Snapshot> UpdateSnapshot(ReadOnlySpan<byte> data, bool isTrusted = false)
    {
        if (_timestamp is null)
        {
            throw new InvalidOperationException("A snapshot cannot be loaded before a timestamp (TUF 5.4 comes before 5.5).");
        }

        if (_targets.Count > 0)
        {
            throw new InvalidOperationException("The snapshot cannot be updated once targets were loaded (TUF 5.5 comes before 5.6).");
        }

        // 5.4.4: freeze attack: nothing is loaded on top of an expired timestamp.
        CheckFinalTimestamp();

        var meta = _timestamp.Signed.SnapshotMeta;
        if (isTrusted || meta.Length is null)
        {
            // 5.5.1: without a listed length, the limit guards against endless data.
            CheckLength(TufRoles.Snapshot, data, Limits.SnapshotMaxLength);
        }

        if (!isTrusted)
        {
            // 5.5.2: the length and hashes the timestamp lists, if any (mix and match).
            var check = meta.CheckLengthAndHashes(data);
            if (!check.IsMatch)
            {
                throw new TufLengthOrHashMismatchException(Tuf.Timestamp.SnapshotMetaName, TufRoles.Timestamp, check.Problem!);
            }
        }

        var newSnapshot = Metadata<Snapshot>.FromBytes(data, TufRoles.Snapshot);

        // 5.5.3: arbitrary software attack: signed by a threshold of the snapshot keys of root.
        RequireThreshold(newSnapshot, TufRoles.Snapshot, _root.Signed.FindDelegationKeys(TufRoles.Snapshot)!, TufRoles.Root);

        if (_snapshot is not null)
        {
            // 5.5.5: rollback attack: every targets file the trusted snapshot lists is still listed, at no lower version.
            foreach (var (name, trusted) in _snapshot.Signed.Meta)
            {
                if (!newSnapshot.Signed.Meta.TryGetValue(name, out var listed))
                {
                    throw new TufRollbackException(TufRoles.Snapshot, $"it no longer lists '{name}', which the trusted snapshot lists");
                }

                if (listed.Version < trusted.Version)
                {
                    throw new TufRollbackException(TufRoles.Snapshot, string.Format(CultureInfo.InvariantCulture, "it lists '{0}' at version {1}, lower than the trusted version {2}", name, listed.Version, trusted.Version));
                }
            }
        }

        // 5.5.4 and 5.5.6 are checked after storing: an intermediate snapshot guards the next one against rollback,
        // but no targets can be loaded on top of it.
        _snapshot = newSnapshot;
        CheckFinalSnapshot();
        return newSnapshot;
    }

    /// <summary>Verifies and loads the top-level targets metadata (delegated by root).</summary>
    /// <returns>The trusted targets.</returns>
    /// <exception cref="InvalidOperationException">No snapshot was loaded.</exception>
    /// <exception cref="TufRepositoryException">The targets metadata is refused, or the snapshot is not final.</exception>
    public Metadata<Targets> UpdateTargets(ReadOnlySpan<byte> data) => UpdateDelegatedTargets(data, TufRoles.Targets, TufRoles.Root);

    /// <summary>Verifies and loads the metadata of a targets role delegated by <paramref name="delegatorName"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="roleName">The role (<c>targets</c> for the top-level role).</param>
    /// <param name="delegatorName">The role that delegates to it: <c>root</c> for <c>targets</c>, else a loaded targets role.</param>
    /// <returns>The trusted metadata of the role.</returns>
    /// <exception cref="InvalidOperationException">No snapshot, or the delegator is not loaded or does not delegate to the role.</exception>
    /// <exception cref="TufRepositoryException">The metadata is refused, or the snapshot is not final.</exception>
    public Metadata<Targets> UpdateDelegatedTargets(ReadOnlySpan<byte> data, string roleName, string delegatorName)
        => UpdateDelegatedTargets(data, null, roleName, delegatorName);

    /// <summary>As <see cref="UpdateDelegatedTargets(ReadOnlySpan{byte}, string, string)"/>, keeping the caller's array (not changed afterwards) instead of a copy.</summary>
    internal Metadata<Targets> UpdateDelegatedTargetsOwned(byte[] data, string roleName, string delegatorName)
        => UpdateDelegatedTargets(data, data, roleName, delegatorName);

    private Metadata<Targets> UpdateDelegatedTargets(ReadOnlySpan<byte> data, byte[]? owned, string roleName, string delegatorName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        ArgumentNullException.ThrowIfNull(delegatorName);
        if (_snapshot is null)
        {
            throw new InvalidOperationException("Targets metadata cannot be loaded before a snapshot (TUF 5.5 comes before 5.6).");
        }

        // 5.5.4, 5.5.6: targets are only loaded on top of a final snapshot.
        CheckFinalSnapshot();

        IDelegator delegator;
        if (delegatorName == TufRoles.Root)
        {
            if (roleName != TufRoles.Targets)
            {
                throw new InvalidOperationException($"Root delegates only 'targets' among targets roles, not '{roleName}'.");
            }

            delegator = _root.Signed;
        }
        else if (_targets.TryGetValue(delegatorName, out var loaded))
        {
            delegator = loaded.Signed;
        }
        else
        {
            throw new InvalidOperationException($"The delegating role '{delegatorName}' must be loaded before '{roleName}'.");
        }

        var keys = delegator.FindDelegationKeys(roleName)
            ?? throw new InvalidOperationException($"'{delegatorName}' does not delegate to '{roleName}'.");

        // 5.6.2: the snapshot must list the role; the length and hashes it lists, if any (mix and match).
        var meta = _snapshot.Signed.FindRole(roleName) ?? throw new TufNotInSnapshotException(roleName);
        if (meta.Length is null)
        {
            // 5.6.1: without a listed length, the limit guards against endless data.
            CheckLength(roleName, data, Limits.TargetsMaxLength);
        }

        var check = meta.CheckLengthAndHashes(data);
        if (!check.IsMatch)
        {
            throw new TufLengthOrHashMismatchException(TufRoleNames.MetaFileName(roleName), TufRoles.Snapshot, check.Problem!);
        }

        var newTargets = owned is null ? Metadata<Targets>.FromBytes(data, roleName) : Metadata<Targets>.FromOwnedBytes(owned, roleName);

        // 5.6.3: arbitrary software attack: signed by a threshold of the keys the delegator trusts for the role.
        RequireThreshold(newTargets, roleName, keys, delegatorName);

        // 5.6.4: the version must be the one the snapshot lists (mix and match, and rollback through snapshot 5.5.5).
        if (newTargets.Signed.Version != meta.Version)
        {
            throw new TufVersionMismatchException(roleName, newTargets.Signed.Version, TufRoles.Snapshot, meta.Version);
        }

        // 5.6.5: freeze attack.
        CheckNotExpired(newTargets.Signed, roleName);

        _targets[roleName] = newTargets;
        return newTargets;
    }

    private void CheckFinalTimestamp()
    {
        // 5.4.4: freeze attack.
        CheckNotExpired(_timestamp!.Signed, TufRoles.Timestamp);
    }

    private void CheckFinalSnapshot()
    {
        // 5.5.6: freeze attack.
        CheckNotExpired(_snapshot!.Signed, TufRoles.Snapshot);

        // 5.5.4: the version must be the one the timestamp lists (mix and match).
        var listed = _timestamp!.Signed.SnapshotMeta.Version;
        if (_snapshot.Signed.Version != listed)
        {
            throw new TufVersionMismatchException(TufRoles.Snapshot, _snapshot.Signed.Version, TufRoles.Timestamp, listed);
        }
    }

    private void CheckNotExpired(Signed signed, string roleName)
    {
        if (signed.IsExpired(ReferenceTime))
        {
            throw new TufExpiredMetadataException(roleName, signed.Expires, ReferenceTime);
        }
    }

    private static void CheckLength(string roleName, ReadOnlySpan<byte> data, long maxLength)
    {
        if (data.Length > maxLength)
        {
            throw new TufMetadataTooLargeException(roleName, data.Length, maxLength);
        }
    }

    private static void RequireThreshold<T>(Metadata<T> metadata, string roleName, DelegationKeys keys, string delegatorName)
        where T : Signed
    {
        var result = metadata.VerifyDelegate(roleName, keys.Keys, keys.Threshold);
        if (!result.IsVerified)
        {
            throw new TufSignatureException(result, delegatorName);
        }
    }

    // The key ids, the keys themselves and the threshold of a role: equal strings mean no rotation.
    private static string RoleKeysFingerprint(Root root, string roleName)
    {
        var role = root.GetRole(roleName);
        var ids = new List<string>(role.KeyIds);
        ids.Sort(StringComparer.Ordinal);
        var builder = new StringBuilder().Append(role.Threshold.ToString(CultureInfo.InvariantCulture));
        foreach (var id in ids)
        {
            builder.Append('|').Append(id).Append('=');
            if (root.Keys.TryGetValue(id, out var key))
            {
                builder.Append(Encoding.UTF8.GetString(CanonicalJson.Serialize(key.ToJson())));
            }
        }

        return builder.ToString();
    }
}
