using System;
using System.IO;
using System.Linq;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Sbom;

/// <summary>
/// The <c>bom-ref</c> scheme of our SBOMs. A bom-ref must be unique in its document and should be stable across
/// builds and machines, so it is derived from identity and never from a GUID or an absolute path:
/// <list type="bullet">
/// <item>a package: its purl, <c>pkg:nuget/Newtonsoft.Json@13.0.3</c>;</item>
/// <item>a packable project: the purl of the package it produces, <c>pkg:nuget/Contoso.Lib@1.2.0</c>, so the
/// project's SBOM and the SBOM of a consumer of its package name it alike;</item>
/// <item>any other project: <c>project:</c> and its path relative to a root the caller chooses (the repository or
/// solution folder), '/'-separated, each segment percent-encoded as in a purl: <c>project:src/App/App.csproj</c>.</item>
/// </list>
/// </summary>
public static class BomReferences
{
    /// <summary>The prefix of the bom-ref of a project that produces no package.</summary>
    public const string ProjectPrefix = "project:";

    /// <summary>The bom-ref of a NuGet package: its purl.</summary>
    public static string ForPackage(string id, string version) => PackageUrl.NuGet(id, version);

    /// <summary>The bom-ref of a packable project: the purl of the package it produces.</summary>
    public static string ForPackableProject(string packageId, string packageVersion) => PackageUrl.NuGet(packageId, packageVersion);

    /// <summary>
    /// The bom-ref of a project that produces no package, from its path relative to the repository or solution
    /// folder (for example <c>src/App/App.csproj</c>; '\' is read as '/'). An absolute path is refused, because it
    /// would put a machine path into the SBOM and change from machine to machine.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or absolute.</exception>
    public static string ForProject(string relativeProjectPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativeProjectPath);
        var path = relativeProjectPath.Replace('\\', '/');
        if (path.StartsWith('/') || Path.IsPathRooted(relativeProjectPath) || (path.Length >= 2 && path[1] == ':'))
        {
            throw new ArgumentException($"The project path '{relativeProjectPath}' must be relative to the repository or solution folder.", nameof(relativeProjectPath));
        }

        var segments = path.Split('/').Where(s => s.Length > 0 && s != ".").Select(PackageUrl.PercentEncode).ToArray();
        if (segments.Length == 0)
        {
            throw new ArgumentException($"The project path '{relativeProjectPath}' names no file.", nameof(relativeProjectPath));
        }

        return ProjectPrefix + string.Join('/', segments);
    }
}
