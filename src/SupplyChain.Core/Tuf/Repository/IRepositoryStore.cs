using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>
/// Where a repository's files live: the one seam between the <see cref="RepositoryEditor"/> and storage. Two
/// implementations: a folder (<see cref="FolderRepositoryStore"/>: a cross-process file lock, temporary files renamed
/// into place) and Azure Blob Storage (<see cref="BlobRepositoryStore"/>: a lease on a lock blob, conditional writes).
/// Files are named by keys relative to the repository: <c>metadata/N.ROLE.json</c>, <c>metadata/timestamp.json</c>,
/// <c>targets/DIR/SHA256.NAME</c>, <c>.supplychain-tuf/pending.json</c> (<see cref="RepositoryKeys"/>).
/// <para>
/// The guarantees every implementation gives: <see cref="CreateNew"/> never replaces an existing file (a published
/// version is immutable); <see cref="Replace"/> replaces a file only if it is still what this store read or wrote
/// (no other writer's release is overwritten); every file appears whole or not at all; and a write is visible to
/// readers only after every earlier write made with <c>durable: true</c> or followed by <see cref="Flush"/>.
/// </para>
/// </summary>
public interface IRepositoryStore : IDisposable
{
    /// <summary>The repository as shown in messages (a full folder path, or a URL without credentials).</summary>
    string Location { get; }

    /// <summary>The folder layout, or null when the repository is not a folder.</summary>
    RepositoryLayout? Layout { get; }

    /// <summary>A file as shown in messages and results (a full path or a URL).</summary>
    string Describe(string key);

    /// <summary>Takes the repository's writer lock, waiting up to <paramref name="timeout"/> (SCSDK4102 after it).</summary>
    IDisposable AcquireLock(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Reads a file whole; null when it does not exist. Remembers its version for <see cref="Replace"/>.</summary>
    byte[]? TryRead(string key);

    /// <summary>Opens a file for reading; null when it does not exist.</summary>
    Stream? OpenRead(string key);

    /// <summary>True when the file exists.</summary>
    bool Exists(string key);

    /// <summary>
    /// Writes a file that must not exist. Fails (an <see cref="IOException"/> for a folder, SCSDK4303 for blobs) when
    /// it does: another writer was first. With <paramref name="durable"/> false the caller calls <see cref="Flush"/>
    /// before writing anything that refers to the file.
    /// </summary>
    void CreateNew(string key, byte[] content, bool durable = true);

    /// <summary>
    /// Replaces an unversioned file (<c>timestamp.json</c>, <c>root.json</c>, the pending list) atomically, only if it
    /// is still the version this store last read or wrote (or still absent when it was read as absent).
    /// </summary>
    void Replace(string key, byte[] content);

    /// <summary>Deletes an unversioned file under the same condition as <see cref="Replace"/>.</summary>
    void Delete(string key);

    /// <summary>
    /// Stores a target file at <c>targets/DIR/SHA256.NAME</c>, hashing it on the way; a stored file of that name with
    /// the same bytes is kept, a different one (damaged or planted) is replaced.
    /// </summary>
    /// <returns>The length and SHA-256 of what was stored, and the key written (null when the same file was there).</returns>
    (long Length, string Sha256, string? Written) StoreTarget(string sourcePath, string targetPath, bool durable);

    /// <summary>Makes the files written with <c>durable: false</c> durable.</summary>
    void Flush();

    /// <summary>Fails with a coded error when the repository already has metadata (SCSDK4101) or holds something else.</summary>
    void RequireEmpty();

    /// <summary>Fails with a coded error when there is no repository (SCSDK4100), or something else is there.</summary>
    void RequireRepository();

    /// <summary>
    /// Creates a new repository from its first files (under the lock), so that a stopped creation leaves nothing a
    /// tool or a client takes for a repository. <paramref name="observe"/> is called after each durable write.
    /// </summary>
    void CreateRepository(IReadOnlyList<RepositoryFile> files, byte[] settings, Action<RepositoryWriteKind, string> observe);
}

/// <summary>A file of a new repository.</summary>
/// <param name="Key">Its key (<c>metadata/1.root.json</c>).</param>
/// <param name="Content">Its bytes.</param>
/// <param name="Kind">What it is.</param>
public sealed record RepositoryFile(string Key, byte[] Content, RepositoryWriteKind Kind);

/// <summary>The keys of a repository's files, relative to the repository (always with <c>/</c>).</summary>
public static class RepositoryKeys
{
    /// <summary><c>metadata/timestamp.json</c>.</summary>
    public const string Timestamp = RepositoryLayout.MetadataFolderName + "/timestamp.json";

    /// <summary><c>metadata/root.json</c>.</summary>
    public const string Root = RepositoryLayout.MetadataFolderName + "/root.json";

    /// <summary>The lock file or blob.</summary>
    public const string Lock = RepositoryLayout.StateFolderName + "/lock";

    /// <summary>The pending list.</summary>
    public const string Pending = RepositoryLayout.StateFolderName + "/pending.json";

    /// <summary>The settings.</summary>
    public const string Settings = RepositoryLayout.StateFolderName + "/settings.json";

    /// <summary><c>metadata/N.ROLE.json</c> (the role name percent-encoded, so it never holds a <c>/</c>).</summary>
    public static string Role(string roleName, long version)
    {
        var name = TufRoleNames.VersionedFileName(roleName, version);
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.StartsWith('.'))
        {
            throw new ArgumentException($"The role name '{roleName}' does not map to a file name.", nameof(roleName));
        }

        return RepositoryLayout.MetadataFolderName + "/" + name;
    }

    /// <summary><c>targets/DIR/SHA256.NAME</c> for the target path <c>DIR/NAME</c> (a valid target path, <see cref="TargetPaths"/>).</summary>
    public static string Target(string targetPath, string sha256)
    {
        ArgumentNullException.ThrowIfNull(targetPath);
        ArgumentNullException.ThrowIfNull(sha256);
        var slash = targetPath.LastIndexOf('/');
        var folder = slash < 0 ? string.Empty : targetPath[..(slash + 1)];
        var name = slash < 0 ? targetPath : targetPath[(slash + 1)..];
        foreach (var segment in targetPath.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                throw new ArgumentException($"The target path '{targetPath}' leaves the targets folder.", nameof(targetPath));
            }
        }

        return RepositoryLayout.TargetsFolderName + "/" + folder + sha256 + "." + name;
    }
}
