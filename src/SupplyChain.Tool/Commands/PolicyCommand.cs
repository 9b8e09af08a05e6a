using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Tool.Commands;

/// <summary><c>supplychain policy</c>: consumption policy (check, explain, test); docs/policy.md.</summary>
internal static class PolicyCommand
{
    /// <summary>The file name looked for when <c>--policy</c> is not given.</summary>
    public const string DefaultFileName = "supplychain-policy.json";

    public static Command Create(CommandContext context)
        => new("policy", "Consumption policy: which packages a build may use (licences, provenance, TUF, versions, age, vulnerabilities).")
        {
            PolicyCheckCommand.Create(context),
            PolicyExplainCommand.Create(context),
            PolicyTestCommand.Create(context),
        };

    /// <summary>The policy: the option, else the nearest supplychain-policy.json at or above <paramref name="start"/>.</summary>
    public static string PolicyPath(string? option, string start)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Path.GetFullPath(option);
        }

        var dir = new DirectoryInfo(Path.GetFullPath(start));
        if (File.Exists(dir.FullName))
        {
            dir = new FileInfo(dir.FullName).Directory;
        }

        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, DefaultFileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            dir = dir.Parent;
        }

        throw SupplyChainException.Create(DiagnosticCatalog.Policy_NotFound, null, 0, $"{DefaultFileName} (above '{start}'; give --policy)");
    }

    /// <summary>The packages folder: the option, else NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string PackagesFolder(string? option)
        => !string.IsNullOrWhiteSpace(option) ? Path.GetFullPath(option)
            : Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public static Option<string?> PolicyOption() => new("--policy") { Description = "The policy file (default: the nearest " + DefaultFileName + " at or above the path)." };

    public static Option<string?> PackagesOption() => new("--packages") { Description = "The global packages folder restore used (default: NUGET_PACKAGES, else ~/.nuget/packages)." };

    public static Option<string[]> FeedsOption() => new("--attestations") { Description = "A folder feed with attestation sidecars (<id>.<version>.intoto.jsonl); repeat for several.", Arity = ArgumentArity.ZeroOrMore };

    public static IReadOnlyList<string> Full(string[]? folders)
    {
        var result = new List<string>();
        foreach (var folder in folders ?? Array.Empty<string>())
        {
            result.Add(Path.GetFullPath(folder));
        }

        return result;
    }
}
