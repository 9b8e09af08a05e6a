using System;
using System.Globalization;

namespace SupplyChain.Core.Packages;

/// <summary>
/// NuGet version strings: normalisation as NuGet does it (<c>1.0</c> → <c>1.0.0</c>, <c>1.0.0.0</c> → <c>1.0.0</c>,
/// build metadata dropped) and equality that ignores the case of release labels.
/// </summary>
public static class PackageVersionText
{
    /// <summary>Returns the normalised form of a version, or null when the text is not a NuGet version (floating versions are not).</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        var plus = value.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            value = value[..plus];
        }

        var dash = value.IndexOf('-', StringComparison.Ordinal);
        var numbers = dash < 0 ? value : value[..dash];
        var release = dash < 0 ? null : value[(dash + 1)..];
        if (release is not null && (release.Length == 0 || !IsReleaseLabel(release)))
        {
            return null;
        }

        var parts = numbers.Split('.');
        if (parts.Length is < 1 or > 4)
        {
            return null;
        }

        var components = new long[4];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || !long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out components[i]) || components[i] > int.MaxValue)
            {
                return null;
            }
        }

        var normalized = string.Create(CultureInfo.InvariantCulture, $"{components[0]}.{components[1]}.{components[2]}");
        if (components[3] != 0)
        {
            normalized += "." + components[3].ToString(CultureInfo.InvariantCulture);
        }

        return release is null ? normalized : normalized + "-" + release;
    }

    /// <summary>True when both texts are versions and name the same version.</summary>
    public static bool AreEqual(string? left, string? right)
    {
        var a = Normalize(left);
        var b = Normalize(right);
        return a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsReleaseLabel(string release)
    {
        foreach (var c in release)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '.')
            {
                return false;
            }
        }

        return !release.StartsWith('.') && !release.EndsWith('.') && !release.Contains("..", StringComparison.Ordinal);
    }
}
