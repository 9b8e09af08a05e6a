using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace SupplyChain.TestUtilities;

/// <summary>The <c>dotnet</c> commands of the CI pipelines in docs/ci, as the shell would split them.</summary>
public static class CiPipelineCommands
{
    /// <summary>The pipeline files.</summary>
    public static IReadOnlyList<string> Files { get; } = new[] { "github-actions-release.yml", "azure-pipelines-release.yml", "github-actions-verify.yml" };

    /// <summary>The full path of a pipeline file.</summary>
    public static string PathOf(string file) => Path.Combine(RepositoryPaths.Root, "docs", "ci", file);

    /// <summary>
    /// Every shell command of the pipeline (the text of each single-line <c>run:</c> / <c>script:</c>) in order.
    /// </summary>
    public static IReadOnlyList<string> Scripts(string file)
        => File.ReadAllLines(PathOf(file))
            .Select(l => l.Trim())
            .Select(l => l.StartsWith("- ", StringComparison.Ordinal) ? l[2..].TrimStart() : l)
            .Where(l => l.StartsWith("run: ", StringComparison.Ordinal) || l.StartsWith("script: ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .ToArray();

    /// <summary>Every <c>dotnet ...</c> command in the scripts (a loop's body included), tokenized.</summary>
    public static IReadOnlyList<string[]> DotNetCommands(string file)
        => Scripts(file).SelectMany(SimpleCommands).Select(Tokenize).Where(t => t.Length > 0 && t[0] == "dotnet").ToArray();

    /// <summary>The simple commands of a shell line: split at ';', '&amp;&amp;' and '||', without 'do'/'then'.</summary>
    public static IEnumerable<string> SimpleCommands(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        foreach (var part in script.Split(new[] { "&&", "||", ";" }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var text = part;
            foreach (var keyword in new[] { "do ", "then " })
            {
                if (text.StartsWith(keyword, StringComparison.Ordinal))
                {
                    text = text[keyword.Length..].TrimStart();
                }
            }

            yield return text;
        }
    }

    /// <summary>Splits at white space outside quotes and drops the quotes.</summary>
    public static string[] Tokenize(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var tokens = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inToken = false;
        foreach (var c in command)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        return tokens.ToArray();
    }
}
