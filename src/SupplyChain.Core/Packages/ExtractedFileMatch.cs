namespace SupplyChain.Core.Packages;

/// <summary>An extracted file that is byte-identical to its package entry.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="RelativePath">The path relative to the package folder.</param>
/// <param name="FromCache">True when the verified-files cache showed it unchanged since it was last compared.</param>
public sealed record ExtractedFileMatch(string Path, string RelativePath, bool FromCache);
