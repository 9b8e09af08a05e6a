using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Repository;

public sealed partial class RepositoryEditor
{
    /// <summary>
    /// Creates a repository: root version 1 (signed by every root key; the threshold given), targets, snapshot and
    /// timestamp version 1, consistent snapshots on, and with <see cref="RepositoryInitRequest.Bins"/> the succinct
    /// hashed bins (TAP 15) that the targets role delegates every target to, each bin an empty role at version 1.
    /// The metadata is written to a staging folder and moved into place in one rename, so a stopped
    /// <c>init</c> leaves no half repository behind.
    /// </summary>
    /// <exception cref="SupplyChainException">SCSDK4101 when the folder already holds metadata; SCSDK4106 for a bad setting.</exception>
    public static RepositoryInitResult Initialize(string directory, RepositoryInitRequest request, RepositoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        options ??= new RepositoryOptions();
        var rootKeys = Distinct(request.RootKeys);
        var targetsKeys = Distinct(request.TargetsKeys);
        var snapshotKeys = Distinct(request.SnapshotKeys);
        var timestampKeys = Distinct(request.TimestampKeys);
        var binsKeys = Distinct(request.BinsKeys);
        ValidateInit(request, rootKeys, targetsKeys, snapshotKeys, timestampKeys, binsKeys);
        var settings = new RepositorySettings();
        settings.Apply(request.Expiry);
        using var store = RepositoryStores.Open(directory, options);
        store.RequireEmpty();
        if (store.Layout is { } folder)
        {
            Directory.CreateDirectory(folder.Directory);
        }

        using var repositoryLock = store.AcquireLock(options.LockTimeout, options.CancellationToken);
        store.RequireEmpty();
        var writes = 0;
        void Observe(RepositoryWriteKind kind, string path) => options.AfterWrite?.Invoke(new RepositoryWrite(++writes, kind, path));

        var now = options.TimeProvider.GetUtcNow();
        DateTimeOffset Expires(string role) => now.AddDays(settings.ExpiryDays[role]);
        var files = new List<RepositoryFile>();
        void Write(string key, byte[] bytes, RepositoryWriteKind kind) => files.Add(new RepositoryFile(key, bytes, kind));

        var root = new Root(Expires(TufRoles.Root)) { ConsistentSnapshot = true };
        AddKeys(root, TufRoles.Root, rootKeys);
        AddKeys(root, TufRoles.Targets, targetsKeys);
        AddKeys(root, TufRoles.Snapshot, snapshotKeys);
        AddKeys(root, TufRoles.Timestamp, timestampKeys);
        root.Roles[TufRoles.Root].Threshold = request.RootThreshold;

        var targets = new Targets(Expires(TufRoles.Targets));
        var snapshot = new Snapshot(Expires(TufRoles.Snapshot));
        SuccinctRoles? bins = null;
        if (request.Bins > 0)
        {
            var keys = binsKeys.ToDictionary(k => k.KeyId, k => k.PublicKey.ToTufKey(), StringComparer.Ordinal);
            bins = new SuccinctRoles(keys.Keys, 1, BitOperations.Log2((uint)request.Bins), BinNamePrefix);
            targets.Delegations = new Delegations(keys, bins);
            foreach (var name in bins.GetRoles())
            {
                var bin = new Metadata<Targets>(new Targets(Expires(RepositorySettings.DelegatedRoles)));
                SignWith(bin, binsKeys);
                Write(RepositoryKeys.Role(name, 1), bin.ToBytes(), RepositoryWriteKind.TargetsMetadata);
                snapshot.Meta[TufRoleNames.MetaFileName(name)] = new MetaFile(1);
            }
        }

        var targetsMetadata = new Metadata<Targets>(targets);
        SignWith(targetsMetadata, targetsKeys);
        Write(RepositoryKeys.Role(TufRoles.Targets, 1), targetsMetadata.ToBytes(), RepositoryWriteKind.TargetsMetadata);

        var snapshotMetadata = new Metadata<Snapshot>(snapshot);
        SignWith(snapshotMetadata, snapshotKeys);
        var snapshotBytes = snapshotMetadata.ToBytes();
        Write(RepositoryKeys.Role(TufRoles.Snapshot, 1), snapshotBytes, RepositoryWriteKind.Snapshot);

        var timestamp = new Timestamp(Expires(TufRoles.Timestamp)) { SnapshotMeta = MetaFile.ForBytes(1, snapshotBytes, withLengthAndHashes: true) };
        var timestampMetadata = new Metadata<Timestamp>(timestamp);
        SignWith(timestampMetadata, timestampKeys);
        Write(RepositoryKeys.Timestamp, timestampMetadata.ToBytes(), RepositoryWriteKind.Timestamp);

        var rootMetadata = new Metadata<Root>(root);
        SignWith(rootMetadata, rootKeys);
        var rootBytes = rootMetadata.ToBytes();
        Write(RepositoryKeys.Role(TufRoles.Root, 1), rootBytes, RepositoryWriteKind.Root);
        Write(RepositoryKeys.Root, rootBytes, RepositoryWriteKind.Root);

        store.CreateRepository(files, settings.ToBytes(), Observe);

        var keyIds = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [TufRoles.Root] = root.Roles[TufRoles.Root].KeyIds.ToArray(),
            [TufRoles.Targets] = root.Roles[TufRoles.Targets].KeyIds.ToArray(),
            [TufRoles.Snapshot] = root.Roles[TufRoles.Snapshot].KeyIds.ToArray(),
            [TufRoles.Timestamp] = root.Roles[TufRoles.Timestamp].KeyIds.ToArray(),
        };
        if (bins is not null)
        {
            keyIds[RepositorySettings.DelegatedRoles] = bins.KeyIds.ToArray();
        }

        return new RepositoryInitResult(store.Location, store.Describe(RepositoryKeys.Role(TufRoles.Root, 1)), keyIds, bins?.NumberOfBins ?? 0, bins?.NamePrefix, snapshotBytes.Length);
    }

    private static List<ISigner> Distinct(IReadOnlyList<ISigner>? signers)
    {
        var result = new List<ISigner>();
        foreach (var signer in signers ?? Array.Empty<ISigner>())
        {
            if (!result.Any(s => string.Equals(s.KeyId, signer.KeyId, StringComparison.Ordinal)))
            {
                result.Add(signer);
            }
        }

        return result;
    }

    private static void AddKeys(Root root, string role, IEnumerable<ISigner> signers)
    {
        foreach (var signer in signers)
        {
            root.AddKey(signer.PublicKey.ToTufKey(), role);
        }
    }

    private static void ValidateInit(RepositoryInitRequest request, List<ISigner> rootKeys, List<ISigner> targetsKeys, List<ISigner> snapshotKeys, List<ISigner> timestampKeys, List<ISigner> binsKeys)
    {
        static SupplyChainException Invalid(string setting, string value, string reason)
            => SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, setting, value, reason);

        if (rootKeys.Count == 0)
        {
            throw Invalid("--root-key", string.Empty, "give at least one root key");
        }

        foreach (var (option, keys) in new[] { ("--targets-key", targetsKeys), ("--snapshot-key", snapshotKeys), ("--timestamp-key", timestampKeys) })
        {
            if (keys.Count == 0)
            {
                throw Invalid(option, string.Empty, "give the key of the role");
            }
        }

        if (request.RootThreshold < 1 || request.RootThreshold > rootKeys.Count)
        {
            throw Invalid("--threshold", request.RootThreshold.ToString(CultureInfo.InvariantCulture), $"the root threshold must be from 1 to the number of distinct root keys ({rootKeys.Count.ToString(CultureInfo.InvariantCulture)})");
        }

        if (request.Bins != 0 && (request.Bins < 2 || request.Bins > MaxBins || !BitOperations.IsPow2(request.Bins)))
        {
            throw Invalid("--bins", request.Bins.ToString(CultureInfo.InvariantCulture), $"the number of hashed bins must be a power of two from 2 to {MaxBins.ToString(CultureInfo.InvariantCulture)}");
        }

        if (request.Bins > 0 && binsKeys.Count == 0)
        {
            throw Invalid("--bins-key", string.Empty, "hashed bins need their own key (the targets key then stays offline)");
        }

        if (request.Bins == 0 && binsKeys.Count > 0)
        {
            throw Invalid("--bins", "0", "a bins key was given without a number of hashed bins");
        }
    }
}
