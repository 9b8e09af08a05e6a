using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Repository;

namespace SupplyChain.Tool.Commands;

/// <summary>The lines the writing TUF verbs print about what they signed and published.</summary>
internal static class TufCommandOutput
{
    public static void WriteSigned(CommandContext context, IEnumerable<RoleVersion> roles)
    {
        foreach (var role in roles)
        {
            context.Out.WriteLine($"signed: {role.RoleName} version {role.Version.ToString(CultureInfo.InvariantCulture)} ({Path.GetFileName(role.Path)}), expires {TufDateTime.Format(role.Expires)}");
        }
    }

    public static void WritePublished(CommandContext context, PublishResult result)
    {
        context.Out.WriteLine($"published: snapshot version {result.Snapshot.Version.ToString(CultureInfo.InvariantCulture)} ({result.SnapshotLength.ToString("N0", CultureInfo.InvariantCulture)} bytes, {result.PublishedRoles.Count.ToString(CultureInfo.InvariantCulture)} new role version(s)), timestamp version {result.Timestamp.Version.ToString(CultureInfo.InvariantCulture)}, expires {TufDateTime.Format(result.Timestamp.Expires)}");
    }
}
