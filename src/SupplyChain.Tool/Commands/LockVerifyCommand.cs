using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Pinning;
using SupplyChain.Core.Projects;

namespace SupplyChain.Tool.Commands;

/// <summary><c>supplychain lock verify PATH</c>: the pinning checks of the build, for a project, solution or folder.</summary>
internal static class LockVerifyCommand
{
    private static readonly string[] s_properties =
    {
        "ProjectAssetsFile", "NuGetLockFilePath", "MSBuildProjectName", "MSBuildProjectDirectory",
        "SupplyChainEnabled", "SupplyChainPinning", "SupplyChainVerifyPackageHashes", "ContinuousIntegrationBuild",
        "SupplyChainIsProjectSdk", "SupplyChainSdkVersion", "SupplyChainSdkContentHash", "_SupplyChainSdkPackagePath",
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
        var sdkPackagesChecked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            var evaluation = context.Evaluate(project, s_properties, s_itemTypes);
            var enabled = string.Equals(evaluation.Property("SupplyChainEnabled") ?? "true", "true", StringComparison.OrdinalIgnoreCase);
            var assets = evaluation.Property("ProjectAssetsFile") ?? Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json");
            var sdkErrorsBefore = sink.ErrorCount;
            if (enabled)
            {
                VerifySdkPackage(project, evaluation, assets, sdkPackagesChecked, sink, context);
            }

            if (!enabled || string.Equals(evaluation.Property("SupplyChainPinning"), "Off", StringComparison.OrdinalIgnoreCase))
            {
                context.Out.WriteLine($"{project}: skipped (SupplyChain checks are turned off for this project).");
                continue;
            }

            var request = new PinningRequest(project, assets, LockFilePath(evaluation))
            {
                Mode = PinningMode.Error,
                VerifyPackageHashes = !string.Equals(evaluation.Property("SupplyChainVerifyPackageHashes"), "false", StringComparison.OrdinalIgnoreCase),
                IsContinuousIntegration = ci || string.Equals(evaluation.Property("ContinuousIntegrationBuild"), "true", StringComparison.OrdinalIgnoreCase),
                DeclaredVersions = s_itemTypes.SelectMany(t => evaluation.ItemsOf(t).Select(i => Declared(t, i))).ToArray(),
            };
            var result = PinningVerifier.Verify(request, sink);
            if (sink.ErrorCount == sdkErrorsBefore)
            {
                verified++;
                context.Out.WriteLine($"{project}: verified {result.Packages.Count} package(s).");
            }
        }

        context.Out.WriteLine($"{verified} of {projects.Count} project(s) verified.");
        return sink.ErrorCount == 0 ? ExitCode.Success : sink.HasInputErrors ? ExitCode.UsageOrInput : ExitCode.VerificationFailed;
    }

    /// <summary>
    /// The MSBuild-SDK form: no lock file covers SupplyChain.Sdk, so compare its package with SupplyChainSdkContentHash
    /// (SCSDK1019) and print its content hash (SCSDK1501 when it is not pinned). The package is found as NuGet and the SDK
    /// resolver place it (the version global.json pins, in the packages folder restore used), not where the SDK's own
    /// files say it is; the evaluated location is used only when the project's restore output does not say.
    /// </summary>
    private static void VerifySdkPackage(string project, ProjectEvaluation evaluation, string assetsPath, HashSet<string> checkedPackages, ConsoleDiagnosticSink sink, CommandContext context)
    {
        if (!string.Equals(evaluation.Property("SupplyChainIsProjectSdk"), "true", StringComparison.OrdinalIgnoreCase) && !SdkPackageVerifier.IsNamedInProjectFile(project))
        {
            return;
        }

        var version = SdkPackageVerifier.VersionFromGlobalJson(Path.GetDirectoryName(project)!) ?? evaluation.Property("SupplyChainSdkVersion");
        var packagesFolder = PackagesFolderOf(assetsPath);
        var packagePath = version is not null && packagesFolder is not null
            ? SdkPackageVerifier.PackagePath(packagesFolder, version)
            : evaluation.Property("_SupplyChainSdkPackagePath");
        if (packagePath is null || version is null)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, project, 0, project, "it uses SupplyChain.Sdk as an MSBuild project SDK, but neither global.json nor its evaluation says which version; run 'dotnet restore' first");
        }

        var expected = evaluation.Property("SupplyChainSdkContentHash")?.Trim();
        if (!checkedPackages.Add(packagePath + "\n" + expected))
        {
            return;
        }

        var before = sink.ErrorCount;
        var hash = SdkPackageVerifier.Verify(packagePath, expected, version, sink);
        if (hash is not null)
        {
            var state = expected is null ? "not pinned; set SupplyChainSdkContentHash to it" : sink.ErrorCount == before ? "matches SupplyChainSdkContentHash" : "does NOT match SupplyChainSdkContentHash";
            context.Out.WriteLine($"{project}: SupplyChain.Sdk {version} ({packagePath}) has contentHash {hash} ({state}).");
        }
    }

    private static string? PackagesFolderOf(string assetsPath)
    {
        if (!File.Exists(assetsPath))
        {
            return null;
        }

        try
        {
            return ProjectAssetsFile.Read(assetsPath).PackageFolders.FirstOrDefault();
        }
        catch (SupplyChainException)
        {
            // The pinning checks report the unreadable assets file.
            return null;
        }
    }

    private static string LockFilePath(ProjectEvaluation evaluation)
        => LockFileLocation.For(evaluation.ProjectPath, evaluation.Property("MSBuildProjectName"), evaluation.Property("NuGetLockFilePath"));

    private static DeclaredPackageVersion Declared(string type, IReadOnlyDictionary<string, string> item)
    {
        static string? Get(IReadOnlyDictionary<string, string> i, string key) => i.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
        return DeclaredPackageVersions.FromItem(type, Get(item, "Identity"), key => Get(item, key));
    }
}
