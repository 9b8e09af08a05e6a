using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Pinning;

/// <summary>
/// Floating versions (SCSDK1009) and version ranges (SCSDK1010) in <c>PackageReference</c>, <c>PackageVersion</c> and
/// <c>GlobalPackageReference</c>: from the items MSBuild evaluated, and from the assets file, so that a caller without
/// items still catches them. The assets file keeps central versions as written, but writes a plain <c>1.0</c> and an
/// explicit <c>[1.0,)</c> alike as <c>[1.0.0, )</c>; only the declared items tell those apart.
/// </summary>
internal static class DeclaredVersionCheck
{
    private const string PackageReference = "PackageReference";
    private const string PackageVersion = "PackageVersion";

    public static void Run(PinningContext context)
    {
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var used = UsedPackages(context);
        foreach (var item in context.Request.DeclaredVersions)
        {
            // A central PackageVersion of a package this project does not use is no finding of this project.
            if (item.ItemType == PackageVersion && !used.Contains(item.Id))
            {
                continue;
            }

            foreach (var text in new[] { item.Version, item.VersionOverride })
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    CheckDeclared(context, item.ItemType, item.Id, text, item.DefiningFile ?? context.ProjectPath, reported);
                }
            }
        }

        var centralFile = FindCentralPackagesFile(context.ProjectPath);
        foreach (var framework in context.Frameworks)
        {
            foreach (var pair in framework.CentralPackageVersions)
            {
                if (!used.Contains(pair.Key))
                {
                    continue;
                }

                var file = centralFile is not null && context.Items.FindLine(centralFile, PackageVersion, pair.Key) > 0 ? centralFile : context.ProjectPath;
                CheckDeclared(context, PackageVersion, pair.Key, pair.Value, file, reported);
            }

            foreach (var dependency in framework.Dependencies)
            {
                if (!dependency.IsPackage)
                {
                    continue;
                }

                foreach (var text in new[] { dependency.Version, dependency.VersionOverride })
                {
                    if (!string.IsNullOrWhiteSpace(text) && !reported.Contains(dependency.Id) && PackageVersionRange.TryParse(text, out var range))
                    {
                        var kind = dependency.VersionCentrallyManaged ? PackageVersion : PackageReference;
                        if (range.IsFloating)
                        {
                            Report(context, DiagnosticCatalog.PackageVersion_Floating, kind, dependency.Id, text, range, context.ProjectPath, reported);
                        }
                        else if (!range.IsPinnedAsRestored)
                        {
                            Report(context, DiagnosticCatalog.PackageVersion_Range, kind, dependency.Id, text, range, context.ProjectPath, reported);
                        }
                    }
                }
            }
        }
    }

    private static void CheckDeclared(PinningContext context, string itemType, string id, string text, string file, HashSet<string> reported)
    {
        if (!PackageVersionRange.TryParse(text, out var range))
        {
            // Restore itself rejects a version it cannot parse.
            return;
        }

        if (range.IsFloating)
        {
            Report(context, DiagnosticCatalog.PackageVersion_Floating, itemType, id, text, range, file, reported);
        }
        else if (!range.IsPinnedAsDeclared)
        {
            Report(context, DiagnosticCatalog.PackageVersion_Range, itemType, id, text, range, file, reported);
        }
    }

    private static void Report(PinningContext context, DiagnosticDescriptor descriptor, string itemType, string id, string text, PackageVersionRange range, string file, HashSet<string> reported)
    {
        reported.Add(id);
        var line = context.Items.FindLine(file, itemType, id, text);
        if (line == 0 && itemType != PackageReference)
        {
            line = context.Items.FindLine(file, PackageReference, id, text);
        }

        context.Reporter.Report(descriptor, file, line, itemType, id, text, descriptor == DiagnosticCatalog.PackageVersion_Floating ? SuggestVersion(context, id) : RangeSuggestion(context, id, range));
    }

    private static string RangeSuggestion(PinningContext context, string id, PackageVersionRange range)
        => context.ResolvedVersion(id)
            ?? (range.MinVersion is { } min && !min.Contains('*', StringComparison.Ordinal) ? min : null)
            ?? range.MaxVersion
            ?? "1.0.0";

    // The version restore took is the one to pin; without one (restore did not resolve the package) no version is made up.
    private static string SuggestVersion(PinningContext context, string id)
        => (context.ResolvedVersion(id) ?? LockedVersion(context, id)) is { } version
            ? $"Pin it to '{version}', the version restore resolved"
            : "Pin one exact version";

    private static string? LockedVersion(PinningContext context, string id)
        => context.LockFile?.Targets
            .SelectMany(t => t.Dependencies)
            .FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(d.Resolved))?.Resolved;

    // The packages this project uses: its direct package dependencies and every package in its restore graphs in scope.
    private static HashSet<string> UsedPackages(PinningContext context)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in context.Request.DeclaredVersions)
        {
            if (item.ItemType != PackageVersion)
            {
                used.Add(item.Id);
            }
        }

        foreach (var framework in context.Frameworks)
        {
            foreach (var dependency in framework.Dependencies)
            {
                if (dependency.IsPackage)
                {
                    used.Add(dependency.Id);
                }
            }
        }

        foreach (var library in context.Targets.SelectMany(t => t.Libraries))
        {
            if (library.IsPackage)
            {
                used.Add(library.Id);
            }
        }

        return used;
    }

    private static string? FindCentralPackagesFile(string projectPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectPath));
        while (!string.IsNullOrEmpty(directory))
        {
            var candidate = Path.Combine(directory, "Directory.Packages.props");
            if (File.Exists(candidate))
            {
                return candidate;
            }

            directory = Path.GetDirectoryName(directory);
        }

        return null;
    }
}
