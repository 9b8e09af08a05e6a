using System;
using System.Collections.Generic;
using SupplyChain.Core.Crypto;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// What verifying a role's metadata needs from the role that delegates to it: the keys trusted for the role (by
/// key id; ids the role lists but the delegator has no key for are left out) and the threshold.
/// </summary>
/// <param name="RoleName">The role the keys are trusted for.</param>
/// <param name="Keys">The trusted keys by key id.</param>
/// <param name="Threshold">How many of them must sign.</param>
public sealed record DelegationKeys(string RoleName, IReadOnlyDictionary<string, TufKey> Keys, int Threshold)
{
    internal static DelegationKeys Create(string roleName, IEnumerable<string> keyIds, IDictionary<string, TufKey> keys, int threshold)
    {
        var trusted = new SortedDictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var keyId in keyIds)
        {
            if (keys.TryGetValue(keyId, out var key))
            {
                trusted[keyId] = key;
            }
        }

        return new DelegationKeys(roleName, trusted, threshold);
    }
}

/// <summary>A role that delegates trust to other roles: root (to the top-level roles) or targets (to delegated roles).</summary>
public interface IDelegator
{
    /// <summary>The keys and threshold for <paramref name="roleName"/>, or null when this role does not delegate to it.</summary>
    DelegationKeys? FindDelegationKeys(string roleName);
}
