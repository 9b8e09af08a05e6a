using System.Collections.Generic;

namespace SupplyChain.Core.Packages;

/// <summary>The outcome of <see cref="PackageFolderVerifier.Verify"/>.</summary>
/// <param name="Matches">The files that match their entries.</param>
/// <param name="Mismatches">The files that do not, are missing, or are links or special files where the package has a file.</param>
/// <param name="SkippedPlaceholders">Placeholder paths (<c>_._</c>) that NuGet lists for empty groups and that the package does not contain.</param>
public sealed record ExtractedFilesResult(IReadOnlyList<ExtractedFileMatch> Matches, IReadOnlyList<ExtractedFileMismatch> Mismatches, IReadOnlyList<string> SkippedPlaceholders)
{
    /// <summary>Files (or links) in the package folder that the .nupkg does not contain and NuGet does not write.</summary>
    public IReadOnlyList<ExtractedFileMismatch> UnexpectedFiles { get; init; } = System.Array.Empty<ExtractedFileMismatch>();

    /// <summary>True when the .nupkg was opened to compare files with its entries; false when every file and directory was known unchanged since it matched.</summary>
    public bool ArchiveRead { get; init; }

    /// <summary>True when every file matched and the folder holds nothing else.</summary>
    public bool IsValid => Mismatches.Count == 0 && UnexpectedFiles.Count == 0;
}
