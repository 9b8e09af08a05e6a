using System.Collections.Generic;

namespace SupplyChain.Core.Packages;

/// <summary>The outcome of <see cref="PackageFolderVerifier.Verify"/>.</summary>
/// <param name="Matches">The files that match their entries.</param>
/// <param name="Mismatches">The files that do not.</param>
/// <param name="SkippedPlaceholders">Placeholder paths (<c>_._</c>) that NuGet lists for empty groups and that the package does not contain.</param>
public sealed record ExtractedFilesResult(IReadOnlyList<ExtractedFileMatch> Matches, IReadOnlyList<ExtractedFileMismatch> Mismatches, IReadOnlyList<string> SkippedPlaceholders)
{
    /// <summary>True when every file matched.</summary>
    public bool IsValid => Mismatches.Count == 0;
}
