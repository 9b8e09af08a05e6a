using System;
using System.Collections.Generic;

namespace SupplyChain.Core.Json;

/// <summary>
/// A parsed JSON value that remembers the 1-based line where it starts, so that readers of restore
/// files can name the line of an entry in a diagnostic.
/// </summary>
internal sealed class JsonTreeNode
{
    private static readonly IReadOnlyList<JsonTreeProperty> s_noProperties = Array.Empty<JsonTreeProperty>();
    private static readonly IReadOnlyList<JsonTreeNode> s_noItems = Array.Empty<JsonTreeNode>();

    public JsonTreeNode(JsonTreeKind kind, int line, string? text = null, IReadOnlyList<JsonTreeProperty>? properties = null, IReadOnlyList<JsonTreeNode>? items = null)
    {
        Kind = kind;
        Line = line;
        Text = text;
        Properties = properties ?? s_noProperties;
        Items = items ?? s_noItems;
    }

    /// <summary>The kind of value.</summary>
    public JsonTreeKind Kind { get; }

    /// <summary>The 1-based line of the first character of the value.</summary>
    public int Line { get; }

    /// <summary>The unescaped string, or the raw text of a number; null for other kinds.</summary>
    public string? Text { get; }

    /// <summary>The properties of an object, in document order.</summary>
    public IReadOnlyList<JsonTreeProperty> Properties { get; }

    /// <summary>The items of an array.</summary>
    public IReadOnlyList<JsonTreeNode> Items { get; }

    /// <summary>A short name of the kind for messages.</summary>
    public string KindName => Kind switch
    {
        JsonTreeKind.Object => "an object",
        JsonTreeKind.Array => "an array",
        JsonTreeKind.String => "a string",
        JsonTreeKind.Number => "a number",
        JsonTreeKind.True or JsonTreeKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>Finds a property by name, ignoring case (NuGet writes some names in more than one casing).</summary>
    public JsonTreeProperty? Find(string name)
    {
        foreach (var property in Properties)
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property;
            }
        }

        return null;
    }
}
