using System;
using System.IO;

namespace SupplyChain.Core.IO;

/// <summary>
/// What identifies the bytes of a file without reading them: its full path, size, device, inode and change time
/// (ctime, which the kernel sets on every write, rename or metadata change and which users cannot set back),
/// plus the modification time. The modification time alone is never trusted: <c>touch -r</c> sets it back.
/// </summary>
/// <param name="FullPath">The full path of the file.</param>
/// <param name="Length">The size in bytes.</param>
/// <param name="Device">The device that holds the file.</param>
/// <param name="Inode">The inode number.</param>
/// <param name="ChangeTimeSeconds">The change time, seconds since the Unix epoch.</param>
/// <param name="ChangeTimeNanoseconds">The nanoseconds of the change time.</param>
/// <param name="ModificationTimeSeconds">The modification time, seconds since the Unix epoch.</param>
/// <param name="ModificationTimeNanoseconds">The nanoseconds of the modification time.</param>
public sealed record FileIdentity(
    string FullPath,
    long Length,
    ulong Device,
    ulong Inode,
    long ChangeTimeSeconds,
    uint ChangeTimeNanoseconds,
    long ModificationTimeSeconds,
    uint ModificationTimeNanoseconds)
{
    /// <summary>True where identities can be read (Linux with <c>statx</c>); elsewhere every file is verified each time.</summary>
    public static bool IsSupported => LinuxStatx.IsAvailable;

    /// <summary>The change time as a point in time.</summary>
    public DateTimeOffset ChangeTime => DateTimeOffset.FromUnixTimeSeconds(ChangeTimeSeconds).AddTicks(ChangeTimeNanoseconds / 100);

    /// <summary>
    /// Reads the identity of a regular file, or returns null when the platform has none, the file cannot be examined,
    /// or the path is not a regular file (a symbolic link is not followed: it has no identity).
    /// </summary>
    public static FileIdentity? TryGet(string path) => TryGet(path, directory: false);

    /// <summary>
    /// Reads the identity of a directory (its change and modification times move whenever an entry is added, removed
    /// or renamed in it), or returns null as <see cref="TryGet(string)"/> does; a symbolic link is not followed.
    /// </summary>
    public static FileIdentity? TryGetDirectory(string path) => TryGet(path, directory: true);

    private static FileIdentity? TryGet(string path, bool directory)
    {
        if (!IsSupported)
        {
            return null;
        }

        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }

        fullPath = Path.TrimEndingDirectorySeparator(fullPath);
        return LinuxStatx.TryStat(fullPath, out var stat) && (directory ? stat.IsDirectory : stat.IsRegularFile)
            ? new FileIdentity(fullPath, stat.Size, stat.Device, stat.Inode, stat.ChangeTimeSeconds, stat.ChangeTimeNanoseconds, stat.ModificationTimeSeconds, stat.ModificationTimeNanoseconds)
            : null;
    }
}
