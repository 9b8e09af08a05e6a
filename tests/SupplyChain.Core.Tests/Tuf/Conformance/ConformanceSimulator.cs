using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf.Conformance;

/// <summary>
/// A repository built in memory the way tuf-conformance's simulator builds it, so that its tests port one to one:
/// the current model of every role, every signed version of every role (<see cref="SignedMds"/>), the signers of each
/// role, and the artifacts. <see cref="Publish"/> signs and appends a version (bumping it unless it is the first),
/// and updates the snapshot's listing of a targets role, or the timestamp's listing of the snapshot. Requests are
/// served as the suite serves them and recorded as (role as requested, version or null).
/// </summary>
internal sealed class ConformanceSimulator
{
    /// <summary>"Now" for the conformance tests; the suite uses the machine's clock, here it is fixed.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, Queue<SigningKey>> _pools = new(StringComparer.Ordinal);

    public ConformanceSimulator()
    {
        SafeExpiry = Now.AddDays(30);
        foreach (var (name, keys) in ConformanceKeys.Pools)
        {
            _pools[name] = new Queue<SigningKey>(keys);
        }

        Root = new Root(SafeExpiry) { ConsistentSnapshot = true };
        Timestamp = new Timestamp(SafeExpiry);
        Snapshot = new Snapshot(SafeExpiry);
        TargetsRoles[TufRoles.Targets] = new Targets(SafeExpiry);
        foreach (var role in TufRoles.TopLevel)
        {
            var signer = NewSigner();
            Root.AddKey(signer.PublicKey.ToTufKey(), role);
            AddSigner(role, signer);
        }

        Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp, TufRoles.Root);
    }

    public DateTimeOffset SafeExpiry { get; }

    public Root Root { get; }

    public Timestamp Timestamp { get; }

    public Snapshot Snapshot { get; }

    public Targets Targets => TargetsRoles[TufRoles.Targets];

    /// <summary>The models of the targets roles (top-level and delegated).</summary>
    public Dictionary<string, Targets> TargetsRoles { get; } = new(StringComparer.Ordinal);

    /// <summary>Every signed version of every role; version N of a role is at index N - 1.</summary>
    public Dictionary<string, List<byte[]>> SignedMds { get; } = new(StringComparer.Ordinal);

    /// <summary>The signers of each role, in the order added (the last one is <c>popitem</c>'s).</summary>
    public Dictionary<string, List<ISigner>> Signers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (byte[] Data, TargetFile Target)> Artifacts { get; } = new(StringComparer.Ordinal);

    public bool ComputeMetafileHashesLength { get; set; }

    public bool PrefixTargetsWithHash { get; set; } = true;

    public List<(string Role, long? Version)> MetadataStatistics { get; } = new();

    public List<(string Path, string? Prefix)> ArtifactStatistics { get; } = new();

    public Signed Model(string role) => role switch
    {
        TufRoles.Root => Root,
        TufRoles.Timestamp => Timestamp,
        TufRoles.Snapshot => Snapshot,
        _ => TargetsRoles[role],
    };

    /// <summary>A new signer of a key type and scheme, from the pre-generated pool.</summary>
    public SigningKey NewSigner(string keyType = "ecdsa", string scheme = "ecdsa-sha2-nistp256")
    {
        var name = keyType + "/" + scheme;
        if (!_pools.TryGetValue(name, out var pool))
        {
            throw new ArgumentException($"Unsupported keytype/scheme: {name}");
        }

        return pool.Count > 0 ? pool.Dequeue() : throw new InvalidOperationException($"The test ran out of {name} keys.");
    }

    public void AddSigner(string role, ISigner signer)
    {
        if (!Signers.TryGetValue(role, out var list))
        {
            Signers[role] = list = new List<ISigner>();
        }

        list.RemoveAll(s => s.KeyId == signer.KeyId);
        list.Add(signer);
    }

    /// <summary>Removes all keys of a top-level role, then adds a threshold of new ones.</summary>
    public void RotateKeys(string role)
    {
        Root.Roles[role].KeyIds.Clear();
        Signers[role].Clear();
        for (var i = 0; i < Root.Roles[role].Threshold; i++)
        {
            var signer = NewSigner();
            Root.AddKey(signer.PublicKey.ToTufKey(), role);
            AddSigner(role, signer);
        }
    }

    /// <summary>Adds a (new, unless given) key to a role: a top-level role in root, else in the delegator's delegations.</summary>
    public ISigner AddKey(string role, string? delegator = null, ISigner? signer = null, TufKey? key = null)
    {
        signer ??= NewSigner();
        key ??= signer.PublicKey.ToTufKey();
        if (delegator is null && TufRoles.IsTopLevel(role))
        {
            Root.Keys[signer.KeyId] = key;
            if (!Root.Roles[role].KeyIds.Contains(signer.KeyId))
            {
                Root.Roles[role].KeyIds.Add(signer.KeyId);
            }
        }
        else
        {
            var delegations = TargetsRoles[delegator ?? TufRoles.Targets].Delegations!;
            delegations.Keys[signer.KeyId] = key;
            var delegated = delegations.Roles!.First(r => r.Name == role);
            if (!delegated.KeyIds.Contains(signer.KeyId))
            {
                delegated.KeyIds.Add(signer.KeyId);
            }
        }

        AddSigner(role, signer);
        return signer;
    }

    /// <summary>Signs and makes public a new version of each role (the first publication keeps version 1).</summary>
    public void Publish(params string[] roles) => Publish(roles, verifyVersion: true, bumpVersion: true);

    public void Publish(IEnumerable<string> roles, bool verifyVersion = true, bool bumpVersion = true)
    {
        foreach (var role in roles)
        {
            var signed = Model(role);
            if (bumpVersion && SignedMds.ContainsKey(role))
            {
                signed.Version++;
            }

            var bytes = Sign(signed, Signers[role]);
            if (!SignedMds.TryGetValue(role, out var list))
            {
                SignedMds[role] = list = new List<byte[]>();
            }

            if (verifyVersion && signed.Version != list.Count + 1)
            {
                throw new InvalidOperationException($"Expected {role} v{list.Count + 1}, got v{signed.Version}.");
            }

            list.Add(bytes);
            var length = ComputeMetafileHashesLength ? bytes.Length : (long?)null;
            var hashes = ComputeMetafileHashesLength ? new Dictionary<string, string> { ["sha256"] = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant() } : null;
            if (role is not (TufRoles.Root or TufRoles.Timestamp or TufRoles.Snapshot))
            {
                Snapshot.Meta[TufRoleNames.MetaFileName(role)] = new MetaFile(signed.Version, length, hashes);
            }

            if (role == TufRoles.Snapshot)
            {
                Timestamp.SnapshotMeta = new MetaFile(signed.Version, length, hashes);
            }
        }
    }

    /// <summary>Versions published far ahead of the sequence (a fast-forward), served by version number only.</summary>
    public Dictionary<(string Role, long Version), byte[]> OutOfSequence { get; } = new();

    /// <summary>Signs a role at its current version without adding it to the sequence, and lists it like <see cref="Publish(string[])"/>.</summary>
    public void PublishOutOfSequence(string role)
    {
        var signed = Model(role);
        OutOfSequence[(role, signed.Version)] = Sign(signed, Signers[role]);
        if (role == TufRoles.Snapshot)
        {
            Timestamp.SnapshotMeta = new MetaFile(signed.Version);
        }
        else if (role is not (TufRoles.Root or TufRoles.Timestamp))
        {
            Snapshot.Meta[TufRoleNames.MetaFileName(role)] = new MetaFile(signed.Version);
        }
    }

    /// <summary>The older simulator API: a new snapshot (listing every targets role) and a new timestamp.</summary>
    public void UpdateSnapshot() => Publish(TufRoles.Snapshot, TufRoles.Timestamp);

    public void UpdateTimestamp() => Publish(TufRoles.Timestamp);

    public static byte[] Sign<T>(T signed, IEnumerable<ISigner> signers)
        where T : Signed
    {
        var metadata = new Metadata<T>(signed);
        foreach (var signer in signers)
        {
            metadata.Sign(signer, append: true);
        }

        return metadata.ToBytes();
    }

    /// <summary>Adds an artifact with its sha256 to a targets role (not yet published).</summary>
    public TargetFile AddArtifact(string role, byte[] data, string path, params string[] algorithms)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var algorithm in algorithms.Length == 0 ? new[] { "sha256" } : algorithms)
        {
            hashes[algorithm] = Convert.ToHexString(algorithm == "sha512" ? SHA512.HashData(data) : SHA256.HashData(data)).ToLowerInvariant();
        }

        var target = new TargetFile(path, data.Length, hashes);
        TargetsRoles[role].TargetFiles[path] = target;
        Artifacts[path] = (data, target);
        return target;
    }

    /// <summary>Adds a delegation (last in the delegator's list) with one new key, and the role's model if new.</summary>
    public void AddDelegation(string delegator, DelegatedRole role, Targets? targets = null)
    {
        var parent = TargetsRoles[delegator];
        parent.Delegations ??= new Delegations(new Dictionary<string, TufKey>(), Array.Empty<DelegatedRole>());
        parent.Delegations.Roles!.Add(role);
        var signer = NewSigner();
        parent.Delegations.Keys[signer.KeyId] = signer.PublicKey.ToTufKey();
        role.KeyIds.Add(signer.KeyId);
        AddSigner(role.Name, signer);
        if (!TargetsRoles.ContainsKey(role.Name))
        {
            TargetsRoles[role.Name] = targets ?? new Targets(SafeExpiry);
        }
    }

    /// <summary>Serves a path under the test's base URL ("metadata/..." or "targets/..."), still percent-encoded.</summary>
    public byte[]? Fetch(string path)
    {
        if (path.StartsWith("metadata/", StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal))
        {
            var versionAndName = path["metadata/".Length..^".json".Length];
            var dot = versionAndName.IndexOf('.', StringComparison.Ordinal);
            var versionText = dot < 0 ? versionAndName : versionAndName[..dot];
            var role = dot < 0 ? string.Empty : versionAndName[(dot + 1)..];
            long? version;
            if (role == TufRoles.Root || (Root.UsesConsistentSnapshots && versionAndName != TufRoles.Timestamp))
            {
                if (!long.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return null;
                }

                version = parsed;
            }
            else
            {
                role = versionAndName;
                version = null;
            }

            MetadataStatistics.Add((role, version));
            return FetchMetadata(Uri.UnescapeDataString(role), version);
        }

        if (path.StartsWith("targets/", StringComparison.Ordinal))
        {
            var targetPath = Uri.UnescapeDataString(path["targets/".Length..]);
            var slash = targetPath.LastIndexOf('/');
            var fileName = targetPath[(slash + 1)..];
            string? prefix = null;
            if (Root.UsesConsistentSnapshots && PrefixTargetsWithHash)
            {
                var dot = fileName.IndexOf('.', StringComparison.Ordinal);
                prefix = dot < 0 ? fileName : fileName[..dot];
                fileName = dot < 0 ? string.Empty : fileName[(dot + 1)..];
            }

            targetPath = targetPath[..(slash + 1)] + fileName;
            ArtifactStatistics.Add((targetPath, prefix));
            if (!Artifacts.TryGetValue(targetPath, out var artifact))
            {
                return null;
            }

            return prefix is not null && !artifact.Target.Hashes.Values.Contains(prefix) ? null : artifact.Data;
        }

        return null;
    }

    public byte[]? FetchMetadata(string role, long? version = null)
    {
        if (!SignedMds.TryGetValue(role, out var list) || list.Count == 0)
        {
            return null;
        }

        if (version is { } v)
        {
            // Version N is at index N - 1; a version published out of sequence (a fast-forward) by its number.
            if (v >= 1 && v <= list.Count)
            {
                return list[(int)v - 1];
            }

            return OutOfSequence.TryGetValue((role, v), out var extra) ? extra : null;
        }

        return list[^1];
    }
}

/// <summary>Keys generated once for all conformance tests (as the suite does), by "keytype/scheme".</summary>
internal static class ConformanceKeys
{
    private static readonly Lazy<Dictionary<string, SigningKey[]>> s_pools = new(() => new(StringComparer.Ordinal)
    {
        ["ecdsa/ecdsa-sha2-nistp256"] = Enumerable.Range(0, 14).Select(_ => KeyGenerator.Generate(KeyAlgorithm.EcdsaP256)).ToArray(),
        ["ed25519/ed25519"] = Enumerable.Range(0, 14).Select(_ => KeyGenerator.Generate(KeyAlgorithm.Ed25519)).ToArray(),
        ["rsa/rsassa-pss-sha256"] = Enumerable.Range(0, 2).Select(_ => KeyGenerator.Generate(KeyAlgorithm.Rsa, 2048)).ToArray(),
    });

    public static IReadOnlyDictionary<string, SigningKey[]> Pools => s_pools.Value;

    /// <summary>Ten Ed25519 keys, as the key-rotation tests generate them.</summary>
    public static SigningKey[] Ed25519(int count) => Enumerable.Range(0, count).Select(_ => KeyGenerator.Generate(KeyAlgorithm.Ed25519)).ToArray();
}

/// <summary>A signer whose key id is given (a key object with extra fields has another key id than the bare key).</summary>
internal sealed class AliasSigner : ISigner
{
    private readonly ISigner _inner;

    public AliasSigner(ISigner inner, string keyId)
    {
        _inner = inner;
        KeyId = keyId;
    }

    public string KeyId { get; }

    public PublicKey PublicKey => _inner.PublicKey;

    public byte[] Sign(ReadOnlySpan<byte> data) => _inner.Sign(data);
}

/// <summary>The suite's web server, in process: routes requests under <c>/NAME/</c> to the simulator.</summary>
internal sealed class SimulatorHandler : HttpMessageHandler
{
    private readonly ConformanceSimulator _repository;
    private readonly string _prefix;

    public SimulatorHandler(ConformanceSimulator repository, string prefix)
    {
        _repository = repository;
        _prefix = prefix;
    }

    public List<string> RawPaths { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var raw = request.RequestUri!.AbsolutePath;
        RawPaths.Add(raw);
        var body = raw.StartsWith(_prefix, StringComparison.Ordinal) ? _repository.Fetch(raw[_prefix.Length..]) : null;
        var response = body is null
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        return Task.FromResult(response);
    }
}
