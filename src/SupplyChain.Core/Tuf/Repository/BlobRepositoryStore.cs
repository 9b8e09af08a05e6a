using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Storage;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>
/// A repository in Azure Blob Storage (a container, under an optional prefix), for writers on many machines at once.
/// <list type="bullet">
/// <item>The writer lock is a lease on the blob <c>.supplychain-tuf/lock</c>, renewed while the writer works; a killed
/// writer's lease expires after one lease period (<see cref="BlobStorageOptions.LeaseDuration"/>).</item>
/// <item>In addition every write is conditional, so even a writer that lost its lease (a stalled runner) cannot
/// overwrite another's release: new files with <c>If-None-Match: *</c>, unversioned files with <c>If-Match</c> on
/// the ETag this store read (SCSDK4303 when the condition fails).</item>
/// <item>The editor's order is kept: target files and versioned metadata first, the timestamp last. Each blob
/// appears whole (a single upload commits atomically), so readers at any instant see a release that verifies.</item>
/// <item>Versioned files and targets are served as immutable (<c>Cache-Control: public, max-age=31536000, immutable</c>),
/// <c>timestamp.json</c> and <c>root.json</c> for a minute; JSON as <c>application/json</c>; the tooling's own state as <c>no-store</c>.</item>
/// <item>A new repository appears when its <c>metadata/1.root.json</c> is written, which is written last.</item>
/// </list>
/// </summary>
public sealed class BlobRepositoryStore : IRepositoryStore
{
    /// <summary>Cache-Control of files that never change once written.</summary>
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    /// <summary>Cache-Control of <c>timestamp.json</c> and <c>root.json</c>.</summary>
    public const string ShortLivedCacheControl = "public, max-age=60";

    private readonly AzureBlobContainer _container;
    private readonly Dictionary<string, string?> _etags = new(StringComparer.Ordinal);
    private BlobLease? _lease;

    private BlobRepositoryStore(AzureBlobContainer container)
    {
        _container = container;
    }

    /// <inheritdoc />
    public string Location => _container.Location.Display;

    /// <inheritdoc />
    public RepositoryLayout? Layout => null;

    /// <summary>The container, for tests and diagnostics.</summary>
    public AzureBlobContainer Container => _container;

    /// <summary>Connects to the repository at a blob address.</summary>
    /// <exception cref="SupplyChainException">SCSDK4300 to SCSDK4304: the address, the container, the credentials, the service.</exception>
    public static BlobRepositoryStore Connect(string address, BlobStorageOptions? options = null, IDiagnosticSink? sink = null)
    {
        var location = BlobLocation.Parse(address);
        return new BlobRepositoryStore(AzureBlobContainer.Connect(location, options, sink));
    }

    /// <summary>The headers a repository file is served with.</summary>
    public static BlobHeaders HeadersFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var contentType = key.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream";
        if (key.StartsWith(RepositoryLayout.StateFolderName + "/", StringComparison.Ordinal))
        {
            return new BlobHeaders(contentType, "no-store");
        }

        return key is RepositoryKeys.Timestamp or RepositoryKeys.Root
            ? new BlobHeaders(contentType, ShortLivedCacheControl)
            : new BlobHeaders(contentType, ImmutableCacheControl);
    }

    /// <inheritdoc />
    public string Describe(string key) => _container.Location.DisplayOf(key);

    /// <inheritdoc />
    public IDisposable AcquireLock(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var lease = _container.AcquireLease(RepositoryKeys.Lock, timeout, cancellationToken);
        _lease = lease;
        return new Releaser(this, lease);
    }

    /// <inheritdoc />
    public byte[]? TryRead(string key)
    {
        var blob = _container.TryRead(key);
        _etags[key] = blob?.ETag;
        return blob?.Content;
    }

    /// <inheritdoc />
    public Stream? OpenRead(string key)
    {
        var blob = _container.TryRead(key);
        return blob is null ? null : new MemoryStream(blob.Content, writable: false);
    }

    /// <inheritdoc />
    public bool Exists(string key) => _container.Exists(key);

    /// <inheritdoc />
    public void CreateNew(string key, byte[] content, bool durable = true)
    {
        _lease?.ThrowIfLost();
        var etag = _container.Write(key, content, HeadersFor(key))
            ?? throw SupplyChainException.Create(DiagnosticCatalog.Storage_ConcurrentWrite, null, 0, Location, key, "it was created by another writer first");
        _etags[key] = etag;
    }

    /// <inheritdoc />
    public void Replace(string key, byte[] content)
    {
        _lease?.ThrowIfLost();
        _etags.TryGetValue(key, out var expected);
        var etag = _container.Write(key, content, HeadersFor(key), expected)
            ?? throw SupplyChainException.Create(
                DiagnosticCatalog.Storage_ConcurrentWrite, null, 0, Location, key, expected is null ? "it was created by another writer since it was read as absent" : "its ETag is no longer " + expected);
        _etags[key] = etag;
    }

    /// <inheritdoc />
    public void Delete(string key)
    {
        _lease?.ThrowIfLost();
        if (_etags.TryGetValue(key, out var expected) && expected is null)
        {
            return;
        }

        if (!_container.Delete(key, expected) && expected is not null)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Storage_ConcurrentWrite, null, 0, Location, key, "its ETag is no longer " + expected);
        }

        _etags[key] = null;
    }

    /// <inheritdoc />
    public (long Length, string Sha256, string? Written) StoreTarget(string sourcePath, string targetPath, bool durable)
    {
        _lease?.ThrowIfLost();

        // One read of the source: what is hashed is what is uploaded.
        var content = File.ReadAllBytes(sourcePath);
        var sha256 = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
        var key = RepositoryKeys.Target(targetPath, sha256);
        if (_container.Write(key, content, HeadersFor(key)) is not null)
        {
            return (content.Length, sha256, key);
        }

        // A file of that name is there: kept when it has these bytes, replaced when it does not (damaged or planted).
        var existing = _container.TryRead(key);
        if (existing is not null && existing.Content.AsSpan().SequenceEqual(content))
        {
            return (content.Length, sha256, null);
        }

        _ = _container.Write(key, content, HeadersFor(key), existing?.ETag)
            ?? throw SupplyChainException.Create(DiagnosticCatalog.Storage_ConcurrentWrite, null, 0, Location, key, "another writer replaced it at the same time");
        return (content.Length, sha256, key);
    }

    /// <summary>Nothing to do: a blob is durable when its upload returns.</summary>
    public void Flush()
    {
    }

    /// <inheritdoc />
    public void RequireEmpty()
    {
        var root = RepositoryKeys.Role(TufRoles.Root, 1);
        if (_container.Exists(root))
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_AlreadyExists, null, 0, Location, Describe(root));
        }

        var foreign = _container.List(string.Empty, 1000).FirstOrDefault(k => !IsRepositoryKey(k));
        if (foreign is not null)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Storage_NotARepository, null, 0, Location, foreign);
        }
    }

    /// <inheritdoc />
    public void RequireRepository()
    {
        if (_container.Exists(RepositoryKeys.Role(TufRoles.Root, 1)))
        {
            return;
        }

        // Leftovers of a stopped init are no repository either, but they are not someone else's blobs.
        var other = _container.List(string.Empty, 1000).FirstOrDefault(k => !IsRepositoryKey(k));
        if (other is not null)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Storage_NotARepository, null, 0, Location, other);
        }

        throw SupplyChainException.Create(
            DiagnosticCatalog.TufRepository_NotFound, null, 0, Location, RepositoryLayout.MetadataFolderName + "/" + TufRoleNames.VersionedFileName(TufRoles.Root, 1));
    }

    /// <inheritdoc />
    public void CreateRepository(IReadOnlyList<RepositoryFile> files, byte[] settings, Action<RepositoryWriteKind, string> observe)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(observe);

        // Leftovers of a stopped init (no 1.root.json, checked under the lease) are never a repository: remove them.
        foreach (var leftover in _container.List(RepositoryLayout.MetadataFolderName + "/"))
        {
            _lease?.ThrowIfLost();
            _container.Delete(leftover);
        }

        _ = TryRead(RepositoryKeys.Settings);
        Replace(RepositoryKeys.Settings, settings);
        observe(RepositoryWriteKind.Settings, Describe(RepositoryKeys.Settings));

        // 1.root.json last: until it exists, nothing here is a repository for the tooling or for clients.
        var first = RepositoryKeys.Role(TufRoles.Root, 1);
        foreach (var file in files.Where(f => f.Key != first).Concat(files.Where(f => f.Key == first)))
        {
            CreateNew(file.Key, file.Content);
            observe(file.Kind, Describe(file.Key));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _lease?.Dispose();
        _lease = null;
    }

    private static bool IsRepositoryKey(string key)
        => key.StartsWith(RepositoryLayout.MetadataFolderName + "/", StringComparison.Ordinal)
        || key.StartsWith(RepositoryLayout.TargetsFolderName + "/", StringComparison.Ordinal)
        || key.StartsWith(RepositoryLayout.StateFolderName + "/", StringComparison.Ordinal);

    private sealed class Releaser : IDisposable
    {
        private readonly BlobRepositoryStore _store;
        private BlobLease? _lease;

        public Releaser(BlobRepositoryStore store, BlobLease lease)
        {
            _store = store;
            _lease = lease;
        }

        public void Dispose()
        {
            if (_lease is null)
            {
                return;
            }

            if (ReferenceEquals(_store._lease, _lease))
            {
                _store._lease = null;
            }

            _lease.Dispose();
            _lease = null;
        }
    }
}

/// <summary>Opens the store for a repository address: a blob URL, or a folder.</summary>
public static class RepositoryStores
{
    /// <summary>A store for <paramref name="location"/>: <see cref="BlobRepositoryStore"/> for an http(s) address, <see cref="FolderRepositoryStore"/> otherwise.</summary>
    public static IRepositoryStore Open(string location, RepositoryOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        return BlobLocation.IsBlobAddress(location)
            ? BlobRepositoryStore.Connect(location, options?.BlobStorage, options?.Sink)
            : new FolderRepositoryStore(location);
    }
}
