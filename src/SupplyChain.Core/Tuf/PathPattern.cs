using System;
using System.Collections.Generic;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// The <c>paths</c> patterns of a delegation, matched as python-tuf (the reference implementation) matches them:
/// the pattern and the target path are split at <c>/</c>, they must have the same number of parts, and each part
/// of the path must match the part of the pattern with Python's <c>fnmatch</c> rules, case-sensitively (POSIX):
/// <list type="bullet">
/// <item><c>*</c> matches any run of characters, never a <c>/</c> (the TUF specification: a separator SHOULD NOT
/// be matched by a wildcard), so <c>*.tgz</c> does not match <c>targets/foo.tgz</c>;</item>
/// <item><c>?</c> matches exactly one character (one Unicode code point);</item>
/// <item><c>[abc]</c>, <c>[a-z]</c> match one character of the set, <c>[!abc]</c> one character not in it (a
/// <c>]</c> right after <c>[</c> or <c>[!</c> is part of the set; a <c>[</c> with no closing <c>]</c> is
/// literal);</item>
/// <item>everything else, <c>\</c> included, matches itself (fnmatch has no escapes).</item>
/// </list>
/// go-tuf's <c>filepath.Match</c> differs only in corner cases (it treats <c>\</c> as an escape and also accepts
/// <c>[^...]</c>); tuf-conformance checks the rules above.
/// </summary>
public static class PathPattern
{
    /// <summary>True when <paramref name="targetPath"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(string targetPath, string pattern)
    {
        ArgumentNullException.ThrowIfNull(targetPath);
        ArgumentNullException.ThrowIfNull(pattern);
        var targetParts = targetPath.Split('/');
        var patternParts = pattern.Split('/');
        if (targetParts.Length != patternParts.Length)
        {
            return false;
        }

        for (var i = 0; i < targetParts.Length; i++)
        {
            if (!SegmentMatches(CodePoints(targetParts[i]), Compile(patternParts[i])))
            {
                return false;
            }
        }

        return true;
    }

    private static int[] CodePoints(string text)
    {
        var list = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            list.Add(rune.Value);
        }

        return list.ToArray();
    }

    private static List<Token> Compile(string pattern)
    {
        var p = CodePoints(pattern);
        var tokens = new List<Token>();
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i++];
            if (c == '*')
            {
                if (tokens.Count == 0 || tokens[^1].Kind != TokenKind.Star)
                {
                    tokens.Add(new Token(TokenKind.Star));
                }
            }
            else if (c == '?')
            {
                tokens.Add(new Token(TokenKind.Any));
            }
            else if (c == '[' && TryCompileClass(p, i, out var token, out var next))
            {
                tokens.Add(token);
                i = next;
            }
            else
            {
                tokens.Add(new Token(TokenKind.Literal) { Value = c });
            }
        }

        return tokens;
    }

    // i is just after '['. Python's fnmatch: an optional '!', then a ']' that is part of the set, then up to ']'.
    private static bool TryCompileClass(int[] p, int i, out Token token, out int next)
    {
        token = default;
        next = i;
        var j = i;
        var negate = false;
        if (j < p.Length && p[j] == '!')
        {
            negate = true;
            j++;
        }

        var start = j;
        if (j < p.Length && p[j] == ']')
        {
            j++;
        }

        while (j < p.Length && p[j] != ']')
        {
            j++;
        }

        if (j >= p.Length)
        {
            return false;
        }

        var ranges = new List<(int Low, int High)>();
        var k = start;
        while (k < j)
        {
            var low = p[k];
            if (k + 2 < j && p[k + 1] == '-')
            {
                var high = p[k + 2];
                if (low <= high)
                {
                    ranges.Add((low, high));
                }

                k += 3;
            }
            else
            {
                ranges.Add((low, low));
                k++;
            }
        }

        token = new Token(TokenKind.Class) { Negate = negate, Ranges = ranges };
        next = j + 1;
        return true;
    }

    // Glob matching with one backtrack point per star (a later star supersedes an earlier one).
    private static bool SegmentMatches(int[] text, List<Token> tokens)
    {
        int t = 0, k = 0, starToken = -1, starText = 0;
        while (t < text.Length)
        {
            if (k < tokens.Count && tokens[k].Kind != TokenKind.Star && tokens[k].Matches(text[t]))
            {
                t++;
                k++;
            }
            else if (k < tokens.Count && tokens[k].Kind == TokenKind.Star)
            {
                starToken = k++;
                starText = t;
            }
            else if (starToken >= 0)
            {
                k = starToken + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (k < tokens.Count && tokens[k].Kind == TokenKind.Star)
        {
            k++;
        }

        return k == tokens.Count;
    }

    private enum TokenKind
    {
        Literal,
        Any,
        Star,
        Class,
    }

    private readonly record struct Token(TokenKind Kind)
    {
        public int Value { get; init; }

        public bool Negate { get; init; }

        public List<(int Low, int High)>? Ranges { get; init; }

        public bool Matches(int c)
        {
            switch (Kind)
            {
                case TokenKind.Literal:
                    return c == Value;
                case TokenKind.Any:
                    return true;
                case TokenKind.Class:
                    var inSet = false;
                    foreach (var (low, high) in Ranges!)
                    {
                        if (c >= low && c <= high)
                        {
                            inSet = true;
                            break;
                        }
                    }

                    return inSet != Negate;
                default:
                    return false;
            }
        }
    }
}
