using System;
using System.CommandLine;
using System.IO;
using System.Net.Http;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain vuln update [--source URL|PATH]... [--output DIR]</c>: downloads the vulnerability data into the
/// repository (default <see cref="VulnCommand.DefaultDataFolder"/>) or a shared cache folder and writes a lock with the
/// source, the date and the SHA-256 of every file, so builds use exactly that reviewed data, offline.
/// </summary>
internal static class VulnUpdateCommand
{
    /// <summary>osv.dev's export of every NuGet advisory.</summary>
    public const string DefaultSource = "https://osv-vulnerabilities.storage.googleapis.com/NuGet/all.zip";

    public static Command Create(CommandContext context)
    {
        var sources = new Option<string[]>("--source") { Description = "A zip of OSV records or a NuGet V3 service index with a VulnerabilityInfo resource (URL or path); repeatable. Default: osv.dev's NuGet/all.zip.", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string?>("--output") { Description = "The folder to write (default: " + VulnCommand.DefaultDataFolder + " in the current folder)." };
        var command = new Command("update", "Downloads vulnerability data and records source, date and SHA-256 in a lock; the build reads it offline.") { sources, output };
        command.SetAction(parse => context.Run(sink => Run(parse.GetValue(sources), parse.GetValue(output), context)));
        return command;
    }

    internal static ExitCode Run(string[]? sources, string? output, CommandContext context)
    {
        var list = sources is { Length: > 0 } ? sources : new[] { DefaultSource };
        var folder = Path.GetFullPath(output ?? VulnCommand.DefaultDataFolder);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var dataLock = new VulnerabilityDataUpdater(http).UpdateAsync(list, folder, DateTimeOffset.UtcNow).GetAwaiter().GetResult();
        var database = VulnerabilityDatabase.Load(folder);
        context.Out.WriteLine($"{folder}: {database.Advisories.Count} advisories from {dataLock.Source}; lock {VulnerabilityDataLock.FileName} written ({dataLock.Files.Count} file(s)). Review and commit it.");
        return ExitCode.Success;
    }
}
