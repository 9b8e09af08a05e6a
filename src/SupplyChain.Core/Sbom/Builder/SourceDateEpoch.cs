using System;
using System.Globalization;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// Reads <c>SOURCE_DATE_EPOCH</c> (reproducible-builds.org): the time of the last change of the sources, as a
/// whole number of seconds since 1970-01-01T00:00:00Z, the only time an SBOM may carry. Without it the SBOM has no
/// timestamp at all, never the clock's.
/// </summary>
public static class SourceDateEpoch
{
    /// <summary>The name of the environment variable (and of the MSBuild property MSBuild makes of it).</summary>
    public const string VariableName = "SOURCE_DATE_EPOCH";

    // DateTimeOffset ends at 9999-12-31T23:59:59Z.
    private const long MaxSeconds = 253402300799;

    /// <summary>
    /// The time <paramref name="value"/> stands for, or null when it is empty (no timestamp). Throws SCSDK6000 for
    /// anything but ASCII digits: the specification asks build tools to fail on a malformed value rather than guess.
    /// </summary>
    public static DateTimeOffset? Parse(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (TryParse(text, out var time))
        {
            return time;
        }

        throw SupplyChainException.Create(
            DiagnosticCatalog.Configuration_InvalidValue,
            null,
            0,
            VariableName,
            text,
            $"a whole number of seconds since 1970-01-01T00:00:00Z, from 0 to {MaxSeconds} (what 'date +%s' or 'git log -1 --format=%ct' prints)");
    }

    /// <summary>Reads a value of digits only; false for anything else (signs, fractions, spaces inside, out of range).</summary>
    public static bool TryParse(string text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrEmpty(text) || text.Length > 19)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxSeconds)
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }
}
