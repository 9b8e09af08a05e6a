using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.Core.Tuf.Repository;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf.Repository;

/// <summary>
/// A repository folder with keys made at test time (never written anywhere), and a client that verifies the folder
/// the way a TUF client would: root chain from version 1, timestamp, snapshot, targets, every delegated role the
/// snapshot lists, and the bytes of every target file.
/// </summary>
internal sealed class RepositoryTestKit : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestDirectory _directory = new("tufrepo");

    public RepositoryTestKit(int bins = 0, KeyAlgorithm algorithm = KeyAlgorithm.EcdsaP256, string storage = StoreKinds.Folder)
    {
        Storage = storage;
        Clock = new FixedTimeProvider(Now);
        RootKey = NewKey(algorithm);
        TargetsKey = NewKey(algorithm);
        SnapshotKey = NewKey(algorithm);
        TimestampKey = NewKey(algorithm);
        BinsKey = NewKey(algorithm);
        Bins = bins;
        Path = storage == StoreKinds.Blob ? BlobTestContainers.NewRepositoryUrl() : _directory.Combine("repo");
        Sources = _directory.Combine("files");
        Directory.CreateDirectory(Sources);
    }

    public FixedTimeProvider Clock { get; }

    /// <summary><see cref="StoreKinds.Folder"/> or <see cref="StoreKinds.Blob"/>.</summary>
    public string Storage { get; }

    public bool IsBlob => Storage == StoreKinds.Blob;

    public SigningKey RootKey { get; }

    public SigningKey TargetsKey { get; }

    public SigningKey SnapshotKey { get; }

    public SigningKey TimestampKey { get; }

    public SigningKey BinsKey { get; }

    public int Bins { get; }

    public string Path { get; }

    public string Sources { get; }

    /// <summary>The key that signs targets: the bins key with hashed bins, the targets key otherwise.</summary>
    public SigningKey AddKey => Bins > 0 ? BinsKey : TargetsKey;

    public static SigningKey NewKey(KeyAlgorithm algorithm = KeyAlgorithm.EcdsaP256) => KeyGenerator.Generate(algorithm, rsaKeySize: 2048);

    public RepositoryOptions Options(Action<RepositoryWrite>? afterWrite = null, TimeSpan? lockTimeout = null)
        => new() { TimeProvider = Clock, AfterWrite = afterWrite, LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30), BlobStorage = BlobTestContainers.FastRetries };

    public RepositoryInitResult Init(IReadOnlyList<string>? expiry = null)
        => RepositoryEditor.Initialize(Path, new RepositoryInitRequest
        {
            RootKeys = new[] { RootKey },
            TargetsKeys = new[] { TargetsKey },
            SnapshotKeys = new[] { SnapshotKey },
            TimestampKeys = new[] { TimestampKey },
            Bins = Bins,
            BinsKeys = Bins > 0 ? new[] { BinsKey } : Array.Empty<ISigner>(),
            Expiry = expiry,
        }, Options());

    public RepositoryEditor Open(Action<RepositoryWrite>? afterWrite = null) => RepositoryEditor.Open(Path, Options(afterWrite));

    /// <summary>Writes a source file and returns the request that adds it at <paramref name="targetPath"/>.</summary>
    public TargetRequest File(string targetPath, string content)
    {
        var source = System.IO.Path.Combine(Sources, Guid.NewGuid().ToString("N"));
        System.IO.File.WriteAllText(source, content);
        return new TargetRequest(source, targetPath);
    }

    /// <summary>Adds files and publishes, in one editor.</summary>
    public void AddAndPublish(params TargetRequest[] requests)
    {
        using var editor = Open();
        editor.AddTargets(requests, new[] { AddKey });
        editor.Publish(new[] { SnapshotKey }, new[] { TimestampKey });
    }

    /// <summary>Every file below the repository folder, relative, sorted (for before/after comparisons).</summary>
    public string[] Files()
        => IsBlob
            ? BlobTestContainers.List(Path).OrderBy(f => f, StringComparer.Ordinal).ToArray()
            : Directory.GetFiles(Path, "*", SearchOption.AllDirectories)
                .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/'))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();

    /// <summary>
    /// Verifies the whole repository as a client trusting <c>1.root.json</c> at <paramref name="at"/> (default: now).
    /// A blob repository is first copied whole into a fresh folder (what a client can fetch).
    /// </summary>
    public IReadOnlyDictionary<string, TargetFile> Verify(DateTimeOffset? at = null)
    {
        if (!IsBlob)
        {
            return VerifyRepository(Path, at ?? Clock.GetUtcNow());
        }

        var mirror = _directory.Combine("mirror-" + Guid.NewGuid().ToString("N"));
        BlobTestContainers.Download(Path, mirror);
        return VerifyRepository(mirror, at ?? Clock.GetUtcNow());
    }

    public static IReadOnlyDictionary<string, TargetFile> VerifyRepository(string path, DateTimeOffset at)
    {
        var metadata = System.IO.Path.Combine(path, "metadata");
        var set = new TrustedMetadataSet(System.IO.File.ReadAllBytes(System.IO.Path.Combine(metadata, "1.root.json")), at);
        for (var version = 2; ; version++)
        {
            var next = System.IO.Path.Combine(metadata, version + ".root.json");
            if (!System.IO.File.Exists(next))
            {
                break;
            }

            set.UpdateRoot(System.IO.File.ReadAllBytes(next));
        }

        set.UpdateTimestamp(System.IO.File.ReadAllBytes(System.IO.Path.Combine(metadata, "timestamp.json")));
        set.UpdateSnapshot(System.IO.File.ReadAllBytes(System.IO.Path.Combine(metadata, set.Timestamp!.Signed.SnapshotMeta.Version + ".snapshot.json")));
        var targets = set.UpdateTargets(System.IO.File.ReadAllBytes(System.IO.Path.Combine(metadata, set.Snapshot!.Signed.FindRole("targets")!.Version + ".targets.json")));
        var all = new Dictionary<string, TargetFile>(StringComparer.Ordinal);
        foreach (var (targetPath, entry) in targets.Signed.TargetFiles)
        {
            all[targetPath] = entry;
        }

        if (targets.Signed.Delegations?.SuccinctRoles is { } bins)
        {
            foreach (var name in bins.GetRoles())
            {
                var version = set.Snapshot.Signed.FindRole(name)!.Version;
                var bin = set.UpdateDelegatedTargets(System.IO.File.ReadAllBytes(TufRoleNames.PathInFolder(metadata, name, version)), name, "targets");
                foreach (var (targetPath, entry) in bin.Signed.TargetFiles)
                {
                    Assert.Equal(name, bins.GetRoleForTarget(targetPath));
                    all[targetPath] = entry;
                }
            }
        }

        var layout = new RepositoryLayout(path);
        foreach (var (targetPath, entry) in all)
        {
            var file = layout.TargetFile(targetPath, entry.Hashes["sha256"]);
            Assert.True(System.IO.File.Exists(file), $"the target file of '{targetPath}' is at {file}");
            using var stream = System.IO.File.OpenRead(file);
            Assert.True(entry.CheckLengthAndHashes(stream).IsMatch, $"'{targetPath}' matches its entry");
        }

        return all;
    }

    public void Dispose()
    {
        foreach (var key in new[] { RootKey, TargetsKey, SnapshotKey, TimestampKey, BinsKey })
        {
            key.Dispose();
        }

        _directory.Dispose();
    }
}

/// <summary>Thrown from <see cref="RepositoryOptions.AfterWrite"/> to stop an operation as a kill would.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException(RepositoryWrite write)
        : base($"stopped after write {write.Number} ({write.Kind}: {write.Path})")
    {
        Write = write;
    }

    public RepositoryWrite Write { get; }
}
