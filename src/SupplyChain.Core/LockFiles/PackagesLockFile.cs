using System.Collections.Generic;

namespace SupplyChain.Core.LockFiles;

/// <summary>A <c>packages.lock.json</c>, read by <see cref="PackagesLockFileReader"/>.</summary>
/// <param name="Path">The file it was read from, as given.</param>
/// <param name="Version">The format version (1 or 2).</param>
/// <param name="Targets">The sections, in file order.</param>
public sealed record PackagesLockFile(string Path, int Version, IReadOnlyList<PackagesLockTarget> Targets)
{
    /// <summary>The lock-file versions this release reads.</summary>
    public static IReadOnlyList<int> SupportedVersions { get; } = new[] { 1, 2 };
}
