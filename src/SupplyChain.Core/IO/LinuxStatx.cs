using System;
using System.Runtime.InteropServices;

namespace SupplyChain.Core.IO;

/// <summary>
/// The Linux <c>statx</c> system call through libc. <c>struct statx</c> has one layout on every architecture
/// (fixed-width fields, 256 bytes), so the fields are read at their documented offsets.
/// </summary>
internal static class LinuxStatx
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x0001;
    private const uint StatxMode = 0x0002;
    private const uint StatxUid = 0x0008;
    private const uint StatxMtime = 0x0040;
    private const uint StatxCtime = 0x0080;
    private const uint StatxIno = 0x0100;
    private const uint StatxSize = 0x0200;
    private const uint Needed = StatxType | StatxMode | StatxUid | StatxMtime | StatxCtime | StatxIno | StatxSize;
    private const int BufferSize = 256;
    private const ushort FileTypeMask = 0xF000;
    private const ushort RegularFile = 0x8000;
    private const ushort DirectoryType = 0x4000;
    private const int AtSymlinkNoFollow = 0x100;

    private static readonly Lazy<bool> s_available = new(Probe);

    /// <summary>True on Linux when libc has <c>statx</c>.</summary>
    public static bool IsAvailable => s_available.Value;

    /// <summary>
    /// Calls <c>statx</c> on a path without following a symbolic link in its last component: a link is neither a
    /// regular file nor a directory, so a file swapped for a link never has the identity of the file it replaced.
    /// </summary>
    public static bool TryStat(string path, out StatxResult result)
    {
        result = default;
        var buffer = new byte[BufferSize];
        int rc;
        try
        {
            rc = NativeMethods.statx(AtFdCwd, path, AtSymlinkNoFollow, Needed, buffer);
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }

        if (rc != 0)
        {
            return false;
        }

        var mask = Read<uint>(buffer, 0);
        if ((mask & (StatxIno | StatxSize | StatxCtime | StatxMtime | StatxType)) != (StatxIno | StatxSize | StatxCtime | StatxMtime | StatxType))
        {
            return false;
        }

        var mode = Read<ushort>(buffer, 28);
        result = new StatxResult(
            (mode & FileTypeMask) == RegularFile,
            (mode & FileTypeMask) == DirectoryType,
            (long)Read<ulong>(buffer, 40),
            ((ulong)Read<uint>(buffer, 136) << 32) | Read<uint>(buffer, 140),
            Read<ulong>(buffer, 32),
            Read<long>(buffer, 96),
            Read<uint>(buffer, 104),
            Read<long>(buffer, 112),
            Read<uint>(buffer, 120))
        {
            OwnerKnown = (mask & (StatxUid | StatxMode)) == (StatxUid | StatxMode),
            Owner = Read<uint>(buffer, 20),
            Permissions = mode & 0xFFF,
        };
        return true;
    }

    private static T Read<T>(byte[] buffer, int offset)
        where T : struct
        => MemoryMarshal.Read<T>(buffer.AsSpan(offset));

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var buffer = new byte[BufferSize];
            return NativeMethods.statx(AtFdCwd, "/", 0, Needed, buffer) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The fields of <c>struct statx</c> that identify a file.</summary>
    internal readonly record struct StatxResult(
        bool IsRegularFile,
        bool IsDirectory,
        long Size,
        ulong Device,
        ulong Inode,
        long ChangeTimeSeconds,
        uint ChangeTimeNanoseconds,
        long ModificationTimeSeconds,
        uint ModificationTimeNanoseconds)
    {
        /// <summary>True when the kernel returned the owner and the permission bits.</summary>
        public bool OwnerKnown { get; init; }

        /// <summary>The user id of the owner.</summary>
        public uint Owner { get; init; }

        /// <summary>The permission bits (the low 12 bits of the mode).</summary>
        public int Permissions { get; init; }
    }

    /// <summary>The effective user id of this process.</summary>
    public static uint EffectiveUserId() => NativeMethods.geteuid();

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code, which this assembly does not enable.
        internal static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string pathname, int flags, uint mask, [Out] byte[] statxbuf);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern uint geteuid();
#pragma warning restore SYSLIB1054
    }
}
