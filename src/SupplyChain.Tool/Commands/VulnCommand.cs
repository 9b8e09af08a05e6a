using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Reflection;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;

namespace SupplyChain.Tool.Commands;

/// <summary><c>supplychain vuln</c>: known vulnerabilities of locked packages (update, check, explain).</summary>
internal static class VulnCommand
{
    /// <summary>Where <c>vuln update</c> writes and <c>vuln check</c> looks by default, below the repository.</summary>
    public const string DefaultDataFolder = ".supplychain/vulnerabilities";

    public static Command Create(CommandContext context)
        => new("vuln", "Known vulnerabilities of locked packages: offline data, checks and explanations.")
        {
            VulnUpdateCommand.Create(context),
            VulnCheckCommand.Create(context),
            VulnExplainCommand.Create(context),
        };

    /// <summary>The data folder: the option, else the nearest <see cref="DefaultDataFolder"/> at or above <paramref name="start"/>.</summary>
    public static string DataPath(string? option, string start)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }

        var dir = new DirectoryInfo(Path.GetFullPath(start));
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, DefaultDataFolder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            dir = dir.Parent;
        }

        throw SupplyChainException.Create(DiagnosticCatalog.VulnerabilityData_NotFound, null, 0, $"{DefaultDataFolder} (above '{start}')");
    }

    /// <summary>The lock file of PATH: a lock file itself, a project file, or a folder with one of them.</summary>
    public static string LockFilePath(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return full.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? full : LockFileLocation.For(full, null, null);
        }

        if (Directory.Exists(full))
        {
            var lockFile = Path.Combine(full, "packages.lock.json");
            if (File.Exists(lockFile))
            {
                return lockFile;
            }

            var projects = Directory.GetFiles(full, "*.*proj").Where(p => p.EndsWith("proj", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (projects.Length == 1)
            {
                return LockFileLocation.For(projects[0], null, null);
            }
        }

        throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, null, 0, Path.Combine(path, "packages.lock.json"), "supplychain vuln");
    }

    public static string ToolVersion
        => typeof(VulnCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
