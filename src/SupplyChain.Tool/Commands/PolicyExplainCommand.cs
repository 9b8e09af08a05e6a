using System;
using System.CommandLine;
using System.Linq;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Policy;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain policy explain PACKAGE[@VERSION] [--lock PATH] [--policy F] [--packages D] [--attestations D]</c>:
/// each rule tried for the package, whether it matched and by which pattern, which rule each section took, and each
/// check's result. Without a version, every version the lock file holds.
/// </summary>
internal static class PolicyExplainCommand
{
    public static Command Create(CommandContext context)
    {
        var package = new Argument<string>("package") { Description = "A package id, or ID@VERSION." };
        var lockPath = new Option<string?>("--lock") { Description = "A packages.lock.json, project or folder (default: the current folder)." };
        var policy = PolicyCommand.PolicyOption();
        var packages = PolicyCommand.PackagesOption();
        var feeds = PolicyCommand.FeedsOption();
        var command = new Command("explain", "Shows each policy rule tried for a package and why it matched or not.") { package, lockPath, policy, packages, feeds };
        command.SetAction(parse => context.Run(sink =>
        {
            var text = parse.GetValue(package)!;
            var at = text.IndexOf('@', StringComparison.Ordinal);
            var id = at < 0 ? text : text[..at];
            var lockFile = VulnCommand.LockFilePath(parse.GetValue(lockPath) ?? ".");
            var document = PolicyReader.Read(PolicyCommand.PolicyPath(parse.GetValue(policy), lockFile));
            var entries = PolicyCheck.Packages(PackagesLockFileReader.Read(lockFile))
                .Where(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase) && (at < 0 || string.Equals(p.Version, text[(at + 1)..], StringComparison.OrdinalIgnoreCase)))
                .ToList();
            if (entries.Count == 0 && at >= 0)
            {
                entries.Add((id, text[(at + 1)..], 0));
            }

            var request = new PolicyCheckRequest
            {
                PolicyPath = document.Path,
                LockFilePath = lockFile,
                PackagesFolder = PolicyCommand.PackagesFolder(parse.GetValue(packages)),
                AttestationFeeds = PolicyCommand.Full(parse.GetValue(feeds)),
                Now = DateTimeOffset.UtcNow,
            };
            var failed = false;
            foreach (var (entryId, version, line) in entries)
            {
                var evaluation = PolicyEvaluator.Evaluate(document, PolicyCheck.Describe(request, entryId, version, line, null), lockFile, request.Now);
                context.Out.WriteLine($"{entryId} {version}{(line > 0 ? $" ({lockFile} line {line})" : string.Empty)}:");
                foreach (var step in evaluation.Explanation)
                {
                    context.Out.WriteLine("  " + step);
                }

                foreach (var finding in evaluation.Findings)
                {
                    context.Out.WriteLine($"  {finding.Code}: {finding.Message}");
                }

                failed |= evaluation.Verdict == PolicyVerdict.Fail;
            }

            if (entries.Count == 0)
            {
                context.Out.WriteLine($"'{id}' is not in '{lockFile}'; give ID@VERSION to explain a version.");
            }

            return failed ? ExitCode.VerificationFailed : ExitCode.Success;
        }));
        return command;
    }
}
