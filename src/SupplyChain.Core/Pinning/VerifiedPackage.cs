namespace SupplyChain.Core.Pinning;

/// <summary>A package whose .nupkg in the packages folder was found to be the pinned one.</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The version.</param>
/// <param name="ContentHash">The NuGet content hash (base64 SHA-512).</param>
/// <param name="NupkgPath">The .nupkg that was verified.</param>
/// <param name="FileSha512">The base64 SHA-512 of the .nupkg file as it is (differs from the content hash for a signed package).</param>
public sealed record VerifiedPackage(string Id, string Version, string ContentHash, string NupkgPath, string FileSha512);
