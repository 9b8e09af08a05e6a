using System;
using System.IO;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>
/// Where a repository keeps its files. What clients fetch: <c>metadata/</c> (<c>N.root.json</c> for every root and
/// <c>root.json</c>, a copy of the newest; <c>N.targets.json</c>, <c>N.snapshot.json</c>, <c>N.ROLE.json</c> for
/// delegated roles; <c>timestamp.json</c>) and <c>targets/</c> (each target file at its path's folder, named
/// <c>SHA256.NAME</c>). What only the tooling reads: <c>.supplychain-tuf/</c> (the lock file, the settings and the
/// roles signed since the last snapshot). The folder can be served by any static HTTP server as it is.
/// </summary>
public sealed class RepositoryLayout
{
    /// <summary>The metadata folder name.</summary>
    public const string MetadataFolderName = "metadata";

    /// <summary>The targets folder name.</summary>
    public const string TargetsFolderName = "targets";

    /// <summary>The tooling's own folder name.</summary>
    public const string StateFolderName = ".supplychain-tuf";

    /// <summary>Describes the repository in <paramref name="directory"/>.</summary>
    public RepositoryLayout(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        MetadataDirectory = Path.Combine(Directory, MetadataFolderName);
        TargetsDirectory = Path.Combine(Directory, TargetsFolderName);
        StateDirectory = Path.Combine(Directory, StateFolderName);
    }

    /// <summary>The repository folder (full path).</summary>
    public string Directory { get; }

    /// <summary><c>metadata/</c>.</summary>
    public string MetadataDirectory { get; }

    /// <summary><c>targets/</c>.</summary>
    public string TargetsDirectory { get; }

    /// <summary><c>.supplychain-tuf/</c>.</summary>
    public string StateDirectory { get; }

    /// <summary>The lock file every writer holds exclusively.</summary>
    public string LockFile => Path.Combine(StateDirectory, "lock");

    /// <summary>The roles signed since the last snapshot, with their versions.</summary>
    public string PendingFile => Path.Combine(StateDirectory, "pending.json");

    /// <summary>The repository's settings (expiry periods).</summary>
    public string SettingsFile => Path.Combine(StateDirectory, "settings.json");

    /// <summary><c>metadata/timestamp.json</c>.</summary>
    public string TimestampFile => Path.Combine(MetadataDirectory, "timestamp.json");

    /// <summary><c>metadata/root.json</c>, a copy of the newest root for clients to start from.</summary>
    public string RootFile => Path.Combine(MetadataDirectory, "root.json");

    /// <summary>The versioned metadata file of a role: <c>metadata/N.ROLE.json</c> (the role name percent-encoded).</summary>
    public string RoleFile(string roleName, long version) => TufRoleNames.PathInFolder(MetadataDirectory, roleName, version);

    /// <summary>
    /// The file of a target under consistent snapshots: <c>targets/DIR/SHA256.NAME</c> for the target path
    /// <c>DIR/NAME</c>. The path must be valid (<see cref="TargetPaths.Validate"/>).
    /// </summary>
    public string TargetFile(string targetPath, string sha256)
    {
        ArgumentNullException.ThrowIfNull(targetPath);
        ArgumentNullException.ThrowIfNull(sha256);
        var slash = targetPath.LastIndexOf('/');
        var folder = slash < 0 ? string.Empty : targetPath[..slash];
        var name = slash < 0 ? targetPath : targetPath[(slash + 1)..];
        var full = Path.GetFullPath(Path.Combine(TargetsDirectory, folder.Replace('/', Path.DirectorySeparatorChar), sha256 + "." + name));
        if (!full.StartsWith(TargetsDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The target path '{targetPath}' leaves the targets folder.", nameof(targetPath));
        }

        return full;
    }
}
