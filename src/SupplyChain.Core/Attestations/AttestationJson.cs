using System;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Attestations;

/// <summary>How the attestation readers word a JSON parse error in their messages.</summary>
internal static class AttestationJson
{
    /// <summary>
    /// The parser's reason without its own position suffix (<c>LineNumber: 0 | BytePositionInLine: 0.</c>, 0-based and
    /// ending in a full stop that the message format would double) and with the 1-based column instead.
    /// </summary>
    public static string DescribeError(StrictJsonResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var message = parsed.Error ?? "no error";
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        message = message.Trim().TrimEnd('.');
        if (parsed.BytePositionInLine <= 0)
        {
            return message;
        }

        var line = parsed.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var column = parsed.BytePositionInLine.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return parsed.LineNumber <= 1 ? $"{message} (at byte {column})" : $"{message} (at line {line}, byte {column})";
    }
}
