namespace SupplyChain.Core.LockFiles;

/// <summary>The <c>type</c> of a lock-file entry.</summary>
public enum PackagesLockDependencyType
{
    /// <summary>A package the project references.</summary>
    Direct,

    /// <summary>A package that comes in through another package or project.</summary>
    Transitive,

    /// <summary>A project reference.</summary>
    Project,

    /// <summary>A transitive package whose version central package management pins.</summary>
    CentralTransitive,
}
