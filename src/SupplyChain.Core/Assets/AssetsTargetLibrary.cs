using System.Collections.Generic;

namespace SupplyChain.Core.Assets;

/// <summary>A package or project in one restore target (<c>targets.&lt;tfm&gt;["Id/Version"]</c>).</summary>
/// <param name="Id">The package or project id.</param>
/// <param name="Version">The resolved version.</param>
/// <param name="Type"><c>package</c> or <c>project</c>.</param>
/// <param name="Dependencies">The dependencies with the ranges the package declares.</param>
/// <param name="AssetGroups">The files of each asset group (<see cref="Assets.AssetGroups"/>), relative to the package folder, as NuGet extracted them.</param>
public sealed record AssetsTargetLibrary(
    string Id,
    string Version,
    string Type,
    IReadOnlyDictionary<string, string> Dependencies,
    IReadOnlyDictionary<string, IReadOnlyList<string>> AssetGroups)
{
    /// <summary>True for a package (not a project reference).</summary>
    public bool IsPackage => string.Equals(Type, "package", System.StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a project reference.</summary>
    public bool IsProject => string.Equals(Type, "project", System.StringComparison.OrdinalIgnoreCase);
}
