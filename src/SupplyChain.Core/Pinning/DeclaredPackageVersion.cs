namespace SupplyChain.Core.Pinning;

/// <summary>A package item as MSBuild evaluated it.</summary>
/// <param name="ItemType"><c>PackageReference</c>, <c>PackageVersion</c> or <c>GlobalPackageReference</c>.</param>
/// <param name="Id">The package id (the item's Include or Update).</param>
/// <param name="Version">The <c>Version</c> metadata, or null.</param>
/// <param name="VersionOverride">The <c>VersionOverride</c> metadata, or null.</param>
/// <param name="DefiningFile">The MSBuild file that defines the item (MSBuild's <c>DefiningProjectFullPath</c>), or null.</param>
public sealed record DeclaredPackageVersion(string ItemType, string Id, string? Version, string? VersionOverride, string? DefiningFile);
