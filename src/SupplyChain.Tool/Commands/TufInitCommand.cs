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

/// <summary><c>supplychain tuf init</c>: creates a TUF repository over <see cref="RepositoryEditor.Initialize"/>.</summary>
internal static class TufInitCommand
{
    public static Command Create(CommandContext context)
    {
        var directory = new Argument<string>("directory") { Description = "The repository folder to create (it must not hold metadata yet), or a blob URL: https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]." };
        var rootKeys = TufCommandOptions.Keys("--root-key", "A root private key (PEM file or env:NAME); repeat for several.", required: true);
        var threshold = new Option<int>("--threshold") { Description = "How many root keys must sign a root.", DefaultValueFactory = _ => 1 };
        var targetsKeys = TufCommandOptions.Keys("--targets-key", "The targets private key.", required: true);
        var snapshotKeys = TufCommandOptions.Keys("--snapshot-key", "The snapshot private key.", required: true);
        var timestampKeys = TufCommandOptions.Keys("--timestamp-key", "The timestamp private key.", required: true);
        var bins = new Option<int>("--bins") { Description = $"Succinct hashed bins: their number, a power of two from 2 to {RepositoryEditor.MaxBins}. Builds then sign with the bins key and the targets key stays offline." };
        var binsKeys = TufCommandOptions.Keys("--bins-key", "The private key of the hashed bins.");
        var common = new TufCommandOptions("Expiry period of a kind of role in days, ROLE=DAYS (root, targets, bins, snapshot, timestamp); init stores them in the repository as the periods every later signing uses.", RepositorySettings.ExpiryRoles.ToArray());
        var command = new Command("init", "Creates a TUF repository: root, targets, snapshot and timestamp (and hashed bins), with consistent snapshots.")
        {
            directory, rootKeys, threshold, targetsKeys, snapshotKeys, timestampKeys, bins, binsKeys,
        };
        common.AddTo(command);
        command.SetAction(parse => context.Run(sink =>
        {
            using var keys = new TufKeySet(common.PasswordEnv(parse), sink);
            var result = RepositoryEditor.Initialize(parse.GetValue(directory)!, new RepositoryInitRequest
            {
                RootKeys = keys.Load(parse.GetValue(rootKeys)),
                RootThreshold = parse.GetValue(threshold),
                TargetsKeys = keys.Load(parse.GetValue(targetsKeys)),
                SnapshotKeys = keys.Load(parse.GetValue(snapshotKeys)),
                TimestampKeys = keys.Load(parse.GetValue(timestampKeys)),
                Bins = parse.GetValue(bins),
                BinsKeys = keys.Load(parse.GetValue(binsKeys)),
                Expiry = parse.GetValue(common.Expires),
            }, common.Options(parse, sink, context));
            context.Out.WriteLine($"Created the TUF repository '{result.Directory}'.");
            foreach (var (role, ids) in result.KeyIds)
            {
                context.Out.WriteLine($"  {role,-9} {string.Join(", ", ids)}");
            }

            if (result.Bins > 0)
            {
                context.Out.WriteLine($"  {result.Bins.ToString(CultureInfo.InvariantCulture)} hashed bins '{result.BinNamePrefix}-*'; the snapshot is {result.SnapshotLength.ToString("N0", CultureInfo.InvariantCulture)} bytes.");
            }

            context.Out.WriteLine($"Clients trust '{result.RootPath}'.");
            return ExitCode.Success;
        }));
        return command;
    }
}
