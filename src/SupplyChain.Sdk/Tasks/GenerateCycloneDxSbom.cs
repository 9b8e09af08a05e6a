using System;
using System.Collections.Generic;
using System.Globalization;
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

    /// <summary>The consumption policy's package properties (verdict, verified provenance), when it ran.</summary>
    public string? PackagePropertiesFile { get; set; }

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

    /// <summary>
    /// The project's properties that describe it (<see cref="SbomProjectProperties.Names"/>): the item is the property
    /// name, the metadata <c>Value</c> its value.
    /// </summary>
    public ITaskItem[]? ProjectProperties { get; set; }

    /// <summary>The SBOM written, with the metadata <c>SpecVersion</c>, <c>ComponentCount</c> and <c>DependencyEdgeCount</c>.</summary>
    [Output]
    public ITaskItem? Sbom { get; private set; }

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        var properties = (ProjectProperties ?? Array.Empty<ITaskItem>())
            .GroupBy(p => p.ItemSpec, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last().GetMetadata("Value"), StringComparer.OrdinalIgnoreCase);
        SbomRequest? request = null;
        var result = SbomGenerator.Generate(
            new SbomGenerationRequest
            {
                Sbom = () => request = new SbomSettings
                {
                    ProjectPath = ProjectPath,
                    AssetsFilePath = AssetsFilePath,
                    LockFilePath = LockFilePath,
                    ProjectProperty = name => properties.TryGetValue(name, out var value) ? value : null,
                    ProjectReferences = SbomProjectProperties.CreateReferences((ProjectReferences ?? Array.Empty<ITaskItem>()).Select(i => ((string?)i.GetMetadata("FullPath"), (Func<string, string?>)i.GetMetadata))),
                    SpecVersion = SpecVersion,
                    SourceDateEpoch = SourceDateEpoch,
                    Tool = SbomTool.SupplyChainSdk(Normalize(ToolVersion) ?? "0.0.0"),
                    BaseDirectory = BaseDirectory,
                    DirectoryBuildPropsPath = DirectoryBuildPropsPath,
                    TargetFrameworks = TargetFrameworks,
                    RuntimeIdentifier = RuntimeIdentifier,
                    VulnerabilitiesFile = VulnerabilitiesFile,
                    PackagePropertiesFile = PackagePropertiesFile,
                }.ToRequest(),
                RuntimePacks = (RuntimePacks ?? Array.Empty<ITaskItem>()).Select(ToRuntimePack).ToArray(),
                OutputPath = OutputPath,
            },
            sink);
        if (!result.Succeeded || request is null)
        {
            return;
        }

        var specVersion = request.SpecVersion.ToSpecString();
        Sbom = new TaskItem(OutputPath, new Dictionary<string, string>
        {
            ["SpecVersion"] = specVersion,
            ["ComponentCount"] = result.ComponentCount.ToString(CultureInfo.InvariantCulture),
            ["DependencyEdgeCount"] = result.DependencyEdgeCount.ToString(CultureInfo.InvariantCulture),
        });
        Log.LogMessage(MessageImportance.Normal, $"SBOM of '{ProjectPath}': {result.ComponentCount} components, {result.DependencyEdgeCount} dependency edges, CycloneDX {specVersion} -> {OutputPath}");
    }

    private static SbomRuntimePack ToRuntimePack(ITaskItem item)
        => new(
            Normalize(item.GetMetadata("NuGetPackageId")) ?? item.ItemSpec,
            Normalize(item.GetMetadata("NuGetPackageVersion")) ?? string.Empty,
            Normalize(item.GetMetadata("PackageDirectory")) ?? string.Empty);
}
