using System;
using System.Collections.Generic;

namespace SupplyChain.Core.Vulnerabilities;

/// <summary>The state of a VEX statement, in OpenVEX's words (CycloneDX's are mapped to them).</summary>
public enum VexState
{
    /// <summary>Not affected: needs a justification; suppresses the finding.</summary>
    NotAffected,

    /// <summary>Affected: needs an action; the finding stays, as a warning (an accepted risk until the expiry).</summary>
    Affected,

    /// <summary>Fixed: suppresses the finding.</summary>
    Fixed,

    /// <summary>Under investigation: changes nothing but the analysis the SBOM carries.</summary>
    UnderInvestigation,
}

/// <summary>One statement of a VEX document.</summary>
/// <param name="VulnerabilityId">The advisory or CVE id it is about.</param>
/// <param name="Products">The package URLs it covers (<c>pkg:nuget/Id</c> or <c>pkg:nuget/Id@Version</c>); empty covers every package.</param>
/// <param name="State">The state.</param>
/// <param name="Justification">The justification (for not_affected), or null.</param>
/// <param name="Reason">The free-text reason (OpenVEX impact statement, CycloneDX analysis detail).</param>
/// <param name="Action">The action (for affected), or null.</param>
/// <param name="Author">Who made the statement.</param>
/// <param name="Expires">When the statement stops counting.</param>
/// <param name="File">The VEX document.</param>
/// <param name="Line">The line of the statement.</param>
public sealed record VexStatement(
    string VulnerabilityId,
    IReadOnlyList<string> Products,
    VexState State,
    string? Justification,
    string? Reason,
    string? Action,
    string? Author,
    DateTimeOffset? Expires,
    string File,
    int Line)
{
    /// <summary>The state as CycloneDX's <c>analysis.state</c> writes it.</summary>
    public string CycloneDxState => State switch
    {
        VexState.NotAffected => "not_affected",
        VexState.Affected => "exploitable",
        VexState.Fixed => "resolved",
        _ => "in_triage",
    };

    /// <summary>The justification as CycloneDX's <c>analysis.justification</c> writes it, or null.</summary>
    public string? CycloneDxJustification => Justification switch
    {
        null => null,
        "component_not_present" or "vulnerable_code_not_present" => "code_not_present",
        "vulnerable_code_not_in_execute_path" => "code_not_reachable",
        "vulnerable_code_cannot_be_controlled_by_adversary" => "requires_environment",
        "inline_mitigations_already_exist" => "protected_by_mitigating_control",
        _ => Justification,
    };

    /// <summary>True when the statement covers the finding (id or alias, and package and version).</summary>
    public bool Covers(VulnerabilityFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (!finding.Advisory.IsNamed(VulnerabilityId))
        {
            return false;
        }

        if (Products.Count == 0)
        {
            return true;
        }

        foreach (var product in Products)
        {
            if (ProductMatches(product, finding.PackageId, finding.Version))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ProductMatches(string purl, string packageId, string version)
    {
        const string prefix = "pkg:nuget/";
        if (!purl.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = Uri.UnescapeDataString(purl[prefix.Length..]);
        var cut = rest.IndexOfAny(new[] { '?', '#' });
        if (cut >= 0)
        {
            rest = rest[..cut];
        }

        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var id = at < 0 ? rest : rest[..at];
        if (!string.Equals(id, packageId, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (at < 0)
        {
            return true;
        }

        return NuGetVersionValue.TryParse(rest[(at + 1)..], out var a) && NuGetVersionValue.TryParse(version, out var b) && a.Equals(b);
    }
}
