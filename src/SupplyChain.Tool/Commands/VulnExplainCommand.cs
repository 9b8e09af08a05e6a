using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain vuln explain PACKAGE[@VERSION] [--lock PATH] [--data D]</c>: every advisory naming the package, its
/// ranges, and for the version (given, or each version the lock file holds) which ranges contain it and why it is or
/// is not affected.
/// </summary>
internal static class VulnExplainCommand
{
    public static Command Create(CommandContext context)
    {
        var package = new Argument<string>("package") { Description = "A package id, or ID@VERSION." };
        var lockPath = new Option<string?>("--lock") { Description = "A packages.lock.json, project or folder whose versions of the package to explain (default: the current folder's, when it has one)." };
        var data = new Option<string?>("--data") { Description = "The vulnerability data (default: the nearest " + VulnCommand.DefaultDataFolder + ")." };
        var command = new Command("explain", "Explains why a package version is or is not affected: which advisory ranges match.") { package, lockPath, data };
        command.SetAction(parse => context.Run(sink => Run(parse.GetValue(package)!, parse.GetValue(lockPath), parse.GetValue(data), context)));
        return command;
    }

    internal static ExitCode Run(string package, string? lockPath, string? data, CommandContext context)
    {
        var at = package.IndexOf('@', StringComparison.Ordinal);
        var id = at < 0 ? package : package[..at];
        var versions = new System.Collections.Generic.List<(string Version, string Where)>();
        if (at >= 0)
        {
            versions.Add((package[(at + 1)..], "as given"));
        }
        else
        {
            string? lockFile = null;
            try
            {
                lockFile = VulnCommand.LockFilePath(lockPath ?? ".");
            }
            catch (SupplyChainException) when (lockPath is null)
            {
                // No lock file here: explain the advisories only.
            }

            if (lockFile is not null && File.Exists(lockFile))
            {
                foreach (var target in PackagesLockFileReader.Read(lockFile).Targets)
                {
                    foreach (var entry in target.Dependencies.Where(e => e.IsPackage && e.Resolved is not null && string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase)))
                    {
                        versions.Add((entry.Resolved!, $"{lockFile} line {entry.Line} ({target.Key}, {entry.Type})"));
                    }
                }
            }
        }

        var database = VulnerabilityDatabase.Load(VulnCommand.DataPath(data, lockPath ?? "."));
        var advisories = database.For(id);
        context.Out.WriteLine($"{id}: {advisories.Count} advisory entr{(advisories.Count == 1 ? "y" : "ies")} in '{database.Path}'.");
        foreach (var (advisory, affected) in advisories)
        {
            var ranges = affected.Intervals.Select(i => i.ToString()).Concat(affected.Versions.Select(v => "[" + v.Normalized + "]"));
            context.Out.WriteLine($"  {advisory.Id} ({string.Join(", ", advisory.Aliases.DefaultIfEmpty("no alias"))}), {VulnerabilitySeverityText.Display(advisory.Severity)}: {string.Join(" ", ranges)}  {advisory.Url}");
        }

        var anyAffected = false;
        foreach (var (versionText, where) in versions.Distinct())
        {
            if (!NuGetVersionValue.TryParse(versionText, out var version))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Vulnerability_InvalidSetting, null, 0, "PACKAGE@VERSION", versionText, "a NuGet version");
            }

            var matches = advisories.Select(a => (a.Advisory, Ranges: a.Package.Matching(version), Fixed: a.Package.FirstFixedAbove(version))).Where(m => m.Ranges.Count > 0).ToArray();
            if (matches.Length == 0)
            {
                context.Out.WriteLine($"{id} {version.Normalized} ({where}): not affected: no advisory range contains it.");
                continue;
            }

            anyAffected = true;
            foreach (var m in matches)
            {
                context.Out.WriteLine($"{id} {version.Normalized} ({where}): AFFECTED by {m.Advisory.Id}: {version.Normalized} is in {string.Join(" and ", m.Ranges)}; {(m.Fixed is null ? "no fixed version is known" : "fixed in " + m.Fixed.Normalized)}.");
            }
        }

        return anyAffected ? ExitCode.VerificationFailed : ExitCode.Success;
    }
}
