using System;
using System.IO;
using Xunit;

namespace SupplyChain.TestUtilities;

/// <summary>
/// A fact that runs Node.js through <see cref="NodeInterop"/>. Without node and npm on PATH it skips with a message,
/// except on CI (CI=true), where it runs and fails. With <c>requiresVectors: true</c> it also needs ../shared/vectors,
/// like <see cref="VectorFactAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute(bool requiresVectors = false)
    {
        Skip = NodeSkip.Reason(requiresVectors);
    }
}

/// <summary>The theory form of <see cref="NodeFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NodeTheoryAttribute : TheoryAttribute
{
    public NodeTheoryAttribute(bool requiresVectors = false)
    {
        Skip = NodeSkip.Reason(requiresVectors);
    }
}

internal static class NodeSkip
{
    public static string? Reason(bool requiresVectors)
    {
        if (requiresVectors && !Directory.Exists(RepositoryPaths.VectorsRoot) && !RepositoryPaths.IsCi)
        {
            return $"The shared test vectors are not at '{RepositoryPaths.VectorsRoot}'; this test reads them (it fails instead of skipping when CI=true).";
        }

        return NodeInterop.SkipReason;
    }
}
