using System;
using System.IO;

namespace SupplyChain.Core.LockFiles;

/// <summary>
/// Where a project's <c>packages.lock.json</c> is, by NuGet's rule: <c>NuGetLockFilePath</c> (relative to the project
/// folder) when set; else <c>packages.&lt;project name, spaces replaced by _&gt;.lock.json</c> when that file exists;
/// else <c>packages.lock.json</c>. The one rule of the SDK: the build computes the same in MSBuild
/// (<c>_SupplyChainLockFilePath</c> in SupplyChain.Sdk.LockFiles.targets), and <c>supplychain lock verify</c> and
/// <c>supplychain sbom</c> call this.
/// </summary>
public static class LockFileLocation
{
    /// <summary>The lock file of a project.</summary>
    /// <param name="projectPath">The project file.</param>
    /// <param name="projectName"><c>MSBuildProjectName</c>; null or empty for the project file's name without extension.</param>
    /// <param name="nuGetLockFilePath">The <c>NuGetLockFilePath</c> property, or null.</param>
    public static string For(string projectPath, string? projectName, string? nuGetLockFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        if (!string.IsNullOrWhiteSpace(nuGetLockFilePath))
        {
            return Path.GetFullPath(Path.Combine(directory, nuGetLockFilePath.Trim()));
        }

        var name = string.IsNullOrEmpty(projectName) ? Path.GetFileNameWithoutExtension(projectPath) : projectName;
        var named = Path.Combine(directory, $"packages.{name.Replace(' ', '_')}.lock.json");
        return File.Exists(named) ? named : Path.Combine(directory, "packages.lock.json");
    }
}
