using System;
using System.Collections.Generic;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Pinning;

/// <summary>
/// The package sources restore used (<c>project.restore.sources</c>): any plain-http source (SCSDK1013), and more than
/// one source without package source mapping in the configuration files restore read (SCSDK1012). Local folders count
/// as sources: a folder can serve a package under any id as well as a server can.
/// </summary>
internal static class PackageSourceCheck
{
    public static void Run(PinningContext context)
    {
        var restore = context.Assets.Restore;
        if (restore is null)
        {
            context.Reporter.Trace($"The restore output '{context.Assets.Path}' records no restore settings; the package sources were not checked.");
            return;
        }

        var config = NuGetConfigSummary.Read(restore.ConfigFilePaths);
        foreach (var source in restore.Sources)
        {
            if (source.StartsWith("http:", StringComparison.OrdinalIgnoreCase))
            {
                var location = config.FindSource(source);
                context.Reporter.Report(DiagnosticCatalog.PackageSources_InsecureHttp, location?.File ?? context.Assets.Path, location?.Line ?? 0, source);
            }
        }

        if (restore.Sources.Count > 1 && !config.HasPackageSourceMapping)
        {
            var location = config.PackageSourcesLocation;
            var file = location?.File ?? (restore.ConfigFilePaths.Count > 0 ? restore.ConfigFilePaths[0] : context.Assets.Path);
            context.Reporter.Report(
                DiagnosticCatalog.PackageSources_NoSourceMapping,
                file,
                location?.Line ?? 0,
                restore.Sources.Count,
                string.Join(", ", Quote(restore.Sources)));
        }
    }

    private static IEnumerable<string> Quote(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            yield return "'" + value + "'";
        }
    }
}
