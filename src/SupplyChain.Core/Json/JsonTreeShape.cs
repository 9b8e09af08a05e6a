using System;
using System.Collections.Generic;
using System.Globalization;

namespace SupplyChain.Core.Json;

/// <summary>Shape checks over a <see cref="JsonTreeNode"/>; each failure is a <see cref="JsonShapeException"/> with the line.</summary>
internal static class JsonTreeShape
{
    /// <summary>Requires an object.</summary>
    public static JsonTreeNode ExpectObject(this JsonTreeNode node, string what)
        => node.Kind == JsonTreeKind.Object ? node : throw new JsonShapeException($"{what} must be an object, not {node.KindName}", node.Line);

    /// <summary>Requires an array.</summary>
    public static JsonTreeNode ExpectArray(this JsonTreeNode node, string what)
        => node.Kind == JsonTreeKind.Array ? node : throw new JsonShapeException($"{what} must be an array, not {node.KindName}", node.Line);

    /// <summary>Requires a string.</summary>
    public static string ExpectString(this JsonTreeNode node, string what)
        => node.Kind == JsonTreeKind.String ? node.Text! : throw new JsonShapeException($"{what} must be a string, not {node.KindName}", node.Line);

    /// <summary>Requires an integer that fits in an <see cref="int"/>.</summary>
    public static int ExpectInt32(this JsonTreeNode node, string what)
    {
        if (node.Kind == JsonTreeKind.Number && int.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new JsonShapeException($"{what} must be an integer, not {(node.Kind == JsonTreeKind.Number ? "'" + node.Text + "'" : node.KindName)}", node.Line);
    }

    /// <summary>A required property.</summary>
    public static JsonTreeNode Required(this JsonTreeNode obj, string name, string what)
        => obj.Find(name)?.Value ?? throw new JsonShapeException($"{what} has no '{name}'", obj.Line);

    /// <summary>An optional string property; null when absent or JSON null.</summary>
    public static string? OptionalString(this JsonTreeNode obj, string name, string what)
    {
        var value = obj.Find(name)?.Value;
        return value is null || value.Kind == JsonTreeKind.Null ? null : value.ExpectString($"'{name}' of {what}");
    }

    /// <summary>An optional boolean property, also accepted as the strings "true"/"false" (NuGet writes both).</summary>
    public static bool? OptionalBoolean(this JsonTreeNode obj, string name, string what)
    {
        var value = obj.Find(name)?.Value;
        if (value is null || value.Kind == JsonTreeKind.Null)
        {
            return null;
        }

        return value.Kind switch
        {
            JsonTreeKind.True => true,
            JsonTreeKind.False => false,
            JsonTreeKind.String when bool.TryParse(value.Text, out var parsed) => parsed,
            _ => throw new JsonShapeException($"'{name}' of {what} must be true or false", value.Line),
        };
    }

    /// <summary>An optional object property; null when absent or JSON null.</summary>
    public static JsonTreeNode? OptionalObject(this JsonTreeNode obj, string name, string what)
    {
        var value = obj.Find(name)?.Value;
        return value is null || value.Kind == JsonTreeKind.Null ? null : value.ExpectObject($"'{name}' of {what}");
    }

    /// <summary>An optional array of strings; empty when absent.</summary>
    public static IReadOnlyList<string> OptionalStringArray(this JsonTreeNode obj, string name, string what)
    {
        var value = obj.Find(name)?.Value;
        if (value is null || value.Kind == JsonTreeKind.Null)
        {
            return Array.Empty<string>();
        }

        value.ExpectArray($"'{name}' of {what}");
        var result = new List<string>(value.Items.Count);
        foreach (var item in value.Items)
        {
            result.Add(item.ExpectString($"an item of '{name}' of {what}"));
        }

        return result;
    }

    /// <summary>An optional object whose values are strings, as a dictionary that ignores the case of keys.</summary>
    public static IReadOnlyDictionary<string, string> OptionalStringMap(this JsonTreeNode obj, string name, string what)
    {
        var value = obj.OptionalObject(name, what);
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (value is null)
        {
            return result;
        }

        foreach (var property in value.Properties)
        {
            if (!result.TryAdd(property.Name, property.Value.ExpectString($"'{name}.{property.Name}' of {what}")))
            {
                throw new JsonShapeException($"'{name}' of {what} lists '{property.Name}' more than once", property.Line);
            }
        }

        return result;
    }
}
