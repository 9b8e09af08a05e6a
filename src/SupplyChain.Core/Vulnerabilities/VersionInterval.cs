using System;

namespace SupplyChain.Core.Vulnerabilities;

/// <summary>
/// A range of versions as NuGet writes it: <c>[1.0.0, 2.0.0)</c>, <c>(, 13.0.1)</c>, <c>[4.1.1]</c>, <c>[1.0.0, )</c>.
/// A null bound is open. The interval form of an OSV range and of an entry of NuGet's vulnerability resource.
/// </summary>
/// <param name="Min">The lower bound, or null.</param>
/// <param name="MinInclusive">True when <paramref name="Min"/> is in the range.</param>
/// <param name="Max">The upper bound, or null.</param>
/// <param name="MaxInclusive">True when <paramref name="Max"/> is in the range.</param>
public sealed record VersionInterval(NuGetVersionValue? Min, bool MinInclusive, NuGetVersionValue? Max, bool MaxInclusive)
{
    /// <summary>True when the version lies in the range.</summary>
    public bool Contains(NuGetVersionValue version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (Min is not null)
        {
            var c = version.CompareTo(Min);
            if (c < 0 || (c == 0 && !MinInclusive))
            {
                return false;
            }
        }

        if (Max is not null)
        {
            var c = version.CompareTo(Max);
            if (c > 0 || (c == 0 && !MaxInclusive))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The exclusive upper bound: the first version out of the range above it (an OSV <c>fixed</c>), or null.</summary>
    public NuGetVersionValue? FixedIn => Max is not null && !MaxInclusive ? Max : null;

    /// <summary>The range in NuGet's notation.</summary>
    public override string ToString()
    {
        if (Min is not null && Max is not null && MinInclusive && MaxInclusive && Min.Equals(Max))
        {
            return "[" + Min.Normalized + "]";
        }

        return (MinInclusive && Min is not null ? "[" : "(") + (Min?.Normalized ?? string.Empty) + ", " + (Max?.Normalized ?? string.Empty) + (MaxInclusive && Max is not null ? "]" : ")");
    }

    /// <summary>Parses NuGet range notation (as NuGet's vulnerability resource writes it); false when it is not a range.</summary>
    public static bool TryParse(string? text, out VersionInterval interval)
    {
        interval = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        if (value[0] is not ('[' or '('))
        {
            // A plain version: that version and above, as NuGet reads it.
            if (!NuGetVersionValue.TryParse(value, out var plain))
            {
                return false;
            }

            interval = new VersionInterval(plain, true, null, false);
            return true;
        }

        if (value.Length < 2 || value[^1] is not (']' or ')'))
        {
            return false;
        }

        var minInclusive = value[0] == '[';
        var maxInclusive = value[^1] == ']';
        var inner = value[1..^1];
        var comma = inner.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            // [1.0] is exactly 1.0; (1.0) is nothing NuGet accepts.
            if (!minInclusive || !maxInclusive || !NuGetVersionValue.TryParse(inner, out var exact))
            {
                return false;
            }

            interval = new VersionInterval(exact, true, exact, true);
            return true;
        }

        if (inner.IndexOf(',', comma + 1) >= 0)
        {
            return false;
        }

        var minText = inner[..comma].Trim();
        var maxText = inner[(comma + 1)..].Trim();
        NuGetVersionValue? min = null;
        NuGetVersionValue? max = null;
        if (minText.Length > 0 && !NuGetVersionValue.TryParse(minText, out min))
        {
            return false;
        }

        if (maxText.Length > 0 && !NuGetVersionValue.TryParse(maxText, out max))
        {
            return false;
        }

        if (min is null && max is null && (minInclusive || maxInclusive))
        {
            return false;
        }

        if (min is not null && max is not null)
        {
            // As NuGet.Versioning: a minimum above the maximum is refused, and so are equal bounds of which only one is
            // inclusive ("[1.0, 1.0)"); equal bounds both exclusive ("(1.0, 1.0)") parse, as an interval holding nothing.
            var order = min.CompareTo(max);
            if (order > 0 || (order == 0 && minInclusive != maxInclusive))
            {
                return false;
            }
        }

        interval = new VersionInterval(min, min is not null && minInclusive, max, max is not null && maxInclusive);
        return true;
    }
}
