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
        var layout = new RepositoryLayout(directory);
        var rootKeys = Distinct(request.RootKeys);
        var targetsKeys = Distinct(request.TargetsKeys);
        var snapshotKeys = Distinct(request.SnapshotKeys);
        var timestampKeys = Distinct(request.TimestampKeys);
        var binsKeys = Distinct(request.BinsKeys);
        ValidateInit(request, rootKeys, targetsKeys, snapshotKeys, timestampKeys, binsKeys);
        var settings = new RepositorySettings();
        settings.Apply(request.Expiry);
        RequireNoMetadata(layout);

        Directory.CreateDirectory(layout.Directory);
        using var repositoryLock = RepositoryLock.Acquire(layout, options.LockTimeout, options.CancellationToken);
        RequireNoMetadata(layout);
        var writes = 0;
        void Observe(RepositoryWriteKind kind, string path) => options.AfterWrite?.Invoke(new RepositoryWrite(++writes, kind, path));

        // Leftovers of a stopped init are never a repository: remove them.
        foreach (var leftover in Directory.GetDirectories(layout.StateDirectory, "init-*"))
        {
            Directory.Delete(leftover, recursive: true);
        }

        var now = options.TimeProvider.GetUtcNow();
        DateTimeOffset Expires(string role) => now.AddDays(settings.ExpiryDays[role]);
        var staging = Path.Combine(layout.StateDirectory, "init-" + Guid.NewGuid().ToString("N"));
        var stagingLayout = new RepositoryLayout(Path.Combine(staging, "repository"));
        Directory.CreateDirectory(stagingLayout.MetadataDirectory);
        void Write(string path, byte[] bytes, RepositoryWriteKind kind)
        {
            try
            {
                // The staging folder appears in one rename, so its files are written in place and not flushed one
                // by one (16,384 bins would take seconds of fsync).
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(bytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_WriteFailed, null, 0, layout.Directory, path, ex.Message);
            }

            Observe(kind, path);
        }

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
                Write(stagingLayout.RoleFile(name, 1), bin.ToBytes(), RepositoryWriteKind.TargetsMetadata);
                snapshot.Meta[TufRoleNames.MetaFileName(name)] = new MetaFile(1);
            }
        }

        var targetsMetadata = new Metadata<Targets>(targets);
        SignWith(targetsMetadata, targetsKeys);
        Write(stagingLayout.RoleFile(TufRoles.Targets, 1), targetsMetadata.ToBytes(), RepositoryWriteKind.TargetsMetadata);

        var snapshotMetadata = new Metadata<Snapshot>(snapshot);
        SignWith(snapshotMetadata, snapshotKeys);
        var snapshotBytes = snapshotMetadata.ToBytes();
        Write(stagingLayout.RoleFile(TufRoles.Snapshot, 1), snapshotBytes, RepositoryWriteKind.Snapshot);

        var timestamp = new Timestamp(Expires(TufRoles.Timestamp)) { SnapshotMeta = MetaFile.ForBytes(1, snapshotBytes, withLengthAndHashes: true) };
        var timestampMetadata = new Metadata<Timestamp>(timestamp);
        SignWith(timestampMetadata, timestampKeys);
        Write(stagingLayout.TimestampFile, timestampMetadata.ToBytes(), RepositoryWriteKind.Timestamp);

        var rootMetadata = new Metadata<Root>(root);
        SignWith(rootMetadata, rootKeys);
        var rootBytes = rootMetadata.ToBytes();
        Write(stagingLayout.RoleFile(TufRoles.Root, 1), rootBytes, RepositoryWriteKind.Root);
        Write(stagingLayout.RootFile, rootBytes, RepositoryWriteKind.Root);

        try
        {
            settings.Save(layout);
            Observe(RepositoryWriteKind.Settings, layout.SettingsFile);
            Directory.CreateDirectory(layout.TargetsDirectory);
            if (Directory.Exists(layout.MetadataDirectory))
            {
                // Empty (checked above): the rename below needs the name free.
                Directory.Delete(layout.MetadataDirectory);
            }

            Directory.Move(stagingLayout.MetadataDirectory, layout.MetadataDirectory);
            Observe(RepositoryWriteKind.Repository, layout.MetadataDirectory);
            Directory.Delete(staging, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_WriteFailed, null, 0, layout.Directory, layout.MetadataDirectory, ex.Message);
        }

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

        return new RepositoryInitResult(layout.Directory, layout.RoleFile(TufRoles.Root, 1), keyIds, bins?.NumberOfBins ?? 0, bins?.NamePrefix, snapshotBytes.Length);
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

    private static void RequireNoMetadata(RepositoryLayout layout)
    {
        if (Directory.Exists(layout.MetadataDirectory))
        {
            var existing = Directory.EnumerateFileSystemEntries(layout.MetadataDirectory).FirstOrDefault();
            if (existing is not null)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_AlreadyExists, null, 0, layout.Directory, existing);
            }
        }
    }
}
