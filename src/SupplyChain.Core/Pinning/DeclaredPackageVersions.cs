using System;

namespace SupplyChain.Core.Pinning;

/// <summary>The one conversion of an evaluated MSBuild package item into a <see cref="DeclaredPackageVersion"/> (build and CLI).</summary>
public static class DeclaredPackageVersions
{
    /// <summary>The declared version of one item; empty or white-space metadata counts as absent.</summary>
    /// <param name="itemType"><c>PackageReference</c>, <c>PackageVersion</c> or <c>GlobalPackageReference</c>.</param>
    /// <param name="id">The item's identity (the package id).</param>
    /// <param name="metadata">Reads a metadata value of the item; null or empty when it has none.</param>
    public static DeclaredPackageVersion FromItem(string itemType, string? id, Func<string, string?> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new DeclaredPackageVersion(
            itemType,
            id ?? string.Empty,
            Value(metadata("Version")),
            Value(metadata("VersionOverride")),
            Value(metadata("DefiningProjectFullPath")));
    }

    private static string? Value(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
