using System;
using System.Collections.Generic;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// The SBOM of a project described by its settings as the build and <c>supplychain sbom</c> read them (MSBuild
/// property values, as text): <see cref="ToRequest"/> is the one reading of them, for the build task and the CLI.
/// </summary>
public sealed record SbomSettings
{
    /// <summary>The project file.</summary>
    public required string ProjectPath { get; init; }

    /// <summary><c>project.assets.json</c> written by restore.</summary>
    public required string AssetsFilePath { get; init; }

    /// <summary>The project's <c>packages.lock.json</c> (it may be missing); blank for none.</summary>
    public string? LockFilePath { get; init; }

    /// <summary>The project's properties by name (<see cref="SbomProjectProperties.Names"/>); null or blank for an unset one.</summary>
    public Func<string, string?> ProjectProperty { get; init; } = _ => null;

    /// <summary>The project references, transitive ones included.</summary>
    public IReadOnlyList<SbomProjectReference> ProjectReferences { get; init; } = Array.Empty<SbomProjectReference>();

    /// <summary><c>SupplyChainSbomSpecVersion</c>: <c>1.6</c> or <c>1.7</c>; blank for the default.</summary>
    public string? SpecVersion { get; init; }

    /// <summary>A version asked for explicitly (<c>--spec-version</c>); it wins over <see cref="SpecVersion"/>, which is then not read.</summary>
    public CycloneDxSpecVersion? RequestedSpecVersion { get; init; }

    /// <summary><c>SOURCE_DATE_EPOCH</c>, the only source of <c>metadata.timestamp</c>; blank for none.</summary>
    public string? SourceDateEpoch { get; init; }

    /// <summary>The tool named in <c>metadata.tools</c>.</summary>
    public SbomTool Tool { get; init; } = SbomTool.SupplyChainSdk("0.0.0");

    /// <summary><c>SupplyChainSbomBaseDirectory</c>: the folder project paths are relative to; blank to find it (<see cref="SbomBaseDirectory"/>).</summary>
    public string? BaseDirectory { get; init; }

    /// <summary><c>DirectoryBuildPropsPath</c>: a fallback for the base folder.</summary>
    public string? DirectoryBuildPropsPath { get; init; }

    /// <summary>The target frameworks to cover (aliases, <c>;</c>-separated); blank for all of the assets file.</summary>
    public string? TargetFrameworks { get; init; }

    /// <summary>The runtime identifier whose restore graphs to read; blank for the portable graphs.</summary>
    public string? RuntimeIdentifier { get; init; }

    /// <summary>
    /// The CycloneDX <c>vulnerabilities</c> array the vulnerability check wrote for this project; blank or a file that
    /// does not exist (the check is off) for none.
    /// </summary>
    public string? VulnerabilitiesFile { get; init; }

    /// <summary>
    /// The package properties file (<see cref="PackagePropertiesFile"/>) the consumption policy wrote for this project;
    /// blank or a file that does not exist (the policy is off) for none.
    /// </summary>
    public string? PackagePropertiesFile { get; init; }

    /// <summary>The request: the settings read, SCSDK6000 naming the setting for a value it does not take.</summary>
    /// <exception cref="Diagnostics.SupplyChainException">SCSDK6000 for a wrong version or <c>SOURCE_DATE_EPOCH</c>.</exception>
    public SbomRequest ToRequest() => new()
    {
        Project = SbomProjectProperties.CreateProject(ProjectPath, ProjectProperty),
        AssetsFilePath = AssetsFilePath,
        BaseDirectory = SbomBaseDirectory.Resolve(ProjectPath, Given(BaseDirectory), Given(DirectoryBuildPropsPath)),
        LockFilePath = Given(LockFilePath),
        ProjectReferences = ProjectReferences,
        TargetFrameworks = Given(TargetFrameworks)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        RuntimeIdentifier = Given(RuntimeIdentifier),
        SpecVersion = RequestedSpecVersion ?? SbomGenerator.ParseSpecVersion("SupplyChainSbomSpecVersion", SpecVersion, ProjectPath) ?? CycloneDxSpecVersions.Default,
        Timestamp = Builder.SourceDateEpoch.Parse(SourceDateEpoch),
        Tool = Tool,
        VulnerabilitiesJson = Given(VulnerabilitiesFile) is { } vulnerabilities && System.IO.File.Exists(vulnerabilities) ? System.IO.File.ReadAllText(vulnerabilities) : null,
        PackageProperties = ReadPackageProperties(Given(PackagePropertiesFile)),
    };

    private static IReadOnlyDictionary<string, IReadOnlyList<CycloneDxProperty>> ReadPackageProperties(string? path)
    {
        if (path is null || !System.IO.File.Exists(path))
        {
            return new Dictionary<string, IReadOnlyList<CycloneDxProperty>>();
        }

        try
        {
            return Sbom.PackagePropertiesFile.Lookup(Sbom.PackagePropertiesFile.Read(System.IO.File.ReadAllBytes(path)));
        }
        catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException)
        {
            throw Diagnostics.SupplyChainException.Create(Diagnostics.DiagnosticCatalog.Input_Unreadable, path, 0, path, ex.Message.TrimEnd('.'));
        }
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
