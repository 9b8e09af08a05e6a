using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Tuf;

/// <summary>One signature of TUF metadata: <c>{"keyid": "...", "sig": "HEX"}</c>.</summary>
public sealed class Signature
{
    /// <summary>Creates a signature.</summary>
    /// <param name="keyId">The key id of the signing key.</param>
    /// <param name="value">The signature, lowercase hex.</param>
    public Signature(string keyId, string value)
    {
        KeyId = keyId ?? throw new ArgumentNullException(nameof(keyId));
        Value = value ?? throw new ArgumentNullException(nameof(value));
    }

    private Signature(JsonObject json)
    {
        KeyId = TufJson.RequireString(json, "keyid", "a signature");
        Value = TufJson.RequireString(json, "sig", $"the signature by '{KeyId}'");
        UnrecognizedFields = TufJson.Unrecognized(json, "keyid", "sig");
    }

    /// <summary>The key id of the signing key.</summary>
    public string KeyId { get; }

    /// <summary>The signature as hex (as read; it may be empty or not hex, and then does not count).</summary>
    public string Value { get; }

    /// <summary>The members this model does not know, kept as read.</summary>
    public IDictionary<string, JsonNode?> UnrecognizedFields { get; } = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);

    /// <summary>Reads a signature.</summary>
    /// <exception cref="FormatException">The object is not a signature.</exception>
    public static Signature FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new Signature(json);
    }

    /// <summary>The JSON of the signature.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["keyid"] = KeyId,
            ["sig"] = Value,
        };
        TufJson.WriteUnrecognized(json, UnrecognizedFields);
        return json;
    }
}
