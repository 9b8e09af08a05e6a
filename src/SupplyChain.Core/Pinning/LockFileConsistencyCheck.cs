using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Pinning;

/// <summary>
/// The lock file against what restore resolved: a missing lock file (SCSDK1000); sections, entries, types, requested
/// ranges and dependencies that differ from the restore graphs and the project's direct dependencies (SCSDK1002);
/// entries without a content hash (SCSDK1004); versions or hashes other than the ones restore resolved (SCSDK1006).
/// </summary>
internal static class LockFileConsistencyCheck
{
    public static void Run(PinningContext context)
    {
        if (!context.LockFileExists)
        {
            if (HasPackages(context))
            {
                var (line, remedy) = MissingLockFileRemedy(context);
                context.Reporter.Report(DiagnosticCatalog.LockFile_Missing, context.ProjectPath, line, context.ProjectPath, context.Request.LockFilePath, remedy);
            }

            return;
        }

        if (context.LockFile is not { } lockFile)
        {
            return;
        }

        var sections = context.Request.TargetFramework is null
            ? lockFile.Targets
            : lockFile.Targets.Where(s => context.Frameworks.Any(f => context.Assets.IsGraphOf(f, s.Key, s.Graph))).ToArray();
        var matched = new HashSet<PackagesLockTarget>();
        foreach (var target in context.Targets)
        {
            // The same key first (aliases, and keys written alike); otherwise the same framework and runtime in another form.
            var candidates = sections.Where(s => string.Equals(s.Key, target.Key, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (candidates.Length == 0)
            {
                candidates = sections.Where(s => s.Graph.Matches(target.Graph)).ToArray();
            }

            if (candidates.Length == 0)
            {
                Mismatch(context, 0, $"it has no section for '{target.Key}'");
                continue;
            }

            if (candidates.Length > 1)
            {
                Mismatch(context, candidates[1].Line, $"it has more than one section for '{target.Key}'");
                continue;
            }

            matched.Add(candidates[0]);
            CompareSection(context, target, candidates[0]);
        }

        foreach (var section in sections)
        {
            if (!matched.Contains(section))
            {
                Mismatch(context, section.Line, $"it has a section for '{section.Key}', which the project does not restore");
            }
        }
    }

    // Says where lock files were turned off only when the evaluation shows it: on after Directory.Build.props (when
    // SupplyChain.Sdk's props are imported) and off at the end means the project body, or a file imported after it, did it.
    private static (int Line, string Remedy) MissingLockFileRemedy(PinningContext context)
    {
        const string Commit = "run 'dotnet restore' and commit packages.lock.json";
        var request = context.Request;
        if (request.LockFilesEnabled == false && request.LockFilesEnabledBeforeProject == true)
        {
            var line = FindFalsePropertyLine(context.ProjectPath, "RestorePackagesWithLockFile");
            return line > 0
                ? (line, "Lock files are on after Directory.Build.props, but the project file sets RestorePackagesWithLockFile=false here; remove that setting, " + Commit)
                : (0, "Lock files are on after Directory.Build.props, but the project file or a file imported after it (such as Directory.Build.targets) sets RestorePackagesWithLockFile to false; remove that setting, " + Commit);
        }

        if (request.LockFilesEnabled == false)
        {
            return (0, "RestorePackagesWithLockFile is false before the project body (in Directory.Build.props, an environment variable or a -p: option); set it to true, " + Commit);
        }

        return (0, "Set RestorePackagesWithLockFile=true in Directory.Build.props (a restore does not see the props of a package it restores), " + Commit);
    }

    private static int FindFalsePropertyLine(string file, string property)
    {
        try
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("<" + property + ">false<", StringComparison.OrdinalIgnoreCase))
                {
                    return i + 1;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return 0;
        }

        return 0;
    }

    private static bool HasPackages(PinningContext context)
        => context.Targets.Any(t => t.Libraries.Any(l => l.IsPackage))
            || context.Frameworks.Any(f => f.Dependencies.Any(d => d.IsPackage));

    private static void CompareSection(PinningContext context, AssetsTarget target, PackagesLockTarget section)
    {
        var framework = context.FrameworkOf(target);
        var direct = (framework?.Dependencies ?? Array.Empty<AssetsProjectDependency>())
            .Where(d => d.IsPackage)
            .ToDictionary(d => d.Id, StringComparer.OrdinalIgnoreCase);
        var central = context.CentralTransitiveOf(framework);
        var restored = new Dictionary<string, AssetsTargetLibrary>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in target.Libraries)
        {
            restored.TryAdd(library.Id, library);
        }

        var locked = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in section.Dependencies)
        {
            locked.Add(entry.Id);
            restored.TryGetValue(entry.Id, out var library);
            if (entry.Type == PackagesLockDependencyType.Project)
            {
                if (library is null || !library.IsProject)
                {
                    Mismatch(context, entry.Line, $"it locks the project reference '{entry.Id}' for '{section.Key}', which the project no longer references");
                }

                continue;
            }

            if (library is null || !library.IsPackage)
            {
                Mismatch(context, entry.Line, $"it locks '{entry.Id}' {entry.Resolved} for '{section.Key}', which restore no longer resolves");
                continue;
            }

            if (!CompareEntry(context, section, entry, library, direct, central))
            {
                continue;
            }

            CompareDependencies(context, section, entry, library);
        }

        // NuGet writes a runtime section with only the libraries that differ from the framework's portable graph.
        var portableKey = target.Key.Contains('/', StringComparison.Ordinal) ? target.Key[..target.Key.LastIndexOf('/')] : null;
        var portable = target.Graph.RuntimeIdentifier is null
            ? null
            : context.Assets.Targets.FirstOrDefault(t => string.Equals(t.Key, portableKey, StringComparison.OrdinalIgnoreCase))
                ?? context.Assets.Targets.FirstOrDefault(t => t.Graph.RuntimeIdentifier is null && t.Graph.Framework.Equals(target.Graph.Framework));
        foreach (var library in target.Libraries)
        {
            if (locked.Contains(library.Id) || (portable is not null && portable.Libraries.Any(p => IsSameEntry(p, library))))
            {
                continue;
            }

            Mismatch(context, section.Line, library.IsProject
                ? $"restore references the project '{library.Id}' for '{section.Key}', which it does not lock"
                : $"restore resolves '{library.Id}' {library.Version} for '{section.Key}', which it does not lock");
        }
    }

    /// <summary>Compares type, requested range, version and hash; false when the entry differs so much that its dependencies need no comparison.</summary>
    private static bool CompareEntry(
        PinningContext context,
        PackagesLockTarget section,
        PackagesLockDependency entry,
        AssetsTargetLibrary library,
        IReadOnlyDictionary<string, AssetsProjectDependency> direct,
        IReadOnlyDictionary<string, string> central)
    {
        var isDirect = direct.TryGetValue(entry.Id, out var dependency);
        if (entry.Type == PackagesLockDependencyType.Direct && !isDirect)
        {
            Mismatch(context, entry.Line, $"it locks '{entry.Id}' as a direct dependency for '{section.Key}', but the project no longer references it");
            return false;
        }

        if (entry.Type != PackagesLockDependencyType.Direct && isDirect)
        {
            Mismatch(context, entry.Line, $"the project now references '{entry.Id}' directly for '{section.Key}', but it is locked as {entry.Type}");
            return false;
        }

        if (isDirect && !PackageVersionRange.AreEquivalent(entry.Requested, dependency!.Version))
        {
            Mismatch(context, entry.Line, $"the project requests '{entry.Id}' {dependency.Version} for '{section.Key}', but it is locked as requested {entry.Requested ?? "(nothing)"}");
            return false;
        }

        if (entry.Type == PackagesLockDependencyType.CentralTransitive && central.TryGetValue(entry.Id, out var pinned) && !PackageVersionRange.AreEquivalent(entry.Requested, pinned))
        {
            Mismatch(context, entry.Line, $"the central version of '{entry.Id}' is {pinned}, but it is locked as requested {entry.Requested ?? "(nothing)"}");
            return false;
        }

        var lockPath = context.LockFile!.Path;
        if (!PackageVersionText.AreEqual(entry.Resolved, library.Version))
        {
            context.Reporter.Report(DiagnosticCatalog.LockFile_DiffersFromRestore, lockPath, entry.Line, lockPath, entry.Id, entry.Resolved ?? "(no version)", section.Key, library.Version);
            return false;
        }

        if (string.IsNullOrEmpty(entry.ContentHash))
        {
            context.Reporter.Report(DiagnosticCatalog.LockFile_MissingContentHash, lockPath, entry.Line, lockPath, entry.Id, entry.Resolved);
        }
        else if (context.Assets.FindLibrary(library.Id, library.Version)?.Sha512 is { } sha512 && !string.Equals(sha512, entry.ContentHash, StringComparison.Ordinal))
        {
            context.Reporter.Report(
                DiagnosticCatalog.LockFile_DiffersFromRestore,
                lockPath,
                entry.Line,
                lockPath,
                entry.Id,
                $"{entry.Resolved} with contentHash '{entry.ContentHash}'",
                section.Key,
                $"contentHash '{sha512}'");
        }

        return true;
    }

    private static void CompareDependencies(PinningContext context, PackagesLockTarget section, PackagesLockDependency entry, AssetsTargetLibrary library)
    {
        foreach (var pair in entry.Dependencies)
        {
            if (!library.Dependencies.TryGetValue(pair.Key, out var range))
            {
                Mismatch(context, entry.Line, $"it lists the dependency '{pair.Key}' of '{entry.Id}' for '{section.Key}', which the package does not declare");
            }
            else if (!PackageVersionRange.AreEquivalent(pair.Value, range))
            {
                Mismatch(context, entry.Line, $"it lists the dependency '{pair.Key}' of '{entry.Id}' as {pair.Value} for '{section.Key}', but the package declares {range}");
            }
        }

        foreach (var pair in library.Dependencies)
        {
            if (!entry.Dependencies.ContainsKey(pair.Key))
            {
                Mismatch(context, entry.Line, $"it omits the dependency '{pair.Key}' {pair.Value} of '{entry.Id}' for '{section.Key}'");
            }
        }
    }

    private static bool IsSameEntry(AssetsTargetLibrary a, AssetsTargetLibrary b)
    {
        if (!string.Equals(a.Id, b.Id, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(a.Version, b.Version, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(a.Type, b.Type, StringComparison.OrdinalIgnoreCase)
            || a.Dependencies.Count != b.Dependencies.Count
            || a.AssetGroups.Count != b.AssetGroups.Count)
        {
            return false;
        }

        foreach (var pair in a.Dependencies)
        {
            if (!b.Dependencies.TryGetValue(pair.Key, out var range) || !string.Equals(range, pair.Value, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        foreach (var pair in a.AssetGroups)
        {
            if (!b.AssetGroups.TryGetValue(pair.Key, out var paths) || !paths.OrderBy(x => x, StringComparer.Ordinal).SequenceEqual(pair.Value.OrderBy(x => x, StringComparer.Ordinal), StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static void Mismatch(PinningContext context, int line, string reason)
    {
        var lockPath = context.LockFile?.Path ?? context.Request.LockFilePath;
        context.Reporter.Report(DiagnosticCatalog.LockFile_DoesNotMatchProject, lockPath, line, lockPath, context.ProjectPath, reason);
    }
}
