using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security;
using SupplyChain.Core.Adoption;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;
using SupplyChain.Core.Pinning;
using SupplyChain.Core.Projects;
using SupplyChain.Tool.Commands;

namespace SupplyChain.Tool;

/// <summary>
/// What <c>supplychain init</c> does, in order: refuse a dirty git working tree (unless --force); evaluate the
/// projects; restore once to learn what restore resolves and where each package came from (with SupplyChain.Sdk
/// added for that restore only, lock files and locked mode off, so nothing of the repository changes); plan the
/// edits (<see cref="AdoptionPlanner"/>); print them as a unified diff (--dry-run) or write them; then restore for
/// real (the lock files appear) and run the checks of <c>supplychain lock verify</c>.
/// </summary>
internal sealed class InitWorkflow
{
    private static readonly string[] s_properties =
    {
        "ManagePackageVersionsCentrally", "DirectoryBuildPropsPath", "DirectoryPackagesPropsPath", "ProjectAssetsFile",
    };

    private static readonly string[] s_itemTypes = { "PackageReference", "PackageVersion", "GlobalPackageReference" };

    private static readonly TimeSpan s_restoreTimeout = TimeSpan.FromMinutes(10);

    private readonly CommandContext _context;
    private readonly ConsoleDiagnosticSink _sink;

    public InitWorkflow(CommandContext context, ConsoleDiagnosticSink sink)
    {
        _context = context;
        _sink = sink;
    }

    /// <summary>The SupplyChain.Sdk version init pins: the tool's own (without build metadata).</summary>
    public static string ToolVersion
    {
        get
        {
            var informational = typeof(InitWorkflow).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(InitWorkflow).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }
    }

    public ExitCode Run(string path, bool dryRun, bool sdkForm, bool force)
    {
        var full = Path.GetFullPath(path);
        var projects = ProjectDiscovery.Discover(path, "supplychain init");
        if (projects.Count == 0)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, null, 0, Path.Combine(path, "*.csproj"), "supplychain init");
        }

        var boundary = RepositoryBoundary.For(full);
        if (!dryRun && !force)
        {
            RequireCleanWorkingTree(boundary);
        }

        var solutions = Solutions(full);
        var restoreTargets = solutions.Count == 1 && (Directory.Exists(full) || IsSolution(full)) ? solutions : projects;
        var evaluations = projects.Select(p => _context.Evaluate(p, s_properties, s_itemTypes)).ToArray();

        var scratch = Path.Combine(Path.GetTempPath(), "supplychain-init-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        AdoptionPlan plan;
        try
        {
            if (!LearningRestore(restoreTargets, scratch))
            {
                return ExitCode.VerificationFailed;
            }

            var request = BuildRequest(boundary, sdkForm, projects, evaluations, solutions);
            if (request is null)
            {
                return ExitCode.VerificationFailed;
            }

            plan = AdoptionPlanner.Plan(request);
        }
        finally
        {
            TryDeleteDirectory(scratch);
        }

        foreach (var problem in plan.Problems)
        {
            _sink.Report(problem);
        }

        if (plan.IsRefused)
        {
            _context.Out.WriteLine("supplychain init: nothing was written (a change would leave the repository).");
            return ExitCode.UsageOrInput;
        }

        if (dryRun)
        {
            foreach (var change in plan.Changes)
            {
                _context.Out.Write(UnifiedDiff.Create(boundary.Relative(change.Path), change.Before, change.After));
            }

            PrintNotes(plan, "would change");
            _context.Out.WriteLine(plan.Changes.Count == 0
                ? "supplychain init: nothing to change (dry run)."
                : $"supplychain init: dry run; {plan.Changes.Count} file(s) would change; nothing was written.");
            return Exit();
        }

        foreach (var change in plan.Changes)
        {
            AtomicFile.WriteAllBytes(RepositoryBoundary.RealPath(Path.GetFullPath(change.Path)), change.AfterBytes);
        }

        // The checks below evaluate the projects again: not from what was cached before these edits.
        InProcessProjectEvaluator.Forget();

        PrintNotes(plan, "changed");
        _context.Out.WriteLine(plan.Changes.Count == 0
            ? "supplychain init: nothing to change; the repository was already set up."
            : $"supplychain init: {plan.Changes.Count} file(s) changed; review them with 'git diff' and commit them with the lock files.");

        // Restore for real (the lock files appear), then the checks of the build.
        foreach (var target in restoreTargets)
        {
            var restore = RunDotNet(new[] { "restore", target, "-nodeReuse:false", "-nologo" }, Path.GetDirectoryName(target)!);
            if (restore.ExitCode != 0)
            {
                _sink.Report(Diagnostic.Create(DiagnosticCatalog.Init_RestoreFailed, target, 0, target, FirstErrors(restore.Output)));
            }
        }

        if (_sink.ErrorCount == 0 || plan.Problems.Count == _sink.ErrorCount)
        {
            _context.Out.WriteLine("supplychain init: the checks of the build (as 'supplychain lock verify'):");
            LockVerifyCommand.Run(path, _sink, _context);
        }

        if (_sink.ErrorCount > 0)
        {
            _context.Out.WriteLine($"supplychain init: {_sink.ErrorCount} finding(s) above need a human.");
        }

        return Exit();
    }

    private ExitCode Exit()
        => _sink.ErrorCount == 0 ? ExitCode.Success : _sink.HasInputErrors ? ExitCode.UsageOrInput : ExitCode.VerificationFailed;

    private void PrintNotes(AdoptionPlan plan, string verb)
    {
        foreach (var note in plan.Notes)
        {
            _context.Out.WriteLine($"  {verb}: {note}");
        }
    }

    private static void RequireCleanWorkingTree(RepositoryBoundary boundary)
    {
        if (!boundary.IsGitWorkTree)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Init_WorkingTreeNotClean, boundary.Root, 0, boundary.Root, "it is not in a git work tree, so nothing could undo the edits");
        }

        (int ExitCode, string Output) status;
        try
        {
            status = Run("git", new[] { "-C", boundary.Root, "status", "--porcelain", "--untracked-files=normal" }, boundary.Root, TimeSpan.FromMinutes(1));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Init_WorkingTreeNotClean, boundary.Root, 0, boundary.Root, "'git' could not be started to check the working tree");
        }

        var lines = status.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (status.ExitCode != 0)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Init_WorkingTreeNotClean, boundary.Root, 0, boundary.Root, "'git status' failed: " + string.Join(" ", lines.Take(3)));
        }

        if (lines.Length > 0)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Init_WorkingTreeNotClean, boundary.Root, 0, boundary.Root, $"its working tree has {lines.Length} uncommitted change(s) (first: '{lines[0]}')");
        }
    }

    /// <summary>
    /// Restores with SupplyChain.Sdk added (so its source is learned too), the repository's lock files out of the way
    /// and floating central versions allowed, so restore says what it resolves without changing a file of the repository.
    /// </summary>
    private bool LearningRestore(IReadOnlyList<string> targets, string scratch)
    {
        var inject = Path.Combine(scratch, "supplychain-init.targets");
        File.WriteAllText(inject, $"""
            <Project>
              <ItemGroup>
                <PackageReference Remove="{AdoptionPlanner.SdkPackageId}" />
                <PackageVersion Remove="{AdoptionPlanner.SdkPackageId}" />
                <GlobalPackageReference Remove="{AdoptionPlanner.SdkPackageId}" />
                <PackageReference Include="{AdoptionPlanner.SdkPackageId}" Version="{SecurityElement.Escape(ToolVersion)}" PrivateAssets="all" IsImplicitlyDefined="true" />
              </ItemGroup>
            </Project>
            """);
        var ok = true;
        foreach (var target in targets)
        {
            var result = RunDotNet(
                new[]
                {
                    "restore", target, "--force-evaluate", "-nodeReuse:false", "-nologo",
                    "-p:RestorePackagesWithLockFile=false",
                    "-p:NuGetLockFilePath=" + Path.Combine(scratch, "none", "packages.lock.json"),
                    "-p:RestoreLockedMode=false",
                    "-p:CentralPackageFloatingVersionsEnabled=true",
                    "-p:SupplyChainEnabled=false",
                    "-p:TreatWarningsAsErrors=false",
                    "-p:CustomAfterMicrosoftCommonTargets=" + inject,
                    "-p:CustomAfterMicrosoftCommonCrossTargetingTargets=" + inject,
                },
                Path.GetDirectoryName(target)!);
            if (result.ExitCode != 0)
            {
                _sink.Report(Diagnostic.Create(DiagnosticCatalog.Init_RestoreFailed, target, 0, target, FirstErrors(result.Output)));
                ok = false;
            }
        }

        return ok;
    }

    private AdoptionRequest? BuildRequest(RepositoryBoundary boundary, bool sdkForm, IReadOnlyList<string> projects, IReadOnlyList<ProjectEvaluation> evaluations, IReadOnlyList<string> solutions)
    {
        var adoptionProjects = new List<AdoptionProject>();
        var packages = new List<RestoredPackage>();
        var sources = new List<string>();
        IReadOnlyList<string>? configFiles = null;
        for (var i = 0; i < projects.Count; i++)
        {
            var evaluation = evaluations[i];
            var assetsPath = evaluation.Property("ProjectAssetsFile") ?? Path.Combine(Path.GetDirectoryName(projects[i])!, "obj", "project.assets.json");
            if (!File.Exists(assetsPath))
            {
                _sink.Report(Diagnostic.Create(DiagnosticCatalog.Init_RestoreFailed, projects[i], 0, projects[i], $"it wrote no '{assetsPath}'"));
                return null;
            }

            var assets = ProjectAssetsFile.Read(assetsPath);
            var resolved = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var group in assets.Targets.SelectMany(t => t.Libraries).Where(l => l.IsPackage).GroupBy(l => l.Id, StringComparer.OrdinalIgnoreCase))
            {
                resolved[group.Key] = group.Select(l => l.Version).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            }

            var packagesFolder = assets.PackageFolders.FirstOrDefault();
            foreach (var library in assets.Libraries.Where(l => l.IsPackage))
            {
                var folder = packagesFolder is null || library.Path is null ? string.Empty : Path.Combine(packagesFolder, library.Path);
                packages.Add(new RestoredPackage(library.Id, library.Version, folder, folder.Length == 0 ? null : PackageSourceRecord.Read(folder)));
            }

            foreach (var (id, version) in DownloadDependencies.Read(assetsPath))
            {
                var folder = packagesFolder is null ? string.Empty : Path.Combine(packagesFolder, id.ToLowerInvariant(), version.ToLowerInvariant());
                packages.Add(new RestoredPackage(id, version, folder, folder.Length == 0 ? null : PackageSourceRecord.Read(folder)));
            }

            sources.AddRange(assets.Restore?.Sources ?? Array.Empty<string>());
            configFiles ??= assets.Restore?.ConfigFilePaths;
            var items = s_itemTypes.SelectMany(t => evaluation.ItemsOf(t).Select(item => Item(t, item))).ToArray();
            adoptionProjects.Add(new AdoptionProject(
                projects[i],
                string.Equals(evaluation.Property("ManagePackageVersionsCentrally"), "true", StringComparison.OrdinalIgnoreCase),
                evaluation.Property("DirectoryBuildPropsPath"),
                evaluation.Property("DirectoryPackagesPropsPath"),
                items,
                resolved));
        }

        return new AdoptionRequest(boundary, ToolVersion, sdkForm, adoptionProjects, solutions, sources.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(), configFiles ?? Array.Empty<string>(), packages);
    }

    private static AdoptionPackageItem Item(string type, IReadOnlyDictionary<string, string> item)
    {
        var declared = DeclaredPackageVersions.FromItem(type, Get(item, "Identity"), key => Get(item, key));
        return new AdoptionPackageItem(type, declared.Id, declared.Version, declared.VersionOverride, declared.DefiningFile);

        static string? Get(IReadOnlyDictionary<string, string> i, string key) => i.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
    }

    private static IReadOnlyList<string> Solutions(string full)
    {
        if (IsSolution(full))
        {
            return new[] { full };
        }

        if (Directory.Exists(full))
        {
            return Directory.GetFiles(full, "*.sln").Concat(Directory.GetFiles(full, "*.slnx")).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        }

        return Array.Empty<string>();
    }

    private static bool IsSolution(string path)
        => File.Exists(path) && (path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase));

    private static (int ExitCode, string Output) RunDotNet(IEnumerable<string> arguments, string workingDirectory)
        => Run("dotnet", arguments, workingDirectory, s_restoreTimeout);

    private static (int ExitCode, string Output) Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        // The in-process evaluation (Microsoft.Build.Locator) set these for this process; a child 'dotnet' finds its own.
        foreach (var name in new[] { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{fileName}' could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"'{fileName}' did not finish within {timeout.TotalSeconds:0} s");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }

    private static string FirstErrors(string output)
    {
        var errors = output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(3).ToArray();
        var text = errors.Length > 0 ? string.Join(" | ", errors) : string.Join(" ", output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(3));
        return SecretRedactor.RedactUrls(text) ?? string.Empty;
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
