using System.Collections.Generic;

namespace SupplyChain.Core.LockFiles;

/// <summary>
/// A <c>packages.lock.json</c>, read by <see cref="PackagesLockFileReader"/>. Version 1 keys sections by framework,
/// version 2 adds central package management (<c>CentralTransitive</c>), and version 3 (written by the .NET 10 SDK when
/// <c>TargetFrameworks</c> uses aliases) keys each section by alias at the top level, with its framework inside.
/// </summary>
/// <param name="Path">The file it was read from, as given.</param>
/// <param name="Version">The format version (1, 2 or 3).</param>
/// <param name="Targets">The sections, in file order.</param>
public sealed record PackagesLockFile(string Path, int Version, IReadOnlyList<PackagesLockTarget> Targets)
{
    /// <summary>The lock-file versions this release reads.</summary>
    public static IReadOnlyList<int> SupportedVersions { get; } = new[] { 1, 2, 3 };
}
