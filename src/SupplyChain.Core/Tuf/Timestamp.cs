using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Tuf;

/// <summary>Timestamp metadata: the version (and optionally length and hashes) of the current snapshot.</summary>
public sealed class Timestamp : Signed
{
    /// <summary>The name under which timestamp metadata lists the snapshot.</summary>
    public const string SnapshotMetaName = "snapshot.json";

    /// <summary>Creates timestamp metadata listing <c>snapshot.json</c> at version 1.</summary>
    public Timestamp(DateTimeOffset expires)
        : base(expires)
    {
        Meta[SnapshotMetaName] = new MetaFile(1);
    }

    private Timestamp(JsonObject json)
        : base(json, TufRoles.Timestamp, "meta")
    {
        foreach (var (name, entry) in TufJson.RequireObject(json, "meta", "timestamp"))
        {
            Meta[name] = MetaFile.FromJson(TufJson.AsObject(entry, $"the meta entry '{name}'"), $"the meta entry '{name}'");
        }

        if (!Meta.ContainsKey(SnapshotMetaName))
        {
            throw new TufFormatException($"'meta' of timestamp has no '{SnapshotMetaName}'");
        }
    }

    /// <inheritdoc />
    public override string Type => TufRoles.Timestamp;

    /// <summary>The entries by file name; <c>snapshot.json</c> is always there (other entries are kept, unused).</summary>
    public IDictionary<string, MetaFile> Meta { get; } = new SortedDictionary<string, MetaFile>(StringComparer.Ordinal);

    /// <summary>The entry of <c>snapshot.json</c>.</summary>
    public MetaFile SnapshotMeta
    {
        get => Meta.TryGetValue(SnapshotMetaName, out var meta) ? meta : throw new InvalidOperationException("The timestamp lists no 'snapshot.json'.");
        set => Meta[SnapshotMetaName] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Reads the <c>signed</c> object of timestamp metadata.</summary>
    /// <exception cref="FormatException">The object is not timestamp metadata.</exception>
    public static Timestamp FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new Timestamp(json);
    }

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
