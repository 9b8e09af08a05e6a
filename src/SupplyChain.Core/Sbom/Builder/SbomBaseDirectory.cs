using System;
using System.IO;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// Chooses <see cref="SbomRequest.BaseDirectory"/>, the folder project paths in an SBOM are relative to, the same
/// way in the build and in <c>supplychain sbom</c>, so both name a project alike however they were invoked:
/// <list type="number">
/// <item>the folder the user set (<c>SupplyChainSbomBaseDirectory</c>), relative to the project's folder;</item>
/// <item>else the repository root: the nearest folder, from the project's up, that holds <c>.git</c> (a folder, or a file in a worktree or submodule);</item>
/// <item>else the folder of the <c>Directory.Build.props</c> MSBuild imported, when it is the project's folder or above it;</item>
/// <item>else the project's folder.</item>
/// </list>
/// The solution folder is deliberately not used: it depends on whether a build starts from the solution or the
/// project, and the same project would then be named differently.
/// </summary>
public static class SbomBaseDirectory
{
    /// <summary>Returns the full path of the base folder for <paramref name="projectPath"/>.</summary>
    /// <param name="projectPath">The project file.</param>
    /// <param name="configured">The folder the user set, or null.</param>
    /// <param name="directoryBuildPropsPath">The <c>Directory.Build.props</c> MSBuild imported (<c>DirectoryBuildPropsPath</c>), or null.</param>
    public static string Resolve(string projectPath, string? configured, string? directoryBuildPropsPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectPath);
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Trim(Path.GetFullPath(Path.Combine(projectDirectory, configured.Trim())));
        }

        for (var directory = new DirectoryInfo(projectDirectory); directory is not null; directory = directory.Parent)
        {
            var git = Path.Combine(directory.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return Trim(directory.FullName);
            }
        }

        if (!string.IsNullOrWhiteSpace(directoryBuildPropsPath))
        {
            var propsDirectory = Path.GetDirectoryName(Path.GetFullPath(Path.Combine(projectDirectory, directoryBuildPropsPath.Trim())));
            if (propsDirectory is not null && IsSameOrAncestor(propsDirectory, projectDirectory))
            {
                return Trim(propsDirectory);
            }
        }

        return Trim(projectDirectory);
    }

    private static bool IsSameOrAncestor(string ancestor, string path)
    {
        var relative = Path.GetRelativePath(ancestor, path);
        return relative == "." || (!Path.IsPathRooted(relative) && relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0] != "..");
    }

    private static string Trim(string path)
    {
        var root = Path.GetPathRoot(path);
        return path.Length > (root?.Length ?? 0) ? path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : path;
    }
}
