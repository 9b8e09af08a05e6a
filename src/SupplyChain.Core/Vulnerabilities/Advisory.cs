using System;
using System.Collections.Generic;

namespace SupplyChain.Core.Vulnerabilities;

/// <summary>One advisory, from an OSV record or from NuGet's vulnerability resource.</summary>
/// <param name="Id">The advisory id (GHSA-…), or the URL for a NuGet resource entry without one.</param>
/// <param name="Aliases">Other ids, CVE ids among them, in record order.</param>
/// <param name="Summary">A one-line summary, or null.</param>
/// <param name="Severity">GitHub's severity label.</param>
/// <param name="CvssVectors">The CVSS vector strings with their types (<c>CVSS_V3</c>, <c>CVSS_V4</c>).</param>
/// <param name="Url">A page about the advisory.</param>
/// <param name="Modified">When the record last changed, or null.</param>
/// <param name="Source">Where it was read: <c>osv</c> or <c>nuget</c>.</param>
/// <param name="Affected">The NuGet packages it affects.</param>
public sealed record Advisory(
    string Id,
    IReadOnlyList<string> Aliases,
    string? Summary,
    VulnerabilitySeverity Severity,
    IReadOnlyList<(string Type, string Vector)> CvssVectors,
    string Url,
    DateTimeOffset? Modified,
    string Source,
    IReadOnlyList<AffectedPackage> Affected)
{
    /// <summary>The CVE ids among the aliases.</summary>
    public IEnumerable<string> CveIds
    {
        get
        {
            foreach (var alias in Aliases)
            {
                if (alias.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase))
                {
                    yield return alias;
                }
            }
        }
    }

    /// <summary>True when the id or an alias is <paramref name="name"/> (case-insensitive).</summary>
    public bool IsNamed(string name)
    {
        if (string.Equals(Id, name, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var alias in Aliases)
        {
            if (string.Equals(alias, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One package an advisory affects: intervals and explicitly listed versions.</summary>
/// <param name="PackageId">The package id as the advisory writes it.</param>
/// <param name="Intervals">The affected ranges.</param>
/// <param name="Versions">Versions listed one by one (OSV <c>versions</c>).</param>
public sealed record AffectedPackage(string PackageId, IReadOnlyList<VersionInterval> Intervals, IReadOnlyList<NuGetVersionValue> Versions)
{
    /// <summary>The ranges and listed versions that contain <paramref name="version"/>, in NuGet notation.</summary>
    public IReadOnlyList<string> Matching(NuGetVersionValue version)
    {
        List<string>? matched = null;
        foreach (var interval in Intervals)
        {
            if (interval.Contains(version))
            {
                (matched ??= new()).Add(interval.ToString());
            }
        }

        foreach (var listed in Versions)
        {
            if (listed.Equals(version))
            {
                (matched ??= new()).Add("[" + listed.Normalized + "]");
            }
        }

        return matched ?? (IReadOnlyList<string>)Array.Empty<string>();
    }

    /// <summary>The lowest fixed version above <paramref name="version"/> among the ranges that contain it, or null.</summary>
    public NuGetVersionValue? FirstFixedAbove(NuGetVersionValue version)
    {
        NuGetVersionValue? best = null;
        foreach (var interval in Intervals)
        {
            if (interval.Contains(version) && interval.FixedIn is { } fixedIn && (best is null || fixedIn.CompareTo(best) < 0))
            {
                best = fixedIn;
            }
        }

        return best;
    }
}
