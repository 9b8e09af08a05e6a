using System;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SupplyChain.Core.IO;

namespace SupplyChain.Core.Packages;

/// <summary>
/// The per-machine cache of package digests (NuGet content hash, file SHA-512 and SHA-256) that pinning, the SBOM,
/// provenance and TUF publishing share, so a .nupkg is read once per machine rather than once per feature per project.
/// <para>
/// An entry is keyed on the file's <see cref="FileIdentity"/> (full path, size, device, inode, change time with its
/// nanoseconds, modification time): any write, rename or replacement of the file gives it a new change time, which
/// users cannot set back, so an entry never describes other bytes than the ones it was computed from. Nothing is
/// recorded when the file changed during the read or too shortly before it (within the file system's timestamp
/// granularity), and every entry carries a checksum of its own text: a torn, truncated or corrupted entry is ignored and
/// the file is hashed again.
/// </para>
/// <para>
/// Trust boundary: the cache folder (by default <c>$XDG_CACHE_HOME/supplychain-sdk/digests</c>, else
/// <c>~/.cache/supplychain-sdk/digests</c>; <c>SUPPLYCHAIN_DIGEST_CACHE</c> names another folder, or <c>off</c>) is
/// used only when it is a real folder owned by the current user and writable by nobody else, and an entry only when it
/// is a regular file with the same owner and permissions. Whoever can write there as the same user can also rewrite
/// the packages folder and the tool itself, so such a user is outside what the cache defends against. An entry copied
/// from another machine (a restored CI cache) cannot match: the device, inode and change-time nanoseconds of the files
/// on this machine are not predictable. Callers that find a cached digest that disagrees with a pin call
/// <see cref="Rehash"/> before they report it.
/// </para>
/// </summary>
public sealed class PackageDigestCache
{
    /// <summary>The environment variable naming the cache folder; <c>off</c> (or <c>0</c>) turns the cache off.</summary>
    public const string EnvironmentVariable = "SUPPLYCHAIN_DIGEST_CACHE";

    /// <summary>How long before the read a file with nanosecond timestamps must have last changed for its digest to be kept.</summary>
    public static readonly TimeSpan FineRacyInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The same for a file system whose timestamps have no sub-second part.</summary>
    public static readonly TimeSpan CoarseRacyInterval = TimeSpan.FromSeconds(2);

    private const string Magic = "supplychain-digest-cache/2";
    private static readonly byte[] MagicBytes = Encoding.ASCII.GetBytes(Magic);
    private const int MaxEntrySize = 16 * 1024;
    private const long MaxFolderRecordsSize = 64L * 1024 * 1024;
    private const int GroupOrOtherWrite = 0x12; // 0o022

    private static readonly Lazy<PackageDigestCache?> s_default = new(() => FromEnvironment(Environment.GetEnvironmentVariable));

    private readonly ConcurrentDictionary<FileIdentity, PackageHashes> _memory = new();
    private readonly Func<DateTimeOffset> _now;

    private PackageDigestCache(string directory, Func<DateTimeOffset>? now)
    {
        Directory = directory;
        _now = now ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>The folder that holds the entries.</summary>
    public string Directory { get; }

    /// <summary>The cache of this machine as the environment names it, or null where there is none (off, no home folder, no file identities, or a folder that fails the ownership check).</summary>
    public static PackageDigestCache? Default => s_default.Value;

    /// <summary>Hashes a .nupkg through <see cref="Default"/>, or directly where there is no cache.</summary>
    public static PackageHashes ComputeShared(string nupkgPath)
        => Default is { } cache ? cache.Compute(nupkgPath) : PackageContentHash.Compute(nupkgPath);

    /// <summary>Hashes a .nupkg again, ignoring any entry, through <see cref="Default"/> (which then records the new digests).</summary>
    public static PackageHashes RehashShared(string nupkgPath)
        => Default is { } cache ? cache.Rehash(nupkgPath) : PackageContentHash.Compute(nupkgPath);

    /// <summary>Resolves the cache folder from the environment (a function so tests need not change the process's environment).</summary>
    public static PackageDigestCache? FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var configured = getVariable(EnvironmentVariable);
        if (configured is not null && (configured.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) || configured.Trim() == "0"))
        {
            return null;
        }

        string? directory = configured;
        if (string.IsNullOrWhiteSpace(directory))
        {
            var cacheHome = getVariable("XDG_CACHE_HOME");
            var home = getVariable("HOME");
            var root = !string.IsNullOrWhiteSpace(cacheHome) && Path.IsPathRooted(cacheHome) ? cacheHome
                : !string.IsNullOrWhiteSpace(home) && Path.IsPathRooted(home) ? Path.Combine(home, ".cache")
                : null;
            if (root is null)
            {
                return null;
            }

            directory = Path.Combine(root, "supplychain-sdk", "digests");
        }

        return Open(directory);
    }

    /// <summary>Opens (creating it, private to the user) a cache folder; null when it cannot be used safely.</summary>
    public static PackageDigestCache? Open(string directory, Func<DateTimeOffset>? now = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!FileIdentity.IsSupported || OperatingSystem.IsWindows())
        {
            return null;
        }

        string fullPath;
        try
        {
            fullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
            if (!System.IO.Directory.Exists(fullPath))
            {
                System.IO.Directory.CreateDirectory(fullPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }

        return LinuxStatx.TryStat(fullPath, out var stat) && stat.IsDirectory && IsPrivate(stat)
            ? new PackageDigestCache(fullPath, now)
            : null;
    }

    /// <summary>
    /// The digests of a .nupkg: from an entry whose identity is the file's current one, else by reading the file once
    /// (<see cref="PackageContentHash.Compute(string)"/>) and recording the result.
    /// </summary>
    public PackageHashes Compute(string nupkgPath)
    {
        ArgumentNullException.ThrowIfNull(nupkgPath);
        var identity = FileIdentity.TryGet(nupkgPath);
        if (identity is not null)
        {
            if (_memory.TryGetValue(identity, out var known))
            {
                return known;
            }

            if (TryRead(identity) is { } cached)
            {
                _memory[identity] = cached;
                return cached;
            }
        }

        return HashAndRecord(nupkgPath, identity);
    }

    /// <summary>Hashes the file again whatever the cache holds, and replaces its entry.</summary>
    public PackageHashes Rehash(string nupkgPath)
    {
        ArgumentNullException.ThrowIfNull(nupkgPath);
        return HashAndRecord(nupkgPath, FileIdentity.TryGet(nupkgPath));
    }

    /// <summary>
    /// The verified-files records of one extracted package folder, shared by every project on the machine: a clean
    /// build of many projects then compares each folder with its .nupkg once, not once per project (each project's
    /// own cache lives in its obj/ folder, which a clean build deletes). Records are bound to the file identities and
    /// to <paramref name="contentHash"/> like any <see cref="VerifiedFileCache"/> record, so they can only spare a
    /// read of files that did not change since they matched. A records file that is not a private regular file of
    /// this user, or is too large, is not read (the cache starts empty and replaces it when saved).
    /// </summary>
    public VerifiedFileCache OpenFolderRecords(string packageFolder, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(packageFolder);
        ArgumentNullException.ThrowIfNull(contentHash);
        var key = Path.TrimEndingDirectorySeparator(Path.GetFullPath(packageFolder)) + "\0" + contentHash;
        var path = Path.Combine(Directory, "folder-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..40].ToLowerInvariant() + ".json");
        return LinuxStatx.TryStat(path, out var stat) && stat.IsRegularFile && IsPrivate(stat) && stat.Size <= MaxFolderRecordsSize
            ? VerifiedFileCache.Load(path, sink: null, _now)
            : VerifiedFileCache.CreateEmpty(path, _now);
    }

    /// <summary>The path of the entry for a file.</summary>
    internal string EntryPath(string fullPath)
        => Path.Combine(Directory, Fnv1a64(Encoding.UTF8.GetBytes(fullPath)).ToString("x16", CultureInfo.InvariantCulture) + ".digest");

    private PackageHashes HashAndRecord(string nupkgPath, FileIdentity? before)
    {
        var started = _now();
        var hashes = PackageContentHash.Compute(nupkgPath);
        if (before is null || FileIdentity.TryGet(nupkgPath) != before || IsRacy(before, started))
        {
            return hashes;
        }

        _memory[before] = hashes;
        TryWrite(before, hashes);
        return hashes;
    }

    private static bool IsRacy(FileIdentity identity, DateTimeOffset readStarted)
    {
        // A write in the same timestamp tick as the last one keeps the change time: only a file whose last change is
        // older than the granularity when the read began is known to be the bytes that were read.
        var coarse = identity.ChangeTimeNanoseconds == 0 && identity.ModificationTimeNanoseconds == 0;
        return identity.ChangeTime > readStarted - (coarse ? CoarseRacyInterval : FineRacyInterval);
    }

    private static bool IsPrivate(LinuxStatx.StatxResult stat)
        => stat.OwnerKnown && stat.Owner == LinuxStatx.EffectiveUserId() && (stat.Permissions & GroupOrOtherWrite) == 0;

    private PackageHashes? TryRead(FileIdentity identity)
    {
        var path = EntryPath(identity.FullPath);
        if (!LinuxStatx.TryStat(path, out var stat) || !stat.IsRegularFile || !IsPrivate(stat) || stat.Size > MaxEntrySize)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Parse(bytes, identity);
    }

    /// <summary>Reads an entry's text; null unless its checksum holds and it describes exactly <paramref name="identity"/>.</summary>
    internal static PackageHashes? Parse(ReadOnlySpan<byte> bytes, FileIdentity identity)
    {
        // The format line; the path as "<UTF-8 byte count> <path>" (a path may hold a line end); the identity; the
        // digests and flags; the checksum of everything before it.
        var newline = bytes.LastIndexOf((byte)'\n');
        if (newline < 0 || !bytes[(newline + 1)..].SequenceEqual(Checksum(bytes[..newline])))
        {
            return null;
        }

        var rest = bytes[..(newline + 1)];
        if (!TakeLine(ref rest, out var format) || !format.SequenceEqual(MagicBytes))
        {
            return null;
        }

        var space = rest.IndexOf((byte)' ');
        if (space <= 0 || !Utf8Parser.TryParse(rest[..space], out int pathLength, out var consumed) || consumed != space
            || pathLength < 0 || pathLength > rest.Length - space - 2 || rest[space + 1 + pathLength] != (byte)'\n')
        {
            return null;
        }

        var path = rest.Slice(space + 1, pathLength);
        rest = rest[(space + 2 + pathLength)..];
        // Digits and single spaces only, so that each number is its whole field.
        if (!TakeLine(ref rest, out var numbers) || !TakeLine(ref rest, out var digests) || !rest.IsEmpty
            || numbers.IndexOfAnyExcept("0123456789 "u8) >= 0
            || !Utf8Parser.TryParse(TakeField(ref numbers), out long size, out var c1) || c1 == 0
            || !Utf8Parser.TryParse(TakeField(ref numbers), out ulong device, out var c2) || c2 == 0
            || !Utf8Parser.TryParse(TakeField(ref numbers), out ulong inode, out var c3) || c3 == 0
            || !Utf8Parser.TryParse(TakeField(ref numbers), out long ctime, out var c4) || c4 == 0
            || !Utf8Parser.TryParse(TakeField(ref numbers), out uint ctimeNs, out var c5) || c5 == 0
            || !Utf8Parser.TryParse(TakeField(ref numbers), out long mtime, out var c6) || c6 == 0
            || !Utf8Parser.TryParse(TakeField(ref numbers), out uint mtimeNs, out var c7) || c7 == 0
            || !numbers.IsEmpty)
        {
            return null;
        }

        var recorded = new FileIdentity(Encoding.UTF8.GetString(path), size, device, inode, ctime, ctimeNs, mtime, mtimeNs);
        if (recorded != identity || !Encoding.UTF8.GetBytes(identity.FullPath).AsSpan().SequenceEqual(path))
        {
            return null;
        }

        var fields = Encoding.ASCII.GetString(digests).Split(' ');
        if (fields.Length != 5 || !IsDigest(fields[0], 64) || !IsDigest(fields[1], 64) || !IsDigest(fields[2], 32)
            || fields[3] is not ("0" or "1") || fields[4] is not ("0" or "1"))
        {
            return null;
        }

        var (contentHash, sha512, signed) = (fields[0], fields[1], fields[3] == "1");
        if (signed == (contentHash == sha512))
        {
            // Only a signed package has a content hash other than its file hash.
            return null;
        }

        return new PackageHashes(contentHash, sha512, signed, identity.Length)
        {
            FileSha256 = fields[2],
            HasRootNuspec = fields[4] == "1",
        };
    }

    /// <summary>The text of an entry.</summary>
    internal static byte[] Format(FileIdentity identity, PackageHashes hashes)
    {
        var path = Encoding.UTF8.GetBytes(identity.FullPath);
        var text = new StringBuilder()
            .Append(Magic).Append('\n')
            .Append(path.Length.ToString(CultureInfo.InvariantCulture)).Append(' ');
        var head = Encoding.ASCII.GetBytes(text.ToString());
        text.Clear()
            .Append('\n')
            .Append(CultureInfo.InvariantCulture, $"{identity.Length} {identity.Device} {identity.Inode} ")
            .Append(CultureInfo.InvariantCulture, $"{identity.ChangeTimeSeconds} {identity.ChangeTimeNanoseconds} {identity.ModificationTimeSeconds} {identity.ModificationTimeNanoseconds}\n")
            .Append(CultureInfo.InvariantCulture, $"{hashes.ContentHash} {hashes.FileSha512} {hashes.FileSha256} {(hashes.IsSigned ? 1 : 0)} {(hashes.HasRootNuspec ? 1 : 0)}\n");
        var body = new byte[head.Length + path.Length + Encoding.ASCII.GetByteCount(text.ToString())];
        head.CopyTo(body, 0);
        path.CopyTo(body, head.Length);
        Encoding.ASCII.GetBytes(text.ToString(), body.AsSpan(head.Length + path.Length));
        var checksum = Checksum(body.AsSpan(0, body.Length - 1));
        var result = new byte[body.Length + checksum.Length];
        body.CopyTo(result, 0);
        checksum.CopyTo(result, body.Length);
        return result;
    }

    private static bool TakeLine(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> line)
    {
        var end = rest.IndexOf((byte)'\n');
        line = end < 0 ? default : rest[..end];
        rest = end < 0 ? rest : rest[(end + 1)..];
        return end >= 0;
    }

    /// <summary>The text up to the next space (all of it when there is none; then nothing is left).</summary>
    private static ReadOnlySpan<byte> TakeField(ref ReadOnlySpan<byte> line)
    {
        var end = line.IndexOf((byte)' ');
        var field = end < 0 ? line : line[..end];
        line = end < 0 ? default : line[(end + 1)..];
        return field;
    }

    private void TryWrite(FileIdentity identity, PackageHashes hashes)
    {
        if (hashes.FileSha256 is null || OperatingSystem.IsWindows())
        {
            return;
        }

        // A temporary file of a unique name, renamed over the entry: a reader sees the old entry or the new one, and
        // concurrent writers of the same file write the same digests. No fsync: an entry lost or torn by a crash fails
        // its checksum and only costs a new read of the package.
        var path = EntryPath(identity.FullPath);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                stream.Write(Format(identity, hashes));
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// The checksum of an entry's text (16 lower-case hex digits of FNV-1a, 64 bits). It finds torn and corrupted
    /// entries; it is not a defence against a writer (whoever can write entries is trusted, see the class summary), so
    /// it needs no cryptographic hash, whose library costs a tool start about 20 ms.
    /// </summary>
    private static byte[] Checksum(ReadOnlySpan<byte> body) => Encoding.ASCII.GetBytes(Fnv1a64(body).ToString("x16", CultureInfo.InvariantCulture));

    /// <summary>FNV-1a, 64 bits (offset basis 0xcbf29ce484222325, prime 0x100000001b3).</summary>
    internal static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        var hash = 0xcbf29ce484222325UL;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 0x100000001b3UL;
        }

        return hash;
    }

    private static bool IsDigest(string value, int length)
    {
        Span<byte> decoded = stackalloc byte[64];
        return Convert.TryFromBase64String(value, decoded, out var written) && written == length;
    }
}
