using System;

namespace SupplyChain.Core.Policy;

/// <summary>
/// A NuGet package-pattern, as package source mapping writes it: an exact package id, a prefix ending in <c>*</c>,
/// or a lone <c>*</c> that matches every package. Ids compare case-insensitively (NuGet ids are case-insensitive),
/// so <c>Contoso.*</c> matches <c>contoso.evil</c>: a rule for a prefix covers every package anyone can publish
/// under that prefix, and must say what such a package has to prove.
/// </summary>
public sealed class PackagePattern
{
    private PackagePattern(string text)
    {
        Text = text;
        IsPrefix = text.EndsWith('*');
        Prefix = IsPrefix ? text[..^1] : text;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>True for a prefix pattern (ends in <c>*</c>).</summary>
    public bool IsPrefix { get; }

    /// <summary>The id (exact pattern) or the prefix without the <c>*</c>.</summary>
    public string Prefix { get; }

    /// <summary>
    /// How specific the pattern is: an exact id beats every prefix, a longer prefix beats a shorter one, and a lone
    /// <c>*</c> is the least specific (source mapping's rule).
    /// </summary>
    public int Specificity => IsPrefix ? Prefix.Length : int.MaxValue;

    /// <summary>Parses a pattern; false with the reason when it is not one.</summary>
    public static bool TryParse(string? text, out PackagePattern pattern, out string? error)
    {
        pattern = null!;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "a package pattern is empty";
            return false;
        }

        if (text.Length > 128)
        {
            error = $"the package pattern '{text}' is longer than 128 characters";
            return false;
        }

        var star = text.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0 && star != text.Length - 1)
        {
            error = $"the package pattern '{text}' has a '*' that is not its last character; a pattern is an id or a prefix ending in '*'";
            return false;
        }

        foreach (var c in star >= 0 ? text[..^1] : text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                error = $"the package pattern '{text}' has the character '{c}', which no package id has";
                return false;
            }
        }

        pattern = new PackagePattern(text);
        return true;
    }

    /// <summary>True when the id matches, ignoring case.</summary>
    public bool Matches(string packageId)
    {
        ArgumentNullException.ThrowIfNull(packageId);
        return IsPrefix
            ? packageId.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            : string.Equals(packageId, Prefix, StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
