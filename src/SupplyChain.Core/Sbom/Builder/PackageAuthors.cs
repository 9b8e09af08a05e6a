using System;
using System.Collections.Generic;
using System.Linq;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// The names of a package's authors, as NuGet reads them. The MSBuild property <c>Authors</c> is a list (MSBuild splits
/// it on ';' and trims each entry); pack joins the entries with ',' into the nuspec's <c>authors</c>, which readers split
/// on ','. So <c>"\n  Alice;\n  Bob, Carol ;\n"</c> in a project and <c>"Alice,Bob, Carol"</c> in a nuspec are the same
/// three authors: both separators split, every name is trimmed, empty names are dropped, a repeated name counts once.
/// </summary>
internal static class PackageAuthors
{
    private static readonly char[] s_separators = { ',', ';' };

    /// <summary>The author names of an <c>Authors</c> property or a nuspec's <c>authors</c>; empty for none.</summary>
    public static IReadOnlyList<string> Split(string? authors)
        => string.IsNullOrWhiteSpace(authors)
            ? Array.Empty<string>()
            : authors.Split(s_separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
}
