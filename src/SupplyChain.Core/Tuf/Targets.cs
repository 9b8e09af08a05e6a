using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// Targets metadata (top-level or delegated): the target files it vouches for, by path, and optionally its
/// delegations to other roles.
/// </summary>
public sealed class Targets : Signed, IDelegator
{
    /// <summary>Creates targets metadata with no target and no delegation.</summary>
    public Targets(DateTimeOffset expires)
        : base(expires)
    {
    }

    private Targets(JsonObject json)
        : base(json, TufRoles.Targets, "targets", "delegations")
    {
        foreach (var (path, entry) in TufJson.RequireObject(json, "targets", "targets"))
        {
            TargetFiles[path] = TargetFile.FromJson(path, TufJson.AsObject(entry, $"the target '{path}'"));
        }

        var delegations = TufJson.OptionalObject(json, "delegations", "targets");
        Delegations = delegations is null ? null : Delegations.FromJson(delegations);
    }

    /// <inheritdoc />
    public override string Type => TufRoles.Targets;

    /// <summary>The target files by path (the <c>targets</c> member).</summary>
    public IDictionary<string, TargetFile> TargetFiles { get; } = new SortedDictionary<string, TargetFile>(StringComparer.Ordinal);

    /// <summary>The delegations, or null when the role delegates nothing.</summary>
    public Delegations? Delegations { get; set; }

    /// <summary>Reads the <c>signed</c> object of targets metadata.</summary>
    /// <exception cref="FormatException">The object is not targets metadata.</exception>
    public static Targets FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new Targets(json);
    }

    /// <summary>Adds (or replaces) a target file entry.</summary>
    public void AddTarget(TargetFile target)
    {
        ArgumentNullException.ThrowIfNull(target);
        TargetFiles[target.Path] = target;
    }

    /// <inheritdoc />
    public DelegationKeys? FindDelegationKeys(string roleName) => Delegations?.FindDelegationKeys(roleName);

    /// <inheritdoc />
    private protected override void WriteFields(JsonObject json)
    {
        var targets = new JsonObject();
        foreach (var (path, target) in TargetFiles)
        {
            targets[path] = target.ToJson();
        }

        json["targets"] = targets;
        if (Delegations is not null)
        {
            json["delegations"] = Delegations.ToJson();
        }
    }
}
