namespace SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;

/// <summary>How a consumer brings in SupplyChain.Sdk.</summary>
public enum SdkReferenceStyle
{
    /// <summary>A PackageReference in Directory.Build.props.</summary>
    PackageReference,

    /// <summary>A GlobalPackageReference in Directory.Packages.props (central package management).</summary>
    GlobalPackageReference,

    /// <summary><c>&lt;Sdk Name="SupplyChain.Sdk" /&gt;</c> in each project; the version pinned in global.json.</summary>
    ProjectSdk,

    /// <summary>Not referenced: a baseline.</summary>
    None,
}
