using System;
using System.Text.Json;

namespace SupplyChain.Core.Json;

/// <summary>The reason of a <see cref="JsonException"/> without the position details, which diagnostics carry separately.</summary>
internal static class JsonErrorText
{
    public static string Describe(JsonException ex)
    {
        var message = ex.Message;
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.Trim().TrimEnd('.');
    }
}
