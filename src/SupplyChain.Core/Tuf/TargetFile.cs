using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// A target file as targets metadata lists it: <c>{"length": L, "hashes": {...}, "custom": {...}}</c>. The length
/// and at least one hash are required; <c>custom</c> is free-form and covered by the signature.
/// </summary>
public sealed class TargetFile
{
    private long _length;

    /// <summary>Creates an entry.</summary>
    /// <param name="path">The target path (the key in <c>targets</c>).</param>
    /// <param name="length">The length in bytes.</param>
    /// <param name="hashes">The hashes, algorithm to lowercase hex; at least one.</param>
    public TargetFile(string path, long length, IDictionary<string, string> hashes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(hashes);
        if (hashes.Count == 0)
        {
            throw new ArgumentException("A target file needs at least one hash.", nameof(hashes));
        }

        Path = path;
        Length = length;
        Hashes = new SortedDictionary<string, string>(hashes, StringComparer.Ordinal);
    }

    private TargetFile(string path, JsonObject json)
    {
        var context = $"the target '{path}'";
        Path = path;
        _length = TufJson.RequireInteger(json, "length", context, 0);
        Hashes = MetaFile.ReadHashes(TufJson.RequireObject(json, "hashes", context), context);
        UnrecognizedFields = TufJson.Unrecognized(json, "length", "hashes");
    }

    /// <summary>The target path.</summary>
    public string Path { get; }

    /// <summary>The length in bytes.</summary>
    public long Length
    {
        get => _length;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _length = value;
        }
    }

    /// <summary>The hashes, algorithm to hex.</summary>
    public IDictionary<string, string> Hashes { get; }

    /// <summary>The <c>custom</c> object, or null. It lives in <see cref="UnrecognizedFields"/>, as in python-tuf.</summary>
    public JsonNode? Custom
    {
        get => UnrecognizedFields.TryGetValue("custom", out var custom) ? custom : null;
        set
        {
            if (value is null)
            {
                UnrecognizedFields.Remove("custom");
            }
            else
            {
                UnrecognizedFields["custom"] = value;
            }
        }
    }

    /// <summary>The members this model does not know (and <c>custom</c>), kept as read.</summary>
    public IDictionary<string, JsonNode?> UnrecognizedFields { get; } = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);

    /// <summary>Reads an entry.</summary>
    /// <exception cref="FormatException">The object is not a target file entry.</exception>
    public static TargetFile FromJson(string path, JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(json);
        return new TargetFile(path, json);
    }

    /// <summary>Makes the entry for a file's bytes, with its SHA-256 and SHA-512.</summary>
    public static TargetFile FromBytes(string path, ReadOnlySpan<byte> data)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sha256"] = Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant(),
            ["sha512"] = Convert.ToHexString(SHA512.HashData(data)).ToLowerInvariant(),
        };
        return new TargetFile(path, data.Length, hashes);
    }

    /// <summary>Checks downloaded bytes against the signed length and every listed hash.</summary>
    public LengthAndHashesResult CheckLengthAndHashes(ReadOnlySpan<byte> data) => LengthAndHashes.Check(data, Length, Hashes);

    /// <summary>Checks a stream against the signed length and hashes; reading stops once it is longer than the length.</summary>
    public LengthAndHashesResult CheckLengthAndHashes(Stream data) => LengthAndHashes.Check(data, Length, Hashes);

    /// <summary>The JSON of the entry.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["length"] = Length,
            ["hashes"] = MetaFile.WriteHashes(Hashes),
        };
        TufJson.WriteUnrecognized(json, UnrecognizedFields);
        return json;
    }
}
