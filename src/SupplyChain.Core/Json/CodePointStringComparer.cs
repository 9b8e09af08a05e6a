using System.Collections.Generic;

namespace SupplyChain.Core.Json;

/// <summary>
/// Orders strings by Unicode code point, the order of Python's <c>sorted()</c> on <c>str</c> and of UTF-8 bytes.
/// Ordinal UTF-16 comparison differs from it only where a surrogate pair (U+10000 and above) meets a
/// character from U+E000 to U+FFFF: UTF-16 code units put the pair first, code points put it last.
/// </summary>
public sealed class CodePointStringComparer : IComparer<string>
{
    private CodePointStringComparer()
    {
    }

    /// <summary>The one instance.</summary>
    public static CodePointStringComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = x.Length < y.Length ? x.Length : y.Length;
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a != b)
            {
                return Rank(a) - Rank(b);
            }
        }

        return x.Length - y.Length;
    }

    // Moves surrogates (D800-DFFF) above E000-FFFF so that the first differing code unit orders as its code point.
    private static int Rank(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
