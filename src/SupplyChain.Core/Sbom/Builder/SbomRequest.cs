using System;
using System.Collections.Generic;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// What <see cref="SbomBuilder.Build"/> needs to describe one project: the project as MSBuild knows it, the restore
/// output, and the choices of the caller. Paths may be absolute; none of them is written into the SBOM, which names
/// projects by their path relative to <see cref="BaseDirectory"/>.
/// </summary>
public sealed record SbomRequest
{
    /// <summary>The project: the subject of the SBOM (<c>metadata.component</c>).</summary>
    public required SbomProject Project { get; init; }

    /// <summary>The restore output of the project, <c>obj/project.assets.json</c>.</summary>
    public required string AssetsFilePath { get; init; }

    /// <summary>
    /// The folder every project path is made relative to (the repository or solution folder), so no absolute path
    /// reaches the SBOM. A project outside it is named by a path that climbs out of it with <c>..</c>.
    /// </summary>
    public required string BaseDirectory { get; init; }

    /// <summary>
    /// The project's <c>packages.lock.json</c>, or null. When given and present, the content hash of every package is
    /// also checked against it (SCSDK1005 on a mismatch).
    /// </summary>
    public string? LockFilePath { get; init; }

    /// <summary>The folders to find packages in, in order; null takes <c>packageFolders</c> of the assets file (the global packages folder, then fallback folders).</summary>
    public IReadOnlyList<string>? PackageFolders { get; init; }

    /// <summary>
    /// The project's <c>ProjectReference</c>s. They are matched to the project libraries of the assets file by full
    /// path; a packable one is named by the purl of the package it produces.
    /// </summary>
    public IReadOnlyList<SbomProjectReference> ProjectReferences { get; init; } = Array.Empty<SbomProjectReference>();

    /// <summary>The target frameworks to cover (aliases as in <c>TargetFrameworks</c>, or framework names); null or empty covers every framework of the assets file.</summary>
    public IReadOnlyList<string>? TargetFrameworks { get; init; }

    /// <summary>The runtime identifier whose restore graphs to read (<c>net8.0/linux-x64</c>), or null for the portable graphs.</summary>
    public string? RuntimeIdentifier { get; init; }

    /// <summary>The CycloneDX version to write.</summary>
    public CycloneDxSpecVersion SpecVersion { get; init; } = CycloneDxSpecVersions.Default;

    /// <summary>
    /// <c>metadata.timestamp</c>, or null for none. Callers derive it from <c>SOURCE_DATE_EPOCH</c> or an explicit
    /// property, never from the clock, so that the same inputs give the same bytes.
    /// </summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The tool that makes the SBOM, written to <c>metadata.tools</c>.</summary>
    public required SbomTool Tool { get; init; }

    /// <summary>
    /// Ids of packages the caller knows do not ship, in addition to what the builder detects (see
    /// <c>docs/sbom.md</c>): they and what is reachable only through them get the scope <c>excluded</c>.
    /// </summary>
    public IReadOnlyCollection<string> DevelopmentDependencyIds { get; init; } = Array.Empty<string>();

    /// <summary>
    /// True (the default) to read every package from the packages folder: hashes of the .nupkg, licenses, authors
    /// and links from its nuspec; a package that is not there is an error (SCSDK2009). False describes the packages
    /// from the assets file alone (no hashes, no nuspec metadata), for assets files whose packages folder is on
    /// another machine; the SBOM then says less and is not what a build writes.
    /// </summary>
    public bool ReadPackageFiles { get; init; } = true;

    /// <summary>The CycloneDX <c>vulnerabilities</c> array (JSON) the vulnerability check wrote, carried as is; null for none.</summary>
    public string? VulnerabilitiesJson { get; init; }

    /// <summary>
    /// Properties other checks add to package components (the consumption policy's verdict and verified provenance),
    /// by <see cref="PackagePropertiesFile.Key"/>; empty for none.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CycloneDxProperty>> PackageProperties { get; init; } = new Dictionary<string, IReadOnlyList<CycloneDxProperty>>();
}

/// <summary>The project an SBOM describes, with the package metadata MSBuild knows.</summary>
public sealed record SbomProject
{
    /// <summary>The project file.</summary>
    public required string Path { get; init; }

    /// <summary>The project name (<c>MSBuildProjectName</c>); null takes the file name without its extension.</summary>
    public string? Name { get; init; }

    /// <summary><see cref="ComponentType.Application"/> for an executable (<c>OutputType</c> Exe or WinExe), else <see cref="ComponentType.Library"/>.</summary>
    public ComponentType Type { get; init; } = ComponentType.Library;

    /// <summary>True when the project produces a NuGet package (<c>IsPackable</c>); it is then named by the purl of that package.</summary>
    public bool IsPackable { get; init; }

    /// <summary><c>PackageId</c>; null takes <see cref="Name"/>.</summary>
    public string? PackageId { get; init; }

    /// <summary><c>PackageVersion</c> (or <c>Version</c>).</summary>
    public string? PackageVersion { get; init; }

    /// <summary><c>Authors</c> as the project sets it: names separated by ';' (the MSBuild list) or ',' (the nuspec form).</summary>
    public string? Authors { get; init; }

    /// <summary><c>Description</c>.</summary>
    public string? Description { get; init; }

    /// <summary><c>Copyright</c>.</summary>
    public string? Copyright { get; init; }

    /// <summary><c>PackageLicenseExpression</c>.</summary>
    public string? LicenseExpression { get; init; }

    /// <summary><c>PackageProjectUrl</c>.</summary>
    public string? ProjectUrl { get; init; }

    /// <summary><c>RepositoryUrl</c>.</summary>
    public string? RepositoryUrl { get; init; }

    /// <summary><c>RepositoryCommit</c> (Source Link sets it from git).</summary>
    public string? RepositoryCommit { get; init; }
}

/// <summary>A <c>ProjectReference</c> of the project.</summary>
/// <param name="Path">The referenced project file (absolute, or relative to the project's folder).</param>
public sealed record SbomProjectReference(string Path)
{
    /// <summary>True when the referenced project produces a NuGet package.</summary>
    public bool IsPackable { get; init; }

    /// <summary>Its <c>PackageId</c> when packable.</summary>
    public string? PackageId { get; init; }

    /// <summary>Its <c>PackageVersion</c> when packable.</summary>
    public string? PackageVersion { get; init; }
}

/// <summary>The tool written to <c>metadata.tools</c>.</summary>
/// <param name="Name">Its name, <c>SupplyChain.Sdk</c>.</param>
/// <param name="Version">Its version.</param>
public sealed record SbomTool(string Name, string Version)
{
    /// <summary>The name of our tool.</summary>
    public const string DefaultName = "SupplyChain.Sdk";

    /// <summary>SupplyChain.Sdk at a version.</summary>
    public static SbomTool SupplyChainSdk(string version) => new(DefaultName, version);
}
