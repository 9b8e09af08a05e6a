using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Repository;

namespace SupplyChain.Tool.Commands;

/// <summary><c>supplychain tuf rotate</c>: changes a role's keys or threshold, or renews the role.</summary>
internal static class TufRotateCommand
{
    public static Command Create(CommandContext context)
    {
        var directory = new Argument<string>("directory") { Description = "The repository folder, or a blob URL: https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]." };
        var role = new Option<string>("--role") { Description = "The role: root, targets, snapshot, timestamp, or bins (the hashed bins).", Required = true };
        var addKeys = TufCommandOptions.Keys("--add-key", "A private key to add to the role (it also signs the role's new metadata).");
        var removeKeys = new Option<string[]>("--remove-key") { Description = "A key to remove from the role: its key id, or its public or private key file.", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        var threshold = new Option<int?>("--threshold") { Description = "The role's new threshold." };
        var keys = TufCommandOptions.Keys("--key", "Another private key of the role that signs its new metadata: a key it keeps, or the old key (then every step of the change verifies).");
        var rootKeys = TufCommandOptions.Keys("--root-key", "A current root private key; the new root needs a threshold of them (and of the new root keys).");
        var targetsKeys = TufCommandOptions.Keys("--targets-key", "The targets private key (for a change of the hashed bins' keys).");
        var snapshotKeys = TufCommandOptions.Keys("--snapshot-key", "The snapshot private key, to publish the change.");
        var timestampKeys = TufCommandOptions.Keys("--timestamp-key", "The timestamp private key, to publish the change.");
        var common = new TufCommandOptions("Expiry period in days of the metadata this command signs, ROLE=DAYS (root, targets, bins, snapshot, timestamp): the role changed or renewed, and the roles re-signed with it. For this run only; the repository's settings stay.", RepositorySettings.ExpiryRoles.ToArray());
        var command = new Command("rotate", "Changes a role's keys or threshold (a new root signed by the old and the new root keys), or renews the role when nothing changes.")
        {
            directory, role, addKeys, removeKeys, threshold, keys, rootKeys, targetsKeys, snapshotKeys, timestampKeys,
        };
        common.AddTo(command);
        command.SetAction(parse => context.Run(sink =>
        {
            using var keySet = new TufKeySet(common.PasswordEnv(parse), sink);
            var request = new RotationRequest
            {
                Role = parse.GetValue(role)!,
                AddKeys = keySet.Load(parse.GetValue(addKeys)),
                RemoveKeyIds = (parse.GetValue(removeKeys) ?? Array.Empty<string>()).Select(keySet.KeyIdOf).ToArray(),
                Threshold = parse.GetValue(threshold),
                RoleKeys = keySet.Load(parse.GetValue(keys)),
                RootKeys = keySet.Load(parse.GetValue(rootKeys)),
                TargetsKeys = keySet.Load(parse.GetValue(targetsKeys)),
                SnapshotKeys = keySet.Load(parse.GetValue(snapshotKeys)),
                TimestampKeys = keySet.Load(parse.GetValue(timestampKeys)),
            };
            using var editor = RepositoryEditor.Open(parse.GetValue(directory)!, common.Options(parse, sink, context));
            var result = editor.Rotate(request);
            context.Out.WriteLine($"'{result.Role}' now trusts {result.KeyIds.Count.ToString(CultureInfo.InvariantCulture)} key(s), threshold {result.Threshold.ToString(CultureInfo.InvariantCulture)}: {string.Join(", ", result.KeyIds)}");
            var shown = result.Written.Where(w => !w.RoleName.StartsWith(RepositorySettings.DelegatedRoles + "-", StringComparison.Ordinal)).ToList();
            var bins = result.Written.Count - shown.Count;
            if (bins > 0)
            {
                context.Out.WriteLine($"signed: {bins.ToString(CultureInfo.InvariantCulture)} hashed bins");
            }

            TufCommandOutput.WriteSigned(context, shown);
            return ExitCode.Success;
        }));
        return command;
    }
}
