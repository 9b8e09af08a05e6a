using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// The <c>delegations</c> of targets metadata: the keys of the delegated roles, and either an ordered list of
/// <see cref="DelegatedRole"/>s (the order is the search order) or one <see cref="Tuf.SuccinctRoles"/>.
/// </summary>
public sealed class Delegations : IDelegator
{
    private IList<DelegatedRole>? _roles;
    private SuccinctRoles? _succinctRoles;

    /// <summary>Creates delegations to a list of roles (their names must be distinct).</summary>
    public Delegations(IDictionary<string, TufKey> keys, IEnumerable<DelegatedRole> roles)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(roles);
        Keys = new SortedDictionary<string, TufKey>(keys, StringComparer.Ordinal);
        _roles = new List<DelegatedRole>(roles);
    }

    /// <summary>Creates succinct hashed-bin delegations.</summary>
    public Delegations(IDictionary<string, TufKey> keys, SuccinctRoles succinctRoles)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = new SortedDictionary<string, TufKey>(keys, StringComparer.Ordinal);
        _succinctRoles = succinctRoles ?? throw new ArgumentNullException(nameof(succinctRoles));
    }

    private Delegations(JsonObject json)
    {
        const string context = "'delegations'";
        Keys = new SortedDictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var (keyId, keyNode) in TufJson.RequireObject(json, "keys", context))
        {
            Keys[keyId] = Root.ReadKey(keyNode, keyId);
        }

        var hasRoles = json.ContainsKey("roles");
        var hasSuccinct = json.ContainsKey("succinct_roles");
        if (hasRoles == hasSuccinct)
        {
            throw new TufFormatException($"{context} must have exactly one of 'roles' and 'succinct_roles'");
        }

        if (hasRoles)
        {
            var roles = new List<DelegatedRole>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var roleNode in TufJson.RequireArray(json, "roles", context))
            {
                var role = DelegatedRole.FromJson(TufJson.AsObject(roleNode, $"an entry of 'roles' of {context}"));
                if (!names.Add(role.Name))
                {
                    throw new TufFormatException($"{context} delegates to '{role.Name}' more than once");
                }

                roles.Add(role);
            }

            _roles = roles;
        }
        else
        {
            _succinctRoles = SuccinctRoles.FromJson(TufJson.RequireObject(json, "succinct_roles", context));
        }

        UnrecognizedFields = TufJson.Unrecognized(json, "keys", "roles", "succinct_roles");
    }

    /// <summary>The keys of the delegated roles by key id.</summary>
    public IDictionary<string, TufKey> Keys { get; }

    /// <summary>The delegated roles in search order, or null for succinct delegations.</summary>
    public IList<DelegatedRole>? Roles
    {
        get => _roles;
        set
        {
            _roles = value ?? throw new ArgumentNullException(nameof(value));
            _succinctRoles = null;
        }
    }

    /// <summary>The succinct hashed-bin delegation, or null for a list of roles.</summary>
    public SuccinctRoles? SuccinctRoles
    {
        get => _succinctRoles;
        set
        {
            _succinctRoles = value ?? throw new ArgumentNullException(nameof(value));
            _roles = null;
        }
    }

    /// <summary>The members this model does not know, kept as read.</summary>
    public IDictionary<string, JsonNode?> UnrecognizedFields { get; } = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);

    /// <summary>Reads delegations.</summary>
    /// <exception cref="FormatException">The object is not a delegations object.</exception>
    public static Delegations FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new Delegations(json);
    }

    /// <summary>
    /// The delegated roles trusted for a target path, in search order, each with whether it is terminating
    /// (a succinct bin always is).
    /// </summary>
    public IEnumerable<(string RoleName, bool Terminating)> GetRolesForTarget(string targetPath)
    {
        ArgumentNullException.ThrowIfNull(targetPath);
        if (_succinctRoles is not null)
        {
            yield return (_succinctRoles.GetRoleForTarget(targetPath), true);
            yield break;
        }

        foreach (var role in _roles!)
        {
            if (role.IsDelegatedPath(targetPath))
            {
                yield return (role.Name, role.Terminating);
            }
        }
    }

    /// <summary>The delegated role of that name, or null (also for succinct delegations).</summary>
    public DelegatedRole? FindRole(string roleName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        if (_roles is not null)
        {
            foreach (var role in _roles)
            {
                if (string.Equals(role.Name, roleName, StringComparison.Ordinal))
                {
                    return role;
                }
            }
        }

        return null;
    }

    /// <inheritdoc />
    public DelegationKeys? FindDelegationKeys(string roleName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        if (_succinctRoles is not null)
        {
            return _succinctRoles.IsDelegatedRole(roleName)
                ? DelegationKeys.Create(roleName, _succinctRoles.KeyIds, Keys, _succinctRoles.Threshold)
                : null;
        }

        var role = FindRole(roleName);
        return role is null ? null : DelegationKeys.Create(roleName, role.KeyIds, Keys, role.Threshold);
    }

    /// <summary>The JSON of the delegations.</summary>
    public JsonObject ToJson()
    {
        var keys = new JsonObject();
        foreach (var (keyId, key) in Keys)
        {
            keys[keyId] = key.ToJson();
        }

        var json = new JsonObject { ["keys"] = keys };
        if (_roles is not null)
        {
            var roles = new JsonArray();
            foreach (var role in _roles)
            {
                roles.Add(role.ToJson());
            }

            json["roles"] = roles;
        }
        else
        {
            json["succinct_roles"] = _succinctRoles!.ToJson();
        }

        TufJson.WriteUnrecognized(json, UnrecognizedFields);
        return json;
    }
}
