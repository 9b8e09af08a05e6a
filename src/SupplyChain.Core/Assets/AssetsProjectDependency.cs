namespace SupplyChain.Core.Assets;

/// <summary>A direct dependency of the project for one framework (<c>project.frameworks.&lt;alias&gt;.dependencies</c>).</summary>
/// <param name="Id">The package id.</param>
/// <param name="Target"><c>Package</c>, or another kind such as <c>Project</c>.</param>
/// <param name="Version">The version range restore used, as NuGet wrote it (<c>[1.0.0, )</c>, <c>[13.*, )</c>), or null.</param>
/// <param name="AutoReferenced">True when the SDK added the reference implicitly.</param>
/// <param name="VersionCentrallyManaged">True when the version came from a central <c>PackageVersion</c>.</param>
/// <param name="VersionOverride">The <c>VersionOverride</c> range, or null.</param>
/// <param name="Line">The line of the dependency in the assets file.</param>
public sealed record AssetsProjectDependency(
    string Id,
    string Target,
    string? Version,
    bool AutoReferenced,
    bool VersionCentrallyManaged,
    string? VersionOverride,
    int Line)
{
    /// <summary>True for a package dependency.</summary>
    public bool IsPackage => string.Equals(Target, "Package", System.StringComparison.OrdinalIgnoreCase);
}
