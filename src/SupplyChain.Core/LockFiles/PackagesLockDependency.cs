using System.Collections.Generic;

namespace SupplyChain.Core.LockFiles;

/// <summary>One entry of a lock-file section.</summary>
/// <param name="Id">The package id (project entries are lower-cased by NuGet).</param>
/// <param name="Type">The entry type.</param>
/// <param name="Requested">The requested range of a direct or centrally pinned dependency, as NuGet wrote it, or null.</param>
/// <param name="Resolved">The resolved version, or null (project entries).</param>
/// <param name="ContentHash">The base64 content hash, or null.</param>
/// <param name="Dependencies">The dependencies of the entry with their ranges.</param>
/// <param name="Line">The 1-based line of the entry in the lock file.</param>
public sealed record PackagesLockDependency(
    string Id,
    PackagesLockDependencyType Type,
    string? Requested,
    string? Resolved,
    string? ContentHash,
    IReadOnlyDictionary<string, string> Dependencies,
    int Line)
{
    /// <summary>True for package entries (every type but <see cref="PackagesLockDependencyType.Project"/>).</summary>
    public bool IsPackage => Type != PackagesLockDependencyType.Project;
}
