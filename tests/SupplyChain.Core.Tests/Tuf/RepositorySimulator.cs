using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>A clock that always says the same time.</summary>
internal sealed class FixedTimeProvider : TimeProvider
{
    public FixedTimeProvider(DateTimeOffset now)
    {
        Now = now;
    }

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// An in-memory TUF repository for tests: it holds the model of every role, the signing keys (made at test time,
/// never written anywhere) and the bytes it "published". Tests change the model, publish, tamper with bytes, and
/// feed them to a <see cref="TrustedMetadataSet"/>, the way a client's fetch loop would.
/// </summary>
internal sealed class RepositorySimulator
{
    /// <summary>The fixed "now" of every test.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public RepositorySimulator(bool consistentSnapshot = true, bool metaHashes = false, KeyAlgorithm algorithm = KeyAlgorithm.EcdsaP256)
    {
        Algorithm = algorithm;
        MetaHashes = metaHashes;
        var expires = Now.AddDays(365);
        Root = new Root(expires) { ConsistentSnapshot = consistentSnapshot };
        Timestamp = new Timestamp(expires);
        Snapshot = new Snapshot(expires);
        Targets = new Targets(expires);
        foreach (var role in TufRoles.TopLevel)
        {
            var key = NewKey();
            Root.AddKey(key.PublicKey.ToTufKey(), role);
            Signers[role] = new List<SigningKey> { key };
        }

        PublishRoot();
        Publish(TufRoles.Targets, bumpVersion: false);
        UpdateSnapshot();
    }

    public KeyAlgorithm Algorithm { get; }

    /// <summary>Whether snapshot and timestamp list the length and SHA-256 of the files they describe.</summary>
    public bool MetaHashes { get; set; }

    public Root Root { get; }

    public Timestamp Timestamp { get; }

    public Snapshot Snapshot { get; }

    public Targets Targets { get; }

    public Dictionary<string, Targets> DelegatedRoles { get; } = new(StringComparer.Ordinal);

    /// <summary>Who signs each role.</summary>
    public Dictionary<string, List<SigningKey>> Signers { get; } = new(StringComparer.Ordinal);

    /// <summary>The published roots; version N is at index N - 1.</summary>
    public List<byte[]> PublishedRoots { get; } = new();

    /// <summary>The published bytes of timestamp, snapshot, targets and delegated roles (the newest of each).</summary>
    public Dictionary<string, byte[]> Published { get; } = new(StringComparer.Ordinal);

    /// <summary>The roles the client loaded through <see cref="LoadRole"/>, in order.</summary>
    public List<string> FetchedRoles { get; } = new();

    public SigningKey NewKey() => KeyGenerator.Generate(Algorithm, rsaKeySize: 2048);

    /// <summary>Signs a role's model with its signers (or the given ones) and returns the bytes.</summary>
    public byte[] Sign<T>(T signed, IEnumerable<SigningKey> signers)
        where T : Signed
    {
        var metadata = new Metadata<T>(signed);
        foreach (var signer in signers)
        {
            metadata.Sign(signer, append: true);
        }

        return metadata.ToBytes();
    }

    /// <summary>Publishes the root model as the next version (its version must be one more than the last published).</summary>
    public void PublishRoot(IEnumerable<SigningKey>? extraSigners = null, IEnumerable<SigningKey>? onlySigners = null)
    {
        if (Root.Version != PublishedRoots.Count + 1)
        {
            throw new InvalidOperationException($"Root version {Root.Version} after {PublishedRoots.Count} published roots.");
        }

        var signers = onlySigners?.ToList() ?? Signers[TufRoles.Root].Concat(extraSigners ?? Enumerable.Empty<SigningKey>()).ToList();
        PublishedRoots.Add(Sign(Root, signers));
    }

    /// <summary>Bumps the root version and publishes it.</summary>
    public void BumpRoot(IEnumerable<SigningKey>? extraSigners = null, IEnumerable<SigningKey>? onlySigners = null)
    {
        Root.Version++;
        PublishRoot(extraSigners, onlySigners);
    }

    /// <summary>Publishes a targets role (top-level or delegated), bumping its version first by default.</summary>
    public void Publish(string role, bool bumpVersion = true)
    {
        var targets = TargetsOf(role);
        if (bumpVersion)
        {
            targets.Version++;
        }

        Published[role] = Sign(targets, Signers[role]);
    }

    /// <summary>A new snapshot listing every published targets role, then a new timestamp.</summary>
    public void UpdateSnapshot()
    {
        if (Published.ContainsKey(TufRoles.Snapshot))
        {
            Snapshot.Version++;
        }

        foreach (var (role, bytes) in Published)
        {
            if (role is TufRoles.Snapshot or TufRoles.Timestamp)
            {
                continue;
            }

            Snapshot.Meta[TufRoleNames.MetaFileName(role)] = MetaFile.ForBytes(TargetsOf(role).Version, bytes, MetaHashes);
        }

        Published[TufRoles.Snapshot] = Sign(Snapshot, Signers[TufRoles.Snapshot]);
        UpdateTimestamp();
    }

    /// <summary>A new timestamp listing the published snapshot.</summary>
    public void UpdateTimestamp()
    {
        if (Published.ContainsKey(TufRoles.Timestamp))
        {
            Timestamp.Version++;
        }

        Timestamp.SnapshotMeta = MetaFile.ForBytes(Snapshot.Version, Published[TufRoles.Snapshot], MetaHashes);
        Published[TufRoles.Timestamp] = Sign(Timestamp, Signers[TufRoles.Timestamp]);
    }

    /// <summary>Replaces every key of a top-level role by one new key (not yet published: bump root).</summary>
    public SigningKey RotateKeys(string role)
    {
        foreach (var keyId in Root.GetRole(role).KeyIds.ToList())
        {
            Root.RevokeKey(keyId, role);
        }

        var key = NewKey();
        Root.AddKey(key.PublicKey.ToTufKey(), role);
        Signers[role] = new List<SigningKey> { key };
        return key;
    }

    /// <summary>Adds one more key (and signer) to a top-level role.</summary>
    public SigningKey AddKey(string role)
    {
        var key = NewKey();
        Root.AddKey(key.PublicKey.ToTufKey(), role);
        Signers[role].Add(key);
        return key;
    }

    /// <summary>Adds a delegation (threshold 1, a new key for a new role) from a targets role; a new role is empty and published at version 1.</summary>
    public DelegatedRole AddDelegation(string delegator, string name, IEnumerable<string>? paths = null, bool terminating = false, IEnumerable<string>? pathHashPrefixes = null)
    {
        // A role delegated by several roles keeps its one key, so every delegator trusts what it signs.
        var key = Signers.TryGetValue(name, out var existing) ? existing[0] : NewKey();
        var tufKey = key.PublicKey.ToTufKey();
        var role = pathHashPrefixes is null
            ? new DelegatedRole(name, new[] { key.KeyId }, 1, terminating, paths ?? new[] { "*" })
            : DelegatedRole.WithPathHashPrefixes(name, new[] { key.KeyId }, 1, terminating, pathHashPrefixes);
        var parent = TargetsOf(delegator);
        parent.Delegations ??= new Delegations(new Dictionary<string, TufKey>(), Array.Empty<DelegatedRole>());
        parent.Delegations.Keys[key.KeyId] = tufKey;
        parent.Delegations.Roles!.Add(role);
        Signers[name] = new List<SigningKey> { key };
        if (!DelegatedRoles.ContainsKey(name))
        {
            DelegatedRoles[name] = new Targets(Now.AddDays(365));
            Publish(name, bumpVersion: false);
        }

        return role;
    }

    /// <summary>Adds a target entry for <paramref name="content"/> to a role (not yet published).</summary>
    public TargetFile AddTarget(string role, string path, string content)
    {
        var target = TargetFile.FromBytes(path, Encoding.UTF8.GetBytes(content));
        TargetsOf(role).AddTarget(target);
        return target;
    }

    /// <summary>Publishes every targets role (bumping each version), then a new snapshot and timestamp.</summary>
    public void PublishAll()
    {
        Publish(TufRoles.Targets);
        foreach (var role in DelegatedRoles.Keys)
        {
            Publish(role);
        }

        UpdateSnapshot();
    }

    public Targets TargetsOf(string role) => role == TufRoles.Targets ? Targets : DelegatedRoles[role];

    /// <summary>A client that trusts root version <paramref name="trustedRootVersion"/>, at <paramref name="now"/> (default <see cref="Now"/>).</summary>
    public TrustedMetadataSet NewClient(DateTimeOffset? now = null, int trustedRootVersion = 1, TufClientLimits? limits = null)
        => new(PublishedRoots[trustedRootVersion - 1], now ?? Now, limits);

    /// <summary>Every new root, then timestamp, snapshot and targets: the top-level refresh of a fetch loop.</summary>
    public void Refresh(TrustedMetadataSet client)
    {
        UpdateRoots(client);
        client.UpdateTimestamp(Published[TufRoles.Timestamp]);
        client.UpdateSnapshot(Published[TufRoles.Snapshot]);
        client.UpdateTargets(Published[TufRoles.Targets]);
    }

    public void UpdateRoots(TrustedMetadataSet client)
    {
        for (var version = client.Root.Signed.Version + 1; version <= PublishedRoots.Count; version++)
        {
            client.UpdateRoot(PublishedRoots[(int)version - 1]);
        }
    }

    /// <summary>The loader a <see cref="DelegationSearch"/> calls: verified metadata from the published bytes.</summary>
    public Targets LoadRole(TrustedMetadataSet client, DelegatedRoleRequest request)
    {
        FetchedRoles.Add(request.RoleName);
        if (request.RoleName == TufRoles.Targets)
        {
            return client.Targets!.Signed;
        }

        return client.UpdateDelegatedTargets(Published[request.RoleName], request.RoleName, request.DelegatorName).Signed;
    }

    /// <summary>Changes published bytes without signing again.</summary>
    public static byte[] Tamper(byte[] bytes, Action<JsonObject> change)
    {
        var document = JsonNode.Parse(bytes)!.AsObject();
        change(document);
        return Encoding.UTF8.GetBytes(document.ToJsonString());
    }
}
