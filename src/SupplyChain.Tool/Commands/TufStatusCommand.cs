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

/// <summary><c>supplychain tuf status</c>: roles, versions, keys, thresholds, what is not published yet and what expires when.</summary>
internal static class TufStatusCommand
{
    public static Command Create(CommandContext context)
    {
        var directory = new Argument<string>("directory") { Description = "The repository folder, or a blob URL: https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]." };
        var command = new Command("status", "Shows roles, versions, keys and thresholds, what is not published yet, and what expires when.") { directory };
        command.SetAction(parse => context.Run(sink =>
        {
            using var editor = RepositoryEditor.Open(parse.GetValue(directory)!, new RepositoryOptions { Sink = sink }, readOnly: true);
            var status = editor.GetStatus();
            var output = context.Out;
            output.WriteLine($"TUF repository '{status.Directory}'{(status.ConsistentSnapshot ? ", consistent snapshots" : string.Empty)}");
            output.WriteLine($"{"role",-10} {"version",8} {"threshold",-9}  {"expires (UTC)",-20}  keys");
            foreach (var role in status.Roles)
            {
                var state = role.IsPublished ? string.Empty : " (not published)";
                output.WriteLine($"{role.RoleName,-10} {role.Version.ToString(CultureInfo.InvariantCulture),8} {Threshold(role.Threshold, role.KeyIds.Count),-9}  {TufDateTime.Format(role.Expires),-20}  {string.Join(", ", role.KeyIds)}{state}  {Remaining(role.Expires, status.ReferenceTime)}");
            }

            if (status.Bins is { } bins)
            {
                output.WriteLine($"{"bins",-10} {bins.MinVersion.ToString(CultureInfo.InvariantCulture) + "-" + bins.MaxVersion.ToString(CultureInfo.InvariantCulture),8} {Threshold(bins.Threshold, bins.KeyIds.Count),-9}  {TufDateTime.Format(bins.FirstToExpire.Expires),-20}  {string.Join(", ", bins.KeyIds)}  {Remaining(bins.FirstToExpire.Expires, status.ReferenceTime)}");
                output.WriteLine($"  {bins.Count.ToString(CultureInfo.InvariantCulture)} succinct hashed bins '{bins.NamePrefix}-*' ({bins.BitLength.ToString(CultureInfo.InvariantCulture)} bits); the first to expire is '{bins.FirstToExpire.RoleName}'.");
            }

            output.WriteLine($"targets listed by 'targets' itself: {status.TargetCount.ToString(CultureInfo.InvariantCulture)}; snapshot: {status.SnapshotLength.ToString("N0", CultureInfo.InvariantCulture)} bytes");
            output.WriteLine("expiry periods (days): " + string.Join(", ", RepositorySettings.ExpiryRoles.Select(r => $"{r} {status.ExpiryDays[r].ToString(CultureInfo.InvariantCulture)}")));
            if (status.Pending.Count > 0)
            {
                output.WriteLine($"not published yet ({status.Pending.Count.ToString(CultureInfo.InvariantCulture)} role(s), run 'supplychain tuf publish'): {string.Join(", ", status.Pending.Take(10).Select(p => $"{p.RoleName} v{p.Version.ToString(CultureInfo.InvariantCulture)}"))}{(status.Pending.Count > 10 ? ", ..." : string.Empty)}");
            }

            foreach (var stale in editor.StaleRoles)
            {
                output.WriteLine($"'{stale}' is signed only by keys of the previous root: a key rotation was interrupted; run it again to re-sign the role.");
            }

            RepositoryEditor.ReportExpiry(status, sink);
            return ExitCode.Success;
        }));
        return command;
    }

    private static string Threshold(int threshold, int keys) => $"{threshold.ToString(CultureInfo.InvariantCulture)} of {keys.ToString(CultureInfo.InvariantCulture)}";

    private static string Remaining(DateTimeOffset expires, DateTimeOffset now)
    {
        var left = expires - now;
        if (left <= TimeSpan.Zero)
        {
            return "EXPIRED";
        }

        return left.TotalDays >= 1
            ? $"(in {Math.Floor(left.TotalDays).ToString(CultureInfo.InvariantCulture)} days)"
            : $"(in {Math.Floor(left.TotalHours).ToString(CultureInfo.InvariantCulture)} hours)";
    }
}
