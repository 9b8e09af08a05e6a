namespace SupplyChain.Core.Pinning;

/// <summary>An extracted file the build uses that was found byte-identical to its entry in the verified .nupkg.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="PackageId">The package id.</param>
/// <param name="PackageVersion">The package version.</param>
/// <param name="RelativePath">The path relative to the package folder, as restore lists it.</param>
/// <param name="FromCache">True when the verified-files cache showed the file unchanged since it was last verified.</param>
public sealed record VerifiedFile(string Path, string PackageId, string PackageVersion, string RelativePath, bool FromCache);
