using System;

namespace SupplyChain.Core.Tuf;

/// <summary>The names of the TUF top-level roles and the specification version we write.</summary>
public static class TufRoles
{
    /// <summary><c>root</c>.</summary>
    public const string Root = "root";

    /// <summary><c>targets</c>.</summary>
    public const string Targets = "targets";

    /// <summary><c>snapshot</c>.</summary>
    public const string Snapshot = "snapshot";

    /// <summary><c>timestamp</c>.</summary>
    public const string Timestamp = "timestamp";

    /// <summary>The TUF specification version written into new metadata (the one python-tuf and go-tuf write).</summary>
    public const string SpecificationVersion = "1.0.31";

    /// <summary>The four top-level roles, in the order a client loads them after root.</summary>
    public static readonly string[] TopLevel = { Root, Timestamp, Snapshot, Targets };

    /// <summary>True for <c>root</c>, <c>targets</c>, <c>snapshot</c> and <c>timestamp</c>.</summary>
    public static bool IsTopLevel(string roleName) => Array.IndexOf(TopLevel, roleName) >= 0;

    /// <summary>
    /// True when a name equals a top-level role name in any letter case (<c>Timestamp</c>, <c>ROOT</c>, <c>tArgets</c>):
    /// no delegated role may have such a name. On case-insensitive file systems (Windows, macOS) and servers it would
    /// name the same file as the top-level role, so such a delegation could replace trusted metadata.
    /// </summary>
    public static bool IsReservedName(string roleName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        foreach (var name in TopLevel)
        {
            if (string.Equals(roleName, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
