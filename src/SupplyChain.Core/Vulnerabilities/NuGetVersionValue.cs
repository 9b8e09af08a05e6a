using System;
using System.Globalization;

namespace SupplyChain.Core.Vulnerabilities;

/// <summary>
/// A NuGet version compared the way NuGet compares it: one to four numeric parts (missing ones are 0, so <c>1.0</c>,
/// <c>1.0.0</c> and <c>1.0.0.0</c> are equal), then the release labels (a version without labels is newer than one
/// with; labels compare dot-separated part by part, numbers numerically and below text, text case-insensitively, and
/// fewer parts first), build metadata ignored. No dependency on NuGet's libraries; the property tests compare it with
/// NuGet.Versioning.
/// </summary>
public sealed class NuGetVersionValue : IComparable<NuGetVersionValue>, IEquatable<NuGetVersionValue>
{
    private readonly int[] _numbers;
    private readonly string[] _labels;

    private NuGetVersionValue(int[] numbers, string[] labels, string normalized)
    {
        _numbers = numbers;
        _labels = labels;
        Normalized = normalized;
    }

    /// <summary>The normalised text: three parts (four when the fourth is not 0), labels as written, no metadata.</summary>
    public string Normalized { get; }

    /// <summary>True when the version has release labels.</summary>
    public bool IsPrerelease => _labels.Length > 0;

    /// <summary>Parses a version; false when the text is not a NuGet version.</summary>
    public static bool TryParse(string? text, out NuGetVersionValue version)
    {
        version = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        var plus = value.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            var metadata = value[(plus + 1)..];
            if (!AreValidLabels(metadata, allowEmptyList: false))
            {
                return false;
            }

            value = value[..plus];
        }

        var dash = value.IndexOf('-', StringComparison.Ordinal);
        var numberText = dash < 0 ? value : value[..dash];
        var labelText = dash < 0 ? null : value[(dash + 1)..];
        if (labelText is not null && !AreValidLabels(labelText, allowEmptyList: false))
        {
            return false;
        }

        var parts = numberText.Split('.');
        if (parts.Length is < 1 or > 4)
        {
            return false;
        }

        var numbers = new int[4];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        var labels = labelText is null ? Array.Empty<string>() : labelText.Split('.');
        var normalized = string.Create(CultureInfo.InvariantCulture, $"{numbers[0]}.{numbers[1]}.{numbers[2]}");
        if (numbers[3] != 0)
        {
            normalized += "." + numbers[3].ToString(CultureInfo.InvariantCulture);
        }

        if (labelText is not null)
        {
            normalized += "-" + labelText;
        }

        version = new NuGetVersionValue(numbers, labels, normalized);
        return true;
    }

    /// <summary>Parses a version or returns null.</summary>
    public static NuGetVersionValue? ParseOrNull(string? text) => TryParse(text, out var v) ? v : null;

    /// <inheritdoc />
    public int CompareTo(NuGetVersionValue? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < 4; i++)
        {
            var c = _numbers[i].CompareTo(other._numbers[i]);
            if (c != 0)
            {
                return c;
            }
        }

        if (_labels.Length == 0 || other._labels.Length == 0)
        {
            // A release is newer than any prerelease of the same numbers.
            return _labels.Length == other._labels.Length ? 0 : _labels.Length == 0 ? 1 : -1;
        }

        var count = Math.Min(_labels.Length, other._labels.Length);
        for (var i = 0; i < count; i++)
        {
            var c = CompareLabel(_labels[i], other._labels[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return _labels.Length.CompareTo(other._labels.Length);
    }

    /// <inheritdoc />
    public bool Equals(NuGetVersionValue? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NuGetVersionValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var n in _numbers)
        {
            hash.Add(n);
        }

        foreach (var l in _labels)
        {
            hash.Add(l, StringComparer.OrdinalIgnoreCase);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => Normalized;

    /// <summary>Compares two versions (null is lowest).</summary>
    public static int Compare(NuGetVersionValue? left, NuGetVersionValue? right)
        => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private static int CompareLabel(string x, string y)
    {
        var xIsNumber = int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var xNumber);
        var yIsNumber = int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yNumber);
        if (xIsNumber && yIsNumber)
        {
            return xNumber.CompareTo(yNumber);
        }

        if (xIsNumber != yIsNumber)
        {
            return xIsNumber ? -1 : 1;
        }

        return Math.Sign(StringComparer.OrdinalIgnoreCase.Compare(x, y));
    }

    private static bool AreValidLabels(string text, bool allowEmptyList)
    {
        if (text.Length == 0)
        {
            return allowEmptyList;
        }

        foreach (var label in text.Split('.'))
        {
            if (label.Length == 0)
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }
}
