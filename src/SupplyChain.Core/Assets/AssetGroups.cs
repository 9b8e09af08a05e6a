using System.Collections.Generic;

namespace SupplyChain.Core.Assets;

/// <summary>The asset groups of a package in a restore target whose files a build reads.</summary>
public static class AssetGroups
{
    /// <summary>Reference assemblies the compiler reads.</summary>
    public const string Compile = "compile";

    /// <summary>Assemblies copied to the output and loaded at run time.</summary>
    public const string Runtime = "runtime";

    /// <summary>Native libraries for the target's runtime identifier.</summary>
    public const string Native = "native";

    /// <summary>Satellite resource assemblies.</summary>
    public const string Resource = "resource";

    /// <summary>Runtime-specific assets of a portable target.</summary>
    public const string RuntimeTargets = "runtimeTargets";

    /// <summary>MSBuild props and targets imported into the build.</summary>
    public const string Build = "build";

    /// <summary>MSBuild props and targets imported into the outer build of a multi-targeted project.</summary>
    public const string BuildMultiTargeting = "buildMultiTargeting";

    /// <summary>Content files compiled or copied into the project.</summary>
    public const string ContentFiles = "contentFiles";

    /// <summary>Assemblies whose interop types are embedded.</summary>
    public const string Embed = "embed";

    /// <summary>The groups, in the order they appear in the assets file.</summary>
    public static IReadOnlyList<string> All { get; } = new[] { Compile, Runtime, Native, Resource, RuntimeTargets, Build, BuildMultiTargeting, ContentFiles, Embed };
}
