using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace SupplyChain.Core.Sbom;

/// <summary>
/// The SPDX license and exception identifiers that CycloneDX accepts in <c>license.id</c>, embedded from the
/// CycloneDX <c>spdx.schema.json</c> (see <c>eng/generate-spdx-license-list.mjs</c>). Identifiers match
/// case-insensitively, as the SPDX specification says, and come back in the list's canonical case.
/// </summary>
public static partial class SpdxLicenseList
{
    /// <summary>Every license identifier, deprecated ones included, in list order.</summary>
    public static IReadOnlyList<string> LicenseIds => s_licenseIds;

    /// <summary>Every license exception identifier, in list order.</summary>
    public static IReadOnlyList<string> ExceptionIds => s_exceptionIds;

    /// <summary>Finds a license identifier, ignoring case, and returns its canonical spelling.</summary>
    public static bool TryGetLicenseId(string? id, [NotNullWhen(true)] out string? canonicalId)
    {
        canonicalId = null;
        return id is not null && Lookups.Licenses.TryGetValue(id, out canonicalId);
    }

    /// <summary>Finds a license exception identifier, ignoring case, and returns its canonical spelling.</summary>
    public static bool TryGetExceptionId(string? id, [NotNullWhen(true)] out string? canonicalId)
    {
        canonicalId = null;
        return id is not null && Lookups.Exceptions.TryGetValue(id, out canonicalId);
    }

    /// <summary>True when <paramref name="id"/> is a license identifier spelled exactly as the list spells it, which is what the CycloneDX schema requires of <c>license.id</c>.</summary>
    public static bool IsCanonicalLicenseId(string? id) => TryGetLicenseId(id, out var canonical) && string.Equals(canonical, id, StringComparison.Ordinal);

    // A nested class, because the order in which static fields of the parts of a partial class are
    // initialised is unspecified: the lookups are built on first use, after the generated arrays exist.
    private static class Lookups
    {
        public static readonly Dictionary<string, string> Licenses = ToLookup(s_licenseIds);
        public static readonly Dictionary<string, string> Exceptions = ToLookup(s_exceptionIds);

        private static Dictionary<string, string> ToLookup(string[] ids)
        {
            var lookup = new Dictionary<string, string>(ids.Length, StringComparer.OrdinalIgnoreCase);
            foreach (var id in ids)
            {
                lookup.Add(id, id);
            }

            return lookup;
        }
    }
}
