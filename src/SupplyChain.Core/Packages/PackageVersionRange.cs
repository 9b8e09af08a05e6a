using System;

namespace SupplyChain.Core.Packages;

/// <summary>
/// A NuGet version or version range as written in a project (<c>1.0</c>, <c>[1.0]</c>, <c>[1.0,2.0)</c>, <c>13.*</c>)
/// or as restore writes it (<c>[1.0.0, )</c>, <c>[1.0.0, 1.0.0]</c>, <c>[13.*, )</c>). It tells whether the text pins one
/// version. Restore writes a plain <c>1.0</c> and an explicit <c>[1.0,)</c> alike, as <c>[1.0.0, )</c>; only the
/// text written in the project tells them apart (<see cref="IsBracketed"/>).
/// </summary>
public sealed class PackageVersionRange
{
    private PackageVersionRange(string text)
    {
        Text = text;
    }

    /// <summary>The text as written.</summary>
    public string Text { get; }

    /// <summary>True when the text contains a floating part (<c>*</c>).</summary>
    public bool IsFloating { get; private set; }

    /// <summary>True when the text is written with brackets or parentheses, as a range.</summary>
    public bool IsBracketed { get; private set; }

    /// <summary>The lower bound (normalised, or the floating text), or null when there is none.</summary>
    public string? MinVersion { get; private set; }

    /// <summary>True when the lower bound is included.</summary>
    public bool IsMinInclusive { get; private set; }

    /// <summary>The upper bound (normalised), or null when there is none.</summary>
    public string? MaxVersion { get; private set; }

    /// <summary>True when the upper bound is included.</summary>
    public bool IsMaxInclusive { get; private set; }

    /// <summary>True when the range allows exactly one version (<c>[1.0]</c>, <c>[1.0.0, 1.0.0]</c>).</summary>
    public bool IsExact => !IsFloating && MinVersion is not null && IsMinInclusive && IsMaxInclusive && string.Equals(MinVersion, MaxVersion, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when there is an upper bound.</summary>
    public bool HasUpperBound => MaxVersion is not null;

    /// <summary>
    /// True when the text, as written in a project, pins one version: a plain version or an exact range.
    /// A floating version, a range with an upper bound or an explicitly open range does not.
    /// </summary>
    public bool IsPinnedAsDeclared => !IsFloating && (!IsBracketed || IsExact);

    /// <summary>
    /// True when the text, as restore wrote it, can come from a pinned declaration: <c>[x, )</c> (a plain version) or
    /// <c>[x, x]</c>. Restore output alone cannot tell a plain version from an explicit <c>[x,)</c>.
    /// </summary>
    public bool IsPinnedAsRestored => !IsFloating && MinVersion is not null && IsMinInclusive && (MaxVersion is null || IsExact);

    /// <summary>The range as NuGet normalises it: <c>[1.0.0, )</c>, <c>[1.0.0, 2.0.0)</c>, <c>(, 2.0.0]</c>, <c>[13.*, )</c>.</summary>
    public string NormalizedText
    {
        get
        {
            if (IsExact)
            {
                return "[" + MinVersion + ", " + MaxVersion + "]";
            }

            return (IsMinInclusive ? "[" : "(") + (MinVersion ?? string.Empty) + ", " + (MaxVersion ?? string.Empty) + (IsMaxInclusive ? "]" : ")");
        }
    }

    /// <summary>Parses a version or range; false when the text is neither.</summary>
    public static bool TryParse(string? text, out PackageVersionRange range)
    {
        range = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        var result = new PackageVersionRange(value) { IsFloating = value.Contains('*', StringComparison.Ordinal) };
        var first = value[0];
        if (first is not '[' and not '(')
        {
            if (!result.IsFloating && PackageVersionText.Normalize(value) is null)
            {
                return false;
            }

            result.MinVersion = result.IsFloating ? value : PackageVersionText.Normalize(value);
            result.IsMinInclusive = true;
            range = result;
            return true;
        }

        var last = value[^1];
        if (last is not ']' and not ')')
        {
            return false;
        }

        result.IsBracketed = true;
        result.IsMinInclusive = first == '[';
        result.IsMaxInclusive = last == ']';
        var inner = value[1..^1];
        var comma = inner.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            // [1.0] is exact; (1.0) and [1.0) are invalid.
            if (!result.IsMinInclusive || !result.IsMaxInclusive || !TryBound(inner, result.IsFloating, out var exact) || exact is null)
            {
                return false;
            }

            result.MinVersion = exact;
            result.MaxVersion = exact;
        }
        else
        {
            if (inner.IndexOf(',', comma + 1) >= 0 || !TryBound(inner[..comma], result.IsFloating, out var min) || !TryBound(inner[(comma + 1)..], false, out var max))
            {
                return false;
            }

            if (min is null && max is null)
            {
                return false;
            }

            result.MinVersion = min;
            result.MaxVersion = max;
            if (min is null)
            {
                result.IsMinInclusive = false;
            }

            if (max is null)
            {
                result.IsMaxInclusive = false;
            }
        }

        range = result;
        return true;
    }

    /// <summary>True when both texts parse and denote the same range once normalised.</summary>
    public static bool AreEquivalent(string? left, string? right)
        => TryParse(left, out var a) && TryParse(right, out var b) && string.Equals(a.NormalizedText, b.NormalizedText, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool TryBound(string text, bool allowFloating, out string? bound)
    {
        bound = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }

        if (allowFloating && trimmed.Contains('*', StringComparison.Ordinal))
        {
            bound = trimmed;
            return true;
        }

        bound = PackageVersionText.Normalize(trimmed);
        return bound is not null;
    }
}
