using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>
/// A repository in a folder: the writer lock is <see cref="RepositoryLock"/> (an exclusive lock on
/// <c>.supplychain-tuf/lock</c> that the operating system releases when its holder ends), versioned files are
/// temporary files renamed without replacing, unversioned files temporary files renamed over the old ones, and a new
/// repository is staged in <c>.supplychain-tuf/init-*</c> and moved into place in one rename. Only one writer holds
/// the lock, so <see cref="Replace"/> needs no condition beyond it.
/// </summary>
public sealed class FolderRepositoryStore : IRepositoryStore
{
    private readonly List<string> _unflushed = new();

    /// <summary>A store for the repository in <paramref name="directory"/>.</summary>
    public FolderRepositoryStore(string directory)
    {
        Layout = new RepositoryLayout(directory);
    }

    /// <inheritdoc />
    public RepositoryLayout Layout { get; }

    /// <inheritdoc />
    public string Location => Layout.Directory;

    /// <inheritdoc />
    public string Describe(string key) => PathOf(key);

    /// <inheritdoc />
    public IDisposable AcquireLock(TimeSpan timeout, CancellationToken cancellationToken) => RepositoryLock.Acquire(Layout, timeout, cancellationToken);

    /// <inheritdoc />
    public byte[]? TryRead(string key)
    {
        try
        {
            return File.ReadAllBytes(PathOf(key));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Stream? OpenRead(string key)
    {
        try
        {
            return new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public bool Exists(string key) => File.Exists(PathOf(key));

    /// <inheritdoc />
    public void CreateNew(string key, byte[] content, bool durable = true)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RepositoryFiles.WriteNew(path, content, durable);
        if (!durable)
        {
            _unflushed.Add(path);
        }
    }

    /// <inheritdoc />
    public void Replace(string key, byte[] content)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        IO.AtomicFile.WriteAllBytes(path, content);
    }

    /// <inheritdoc />
    public void Delete(string key) => File.Delete(PathOf(key));

    /// <inheritdoc />
    public (long Length, string Sha256, string? Written) StoreTarget(string sourcePath, string targetPath, bool durable)
    {
        var stored = RepositoryFiles.StoreTarget(sourcePath, targetPath, Layout, durable);
        if (stored.Written is null)
        {
            return (stored.Length, stored.Sha256, null);
        }

        if (!durable)
        {
            _unflushed.Add(stored.Written);
        }

        return (stored.Length, stored.Sha256, RepositoryKeys.Target(targetPath, stored.Sha256));
    }

    /// <inheritdoc />
    public void Flush()
    {
        if (_unflushed.Count > 0)
        {
            RepositoryFiles.Flush(_unflushed);
            _unflushed.Clear();
        }
    }

    /// <inheritdoc />
    public void RequireEmpty()
    {
        if (Directory.Exists(Layout.MetadataDirectory))
        {
            var existing = Directory.EnumerateFileSystemEntries(Layout.MetadataDirectory).FirstOrDefault();
            if (existing is not null)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_AlreadyExists, null, 0, Layout.Directory, existing);
            }
        }
    }

    /// <inheritdoc />
    public void RequireRepository()
    {
        if (!File.Exists(Layout.RoleFile(TufRoles.Root, 1)))
        {
            throw SupplyChainException.Create(
                DiagnosticCatalog.TufRepository_NotFound, null, 0, Layout.Directory, RepositoryLayout.MetadataFolderName + "/" + TufRoleNames.VersionedFileName(TufRoles.Root, 1));
        }
    }

    /// <inheritdoc />
    public void CreateRepository(IReadOnlyList<RepositoryFile> files, byte[] settings, Action<RepositoryWriteKind, string> observe)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(observe);

        // Leftovers of a stopped init are never a repository: remove them.
        foreach (var leftover in Directory.GetDirectories(Layout.StateDirectory, "init-*"))
        {
            Directory.Delete(leftover, recursive: true);
        }

        var staging = Path.Combine(Layout.StateDirectory, "init-" + Guid.NewGuid().ToString("N"));
        var stagingLayout = new RepositoryLayout(Path.Combine(staging, "repository"));
        Directory.CreateDirectory(stagingLayout.MetadataDirectory);
        foreach (var file in files)
        {
            var path = Path.Combine(stagingLayout.Directory, file.Key.Replace('/', Path.DirectorySeparatorChar));
            try
            {
                // The staging folder appears in one rename, so its files are written in place and not flushed one
                // by one (16,384 bins would take seconds of fsync).
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(file.Content);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_WriteFailed, null, 0, Layout.Directory, path, ex.Message);
            }

            observe(file.Kind, path);
        }

        try
        {
            IO.AtomicFile.WriteAllBytes(Layout.SettingsFile, settings);
            observe(RepositoryWriteKind.Settings, Layout.SettingsFile);
            Directory.CreateDirectory(Layout.TargetsDirectory);
            if (Directory.Exists(Layout.MetadataDirectory))
            {
                // Empty (checked before): the rename below needs the name free.
                Directory.Delete(Layout.MetadataDirectory);
            }

            Directory.Move(stagingLayout.MetadataDirectory, Layout.MetadataDirectory);
            observe(RepositoryWriteKind.Repository, Layout.MetadataDirectory);
            Directory.Delete(staging, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_WriteFailed, null, 0, Layout.Directory, Layout.MetadataDirectory, ex.Message);
        }
    }

    /// <summary>Nothing to release: the lock is its own object.</summary>
    public void Dispose()
    {
    }

    private string PathOf(string key)
    {
        // The folder may be given with a trailing separator (MSBuild's NormalizeDirectory does that).
        var root = Path.TrimEndingDirectorySeparator(Layout.Directory);
        var full = Path.GetFullPath(Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The key '{key}' leaves the repository folder.", nameof(key));
        }

        return full;
    }
}
