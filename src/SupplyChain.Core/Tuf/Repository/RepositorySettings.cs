using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>
/// How long each kind of metadata stays valid after it is signed, in days: root 365, targets 90, delegated roles
/// (hashed bins) 90, snapshot 7, timestamp 1. <c>supplychain tuf init</c> stores them in the repository
/// (<c>.supplychain-tuf/settings.json</c>); a command may override them for what it signs.
/// </summary>
public sealed class RepositorySettings
{
    /// <summary>The expiry key of delegated targets roles (the hashed bins).</summary>
    public const string DelegatedRoles = "bins";

    /// <summary>The most days accepted for any expiry (ten years).</summary>
    public const int MaxExpiryDays = 3650;

    /// <summary>The keys of <see cref="ExpiryDays"/>, in the order they are shown.</summary>
    public static readonly IReadOnlyList<string> ExpiryRoles = new[] { TufRoles.Root, TufRoles.Targets, DelegatedRoles, TufRoles.Snapshot, TufRoles.Timestamp };

    private static readonly IReadOnlyDictionary<string, int> s_defaults = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [TufRoles.Root] = 365,
        [TufRoles.Targets] = 90,
        [DelegatedRoles] = 90,
        [TufRoles.Snapshot] = 7,
        [TufRoles.Timestamp] = 1,
    };

    /// <summary>Creates the default settings.</summary>
    public RepositorySettings()
    {
        foreach (var (role, days) in s_defaults)
        {
            ExpiryDays[role] = days;
        }
    }

    /// <summary>Days of validity by role kind: <c>root</c>, <c>targets</c>, <c>bins</c>, <c>snapshot</c>, <c>timestamp</c>.</summary>
    public IDictionary<string, int> ExpiryDays { get; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The default days of a role kind.</summary>
    public static int DefaultExpiryDays(string roleKind) => s_defaults[roleKind];

    /// <summary>The expiry key of a role: its name for top-level roles, <c>bins</c> for delegated ones.</summary>
    public static string ExpiryKey(string roleName) => TufRoles.IsTopLevel(roleName) ? roleName : DelegatedRoles;

    /// <summary>
    /// Applies <c>ROLE=DAYS</c> overrides (<c>--expires timestamp=2</c>).
    /// </summary>
    /// <exception cref="SupplyChainException">SCSDK4106 for an unknown role or days out of range.</exception>
    public void Apply(IEnumerable<string>? overrides)
    {
        if (overrides is null)
        {
            return;
        }

        foreach (var item in overrides)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var role = equals < 0 ? item.Trim() : item[..equals].Trim();
            if (equals < 0 || !s_defaults.ContainsKey(role))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--expires", item, "write ROLE=DAYS with ROLE one of " + string.Join(", ", ExpiryRoles));
            }

            var text = item[(equals + 1)..].Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < 1 || days > MaxExpiryDays)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--expires", item, $"the days must be a whole number from 1 to {MaxExpiryDays}");
            }

            ExpiryDays[role] = days;
        }
    }

    /// <summary>A copy of these settings.</summary>
    public RepositorySettings Clone()
    {
        var copy = new RepositorySettings();
        foreach (var (role, days) in ExpiryDays)
        {
            copy.ExpiryDays[role] = days;
        }

        return copy;
    }

    /// <summary>Reads the settings of a repository; the defaults when it has none, or for a role it does not list.</summary>
    internal static RepositorySettings Load(IRepositoryStore store)
    {
        var settings = new RepositorySettings();
        try
        {
            var bytes = store.TryRead(RepositoryKeys.Settings);
            if (bytes is null)
            {
                return settings;
            }

            var json = JsonNode.Parse(bytes) as JsonObject;
            if (json?["expiresDays"] is JsonObject expires)
            {
                foreach (var (role, node) in expires)
                {
                    if (s_defaults.ContainsKey(role) && node is JsonValue value && value.TryGetValue<int>(out var days) && days is >= 1 and <= MaxExpiryDays)
                    {
                        settings.ExpiryDays[role] = days;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            var shown = store.Describe(RepositoryKeys.Settings);
            throw SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, shown, 0, shown, ex.Message);
        }

        return settings;
    }

    /// <summary>The JSON written to the settings file.</summary>
    internal byte[] ToBytes()
    {
        var expires = new JsonObject();
        foreach (var role in ExpiryRoles)
        {
            expires[role] = ExpiryDays[role];
        }

        var json = new JsonObject { ["expiresDays"] = expires };
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
