using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using SupplyChain.Core.IO;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>
/// The stamp of a build's TUF verification: when the metadata it used stops being valid, and the identity of every
/// <c>.nupkg</c> it checked. A build skips the verification while the stamp is current; <see cref="IsCurrent"/>
/// says it is not once the first of the metadata expired (expired metadata is never trusted) or once a checked
/// package file changed (its size, modification or change time, or inode).
/// </summary>
public static class TufVerificationStamp
{
    private const string Header = "supplychain-tuf-stamp 1";

    /// <summary>Writes the stamp of a successful verification (atomically).</summary>
    public static void Write(string path, PackageTargetResult result)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(result);
        var builder = new StringBuilder().Append(Header).Append('\n');
        builder.Append("valid-until ").Append((result.ValidUntil ?? DateTimeOffset.MinValue).UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var package in result.Packages)
        {
            builder.Append("file ").Append(Identity(package.NupkgPath)).Append(' ').Append(package.NupkgPath).Append('\n');
        }

        AtomicFile.WriteAllText(path, builder.ToString());
    }

    /// <summary>True when the stamp exists, its metadata is unexpired at <paramref name="now"/>, and no checked file changed.</summary>
    /// <param name="path">The stamp.</param>
    /// <param name="now">The time of this build.</param>
    /// <param name="reason">Why it is not current, or null.</param>
    public static bool IsCurrent(string path, DateTimeOffset now, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reason = "there is no stamp";
            return false;
        }

        if (lines.Length < 2 || lines[0] != Header || !lines[1].StartsWith("valid-until ", StringComparison.Ordinal)
            || !long.TryParse(lines[1]["valid-until ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            reason = "the stamp is not one this version wrote";
            return false;
        }

        if (now.UtcTicks >= ticks)
        {
            reason = "the verified TUF metadata expired";
            return false;
        }

        for (var i = 2; i < lines.Length; i++)
        {
            var parts = lines[i].Split(' ', 3);
            if (parts.Length != 3 || parts[0] != "file" || parts[1] != Identity(parts[2]))
            {
                reason = parts.Length == 3 ? $"'{parts[2]}' changed" : "the stamp is damaged";
                return false;
            }
        }

        reason = null;
        return true;
    }

    private static string Identity(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return "missing";
        }

        var parts = new List<string> { info.Length.ToString(CultureInfo.InvariantCulture), info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) };
        if (FileIdentity.TryGet(path) is { } identity)
        {
            // The change time cannot be set back by a user: a file swapped with its old modification time is seen.
            parts.Add(identity.ChangeTime.UtcTicks.ToString(CultureInfo.InvariantCulture));
            parts.Add(identity.Device.ToString(CultureInfo.InvariantCulture) + "-" + identity.Inode.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join(":", parts);
    }
}
