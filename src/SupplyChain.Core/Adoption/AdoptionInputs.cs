using System.Collections.Generic;

namespace SupplyChain.Core.Adoption;

/// <summary>A package item as MSBuild evaluated it, with the file that defines it.</summary>
/// <param name="ItemType"><c>PackageReference</c>, <c>PackageVersion</c> or <c>GlobalPackageReference</c>.</param>
/// <param name="Id">The package id.</param>
/// <param name="Version">The <c>Version</c> metadata, or null.</param>
/// <param name="VersionOverride">The <c>VersionOverride</c> metadata, or null.</param>
/// <param name="DefiningFile">The file the item is written in (<c>DefiningProjectFullPath</c>), or null.</param>
public sealed record AdoptionPackageItem(string ItemType, string Id, string? Version, string? VersionOverride, string? DefiningFile);

/// <summary>What <c>supplychain init</c> knows about one project after evaluating and restoring it.</summary>
/// <param name="ProjectPath">The project file.</param>
/// <param name="CentralPackageManagement">True when <c>ManagePackageVersionsCentrally</c> evaluates to true.</param>
/// <param name="DirectoryBuildPropsPath">The <c>Directory.Build.props</c> the project imports, or null.</param>
/// <param name="DirectoryPackagesPropsPath">The <c>Directory.Packages.props</c> the project imports, or null.</param>
/// <param name="Items">The evaluated package items.</param>
/// <param name="ResolvedVersions">Package id → every version restore resolved for it in this project (all frameworks).</param>
public sealed record AdoptionProject(
    string ProjectPath,
    bool CentralPackageManagement,
    string? DirectoryBuildPropsPath,
    string? DirectoryPackagesPropsPath,
    IReadOnlyList<AdoptionPackageItem> Items,
    IReadOnlyDictionary<string, IReadOnlyCollection<string>> ResolvedVersions);

/// <summary>A package restore put into the packages folder, and the source NuGet recorded for it.</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The version.</param>
/// <param name="Folder">Its folder in the packages folder.</param>
/// <param name="Source">The source from <c>.nupkg.metadata</c>, or null.</param>
public sealed record RestoredPackage(string Id, string Version, string Folder, string? Source);

/// <summary>Everything the plan is made from.</summary>
/// <param name="Boundary">Where init may write.</param>
/// <param name="SdkVersion">The SupplyChain.Sdk version to pin (the tool's own).</param>
/// <param name="SdkForm">True for the MSBuild project SDK form.</param>
/// <param name="Projects">The projects.</param>
/// <param name="Solutions">The solution files init was given or found.</param>
/// <param name="RestoreSources">The sources restore used (URLs or folders).</param>
/// <param name="ConfigFilePaths">The NuGet configuration files restore read, nearest first.</param>
/// <param name="Packages">Every package restore resolved.</param>
public sealed record AdoptionRequest(
    RepositoryBoundary Boundary,
    string SdkVersion,
    bool SdkForm,
    IReadOnlyList<AdoptionProject> Projects,
    IReadOnlyList<string> Solutions,
    IReadOnlyList<string> RestoreSources,
    IReadOnlyList<string> ConfigFilePaths,
    IReadOnlyList<RestoredPackage> Packages);

/// <summary>One file the plan writes.</summary>
/// <param name="Path">The full path.</param>
/// <param name="Before">The current text, or null when the file is new.</param>
/// <param name="After">The new text.</param>
/// <param name="AfterBytes">The bytes to write (the byte order mark kept).</param>
public sealed record AdoptionFileChange(string Path, string? Before, string After, byte[] AfterBytes);
