using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>
/// Writes the CycloneDX SBOM of a project from its restore output: an adapter over
/// <see cref="SbomGenerator.Generate"/>. The parameters that describe the project carry the names of the MSBuild
/// properties they come from. On an error nothing is written and an SBOM left by an earlier build is deleted.
/// </summary>
public sealed class GenerateCycloneDxSbom : SupplyChainTask
{
    /// <summary>The project file.</summary>
    [Required]
    public string ProjectPath { get; set; } = string.Empty;

    /// <summary><c>project.assets.json</c> written by restore.</summary>
    [Required]
    public string AssetsFilePath { get; set; } = string.Empty;

    /// <summary>The file to write.</summary>
    [Required]
    public string OutputPath { get; set; } = string.Empty;

    /// <summary>The project's <c>packages.lock.json</c> (it may be missing).</summary>
    public string? LockFilePath { get; set; }

    /// <summary><c>SupplyChainSbomSpecVersion</c>: <c>1.6</c> or <c>1.7</c>.</summary>
    public string? SpecVersion { get; set; }

    /// <summary><c>SOURCE_DATE_EPOCH</c>, the only source of <c>metadata.timestamp</c>; empty for none.</summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>The version of SupplyChain.Sdk, written to <c>metadata.tools</c>.</summary>
    public string? ToolVersion { get; set; }

    /// <summary>The CycloneDX vulnerabilities array of the vulnerability check, when it ran.</summary>
    public string? VulnerabilitiesFile { get; set; }

    /// <summary><c>SupplyChainSbomBaseDirectory</c>: the folder project paths are relative to; empty to find it (see <see cref="SbomBaseDirectory"/>).</summary>
    public string? BaseDirectory { get; set; }

    /// <summary><c>DirectoryBuildPropsPath</c>: a fallback for the base folder.</summary>
    public string? DirectoryBuildPropsPath { get; set; }

    /// <summary>The target frameworks to cover (aliases, <c>;</c>-separated); empty for all of the assets file.</summary>
    public string? TargetFrameworks { get; set; }

    /// <summary>The runtime identifier whose restore graphs to read; empty for the portable graphs.</summary>
    public string? RuntimeIdentifier { get; set; }

    /// <summary>
    /// The project references, the transitive ones included: the item is the project file, with the metadata
    /// <c>IsPackable</c>, <c>PackageId</c> and <c>PackageVersion</c> of that project.
    /// </summary>
    public ITaskItem[]? ProjectReferences { get; set; }

    /// <summary>Runtime packs the output carries (a self-contained publish): <c>NuGetPackageId</c>, <c>NuGetPackageVersion</c>, <c>PackageDirectory</c>.</summary>
    public ITaskItem[]? RuntimePacks { get; set; }

    /// <summary><c>MSBuildProjectName</c>.</summary>
    public string? MSBuildProjectName { get; set; }

    /// <summary><c>OutputType</c>.</summary>
    public string? OutputType { get; set; }

    /// <summary><c>IsPackable</c>.</summary>
    public string? IsPackable { get; set; }

    /// <summary><c>PackageId</c>.</summary>
    public string? PackageId { get; set; }

    /// <summary><c>PackageVersion</c>.</summary>
    public string? PackageVersion { get; set; }

    /// <summary><c>Authors</c>.</summary>
    public string? Authors { get; set; }

    /// <summary><c>Description</c>.</summary>
    public string? Description { get; set; }

    /// <summary><c>Copyright</c>.</summary>
    public string? Copyright { get; set; }

    /// <summary><c>PackageLicenseExpression</c>.</summary>
    public string? PackageLicenseExpression { get; set; }

    /// <summary><c>PackageProjectUrl</c>.</summary>
    public string? PackageProjectUrl { get; set; }

    /// <summary><c>RepositoryUrl</c> (as the package's nuspec would have it).</summary>
    public string? RepositoryUrl { get; set; }

    /// <summary><c>RepositoryCommit</c> (Source Link sets it from git).</summary>
    public string? RepositoryCommit { get; set; }

    /// <summary>The SBOM written, with the metadata <c>SpecVersion</c>, <c>ComponentCount</c> and <c>DependencyEdgeCount</c>.</summary>
    [Output]
    public ITaskItem? Sbom { get; private set; }

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        var specVersion = CycloneDxSpecVersions.Default;
        var properties = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["MSBuildProjectName"] = MSBuildProjectName,
            ["OutputType"] = OutputType,
            ["IsPackable"] = IsPackable,
            ["PackageId"] = PackageId,
            ["PackageVersion"] = PackageVersion,
            ["Authors"] = Authors,
            ["Description"] = Description,
            ["Copyright"] = Copyright,
            ["PackageLicenseExpression"] = PackageLicenseExpression,
            ["PackageProjectUrl"] = PackageProjectUrl,
            ["RepositoryUrl"] = RepositoryUrl,
            ["RepositoryCommit"] = RepositoryCommit,
        };
        var result = SbomGenerator.Generate(
            new SbomGenerationRequest
            {
                Sbom = () => new SbomRequest
                {
                    Project = SbomProjectProperties.CreateProject(ProjectPath, name => properties.TryGetValue(name, out var value) ? value : null),
                    AssetsFilePath = AssetsFilePath,
                    BaseDirectory = SbomBaseDirectory.Resolve(ProjectPath, Normalize(BaseDirectory), Normalize(DirectoryBuildPropsPath)),
                    LockFilePath = Normalize(LockFilePath),
                    ProjectReferences = ToProjectReferences(ProjectReferences),
                    TargetFrameworks = Normalize(TargetFrameworks)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    RuntimeIdentifier = Normalize(RuntimeIdentifier),
                    SpecVersion = specVersion = SbomGenerator.ParseSpecVersion("SupplyChainSbomSpecVersion", SpecVersion, ProjectPath) ?? CycloneDxSpecVersions.Default,
                    Timestamp = Core.Sbom.Builder.SourceDateEpoch.Parse(SourceDateEpoch),
                    Tool = SbomTool.SupplyChainSdk(Normalize(ToolVersion) ?? "0.0.0"),
                    VulnerabilitiesJson = Normalize(VulnerabilitiesFile) is { } vulnerabilities && System.IO.File.Exists(vulnerabilities) ? System.IO.File.ReadAllText(vulnerabilities) : null,
                },
                RuntimePacks = (RuntimePacks ?? Array.Empty<ITaskItem>()).Select(ToRuntimePack).ToArray(),
                OutputPath = OutputPath,
            },
            sink);
        if (!result.Succeeded)
        {
            return;
        }

        Sbom = new TaskItem(OutputPath, new Dictionary<string, string>
        {
            ["SpecVersion"] = specVersion.ToSpecString(),
            ["ComponentCount"] = result.ComponentCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DependencyEdgeCount"] = result.DependencyEdgeCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Log.LogMessage(MessageImportance.Normal, $"SBOM of '{ProjectPath}': {result.ComponentCount} components, {result.DependencyEdgeCount} dependency edges, CycloneDX {specVersion.ToSpecString()} -> {OutputPath}");
    }

    private static IReadOnlyList<SbomProjectReference> ToProjectReferences(ITaskItem[]? items)
    {
        var references = new List<SbomProjectReference>();
        var seen = new HashSet<string>(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var item in items ?? Array.Empty<ITaskItem>())
        {
            var path = item.GetMetadata("FullPath");
            if (string.IsNullOrWhiteSpace(path) || !seen.Add(path))
            {
                continue;
            }

            references.Add(SbomProjectProperties.CreateReference(path, item.GetMetadata));
        }

        return references;
    }

    private static SbomRuntimePack ToRuntimePack(ITaskItem item)
        => new(
            Normalize(item.GetMetadata("NuGetPackageId")) ?? item.ItemSpec,
            Normalize(item.GetMetadata("NuGetPackageVersion")) ?? string.Empty,
            Normalize(item.GetMetadata("PackageDirectory")) ?? string.Empty);
}
