namespace SupplyChain.Core.Packages;

/// <summary>An extracted file that does not match its package entry.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="RelativePath">The path relative to the package folder, as restore lists it.</param>
/// <param name="EntryName">The zip entry it was compared with, or the relative path when the package has no such entry.</param>
/// <param name="Reason">What differs.</param>
public sealed record ExtractedFileMismatch(string Path, string RelativePath, string EntryName, string Reason);
