using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// The <c>signed</c> part of TUF metadata: the fields every role has (<c>_type</c>, <c>spec_version</c>,
/// <c>version</c>, <c>expires</c>) and the fields this model does not know, which are kept and written back so
/// that reading and writing a document changes nothing the signatures cover.
/// </summary>
public abstract class Signed
{
    private DateTimeOffset _expires;
    private string? _expiresText;
    private long _version = 1;

    private protected Signed(DateTimeOffset expires)
    {
        Expires = expires;
    }

    private protected Signed(JsonObject json, string expectedType, params string[] knownFields)
    {
        var context = "'signed'";
        var type = TufJson.RequireString(json, "_type", context);
        if (!string.Equals(type, expectedType, StringComparison.Ordinal))
        {
            throw new TufFormatException($"'_type' is '{type}', not '{expectedType}'", TufFormatProblem.WrongType, type);
        }

        var specVersion = TufJson.RequireString(json, "spec_version", context);
        if (!IsSupportedSpecVersion(specVersion))
        {
            throw new TufFormatException($"'spec_version' '{specVersion}' is not supported", TufFormatProblem.UnsupportedSpecVersion, specVersion);
        }

        SpecVersion = specVersion;
        _version = TufJson.RequireInteger(json, "version", context, 1);
        var expires = TufJson.RequireString(json, "expires", context);
        if (!TufDateTime.TryParse(expires, out _expires))
        {
            throw new TufFormatException($"'expires' '{expires}' is not a date and time such as 2030-01-01T00:00:00Z");
        }

        _expiresText = expires;
        var known = new string[knownFields.Length + 4];
        known[0] = "_type";
        known[1] = "spec_version";
        known[2] = "version";
        known[3] = "expires";
        knownFields.CopyTo(known, 4);
        UnrecognizedFields = TufJson.Unrecognized(json, known);
    }

    /// <summary>The <c>_type</c>: <c>root</c>, <c>targets</c>, <c>snapshot</c> or <c>timestamp</c>.</summary>
    public abstract string Type { get; }

    /// <summary>The <c>spec_version</c>; reading accepts major version 1 only.</summary>
    public string SpecVersion { get; set; } = TufRoles.SpecificationVersion;

    /// <summary>The <c>version</c>, 1 or more.</summary>
    public long Version
    {
        get => _version;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _version = value;
        }
    }

    /// <summary>
    /// The <c>expires</c> time, in UTC. Setting it drops the fraction of a second (what is written is
    /// <c>YYYY-MM-DDTHH:MM:SSZ</c>); a value read from a document is written back exactly as it was read.
    /// </summary>
    public DateTimeOffset Expires
    {
        get => _expires;
        set
        {
            _expires = TufDateTime.TruncateToSeconds(value);
            _expiresText = null;
        }
    }

    /// <summary>The members of <c>signed</c> this model does not know, kept as read.</summary>
    public IDictionary<string, JsonNode?> UnrecognizedFields { get; } = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);

    /// <summary>True when the metadata has expired at <paramref name="referenceTime"/> (expiry time included).</summary>
    public bool IsExpired(DateTimeOffset referenceTime) => referenceTime >= _expires;

    /// <summary>
    /// True for a <c>spec_version</c> this library reads: <c>1.MINOR</c> or <c>1.MINOR.PATCH</c>, digits only
    /// (python-tuf's rule; the minor and patch versions are not compared).
    /// </summary>
    public static bool IsSupportedSpecVersion(string specVersion)
    {
        ArgumentNullException.ThrowIfNull(specVersion);
        var parts = specVersion.Split('.');
        if (parts.Length is not (2 or 3))
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length == 0 || !IsDigits(part))
            {
                return false;
            }
        }

        return parts[0] == "1";
    }

    /// <summary>The JSON of <c>signed</c>, with the unrecognized fields.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["_type"] = Type,
            ["spec_version"] = SpecVersion,
            ["version"] = Version,
            ["expires"] = _expiresText ?? TufDateTime.Format(_expires),
        };
        WriteFields(json);
        TufJson.WriteUnrecognized(json, UnrecognizedFields);
        return json;
    }

    /// <summary>Writes the role's own fields.</summary>
    private protected abstract void WriteFields(JsonObject json);

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
