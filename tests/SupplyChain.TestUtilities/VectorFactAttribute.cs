using System;
using System.IO;
using Xunit;

namespace SupplyChain.TestUtilities;

/// <summary>
/// A fact that reads ../shared/vectors. Outside CI a missing folder skips the test with a message;
/// on CI (CI=true) the test runs and fails, because CI always has the folder.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class VectorFactAttribute : FactAttribute
{
    public VectorFactAttribute()
    {
        if (!Directory.Exists(RepositoryPaths.VectorsRoot) && !RepositoryPaths.IsCi)
        {
            Skip = $"The shared test vectors are not at '{RepositoryPaths.VectorsRoot}'; this test reads them (it fails instead of skipping when CI=true).";
        }
    }
}

/// <summary>The theory form of <see cref="VectorFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class VectorTheoryAttribute : TheoryAttribute
{
    public VectorTheoryAttribute()
    {
        if (!Directory.Exists(RepositoryPaths.VectorsRoot) && !RepositoryPaths.IsCi)
        {
            Skip = $"The shared test vectors are not at '{RepositoryPaths.VectorsRoot}'; this test reads them (it fails instead of skipping when CI=true).";
        }
    }
}
