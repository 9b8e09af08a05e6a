using System.Collections.Generic;

namespace SupplyChain.Core.Assets;

/// <summary>An entry of <c>libraries</c>: where a package was extracted and what NuGet recorded about it.</summary>
/// <param name="Id">The package or project id.</param>
/// <param name="Version">The version.</param>
/// <param name="Type"><c>package</c> or <c>project</c>.</param>
/// <param name="Path">The folder relative to a package folder (<c>newtonsoft.json/13.0.3</c>), or the project path.</param>
/// <param name="Sha512">The content hash NuGet recorded (for a signed package, of the package without its signature), or null.</param>
/// <param name="Files">The files NuGet extracted, relative to the package folder.</param>
public sealed record AssetsLibrary(string Id, string Version, string Type, string? Path, string? Sha512, IReadOnlyList<string> Files)
{
    /// <summary>True for a package (not a project reference).</summary>
    public bool IsPackage => string.Equals(Type, "package", System.StringComparison.OrdinalIgnoreCase);
}
