using System;
using System.Collections.Generic;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// Makes the <see cref="SbomProject"/> of a project from its MSBuild properties, the same way for the build task
/// and for <c>supplychain sbom</c>, which reads the same property names from an evaluation.
/// </summary>
public static class SbomProjectProperties
{
    /// <summary>The MSBuild properties <see cref="CreateProject"/> reads.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "MSBuildProjectName", "OutputType", "IsPackable", "PackageId", "PackageVersion", "Version", "Authors",
        "Description", "Copyright", "PackageLicenseExpression", "PackageProjectUrl", "RepositoryUrl", "RepositoryCommit",
    ];

    /// <summary>The project at <paramref name="projectPath"/>, described by <paramref name="property"/> (null or blank for an unset property).</summary>
    public static SbomProject CreateProject(string projectPath, Func<string, string?> property)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectPath);
        ArgumentNullException.ThrowIfNull(property);
        string? Get(string name) => property(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var outputType = Get("OutputType");
        return new SbomProject
        {
            Path = projectPath,
            Name = Get("MSBuildProjectName"),
            Type = string.Equals(outputType, "Exe", StringComparison.OrdinalIgnoreCase) || string.Equals(outputType, "WinExe", StringComparison.OrdinalIgnoreCase)
                ? ComponentType.Application
                : ComponentType.Library,
            IsPackable = IsTrue(Get("IsPackable")),
            PackageId = Get("PackageId"),
            PackageVersion = Get("PackageVersion") ?? Get("Version"),
            Authors = Get("Authors"),
            Description = Get("Description"),
            Copyright = Get("Copyright"),
            LicenseExpression = Get("PackageLicenseExpression"),
            ProjectUrl = Get("PackageProjectUrl"),
            RepositoryUrl = Get("RepositoryUrl"),
            RepositoryCommit = Get("RepositoryCommit"),
        };
    }

    /// <summary>A referenced project from the values of its <c>IsPackable</c>, <c>PackageId</c> and <c>PackageVersion</c> (or <c>Version</c>).</summary>
    public static SbomProjectReference CreateReference(string projectPath, Func<string, string?> property)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectPath);
        ArgumentNullException.ThrowIfNull(property);
        string? Get(string name) => property(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        return new SbomProjectReference(projectPath)
        {
            IsPackable = IsTrue(Get("IsPackable")),
            PackageId = Get("PackageId"),
            PackageVersion = Get("PackageVersion") ?? Get("Version"),
        };
    }

    /// <summary>
    /// The referenced projects from their paths and properties, each once: a blank path is skipped, and paths that
    /// differ only in case are one project where the file system ignores case (Windows, macOS).
    /// </summary>
    public static IReadOnlyList<SbomProjectReference> CreateReferences(IEnumerable<(string? Path, Func<string, string?> Property)> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        var result = new List<SbomProjectReference>();
        var seen = new HashSet<string>(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var (path, property) in references)
        {
            if (!string.IsNullOrWhiteSpace(path) && seen.Add(path))
            {
                result.Add(CreateReference(path, property));
            }
        }

        return result;
    }

    /// <summary>MSBuild's notion of true: <c>true</c> in any case.</summary>
    public static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
