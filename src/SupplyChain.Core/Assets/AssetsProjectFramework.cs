using System.Collections.Generic;
using SupplyChain.Core.Frameworks;

namespace SupplyChain.Core.Assets;

/// <summary>A framework of the project as restore saw it (<c>project.frameworks.&lt;alias&gt;</c>).</summary>
/// <param name="Alias">The key: the value from <c>TargetFrameworks</c>, which may be an alias.</param>
/// <param name="Framework">The framework the alias stands for (from <c>framework</c>, else the key).</param>
/// <param name="TargetAlias">The <c>targetAlias</c> NuGet wrote, or null.</param>
/// <param name="Dependencies">The direct dependencies.</param>
/// <param name="CentralPackageVersions">The central package versions (<c>PackageVersion</c> items) as written, by id.</param>
public sealed record AssetsProjectFramework(
    string Alias,
    TargetFrameworkName Framework,
    string? TargetAlias,
    IReadOnlyList<AssetsProjectDependency> Dependencies,
    IReadOnlyDictionary<string, string> CentralPackageVersions);
