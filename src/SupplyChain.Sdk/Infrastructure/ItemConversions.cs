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
            .Select(i => new DeclaredPackageVersion(
                itemType,
                i.ItemSpec,
                Empty(i.GetMetadata("Version")),
                Empty(i.GetMetadata("VersionOverride")),
                Empty(i.GetMetadata("DefiningProjectFullPath"))))
            .ToArray();

    private static string? Empty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
