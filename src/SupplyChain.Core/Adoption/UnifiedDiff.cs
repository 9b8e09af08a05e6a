using System;
using System.Collections.Generic;
using System.Text;

namespace SupplyChain.Core.Adoption;

/// <summary>A line diff in the unified format of <c>diff -u</c> / <c>git diff</c> (three lines of context).</summary>
public static class UnifiedDiff
{
    /// <summary>
    /// The unified diff from <paramref name="before"/> to <paramref name="after"/> (null: the file does not exist),
    /// with headers <c>--- a/PATH</c> and <c>+++ b/PATH</c>; empty when the texts are equal. Lines end with "\n".
    /// </summary>
    public static string Create(string path, string? before, string? after, int context = 3)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var a = SplitLines(before);
        var b = SplitLines(after);
        var script = EditScript(a, b);
        var output = new StringBuilder();
        output.Append("--- ").Append(before is null ? "/dev/null" : "a/" + path).Append('\n');
        output.Append("+++ ").Append(after is null ? "/dev/null" : "b/" + path).Append('\n');

        var i = 0;
        while (i < script.Count)
        {
            if (script[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from `context` lines before this change to `context` lines after the last change that is
            // at most 2*context lines of equal text away from the previous one.
            var start = Math.Max(0, i - context);
            var end = i;
            while (true)
            {
                while (end < script.Count && script[end].Kind != ' ')
                {
                    end++;
                }

                var next = end;
                while (next < script.Count && script[next].Kind == ' ')
                {
                    next++;
                }

                if (next < script.Count && next - end <= 2 * context)
                {
                    end = next;
                    continue;
                }

                end = Math.Min(script.Count, end + context);
                break;
            }

            int oldStart = script[start].OldLine, newStart = script[start].NewLine, oldCount = 0, newCount = 0;
            var body = new StringBuilder();
            for (var k = start; k < end; k++)
            {
                var (kind, text, _, _) = script[k];
                oldCount += kind != '+' ? 1 : 0;
                newCount += kind != '-' ? 1 : 0;
                body.Append(kind).Append(text).Append('\n');
            }

            output.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
            output.Append(body);
            i = end;
        }

        return output.ToString();
    }

    private static string Range(int start, int count)
        => count == 1 ? start.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : FormattableString.Invariant($"{(count == 0 ? start - 1 : start)},{count}");

    private static string[] SplitLines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Array.Empty<string>();
        }

        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>The edit script of a longest common subsequence: each entry a kind (' ', '-', '+'), the line, and its 1-based old and new line numbers.</summary>
    private static List<(char Kind, string Text, int OldLine, int NewLine)> EditScript(string[] a, string[] b)
    {
        // Common prefix and suffix first, so the quadratic table covers only the changed middle.
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        int n = a.Length - prefix - suffix, m = b.Length - prefix - suffix;
        var lcs = new int[n + 1, m + 1];
        for (var x = n - 1; x >= 0; x--)
        {
            for (var y = m - 1; y >= 0; y--)
            {
                lcs[x, y] = a[prefix + x] == b[prefix + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }

        var script = new List<(char, string, int, int)>();
        for (var k = 0; k < prefix; k++)
        {
            script.Add((' ', a[k], k + 1, k + 1));
        }

        int p = 0, q = 0;
        while (p < n || q < m)
        {
            if (p < n && q < m && a[prefix + p] == b[prefix + q])
            {
                script.Add((' ', a[prefix + p], prefix + p + 1, prefix + q + 1));
                p++;
                q++;
            }
            else if (q < m && (p == n || lcs[p, q + 1] > lcs[p + 1, q]))
            {
                script.Add(('+', b[prefix + q], prefix + p + 1, prefix + q + 1));
                q++;
            }
            else
            {
                script.Add(('-', a[prefix + p], prefix + p + 1, prefix + q + 1));
                p++;
            }
        }

        for (var k = 0; k < suffix; k++)
        {
            script.Add((' ', a[a.Length - suffix + k], a.Length - suffix + k + 1, b.Length - suffix + k + 1));
        }

        return script;
    }
}
