using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Tuf;

/// <summary>The keys trusted for a role and how many of them must sign: <c>{"keyids": [...], "threshold": N}</c>.</summary>
public class Role
{
    private int _threshold = 1;

    /// <summary>Creates a role.</summary>
    /// <param name="keyIds">The ids of the keys trusted for the role; each at most once.</param>
    /// <param name="threshold">How many of them must sign, 1 or more.</param>
    public Role(IEnumerable<string> keyIds, int threshold)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        KeyIds = new List<string>(keyIds);
        Threshold = threshold;
    }

    private protected Role(JsonObject json, string context, params string[] knownFields)
    {
        KeyIds = TufJson.RequireStringList(json, "keyids", context, unique: true);
        var threshold = TufJson.RequireInteger(json, "threshold", context, 1);
        if (threshold > int.MaxValue)
        {
            throw new TufFormatException($"'threshold' of {context} is too large");
        }

        _threshold = (int)threshold;
        var known = new List<string> { "keyids", "threshold" };
        known.AddRange(knownFields);
        UnrecognizedFields = TufJson.Unrecognized(json, known.ToArray());
    }

    /// <summary>The ids of the keys trusted for the role, in order.</summary>
    public IList<string> KeyIds { get; }

    /// <summary>How many distinct trusted keys must sign (1 or more).</summary>
    public int Threshold
    {
        get => _threshold;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _threshold = value;
        }
    }

    /// <summary>The members this model does not know, kept as read.</summary>
    public IDictionary<string, JsonNode?> UnrecognizedFields { get; } = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);

    /// <summary>Reads a role of root metadata.</summary>
    /// <exception cref="FormatException">The object is not a role.</exception>
    public static Role FromJson(JsonObject json, string context = "a role")
    {
        ArgumentNullException.ThrowIfNull(json);
        return new Role(json, context);
    }

    /// <summary>The JSON of the role, with its unrecognized fields.</summary>
    public virtual JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["keyids"] = TufJson.ToArray(KeyIds),
            ["threshold"] = Threshold,
        };
        TufJson.WriteUnrecognized(json, UnrecognizedFields);
        return json;
    }
}
