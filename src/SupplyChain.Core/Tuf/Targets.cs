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
        TargetFiles = new SortedDictionary<string, TargetFile>(StringComparer.Ordinal);
    }

    private Targets(JsonObject json, TargetFileIndex? index)
        : base(json, TufRoles.Targets, "targets", "delegations")
    {
        var targets = TufJson.RequireObject(json, "targets", "targets");
        if (index is not null)
        {
            // Read from bytes: the entries stay in the document, each checked here as below.
            index.ValidateAll();
            TargetFiles = index;
        }
        else
        {
            TargetFiles = new SortedDictionary<string, TargetFile>(StringComparer.Ordinal);
            foreach (var (path, entry) in targets)
            {
                TargetFiles[path] = TargetFile.FromJson(path, TufJson.AsObject(entry, $"the target '{path}'"));
            }
        }

        var delegations = TufJson.OptionalObject(json, "delegations", "targets");
        Delegations = delegations is null ? null : Delegations.FromJson(delegations);
    }

    /// <inheritdoc />
    public override string Type => TufRoles.Targets;

    /// <summary>The target files by path (the <c>targets</c> member).</summary>
    /// <remarks>
    /// Read from bytes, the entries stay in the document until one is looked up (or the map is enumerated or changed),
    /// so a client that looks up one target of many does not hold an object per target.
    /// </remarks>
    public IDictionary<string, TargetFile> TargetFiles { get; }

    /// <summary>The delegations, or null when the role delegates nothing.</summary>
    public Delegations? Delegations { get; set; }

    /// <summary>Reads the <c>signed</c> object of targets metadata.</summary>
    /// <exception cref="FormatException">The object is not targets metadata.</exception>
    public static Targets FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new Targets(json, null);
    }

    /// <summary>Reads the <c>signed</c> object whose <c>targets</c> member is given as an index into the document.</summary>
    internal static Targets FromJson(JsonObject json, TargetFileIndex? index) => new(json, index);

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
