using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// Root metadata: the keys of the repository and, for each top-level role, which of them are trusted and how many
/// must sign. <c>consistent_snapshot</c> says whether snapshot, targets and target files are published under
/// versioned (or hash-prefixed) names.
/// </summary>
public sealed class Root : Signed, IDelegator
{
    /// <summary>Creates root metadata with no keys and each top-level role at threshold 1 with no key.</summary>
    /// <param name="expires">When it expires.</param>
    public Root(DateTimeOffset expires)
        : base(expires)
    {
        foreach (var role in TufRoles.TopLevel)
        {
            Roles[role] = new Role(Array.Empty<string>(), 1);
        }
    }

    private Root(JsonObject json)
        : base(json, TufRoles.Root, "keys", "roles", "consistent_snapshot")
    {
        const string context = "root";
        var keys = TufJson.RequireObject(json, "keys", context);
        foreach (var (keyId, keyNode) in keys)
        {
            Keys[keyId] = ReadKey(keyNode, keyId);
        }

        var roles = TufJson.RequireObject(json, "roles", context);
        foreach (var (name, roleNode) in roles)
        {
            Roles[name] = Role.FromJson(TufJson.AsObject(roleNode, $"the role '{name}'"), $"the role '{name}'");
        }

        foreach (var required in TufRoles.TopLevel)
        {
            if (!Roles.ContainsKey(required))
            {
                throw new TufFormatException($"'roles' of root has no '{required}' role");
            }
        }

        ConsistentSnapshot = TufJson.OptionalBoolean(json, "consistent_snapshot", context);
    }

    /// <inheritdoc />
    public override string Type => TufRoles.Root;

    /// <summary>The keys by key id (the id is not recomputed: python-tuf's test data uses ids that are not hashes).</summary>
    public IDictionary<string, TufKey> Keys { get; } = new SortedDictionary<string, TufKey>(StringComparer.Ordinal);

    /// <summary>The roles by name: always <c>root</c>, <c>targets</c>, <c>snapshot</c> and <c>timestamp</c>.</summary>
    public IDictionary<string, Role> Roles { get; } = new SortedDictionary<string, Role>(StringComparer.Ordinal);

    /// <summary>
    /// <c>consistent_snapshot</c>, or null when the document has none (python-tuf reads it as optional; it is then
    /// not written back). New root metadata has true.
    /// </summary>
    public bool? ConsistentSnapshot { get; set; } = true;

    /// <summary>True when snapshot, targets and delegated metadata are fetched as <c>VERSION.ROLE.json</c>.</summary>
    public bool UsesConsistentSnapshots => ConsistentSnapshot ?? false;

    /// <summary>Reads the <c>signed</c> object of root metadata.</summary>
    /// <exception cref="FormatException">The object is not root metadata.</exception>
    public static Root FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new Root(json);
    }

    /// <summary>Adds a key to the repository (if new) and to a role's key ids (if not listed).</summary>
    public void AddKey(TufKey key, string roleName)
    {
        ArgumentNullException.ThrowIfNull(key);
        var role = GetRole(roleName);
        var keyId = key.ComputeKeyId();
        Keys[keyId] = key;
        if (!role.KeyIds.Contains(keyId))
        {
            role.KeyIds.Add(keyId);
        }
    }

    /// <summary>Removes a key id from a role, and the key itself when no role uses it any more.</summary>
    /// <returns>True when the role listed the key id.</returns>
    public bool RevokeKey(string keyId, string roleName)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var removed = GetRole(roleName).KeyIds.Remove(keyId);
        foreach (var role in Roles.Values)
        {
            if (role.KeyIds.Contains(keyId))
            {
                return removed;
            }
        }

        Keys.Remove(keyId);
        return removed;
    }

    /// <summary>The role of that name.</summary>
    /// <exception cref="ArgumentException">Root has no such role.</exception>
    public Role GetRole(string roleName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        return Roles.TryGetValue(roleName, out var role) ? role : throw new ArgumentException($"Root has no role '{roleName}'.", nameof(roleName));
    }

    /// <inheritdoc />
    public DelegationKeys? FindDelegationKeys(string roleName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        return Roles.TryGetValue(roleName, out var role) ? DelegationKeys.Create(roleName, role.KeyIds, Keys, role.Threshold) : null;
    }

    /// <inheritdoc />
    private protected override void WriteFields(JsonObject json)
    {
        var keys = new JsonObject();
        foreach (var (keyId, key) in Keys)
        {
            keys[keyId] = key.ToJson();
        }

        var roles = new JsonObject();
        foreach (var (name, role) in Roles)
        {
            roles[name] = role.ToJson();
        }

        json["keys"] = keys;
        json["roles"] = roles;
        if (ConsistentSnapshot is { } consistent)
        {
            json["consistent_snapshot"] = consistent;
        }
    }

    internal static TufKey ReadKey(JsonNode? node, string keyId)
    {
        try
        {
            return TufKey.FromJson(node);
        }
        catch (FormatException ex)
        {
            throw new TufFormatException($"the key '{keyId}' cannot be read: {ex.Message.TrimEnd('.')}", inner: ex);
        }
    }
}
