using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Tuf;

/// <summary>What kind of problem a <see cref="TufFormatException"/> reports.</summary>
internal enum TufFormatProblem
{
    Malformed,
    WrongType,
    UnsupportedSpecVersion,
}

/// <summary>
/// A model object that cannot be read from JSON. Thrown by the public <c>FromJson</c> methods (it is a
/// <see cref="FormatException"/>); <see cref="Metadata{T}.FromBytes(ReadOnlySpan{byte}, string?)"/> turns it into the
/// matching <see cref="TufRepositoryException"/>.
/// </summary>
internal sealed class TufFormatException : FormatException
{
    public TufFormatException(string message, TufFormatProblem problem = TufFormatProblem.Malformed, string? value = null, Exception? inner = null)
        : base(message, inner)
    {
        Problem = problem;
        Value = value;
    }

    public TufFormatProblem Problem { get; }

    /// <summary>The <c>_type</c> or <c>spec_version</c> found, for the two special problems.</summary>
    public string? Value { get; }
}

/// <summary>Typed reads of the TUF JSON shape, with messages that name the field.</summary>
internal static class TufJson
{
    public static JsonObject AsObject(JsonNode? node, string what)
        => node as JsonObject ?? throw new TufFormatException($"{what} is not a JSON object");

    public static JsonObject RequireObject(JsonObject obj, string name, string context)
        => AsObject(Require(obj, name, context), $"'{name}' of {context}");

    public static JsonObject? OptionalObject(JsonObject obj, string name, string context)
        => obj.TryGetPropertyValue(name, out var node) ? AsObject(node, $"'{name}' of {context}") : null;

    public static string RequireString(JsonObject obj, string name, string context)
        => AsString(Require(obj, name, context), $"'{name}' of {context}");

    public static string AsString(JsonNode? node, string what)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        throw new TufFormatException($"{what} is not a string");
    }

    public static long RequireInteger(JsonObject obj, string name, string context, long minimum)
    {
        var what = $"'{name}' of {context}";
        var result = AsInteger(Require(obj, name, context), what);
        if (result < minimum)
        {
            throw new TufFormatException($"{what} is {result}, less than {minimum}");
        }

        return result;
    }

    public static long? OptionalInteger(JsonObject obj, string name, string context, long minimum)
        => obj.ContainsKey(name) ? RequireInteger(obj, name, context, minimum) : null;

    public static long AsInteger(JsonNode? node, string what)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            if (value.TryGetValue<JsonElement>(out var element))
            {
                // Python (and so securesystemslib) reads 1.0 or 1e0 as a float, which is not a valid integer field.
                var raw = element.GetRawText();
                if (raw.AsSpan().IndexOfAny(".eE") < 0 && element.TryGetInt64(out var parsed))
                {
                    return parsed;
                }
            }
            else if (value.TryGetValue<long>(out var l))
            {
                return l;
            }
            else if (value.TryGetValue<int>(out var i))
            {
                return i;
            }

            throw new TufFormatException($"{what} is not an integer in the range of a 64-bit number");
        }

        throw new TufFormatException($"{what} is not a number");
    }

    public static bool RequireBoolean(JsonObject obj, string name, string context)
        => AsBoolean(Require(obj, name, context), $"'{name}' of {context}");

    public static bool? OptionalBoolean(JsonObject obj, string name, string context)
        => obj.ContainsKey(name) ? RequireBoolean(obj, name, context) : null;

    public static bool AsBoolean(JsonNode? node, string what)
    {
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
            }
        }

        throw new TufFormatException($"{what} is not a boolean");
    }

    public static JsonArray RequireArray(JsonObject obj, string name, string context)
        => Require(obj, name, context) as JsonArray ?? throw new TufFormatException($"'{name}' of {context} is not a JSON array");

    /// <summary>A list of strings; <paramref name="unique"/> rejects a string given twice.</summary>
    public static List<string> RequireStringList(JsonObject obj, string name, string context, bool unique)
        => AsStringList(RequireArray(obj, name, context), $"'{name}' of {context}", unique);

    public static List<string>? OptionalStringList(JsonObject obj, string name, string context, bool unique)
        => obj.ContainsKey(name) ? RequireStringList(obj, name, context, unique) : null;

    public static List<string> AsStringList(JsonArray array, string what, bool unique)
    {
        var list = new List<string>(array.Count);
        var seen = unique ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var item in array)
        {
            var text = AsString(item, $"an entry of {what}");
            if (seen is not null && !seen.Add(text))
            {
                throw new TufFormatException($"{what} lists '{text}' more than once");
            }

            list.Add(text);
        }

        return list;
    }

    /// <summary>Copies every member whose name is not in <paramref name="known"/>, detached from the source.</summary>
    public static Dictionary<string, JsonNode?> Unrecognized(JsonObject obj, params string[] known)
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in obj)
        {
            if (Array.IndexOf(known, name) < 0)
            {
                result[name] = value?.DeepClone();
            }
        }

        return result;
    }

    /// <summary>Writes unrecognized members back; a member the model also writes is not overwritten.</summary>
    public static void WriteUnrecognized(JsonObject target, IDictionary<string, JsonNode?> fields)
    {
        foreach (var (name, value) in fields)
        {
            if (!target.ContainsKey(name))
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    public static JsonArray ToArray(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(JsonValue.Create(value));
        }

        return array;
    }

    public static string Quote(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static JsonNode? Require(JsonObject obj, string name, string context)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            throw new TufFormatException($"{context} has no '{name}'");
        }

        return node;
    }
}
