namespace SupplyChain.Core.Packages;

/// <summary>The hashes of one .nupkg.</summary>
/// <param name="ContentHash">NuGet's content hash (base64 SHA-512): of the whole file when unsigned, of the package without its signature entry when signed.</param>
/// <param name="FileSha512">The base64 SHA-512 of the file as it is.</param>
/// <param name="IsSigned">True when the package has a NuGet signature entry.</param>
/// <param name="Length">The size of the file in bytes.</param>
public sealed record PackageHashes(string ContentHash, string FileSha512, bool IsSigned, long Length)
{
    /// <summary>The base64 SHA-256 of the file as it is, or null where it was not computed.</summary>
    public string? FileSha256 { get; init; }

    /// <summary>True when the archive has a <c>.nuspec</c> entry at its root (a NuGet package, not any zip).</summary>
    public bool HasRootNuspec { get; init; }
}
