using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// A delegation from a targets role to another role: its name, keys, threshold, whether it is terminating, and
/// which target paths it is trusted for, as <c>paths</c> patterns (see <see cref="PathPattern"/>) or as
/// <c>path_hash_prefixes</c> (prefixes of the lowercase hex SHA-256 of the UTF-8 path). Exactly one of the two
/// is set; an empty list delegates no path.
/// </summary>
public sealed class DelegatedRole : Role
{
    private IList<string>? _paths;
    private IList<string>? _pathHashPrefixes;

    /// <summary>Creates a delegation trusted for the given path patterns.</summary>
    public DelegatedRole(string name, IEnumerable<string> keyIds, int threshold, bool terminating, IEnumerable<string> paths)
        : this(name, keyIds, threshold, terminating, new List<string>(paths ?? throw new ArgumentNullException(nameof(paths))), null)
    {
    }

    private DelegatedRole(string name, IEnumerable<string> keyIds, int threshold, bool terminating, List<string>? paths, List<string>? pathHashPrefixes)
        : base(keyIds, threshold)
    {
        Name = CheckName(name);
        Terminating = terminating;
        _paths = paths;
        _pathHashPrefixes = pathHashPrefixes;
    }

    private DelegatedRole(JsonObject json, string context)
        : base(json, context, "name", "terminating", "paths", "path_hash_prefixes")
    {
        Name = TufJson.RequireString(json, "name", context);
        if (Name.Length == 0 || TufRoles.IsReservedName(Name))
        {
            throw new TufFormatException($"a delegated role is named '{Name}', which is empty or a top-level role name (in any letter case)");
        }

        var roleContext = $"the delegated role '{Name}'";
        Terminating = TufJson.RequireBoolean(json, "terminating", roleContext);
        _paths = TufJson.OptionalStringList(json, "paths", roleContext, unique: false);
        _pathHashPrefixes = TufJson.OptionalStringList(json, "path_hash_prefixes", roleContext, unique: false);
        if ((_paths is null) == (_pathHashPrefixes is null))
        {
            throw new TufFormatException($"{roleContext} must have exactly one of 'paths' and 'path_hash_prefixes'");
        }
    }

    /// <summary>The role name.</summary>
    public string Name { get; }

    /// <summary>True when a search that reaches this role must not look at later delegations of its delegator.</summary>
    public bool Terminating { get; set; }

    /// <summary>The path patterns, or null when the role uses <see cref="PathHashPrefixes"/>.</summary>
    public IList<string>? Paths
    {
        get => _paths;
        set
        {
            _paths = value ?? throw new ArgumentNullException(nameof(value));
            _pathHashPrefixes = null;
        }
    }

    /// <summary>The path hash prefixes, or null when the role uses <see cref="Paths"/>.</summary>
    public IList<string>? PathHashPrefixes
    {
        get => _pathHashPrefixes;
        set
        {
            _pathHashPrefixes = value ?? throw new ArgumentNullException(nameof(value));
            _paths = null;
        }
    }

    /// <summary>Creates a delegation trusted for the paths whose hashes start with one of the prefixes.</summary>
    public static DelegatedRole WithPathHashPrefixes(string name, IEnumerable<string> keyIds, int threshold, bool terminating, IEnumerable<string> pathHashPrefixes)
    {
        ArgumentNullException.ThrowIfNull(pathHashPrefixes);
        return new DelegatedRole(name, keyIds, threshold, terminating, null, new List<string>(pathHashPrefixes));
    }

    /// <summary>Reads a delegation.</summary>
    /// <exception cref="FormatException">The object is not a delegated role.</exception>
    public static new DelegatedRole FromJson(JsonObject json, string context = "a delegated role")
    {
        ArgumentNullException.ThrowIfNull(json);
        return new DelegatedRole(json, context);
    }

    /// <summary>The lowercase hex SHA-256 of a target path's UTF-8 bytes, which path hash prefixes are matched against.</summary>
    public static string PathHash(string targetPath)
    {
        ArgumentNullException.ThrowIfNull(targetPath);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(targetPath))).ToLowerInvariant();
    }

    /// <summary>True when the delegation covers the target path.</summary>
    public bool IsDelegatedPath(string targetPath)
    {
        ArgumentNullException.ThrowIfNull(targetPath);
        if (_paths is not null)
        {
            foreach (var pattern in _paths)
            {
                if (PathPattern.IsMatch(targetPath, pattern))
                {
                    return true;
                }
            }

            return false;
        }

        var hash = PathHash(targetPath);
        foreach (var prefix in _pathHashPrefixes!)
        {
            if (hash.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override JsonObject ToJson()
    {
        var json = base.ToJson();
        json["name"] = Name;
        json["terminating"] = Terminating;
        if (_paths is not null)
        {
            json["paths"] = TufJson.ToArray(_paths);
        }
        else
        {
            json["path_hash_prefixes"] = TufJson.ToArray(_pathHashPrefixes!);
        }

        return json;
    }

    private static string CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || TufRoles.IsReservedName(name))
        {
            throw new ArgumentException($"A delegated role cannot be named '{name}': the name is empty or a top-level role name (in any letter case).", nameof(name));
        }

        return name;
    }
}
