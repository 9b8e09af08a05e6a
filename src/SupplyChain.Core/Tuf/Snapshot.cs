using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Tuf;

/// <summary>Snapshot metadata: the version (and optionally length and hashes) of every targets metadata file.</summary>
public sealed class Snapshot : Signed
{
    /// <summary>Creates snapshot metadata listing <c>targets.json</c> at version 1.</summary>
    public Snapshot(DateTimeOffset expires)
        : base(expires)
    {
        Meta[TufRoleNames.MetaFileName(TufRoles.Targets)] = new MetaFile(1);
    }

    private Snapshot(JsonObject json)
        : base(json, TufRoles.Snapshot, "meta")
    {
        foreach (var (name, entry) in TufJson.RequireObject(json, "meta", "snapshot"))
        {
            Meta[name] = MetaFile.FromJson(TufJson.AsObject(entry, $"the meta entry '{name}'"), $"the meta entry '{name}'");
        }
    }

    /// <inheritdoc />
    public override string Type => TufRoles.Snapshot;

    /// <summary>The entries by file name (<c>targets.json</c>, <c>ROLE.json</c>).</summary>
    public IDictionary<string, MetaFile> Meta { get; } = new SortedDictionary<string, MetaFile>(StringComparer.Ordinal);

    /// <summary>Reads the <c>signed</c> object of snapshot metadata.</summary>
    /// <exception cref="FormatException">The object is not snapshot metadata.</exception>
    public static Snapshot FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new Snapshot(json);
    }

    /// <summary>The entry for a targets role, or null when the snapshot does not list it.</summary>
    public MetaFile? FindRole(string roleName) => Meta.TryGetValue(TufRoleNames.MetaFileName(roleName), out var meta) ? meta : null;

    /// <inheritdoc />
    private protected override void WriteFields(JsonObject json)
    {
        var meta = new JsonObject();
        foreach (var (name, entry) in Meta)
        {
            meta[name] = entry.ToJson();
        }

        json["meta"] = meta;
    }
}
