namespace SupplyChain.Core.Packages;

/// <summary>What was verified about a file recorded in a <see cref="VerifiedFileCache"/>.</summary>
public enum VerifiedFileKind
{
    /// <summary>A .nupkg whose NuGet content hash (and file SHA-512) was computed.</summary>
    PackageArchive,

    /// <summary>A file extracted from a package that was found byte-identical to its entry in the verified .nupkg.</summary>
    ExtractedFile,

    /// <summary>
    /// A directory of a package folder whose whole tree was found to hold exactly the files of the verified .nupkg:
    /// a file added, removed or renamed in it changes its identity.
    /// </summary>
    PackageDirectory,
}
