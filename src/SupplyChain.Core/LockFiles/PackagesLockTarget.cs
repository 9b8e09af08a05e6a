using System.Collections.Generic;
using SupplyChain.Core.Frameworks;

namespace SupplyChain.Core.LockFiles;

/// <summary>One section of a lock file: a framework, optionally with a runtime identifier.</summary>
/// <param name="Key">The key as written (<c>net10.0</c>, <c>net10.0/linux-x64</c>, <c>.NETStandard,Version=v2.0</c>, or an alias in version 3).</param>
/// <param name="Graph">The framework and runtime of the section (in version 3 from its <c>framework</c>).</param>
/// <param name="Dependencies">The entries, in file order.</param>
/// <param name="Line">The 1-based line of the section's key.</param>
public sealed record PackagesLockTarget(string Key, FrameworkRuntimePair Graph, IReadOnlyList<PackagesLockDependency> Dependencies, int Line);
