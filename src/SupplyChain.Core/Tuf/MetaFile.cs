using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// What snapshot (and timestamp) metadata says about a metadata file: <c>{"version": N, "length": L, "hashes": {...}}</c>;
/// <c>length</c> and <c>hashes</c> are optional.
/// </summary>
public sealed class MetaFile
{
    private long _version = 1;

    /// <summary>Creates an entry.</summary>
    public MetaFile(long version, long? length = null, IDictionary<string, string>? hashes = null)
    {
        Version = version;
        Length = length;
        Hashes = hashes is null ? null : new SortedDictionary<string, string>(hashes, StringComparer.Ordinal);
    }

    private MetaFile(JsonObject json, string context)
    {
        _version = TufJson.RequireInteger(json, "version", context, 1);
        Length = TufJson.OptionalInteger(json, "length", context, 0);
        var hashes = TufJson.OptionalObject(json, "hashes", context);
        Hashes = hashes is null ? null : ReadHashes(hashes, context);
        UnrecognizedFields = TufJson.Unrecognized(json, "version", "length", "hashes");
    }

    /// <summary>The version of the metadata file, 1 or more.</summary>
    public long Version
    {
        get => _version;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _version = value;
        }
    }

    /// <summary>The length in bytes, or null when not listed.</summary>
    public long? Length { get; set; }

    /// <summary>The hashes (algorithm to lowercase hex), or null when not listed.</summary>
    public IDictionary<string, string>? Hashes { get; set; }

    /// <summary>The members this model does not know, kept as read.</summary>
    public IDictionary<string, JsonNode?> UnrecognizedFields { get; } = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);

    /// <summary>Reads an entry.</summary>
    /// <exception cref="FormatException">The object is not a meta file entry.</exception>
    public static MetaFile FromJson(JsonObject json, string context = "a meta entry")
    {
        ArgumentNullException.ThrowIfNull(json);
        return new MetaFile(json, context);
    }

    /// <summary>Makes the entry for published metadata bytes: its version, and optionally its length and SHA-256.</summary>
    public static MetaFile ForBytes(long version, ReadOnlySpan<byte> data, bool withLengthAndHashes)
    {
        if (!withLengthAndHashes)
        {
            return new MetaFile(version);
        }

        var hashes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)).ToLowerInvariant(),
        };
        return new MetaFile(version, data.Length, hashes);
    }

    /// <summary>Checks metadata bytes against the listed length and hashes (either may be absent).</summary>
    public LengthAndHashesResult CheckLengthAndHashes(ReadOnlySpan<byte> data) => LengthAndHashes.Check(data, Length, Hashes);

    /// <summary>The JSON of the entry.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["version"] = Version };
        if (Length is { } length)
        {
            json["length"] = length;
        }

        if (Hashes is not null)
        {
            json["hashes"] = WriteHashes(Hashes);
        }

        TufJson.WriteUnrecognized(json, UnrecognizedFields);
        return json;
    }

    internal static SortedDictionary<string, string> ReadHashes(JsonObject hashes, string context)
    {
        if (hashes.Count == 0)
        {
            throw new TufFormatException($"'hashes' of {context} is empty");
        }

        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (algorithm, digest) in hashes)
        {
            result[algorithm] = TufJson.AsString(digest, $"the '{algorithm}' hash of {context}");
        }

        return result;
    }

    internal static JsonObject WriteHashes(IDictionary<string, string> hashes)
    {
        var json = new JsonObject();
        foreach (var (algorithm, digest) in hashes)
        {
            json[algorithm] = digest;
        }

        return json;
    }
}
