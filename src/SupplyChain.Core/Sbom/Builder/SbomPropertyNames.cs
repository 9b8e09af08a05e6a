namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// The names of the CycloneDX <c>properties</c> SupplyChain.Sdk writes, all in the <c>supplychain:</c> namespace.
/// <c>docs/sbom.md</c> documents each one.
/// </summary>
public static class SbomPropertyNames
{
    /// <summary>
    /// One property per target framework whose restore graph contains the component, valued with the framework's
    /// short name (<c>net8.0</c>, <c>net472</c>, <c>netstandard2.0</c>). On the subject: every framework the SBOM covers.
    /// </summary>
    public const string TargetFramework = "supplychain:targetFramework";

    /// <summary>On the subject, when the SBOM covers the restore graphs of one runtime identifier: that identifier.</summary>
    public const string RuntimeIdentifier = "supplychain:runtimeIdentifier";

    /// <summary>
    /// NuGet's content hash of the package: the base64 (RFC 4648, padded) SHA-512 of the .nupkg, and for a signed
    /// package of the .nupkg without its signature entry. The value <c>packages.lock.json</c>
    /// (<c>contentHash</c>), <c>project.assets.json</c> (<c>sha512</c>) and <c>.nupkg.metadata</c> hold.
    /// </summary>
    public const string NuGetContentHash = "supplychain:nuget:contentHash";

    /// <summary><c>true</c> when the .nupkg carries a NuGet package signature, <c>false</c> when not; absent when the file was not read.</summary>
    public const string NuGetSigned = "supplychain:nuget:signed";

    /// <summary>
    /// On a component whose dependency holds in some target frameworks only, where the dependency graph alone would
    /// suggest more: one property per framework in which the edge exists, valued <c>&lt;framework&gt; &lt;bom-ref&gt;</c>
    /// (a space between them; neither contains one).
    /// </summary>
    public const string TargetFrameworkDependency = "supplychain:targetFrameworkDependency";
}
