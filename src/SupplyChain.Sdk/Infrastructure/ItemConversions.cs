using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;
using SupplyChain.Core.Pinning;

namespace SupplyChain.Sdk.Infrastructure;

/// <summary>Turns MSBuild items into Core request values.</summary>
internal static class ItemConversions
{
    public static IReadOnlyList<DeclaredPackageVersion> ToDeclaredVersions(string itemType, ITaskItem[]? items)
        => (items ?? Array.Empty<ITaskItem>())
            .Select(i => DeclaredPackageVersions.FromItem(itemType, i.ItemSpec, i.GetMetadata))
            .ToArray();
}
