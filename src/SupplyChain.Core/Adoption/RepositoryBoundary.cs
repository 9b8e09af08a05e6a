using System;
using System.IO;

namespace SupplyChain.Core.Adoption;

/// <summary>
/// The folder <c>supplychain init</c> may write in: the git work tree that holds the given path (or the folder
/// itself outside git). A path is inside only when it is below the root after every symbolic link on the way
/// (the file's own link, and links among its folders) has been followed, compared as the file system compares
/// names. Files are written by renaming a new file over the name (<see cref="IO.AtomicFile"/>), so a hard link's
/// other names keep their old bytes.
/// </summary>
public sealed class RepositoryBoundary
{
    private readonly string _realRoot;

    private RepositoryBoundary(string root, string realRoot, bool isGit)
    {
        Root = root;
        _realRoot = realRoot;
        IsGitWorkTree = isGit;
    }

    /// <summary>The repository root as given (full path, no trailing separator).</summary>
    public string Root { get; }

    /// <summary>True when the root is a git work tree (it has a <c>.git</c> folder or file).</summary>
    public bool IsGitWorkTree { get; }

    /// <summary>The boundary for a project, solution or folder: the nearest ancestor with <c>.git</c>, else the folder itself.</summary>
    public static RepositoryBoundary For(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var start = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
        for (var current = start; current is not null; current = Path.GetDirectoryName(current))
        {
            var git = Path.Combine(current, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return Create(current, isGit: true);
            }
        }

        return Create(start, isGit: false);
    }

    /// <summary>A boundary at a given root.</summary>
    public static RepositoryBoundary Create(string root, bool isGit)
    {
        ArgumentNullException.ThrowIfNull(root);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        return new RepositoryBoundary(full, Path.TrimEndingDirectorySeparator(RealPath(full)), isGit);
    }

    /// <summary>
    /// Null when <paramref name="path"/> may be written; else why not (outside the root, or through a link that leads
    /// outside).
    /// </summary>
    public string? WhyOutside(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!IsBelow(full, Root))
        {
            return $"it is outside the repository '{Root}'";
        }

        var real = RealPath(full);
        if (!IsBelow(real, _realRoot))
        {
            return $"it resolves through a symbolic link to '{real}', outside the repository '{Root}'";
        }

        return null;
    }

    /// <summary>The path relative to the root, with '/' separators.</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, Path.GetFullPath(path)).Replace('\\', '/');

    /// <summary>Follows every symbolic link in the path, component by component (a missing tail is kept as written).</summary>
    public static string RealPath(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        var root = Path.GetPathRoot(fullPath)!;
        var parts = fullPath[root.Length..].Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            for (var hops = 0; hops < 40; hops++)
            {
                FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
                if (info.LinkTarget is not { } target)
                {
                    break;
                }

                next = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, target));
                if (hops == 39)
                {
                    throw new IOException($"Too many levels of symbolic links at '{next}'.");
                }
            }

            // A link target may itself contain links: resolve the result again from its root.
            current = next == Path.Combine(current, parts[i]) ? next : RealPath(next);
        }

        return current;
    }

    private static bool IsBelow(string path, string root)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var normalizedRoot = Path.TrimEndingDirectorySeparator(root);
        return path.Length > normalizedRoot.Length
            && path.StartsWith(normalizedRoot, comparison)
            && (path[normalizedRoot.Length] == Path.DirectorySeparatorChar || path[normalizedRoot.Length] == Path.AltDirectorySeparatorChar);
    }
}
