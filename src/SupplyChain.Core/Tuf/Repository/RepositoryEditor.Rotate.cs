using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Repository;

public sealed partial class RepositoryEditor
{
    /// <summary>
    /// Changes the keys or threshold of a role, or renews it (a new version with a new expiry) when nothing changes.
    /// <list type="bullet">
    /// <item>A top-level role's keys live in root: a new root version is signed by a threshold of the current root
    /// keys and a threshold of its own (both are checked, as clients check them). The changed role is then re-signed
    /// with its new keys, and a new snapshot and timestamp are published.</item>
    /// <item>The hashed bins' keys live in targets: every bin is re-signed with the new keys and targets with the
    /// targets keys; the pending list is the commit point for the tooling and the snapshot for clients.</item>
    /// <item>Order: when the role's re-signed metadata also carries a threshold of its old keys
    /// (<see cref="RotationRequest.RoleKeys"/>), it verifies under the old root and the new one, so it is written
    /// before the root and every step leaves a repository that verifies. Without the old keys the new root is written
    /// first; if the run stops there, the next run of the tooling finds the role signed only for the previous root
    /// (<see cref="StaleRoles"/>) and re-signs it.</item>
    /// </list>
    /// </summary>
    /// <exception cref="SupplyChainException">SCSDK4103, 4104, 4111, 4112, 4114 for keys, thresholds and roles.</exception>
    public RotationResult Rotate(RotationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireWritable();
        var roleNames = TufRoles.TopLevel.Concat(Bins is null ? Array.Empty<string>() : new[] { RepositorySettings.DelegatedRoles });
        if (string.Equals(request.Role, RepositorySettings.DelegatedRoles, StringComparison.Ordinal) && Bins is not null)
        {
            return RotateBins(request);
        }

        if (!TufRoles.IsTopLevel(request.Role))
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_UnknownRole, null, 0, request.Role, _store.Location, string.Join(", ", roleNames));
        }

        return RotateTopLevel(request);
    }

    private static bool ChangesKeys(RotationRequest request, Role current)
        => request.AddKeys.Any(k => !current.KeyIds.Contains(k.KeyId))
        || request.RemoveKeyIds.Count > 0
        || (request.Threshold is { } threshold && threshold != current.Threshold);

    private static List<ISigner> Union(params IReadOnlyList<ISigner>[] lists)
    {
        var result = new List<ISigner>();
        foreach (var list in lists)
        {
            foreach (var signer in list)
            {
                if (!result.Any(s => string.Equals(s.KeyId, signer.KeyId, StringComparison.Ordinal)))
                {
                    result.Add(signer);
                }
            }
        }

        return result;
    }

    private RotationResult RotateTopLevel(RotationRequest request)
    {
        var role = request.Role;
        var written = new List<RoleVersion>();
        var oldRoot = _root;
        var changes = ChangesKeys(request, oldRoot.Signed.Roles[role]);
        Metadata<Root>? newRoot = null;
        if (changes || string.Equals(role, TufRoles.Root, StringComparison.Ordinal))
        {
            newRoot = MakeRoot(request, role);
        }

        var newRootSigned = newRoot?.Signed ?? oldRoot.Signed;
        var oldKeys = oldRoot.Signed.FindDelegationKeys(role)!;
        var newKeys = newRootSigned.FindDelegationKeys(role)!;
        if (string.Equals(role, TufRoles.Root, StringComparison.Ordinal))
        {
            written.AddRange(WriteRoot(newRoot!));
            SyncRootFile();
            return new RotationResult(role, newKeys.Keys.Keys.ToArray(), newKeys.Threshold, written);
        }

        // The signers of the changed role: new keys, kept keys, and old keys (for a seamless change).
        var candidates = Union(request.AddKeys, request.RoleKeys, string.Equals(role, TufRoles.Snapshot, StringComparison.Ordinal) ? request.SnapshotKeys
            : string.Equals(role, TufRoles.Timestamp, StringComparison.Ordinal) ? request.TimestampKeys : request.TargetsKeys);
        var roleSigners = SelectRotationSigners(role, oldKeys, newKeys, candidates);
        var seamless = roleSigners.Count(s => oldKeys.Keys.ContainsKey(s.KeyId)) >= oldKeys.Threshold;
        var snapshotSigners = string.Equals(role, TufRoles.Snapshot, StringComparison.Ordinal)
            ? roleSigners
            : SelectSigners(TufRoles.Snapshot, newRootSigned.FindDelegationKeys(TufRoles.Snapshot)!, request.SnapshotKeys);
        var timestampSigners = string.Equals(role, TufRoles.Timestamp, StringComparison.Ordinal)
            ? roleSigners
            : SelectSigners(TufRoles.Timestamp, newRootSigned.FindDelegationKeys(TufRoles.Timestamp)!, request.TimestampKeys);

        if (newRoot is not null && !seamless)
        {
            written.AddRange(WriteRoot(newRoot));
        }

        if (string.Equals(role, TufRoles.Targets, StringComparison.Ordinal))
        {
            written.Add(WriteTargetsRole(TufRoles.Targets, LoadRole(TufRoles.Targets), roleSigners));
            SavePending();
        }

        var published = PublishWith(snapshotSigners, timestampSigners);
        written.Add(published.Snapshot);
        written.Add(published.Timestamp);
        if (newRoot is not null && seamless)
        {
            written.AddRange(WriteRoot(newRoot));
        }

        SyncRootFile();
        return new RotationResult(role, newKeys.Keys.Keys.ToArray(), newKeys.Threshold, written);
    }

    /// <summary>The next root with the key change applied, signed by a threshold of the current and of the new root keys.</summary>
    private Metadata<Root> MakeRoot(RotationRequest request, string role)
    {
        var oldRoot = _root.Signed;
        var root = Tuf.Root.FromJson(oldRoot.ToJson());
        var target = root.Roles[role];
        foreach (var key in request.AddKeys)
        {
            root.AddKey(key.PublicKey.ToTufKey(), role);
        }

        foreach (var keyId in request.RemoveKeyIds)
        {
            if (!target.KeyIds.Contains(keyId))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidKeyChange, null, 0, role, _store.Location, $"the role has no key {keyId}");
            }

            root.RevokeKey(keyId, role);
        }

        ApplyThreshold(target, request.Threshold, role);
        root.Version = oldRoot.Version + 1;
        root.Expires = ExpiresFor(TufRoles.Root);

        var oldKeys = oldRoot.FindDelegationKeys(TufRoles.Root)!;
        var newKeys = root.FindDelegationKeys(TufRoles.Root)!;
        var isRoot = string.Equals(role, TufRoles.Root, StringComparison.Ordinal);
        var candidates = Union(request.RootKeys, isRoot ? request.AddKeys : Array.Empty<ISigner>(), isRoot ? request.RoleKeys : Array.Empty<ISigner>());
        var signers = new List<ISigner>();
        foreach (var signer in candidates)
        {
            if (!oldKeys.Keys.ContainsKey(signer.KeyId) && !newKeys.Keys.ContainsKey(signer.KeyId))
            {
                throw SupplyChainException.Create(
                    DiagnosticCatalog.TufRepository_KeyNotTrusted, null, 0, signer.KeyId, signer.PublicKey.Algorithm.ToName(), TufRoles.Root, _store.Location, DescribeKeys(oldKeys));
            }

            signers.Add(signer);
        }

        var metadata = new Metadata<Root>(root);
        SignWith(metadata, signers);
        var byOld = metadata.VerifyDelegate(TufRoles.Root, oldKeys.Keys, oldKeys.Threshold);
        var byNew = metadata.VerifyDelegate(TufRoles.Root, newKeys.Keys, newKeys.Threshold);
        if (!byOld.IsVerified || !byNew.IsVerified)
        {
            throw SupplyChainException.Create(
                DiagnosticCatalog.TufRepository_RootNotSigned,
                null,
                0,
                root.Version.ToString(CultureInfo.InvariantCulture),
                _store.Location,
                oldKeys.Threshold.ToString(CultureInfo.InvariantCulture),
                newKeys.Threshold.ToString(CultureInfo.InvariantCulture),
                byOld.ValidKeyIds.Count.ToString(CultureInfo.InvariantCulture),
                byNew.ValidKeyIds.Count.ToString(CultureInfo.InvariantCulture));
        }

        return metadata;
    }

    private void ApplyThreshold(Role role, int? threshold, string roleName)
    {
        if (threshold is { } value)
        {
            if (value < 1)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--threshold", value.ToString(CultureInfo.InvariantCulture), "a threshold is 1 or more");
            }

            role.Threshold = value;
        }

        if (role.KeyIds.Count < role.Threshold)
        {
            throw SupplyChainException.Create(
                DiagnosticCatalog.TufRepository_InvalidKeyChange,
                null,
                0,
                roleName,
                _store.Location,
                $"it would have {role.KeyIds.Count.ToString(CultureInfo.InvariantCulture)} key(s) and a threshold of {role.Threshold.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Signers of a role during a key change: each trusted by the old or the new keys, a threshold of the new keys.</summary>
    private List<ISigner> SelectRotationSigners(string roleLabel, DelegationKeys oldKeys, DelegationKeys newKeys, List<ISigner> candidates)
    {
        var selected = new List<ISigner>();
        foreach (var signer in candidates)
        {
            if (!oldKeys.Keys.ContainsKey(signer.KeyId) && !newKeys.Keys.ContainsKey(signer.KeyId))
            {
                throw SupplyChainException.Create(
                    DiagnosticCatalog.TufRepository_KeyNotTrusted, null, 0, signer.KeyId, signer.PublicKey.Algorithm.ToName(), roleLabel, _store.Location, DescribeKeys(newKeys));
            }

            selected.Add(signer);
        }

        var count = selected.Count(s => newKeys.Keys.ContainsKey(s.KeyId));
        if (count < newKeys.Threshold)
        {
            throw SupplyChainException.Create(
                DiagnosticCatalog.TufRepository_ThresholdNotMet, null, 0, roleLabel, _store.Location, newKeys.Threshold.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture));
        }

        return selected;
    }

    private IReadOnlyList<RoleVersion> WriteRoot(Metadata<Root> root)
    {
        var bytes = root.ToBytes();
        var path = RepositoryKeys.Role(TufRoles.Root, root.Signed.Version);
        WriteNew(path, bytes, RepositoryWriteKind.Root);
        _previousRoot = _root;
        _root = root;
        _rootBytes = bytes;
        Replace(RepositoryKeys.Root, bytes, RepositoryWriteKind.Root);
        return new[] { new RoleVersion(TufRoles.Root, root.Signed.Version, _store.Describe(path), root.Signed.Expires) };
    }

    private RotationResult RotateBins(RotationRequest request)
    {
        var written = new List<RoleVersion>();
        var targets = LoadRole(TufRoles.Targets);
        var bins = targets.Signed.Delegations!.SuccinctRoles!;
        var oldKeys = targets.Signed.FindDelegationKeys(bins.BinName(0))!;
        var changes = ChangesKeys(request, bins);

        // The new targets (a copy until it is written), with the bins' key change.
        var newTargets = new Metadata<Targets>(Tuf.Targets.FromJson(targets.Signed.ToJson()));
        var newBins = newTargets.Signed.Delegations!.SuccinctRoles!;
        foreach (var key in request.AddKeys)
        {
            newTargets.Signed.Delegations.Keys[key.KeyId] = key.PublicKey.ToTufKey();
            if (!newBins.KeyIds.Contains(key.KeyId))
            {
                newBins.KeyIds.Add(key.KeyId);
            }
        }

        foreach (var keyId in request.RemoveKeyIds)
        {
            if (!newBins.KeyIds.Remove(keyId))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidKeyChange, null, 0, RepositorySettings.DelegatedRoles, _store.Location, $"the hashed bins have no key {keyId}");
            }

            newTargets.Signed.Delegations.Keys.Remove(keyId);
        }

        ApplyThreshold(newBins, request.Threshold, RepositorySettings.DelegatedRoles);
        var newKeys = newTargets.Signed.FindDelegationKeys(newBins.BinName(0))!;
        var binSigners = SelectRotationSigners(DescribeBins(bins), oldKeys, newKeys, Union(request.AddKeys, request.RoleKeys));
        var targetsSigners = changes ? SelectSigners(TufRoles.Targets, DelegationKeysOf(TufRoles.Targets), request.TargetsKeys) : null;
        var snapshotSigners = SelectSigners(TufRoles.Snapshot, DelegationKeysOf(TufRoles.Snapshot), request.SnapshotKeys);
        var timestampSigners = SelectSigners(TufRoles.Timestamp, DelegationKeysOf(TufRoles.Timestamp), request.TimestampKeys);

        // Every bin, one at a time (read and verified under the current targets, re-signed, written, dropped).
        foreach (var name in bins.GetRoles())
        {
            var bin = LoadRole(name);
            written.Add(WriteTargetsRole(name, bin, binSigners));
            _roles.Remove(name);
        }

        if (changes)
        {
            written.Add(WriteTargetsRole(TufRoles.Targets, newTargets, targetsSigners!));
        }

        SavePending();
        var published = PublishWith(snapshotSigners, timestampSigners);
        written.Add(published.Snapshot);
        written.Add(published.Timestamp);
        return new RotationResult(RepositorySettings.DelegatedRoles, newKeys.Keys.Keys.ToArray(), newKeys.Threshold, written);
    }
}
