using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplyChain.TestUtilities;

/// <summary>
/// Builds a <c>packages.lock.json</c> in the shape NuGet writes: <c>version</c>, and per section (framework or
/// framework/RID) entries with type, requested, resolved, contentHash and dependencies. <see cref="Root"/> is the document.
/// </summary>
public sealed class LockFileBuilder
{
    /// <summary>Starts a lock file of a version (1, or 2 with central package management).</summary>
    public LockFileBuilder(int version = 1)
    {
        Root = new JsonObject { ["version"] = version, ["dependencies"] = new JsonObject() };
    }

    /// <summary>The document.</summary>
    public JsonObject Root { get; }

    /// <summary>Adds an empty section.</summary>
    public LockFileBuilder AddSection(string key)
    {
        Root["dependencies"]![key] ??= new JsonObject();
        return this;
    }

    /// <summary>Adds an entry; null values are left out as NuGet leaves them out.</summary>
    public LockFileBuilder Add(string section, string id, string type, string? requested, string? resolved, string? contentHash, IReadOnlyDictionary<string, string>? dependencies = null)
    {
        AddSection(section);
        var entry = new JsonObject { ["type"] = type };
        if (requested is not null)
        {
            entry["requested"] = requested;
        }

        if (resolved is not null)
        {
            entry["resolved"] = resolved;
        }

        if (contentHash is not null)
        {
            entry["contentHash"] = contentHash;
        }

        if (dependencies is { Count: > 0 })
        {
            entry["dependencies"] = new JsonObject(dependencies.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)JsonValue.Create(d.Value))));
        }

        Root["dependencies"]![section]![id] = entry;
        return this;
    }

    /// <summary>The entry object of a section, for a test to change.</summary>
    public JsonObject Entry(string section, string id) => Root["dependencies"]![section]![id]!.AsObject();

    /// <summary>The document as indented JSON.</summary>
    public string ToJson() => Root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Writes the document and returns the path.</summary>
    public string WriteTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, ToJson());
        return path;
    }
}
