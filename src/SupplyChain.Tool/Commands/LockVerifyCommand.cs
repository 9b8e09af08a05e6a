using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Projects;

namespace SupplyChain.Tool.Commands;

/// <summary><c>supplychain lock verify PATH</c>: the pinning checks of the build, for a project, solution or folder.</summary>
internal static class LockVerifyCommand
{
    private static readonly string[] s_properties =
    {
        "ProjectAssetsFile", "NuGetLockFilePath", "MSBuildProjectName", "MSBuildProjectDirectory",
        "SupplyChainEnabled", "SupplyChainPinning", "SupplyChainVerifyPackageHashes", "ContinuousIntegrationBuild",
    };

    private static readonly string[] s_itemTypes = { "PackageReference", "PackageVersion", "GlobalPackageReference" };

    public static Command Create(CommandContext context)
    {
        var path = new Argument<string>("path") { Description = "A project file, a solution (.sln, .slnx) or a folder.", DefaultValueFactory = _ => "." };
        var command = new Command("verify", "Checks lock files, restore results, package sources and package bytes, as the build does.") { path };
        command.SetAction(parse => context.Run(sink => Run(parse.GetValue(path)!, sink, context)));
        return command;
    }

    internal static ExitCode Run(string path, ConsoleDiagnosticSink sink, CommandContext context)
    {
        var projects = ProjectDiscovery.Discover(path, "supplychain lock verify");
        if (projects.Count == 0)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, null, 0, Path.Combine(path, "*.csproj"), "supplychain lock verify");
        }

        var ci = ContinuousIntegration.IsDetected(Environment.GetEnvironmentVariable);
        var verified = 0;
        foreach (var project in projects)
        {
            var evaluation = context.Evaluate(project, s_properties, s_itemTypes);
            if (!string.Equals(evaluation.Property("SupplyChainEnabled") ?? "true", "true", StringComparison.OrdinalIgnoreCase)
                || string.Equals(evaluation.Property("SupplyChainPinning"), "Off", StringComparison.OrdinalIgnoreCase))
            {
                context.Out.WriteLine($"{project}: skipped (SupplyChain checks are turned off for this project).");
                continue;
            }

            var assets = evaluation.Property("ProjectAssetsFile") ?? Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json");
            var request = new PinningRequest(project, assets, LockFilePath(evaluation))
            {
                Mode = PinningMode.Error,
                VerifyPackageHashes = !string.Equals(evaluation.Property("SupplyChainVerifyPackageHashes"), "false", StringComparison.OrdinalIgnoreCase),
                IsContinuousIntegration = ci || string.Equals(evaluation.Property("ContinuousIntegrationBuild"), "true", StringComparison.OrdinalIgnoreCase),
                DeclaredVersions = s_itemTypes.SelectMany(t => evaluation.ItemsOf(t).Select(i => Declared(t, i))).ToArray(),
            };
            var before = sink.ErrorCount;
            var result = PinningVerifier.Verify(request, sink);
            if (sink.ErrorCount == before)
            {
                verified++;
                context.Out.WriteLine($"{project}: verified {result.Packages.Count} package(s).");
            }
        }

        context.Out.WriteLine($"{verified} of {projects.Count} project(s) verified.");
        return sink.ErrorCount == 0 ? ExitCode.Success : sink.HasInputErrors ? ExitCode.UsageOrInput : ExitCode.VerificationFailed;
    }

    private static string LockFilePath(ProjectEvaluation evaluation)
    {
        var directory = Path.GetDirectoryName(evaluation.ProjectPath)!;
        if (evaluation.Property("NuGetLockFilePath") is { } custom)
        {
            return Path.GetFullPath(Path.Combine(directory, custom));
        }

        var named = Path.Combine(directory, $"packages.{(evaluation.Property("MSBuildProjectName") ?? string.Empty).Replace(' ', '_')}.lock.json");
        return File.Exists(named) ? named : Path.Combine(directory, "packages.lock.json");
    }

    private static DeclaredPackageVersion Declared(string type, IReadOnlyDictionary<string, string> item)
    {
        static string? Get(IReadOnlyDictionary<string, string> i, string key) => i.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
        return new DeclaredPackageVersion(type, Get(item, "Identity") ?? string.Empty, Get(item, "Version"), Get(item, "VersionOverride"), Get(item, "DefiningProjectFullPath"));
    }
}
