using System.Collections.Generic;
using SupplyChain.Core.Frameworks;

namespace SupplyChain.Core.Assets;

/// <summary>One restore graph of <c>targets</c>: a framework, optionally with a runtime identifier.</summary>
/// <param name="Key">The key as written (<c>net10.0</c>, <c>net10.0/linux-x64</c>, <c>.NETFramework,Version=v4.7.2</c>).</param>
/// <param name="Graph">The parsed key.</param>
/// <param name="Libraries">The packages and projects of the graph.</param>
public sealed record AssetsTarget(string Key, FrameworkRuntimePair Graph, IReadOnlyList<AssetsTargetLibrary> Libraries);
