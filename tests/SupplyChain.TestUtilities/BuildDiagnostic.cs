using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace SupplyChain.TestUtilities;

/// <summary>A coded error or warning parsed from MSBuild's console output or the supplychain command's stderr.</summary>
public sealed record BuildDiagnostic(string Severity, string Code, string? File, int Line, string Message)
{
    private static readonly Regex s_line = new(
        @"^\s*(?:(?<file>.+?)(?:\((?<line>\d+)(?:,\d+)?\))?\s*:\s+)?(?<severity>error|warning)\s+(?<code>[A-Z]+[0-9]+)\s*:\s*(?<message>.*?)(?:\s+\[[^\]]+\])?\s*$",
        RegexOptions.CultureInvariant);

    /// <summary>True for errors.</summary>
    public bool IsError => Severity == "error";

    /// <summary>Parses every coded diagnostic in the text, once each (MSBuild repeats them in its summary).</summary>
    public static IReadOnlyList<BuildDiagnostic> Parse(string text)
    {
        var result = new List<BuildDiagnostic>();
        foreach (var raw in text.Split('\n'))
        {
            var match = s_line.Match(raw.TrimEnd('\r'));
            if (!match.Success)
            {
                continue;
            }

            var file = match.Groups["file"].Success ? match.Groups["file"].Value.Trim() : null;
            var line = match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            result.Add(new BuildDiagnostic(match.Groups["severity"].Value, match.Groups["code"].Value, file, line, match.Groups["message"].Value));
        }

        return result.Distinct().ToArray();
    }
}
