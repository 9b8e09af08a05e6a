using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Pinning;

/// <summary>
/// A resolved version other than the requested one (SCSDK1011): the restore log's NU1601/NU1603 (the requested version
/// was not found and a higher one was taken), and any direct dependency whose resolved version is not the lower bound
/// of its range.
/// </summary>
internal static class ResolvedVersionCheck
{
    private static readonly HashSet<string> s_codes = new(StringComparer.OrdinalIgnoreCase) { "NU1601", "NU1603" };

    public static void Run(PinningContext context)
    {
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var log in context.Assets.Logs)
        {
            if (!s_codes.Contains(log.Code) || string.IsNullOrEmpty(log.LibraryId))
            {
                continue;
            }

            foreach (var target in TargetsOf(context, log))
            {
                var resolved = target.Libraries.FirstOrDefault(l => string.Equals(l.Id, log.LibraryId, StringComparison.OrdinalIgnoreCase));
                if (resolved is null)
                {
                    continue;
                }

                var requested = RequestedRange(context, target, log.LibraryId) ?? "a lower version";
                Report(context, log.LibraryId, requested, resolved.Version, target.Key, reported);
            }
        }

        foreach (var target in context.Targets)
        {
            var framework = context.FrameworkOf(target);
            if (framework is null)
            {
                continue;
            }

            foreach (var dependency in framework.Dependencies)
            {
                if (!dependency.IsPackage || !PackageVersionRange.TryParse(dependency.Version, out var range) || range.IsFloating || range.MinVersion is null || !range.IsMinInclusive)
                {
                    continue;
                }

                var resolved = target.Libraries.FirstOrDefault(l => l.IsPackage && string.Equals(l.Id, dependency.Id, StringComparison.OrdinalIgnoreCase));
                if (resolved is not null && !PackageVersionText.AreEqual(resolved.Version, range.MinVersion))
                {
                    Report(context, dependency.Id, dependency.Version!, resolved.Version, target.Key, reported);
                }
            }
        }
    }

    private static IEnumerable<AssetsTarget> TargetsOf(PinningContext context, AssetsLogMessage log)
    {
        if (log.TargetGraphs.Count == 0)
        {
            return context.Targets;
        }

        return context.Targets.Where(t => log.TargetGraphs.Any(g => string.Equals(g, t.Key, StringComparison.OrdinalIgnoreCase)
            || (Frameworks.FrameworkRuntimePair.TryParse(g, out var graph) && graph.Matches(t.Graph))));
    }

    private static string? RequestedRange(PinningContext context, AssetsTarget target, string id)
    {
        var direct = context.FrameworkOf(target)?.Dependencies.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
        if (direct?.Version is { } version)
        {
            return version;
        }

        foreach (var library in target.Libraries)
        {
            if (library.Dependencies.TryGetValue(id, out var range))
            {
                return range;
            }
        }

        return null;
    }

    private static void Report(PinningContext context, string id, string requested, string resolved, string graph, HashSet<string> reported)
    {
        if (!reported.Add(id + "/" + resolved))
        {
            return;
        }

        var line = context.Items.FindLine(context.ProjectPath, "PackageReference", id);
        context.Reporter.Report(DiagnosticCatalog.PackageVersion_ResolvedDiffersFromRequested, context.ProjectPath, line, id, requested, resolved, graph);
    }
}
