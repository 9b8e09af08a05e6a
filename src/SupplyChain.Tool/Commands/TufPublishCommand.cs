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

/// <summary><c>supplychain tuf publish</c>: signs a new snapshot and timestamp.</summary>
internal static class TufPublishCommand
{
    public static Command Create(CommandContext context)
    {
        var directory = new Argument<string>("directory") { Description = "The repository folder, or a blob URL: https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]." };
        var snapshotKeys = TufCommandOptions.Keys("--snapshot-key", "The snapshot private key.", required: true);
        var timestampKeys = TufCommandOptions.Keys("--timestamp-key", "The timestamp private key.", required: true);
        var common = new TufCommandOptions("Expiry period in days of the snapshot and timestamp this command signs, ROLE=DAYS (snapshot, timestamp). For this run only; the repository's settings stay.", TufRoles.Snapshot, TufRoles.Timestamp);
        var command = new Command("publish", "Signs a new snapshot (every role signed since the last one) and a new timestamp: the release clients see.")
        {
            directory, snapshotKeys, timestampKeys,
        };
        common.AddTo(command);
        command.SetAction(parse => context.Run(sink =>
        {
            using var keySet = new TufKeySet(common.PasswordEnv(parse), sink);
            var snapshotSigners = keySet.Load(parse.GetValue(snapshotKeys));
            var timestampSigners = keySet.Load(parse.GetValue(timestampKeys));
            using var editor = RepositoryEditor.Open(parse.GetValue(directory)!, common.Options(parse, sink, context));
            TufCommandOutput.WritePublished(context, editor.Publish(snapshotSigners, timestampSigners));
            return ExitCode.Success;
        }));
        return command;
    }
}
