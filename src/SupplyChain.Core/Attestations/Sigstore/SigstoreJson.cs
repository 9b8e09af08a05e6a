using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Attestations.Sigstore;

/// <summary>Reads the protobuf-JSON forms of the Sigstore messages; every helper throws <see cref="FormatException"/> on a bad field.</summary>
internal static class SigstoreJson
{
    public static JsonObject Object(JsonNode? parent, string name)
        => OptionalObject(parent, name) ?? throw new FormatException($"'{name}' is missing");

    public static JsonObject? OptionalObject(JsonNode? parent, string name)
    {
        var node = parent?[name];
        return node switch
        {
            null => null,
            JsonObject o => o,
            _ => throw new FormatException($"'{name}' is not an object"),
        };
    }

    public static JsonArray? OptionalArray(JsonNode? parent, string name)
    {
        var node = parent?[name];
        return node switch
        {
            null => null,
            JsonArray a => a,
            _ => throw new FormatException($"'{name}' is not an array"),
        };
    }

    public static string String(JsonNode? parent, string name)
        => OptionalString(parent, name) ?? throw new FormatException($"'{name}' is missing");

    public static string? OptionalString(JsonNode? parent, string name)
    {
        var node = parent?[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        throw new FormatException($"'{name}' is not a string");
    }

    public static byte[] Bytes(JsonNode? parent, string name)
        => OptionalBytes(parent, name) ?? throw new FormatException($"'{name}' is missing");

    public static byte[]? OptionalBytes(JsonNode? parent, string name)
    {
        var text = OptionalString(parent, name);
        if (text is null)
        {
            return null;
        }

        return DecodeBase64(text, name);
    }

    public static byte[] DecodeBase64(string text, string name)
    {
        // protobuf JSON allows the URL-safe alphabet and missing padding.
        var normal = text.Replace('-', '+').Replace('_', '/');
        if (normal.Length % 4 != 0)
        {
            normal = normal.PadRight(normal.Length + (4 - (normal.Length % 4)), '=');
        }

        try
        {
            return Convert.FromBase64String(normal);
        }
        catch (FormatException)
        {
            throw new FormatException($"'{name}' is not base64");
        }
    }

    /// <summary>An int64 field, which protobuf JSON writes as a string (a number is accepted too).</summary>
    public static long? OptionalInt64(JsonNode? parent, string name)
    {
        var node = parent?[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.String when long.TryParse(value.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed):
                    return parsed;
                case JsonValueKind.Number when value.TryGetValue<long>(out var number) && number >= 0:
                    return number;
            }
        }

        throw new FormatException($"'{name}' is not a non-negative integer");
    }

    public static long Int64(JsonNode? parent, string name)
        => OptionalInt64(parent, name) ?? throw new FormatException($"'{name}' is missing");

    public static DateTimeOffset? OptionalTime(JsonNode? parent, string name)
    {
        var text = OptionalString(parent, name);
        if (text is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new FormatException($"'{name}' is not an RFC 3339 time");
        }

        return time;
    }
}
