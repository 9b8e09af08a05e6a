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

/// <summary><c>supplychain tuf add</c>: adds targets (at the paths <see cref="TargetInputs"/> gives them) and signs the roles that list them; with the snapshot and timestamp keys, also publishes.</summary>
internal static class TufAddCommand
{
    public static Command Create(CommandContext context)
    {
        var directory = new Argument<string>("directory") { Description = "The repository folder, or a blob URL: https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]." };
        var files = new Argument<string[]>("files")
        {
            Description = "Files or folders to add. A .nupkg goes to its NuGet flat-container path, with the files named after it (its SBOM, attestations) beside it; a folder adds every file below it at its relative path.",
            Arity = ArgumentArity.OneOrMore,
        };
        var keys = TufCommandOptions.Keys("--key", "A private key of the role that lists targets: the targets key, or the bins key of a repository with hashed bins.", required: true);
        var path = new Option<string?>("--path") { Description = "The target path of a single file; ending in '/', the folder the files (or folders) go to." };
        var snapshotKeys = TufCommandOptions.Keys("--snapshot-key", "Also publish: the snapshot private key.");
        var timestampKeys = TufCommandOptions.Keys("--timestamp-key", "Also publish: the timestamp private key.");
        var skipDuplicate = new Option<bool>("--skip-duplicate") { Description = "A package version the repository lists with other bytes keeps its published release (a warning) instead of failing, as 'dotnet nuget push --skip-duplicate'." };
        var replace = new Option<bool>("--replace") { Description = "Replace a package version the repository lists with other bytes (a warning names both hashes). Published versions are immutable without it." };
        var common = new TufCommandOptions("Expiry period in days of the roles this command signs, ROLE=DAYS: targets or bins (the role that lists the targets), and snapshot and timestamp with the publishing keys. For this run only; the repository's settings stay.", TufRoles.Targets, RepositorySettings.DelegatedRoles, TufRoles.Snapshot, TufRoles.Timestamp);
        var command = new Command("add", "Adds targets and signs the roles that list them; with the snapshot and timestamp keys, also publishes. A package version already published with other bytes is refused unless --skip-duplicate or --replace.")
        {
            directory, files, keys, path, snapshotKeys, timestampKeys, skipDuplicate, replace,
        };
        common.AddTo(command);
        command.SetAction(parse => context.Run(sink =>
        {
            if (parse.GetValue(skipDuplicate) && parse.GetValue(replace))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--replace", "true", "--skip-duplicate keeps a published release and --replace replaces it; give one of them");
            }

            var policy = parse.GetValue(replace) ? ExistingReleasePolicy.Replace : parse.GetValue(skipDuplicate) ? ExistingReleasePolicy.SkipDuplicate : ExistingReleasePolicy.Refuse;
            var requests = TargetInputs.FromFiles(parse.GetValue(files)!, parse.GetValue(path));
            using var keySet = new TufKeySet(common.PasswordEnv(parse), sink);
            var signers = keySet.Load(parse.GetValue(keys));
            var snapshotSigners = keySet.Load(parse.GetValue(snapshotKeys));
            var timestampSigners = keySet.Load(parse.GetValue(timestampKeys));
            using var editor = RepositoryEditor.Open(parse.GetValue(directory)!, common.Options(parse, sink, context));
            var result = editor.AddTargets(requests, signers, policy);
            foreach (var target in result.Targets)
            {
                var outcome = target.Outcome switch
                {
                    TargetOutcome.Skipped => "skipped",
                    TargetOutcome.Replaced => "replaced",
                    TargetOutcome.Unchanged => "unchanged",
                    _ => "added",
                };
                var listed = target.ListedSha256 is { } sha && !string.Equals(sha, target.Sha256, StringComparison.Ordinal) ? $", listed sha256 {sha}" : string.Empty;
                context.Out.WriteLine($"{outcome}: {target.TargetPath} ({target.Length.ToString(CultureInfo.InvariantCulture)} bytes, sha256 {target.Sha256}{listed}) in '{target.RoleName}'");
            }

            TufCommandOutput.WriteSigned(context, result.SignedRoles);
            if ((snapshotSigners.Count > 0 || timestampSigners.Count > 0) && result.PendingRoles.Count == 0)
            {
                // Nothing signed and nothing waiting: the release clients see stays as it is.
                context.Out.WriteLine("Nothing changed; nothing to publish.");
            }
            else if (snapshotSigners.Count > 0 || timestampSigners.Count > 0)
            {
                TufCommandOutput.WritePublished(context, editor.Publish(snapshotSigners, timestampSigners));
            }
            else if (result.PendingRoles.Count > 0)
            {
                context.Out.WriteLine($"{result.PendingRoles.Count.ToString(CultureInfo.InvariantCulture)} role(s) wait for 'supplychain tuf publish' (a new snapshot and timestamp) before clients see them.");
            }

            return ExitCode.Success;
        }));
        return command;
    }
}
