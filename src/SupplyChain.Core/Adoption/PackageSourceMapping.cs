using System;
using System.Collections.Generic;
using System.Linq;

namespace SupplyChain.Core.Adoption;

/// <summary>
/// Package source mapping as NuGet applies it: for a package id the most specific matching pattern wins (an exact id
/// over any prefix, a longer prefix over a shorter one), and every source with a pattern that specific may serve it.
/// </summary>
public sealed class PackageSourceMapping
{
    private readonly Dictionary<string, List<string>> _patterns = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Source key → patterns.</summary>
    public IReadOnlyDictionary<string, List<string>> Patterns => _patterns;

    /// <summary>True when at least one source has a pattern.</summary>
    public bool IsEnabled => _patterns.Values.Any(p => p.Count > 0);

    /// <summary>Adds a pattern (once).</summary>
    public void Add(string sourceKey, string pattern)
    {
        if (!_patterns.TryGetValue(sourceKey, out var list))
        {
            _patterns[sourceKey] = list = new List<string>();
        }

        if (!list.Contains(pattern, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(pattern);
        }
    }

    /// <summary>Drops every pattern (<c>&lt;clear /&gt;</c>).</summary>
    public void Clear() => _patterns.Clear();

    /// <summary>A copy.</summary>
    public PackageSourceMapping Clone()
    {
        var copy = new PackageSourceMapping();
        foreach (var (key, list) in _patterns)
        {
            foreach (var pattern in list)
            {
                copy.Add(key, pattern);
            }
        }

        return copy;
    }

    /// <summary>The source keys that may serve <paramref name="id"/>, empty when no pattern matches.</summary>
    public IReadOnlyList<string> SourcesFor(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var best = -1;
        var keys = new List<string>();
        foreach (var (key, list) in _patterns)
        {
            foreach (var pattern in list)
            {
                var score = Specificity(pattern, id);
                if (score > best)
                {
                    best = score;
                    keys.Clear();
                }

                if (score == best && score >= 0 && !keys.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    keys.Add(key);
                }
            }
        }

        return best < 0 ? Array.Empty<string>() : keys;
    }

    /// <summary>How specifically a pattern matches an id: -1 no match, int.MaxValue an exact id, else the prefix length.</summary>
    public static int Specificity(string pattern, string id)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(id);
        if (pattern.EndsWith('*'))
        {
            var prefix = pattern[..^1];
            return id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? prefix.Length : -1;
        }

        return string.Equals(pattern, id, StringComparison.OrdinalIgnoreCase) ? int.MaxValue : -1;
    }

    /// <summary>
    /// Patterns that send each package to the source that served it: <c>*</c> when one source served everything;
    /// else a prefix pattern (<c>Contoso.*</c>, then <c>Contoso.Internal.*</c>, ...) for every dotted prefix whose
    /// packages (two or more) all came from one source, and the exact id for the rest.
    /// </summary>
    public static IReadOnlyList<(string SourceKey, string Pattern)> Propose(IReadOnlyList<(string Id, string SourceKey)> served)
    {
        ArgumentNullException.ThrowIfNull(served);
        var distinct = served.GroupBy(s => s.Id, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToArray();
        var keys = distinct.Select(s => s.SourceKey).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (keys.Length == 1)
        {
            return new[] { (keys[0], "*") };
        }

        var result = new List<(string, string)>();
        ProposeBelow(distinct, string.Empty, result);
        return result.OrderBy(r => r.Item1, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Item2, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static void ProposeBelow(IReadOnlyList<(string Id, string SourceKey)> packages, string prefix, List<(string, string)> result)
    {
        // Group by the next dotted segment after the prefix.
        foreach (var group in packages.GroupBy(p => NextPrefix(p.Id, prefix.Length), StringComparer.OrdinalIgnoreCase))
        {
            var members = group.ToArray();
            var exact = members.Where(m => m.Id.Length <= group.Key.Length).ToArray();
            var longer = members.Where(m => m.Id.Length > group.Key.Length).ToArray();
            foreach (var e in exact)
            {
                result.Add((e.SourceKey, e.Id));
            }

            if (longer.Length == 0)
            {
                continue;
            }

            var longerKeys = longer.Select(m => m.SourceKey).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            if (longer.Length == 1)
            {
                result.Add((longer[0].SourceKey, longer[0].Id));
            }
            else if (longerKeys.Length == 1)
            {
                result.Add((longerKeys[0], group.Key + ".*"));
            }
            else
            {
                ProposeBelow(longer, group.Key + ".", result);
            }
        }
    }

    /// <summary>The id up to (not including) the first '.' at or after <paramref name="from"/>, or the whole id.</summary>
    private static string NextPrefix(string id, int from)
    {
        var dot = id.IndexOf('.', from);
        return dot < 0 ? id : id[..dot];
    }
}
