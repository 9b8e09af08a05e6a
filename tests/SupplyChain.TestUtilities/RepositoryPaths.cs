using System;
using System.IO;

namespace SupplyChain.TestUtilities;

/// <summary>Where the repository and the shared test vectors are.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root: the folder with SupplyChain.Sdk.sln.</summary>
    public static string Root => s_root.Value;

    /// <summary>The shared vectors folder beside the repository (../shared/vectors).</summary>
    public static string VectorsRoot => Path.GetFullPath(Path.Combine(Root, "..", "shared", "vectors"));

    /// <summary>True on CI, where a missing vectors folder is a failure rather than a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path of a vector, relative to the vectors folder.</summary>
    public static string Vector(params string[] parts) => Path.Combine(VectorsRoot, Path.Combine(parts));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupplyChain.Sdk.sln")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        // Built with another ArtifactsPath (outside the repository): the root this assembly was built from.
        var built = System.Linq.Enumerable.FirstOrDefault(
            System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(RepositoryPaths).Assembly),
            a => a.Key == "RepositoryRoot")?.Value;
        if (built is not null && File.Exists(Path.Combine(built, "SupplyChain.Sdk.sln")))
        {
            return Path.GetFullPath(built);
        }

        throw new InvalidOperationException("The repository root (SupplyChain.Sdk.sln) was not found above " + AppContext.BaseDirectory);
    }
}
