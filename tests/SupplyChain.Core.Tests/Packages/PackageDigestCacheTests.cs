using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using SupplyChain.Core.IO;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Tests.IO;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Packages;

public class PackageDigestCacheTests
{
    // The files of a test were written an instant ago; a clock ten minutes ahead makes them old enough to be recorded.
    private static readonly Func<DateTimeOffset> s_later = () => DateTimeOffset.UtcNow.AddMinutes(10);

    private static string WritePackage(TestDirectory dir, string name, string content = "library bytes")
    {
        var path = dir.Combine(name);
        File.WriteAllBytes(path, new TestPackageBuilder("Contoso.Cached", "1.0.0").WithLibFile("net8.0", "Contoso.Cached.dll", content).Build());
        return path;
    }

    private static PackageDigestCache Open(TestDirectory dir, Func<DateTimeOffset>? now = null)
        => PackageDigestCache.Open(dir.Combine("cache"), now ?? s_later) ?? throw new InvalidOperationException("cache not usable");

    private static string Sha512(string path) => Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(path)));

    private static string Sha256(string path) => Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Compute_OnePass_GivesContentHashSha512AndSha256OfTheFile()
    {
        using var dir = new TestDirectory();
        var package = WritePackage(dir, "a.nupkg");
        var hashes = PackageContentHash.Compute(package);
        Assert.Equal(Sha512(package), hashes.FileSha512);
        Assert.Equal(Sha512(package), hashes.ContentHash);
        Assert.Equal(Sha256(package), hashes.FileSha256);
        Assert.True(hashes.HasRootNuspec);
        Assert.Equal(1, PackageContentHash.TimesHashed(package));
    }

    [LinuxFact]
    public void UnchangedPackage_IsReadOncePerMachine_AcrossCacheInstances()
    {
        using var dir = new TestDirectory();
        var package = WritePackage(dir, "a.nupkg");
        var first = Open(dir).Compute(package);
        // A second process (a new instance on the same folder) and a third: neither reads the package.
        var second = Open(dir).Compute(package);
        var third = Open(dir).Compute(package);
        Assert.Equal(1, PackageContentHash.TimesHashed(package));
        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Equal(Sha256(package), third.FileSha256);
    }

    [LinuxFact]
    public void PackageReplacedWithSameSizeAndModificationTimeSetBack_IsHashedAgain()
    {
        using var dir = new TestDirectory();
        var package = WritePackage(dir, "a.nupkg", "good");
        var before = Open(dir).Compute(package);
        var mtime = File.GetLastWriteTimeUtc(package);
        Thread.Sleep(20);
        File.WriteAllBytes(package, File.ReadAllBytes(WritePackage(dir, "b.nupkg", "evil")));
        File.SetLastWriteTimeUtc(package, mtime);

        var after = Open(dir).Compute(package);
        Assert.NotEqual(before.ContentHash, after.ContentHash);
        Assert.Equal(Sha512(package), after.ContentHash);
        Assert.Equal(2, PackageContentHash.TimesHashed(package));
    }

    [LinuxFact]
    public void EntryRecordedForTheOldFile_IsNotAcceptedForATamperedOne()
    {
        using var dir = new TestDirectory();
        var package = WritePackage(dir, "a.nupkg", "good");
        var cache = Open(dir);
        var good = cache.Compute(package);
        var entry = cache.EntryPath(Path.GetFullPath(package));
        var goodEntry = File.ReadAllBytes(entry);

        // The attacker swaps the package, then puts the old (valid, checksummed) entry back.
        Thread.Sleep(20);
        File.WriteAllBytes(package, File.ReadAllBytes(WritePackage(dir, "b.nupkg", "evil")));
        File.WriteAllBytes(entry, goodEntry);

        var hashes = Open(dir).Compute(package);
        Assert.NotEqual(good.ContentHash, hashes.ContentHash);
        Assert.Equal(Sha512(package), hashes.ContentHash);
    }

    [LinuxFact]
    public void CorruptedEntry_FailsItsChecksum_AndThePackageIsHashedAgain()
    {
        using var dir = new TestDirectory();
        var package = WritePackage(dir, "a.nupkg");
        var cache = Open(dir);
        var good = cache.Compute(package);
        var entry = cache.EntryPath(Path.GetFullPath(package));
        var text = File.ReadAllText(entry);
        var at = text.IndexOf(good.ContentHash, StringComparison.Ordinal);
        Assert.True(at > 0);
        File.WriteAllText(entry, text[..at] + (text[at] == 'A' ? 'B' : 'A') + text[(at + 1)..]);

        var hashes = Open(dir).Compute(package);
        Assert.Equal(good, hashes);
        Assert.Equal(2, PackageContentHash.TimesHashed(package));
    }

    [LinuxFact]
    public void EntryThatOthersCanWrite_IsIgnored_EvenWithAValidChecksum()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TestDirectory();
        var package = WritePackage(dir, "a.nupkg");
        var cache = Open(dir);
        var good = cache.Compute(package);
        var entry = cache.EntryPath(Path.GetFullPath(package));
        var identity = FileIdentity.TryGet(package)!;
        var forged = good with { ContentHash = Convert.ToBase64String(new byte[64]), FileSha512 = Convert.ToBase64String(new byte[64]) };
        File.Delete(entry);
        File.WriteAllBytes(entry, PackageDigestCache.Format(identity, forged with { IsSigned = false }));
        Assert.Equal(forged.ContentHash, PackageDigestCache.Parse(File.ReadAllBytes(entry), identity)?.ContentHash);
        File.SetUnixFileMode(entry, (UnixFileMode)0x1B6); // 0666

        Assert.Equal(good.ContentHash, Open(dir).Compute(package).ContentHash);
    }

    [LinuxFact]
    public void EntryThatIsASymbolicLink_IsIgnored()
    {
        using var dir = new TestDirectory();
        var package = WritePackage(dir, "a.nupkg");
        var cache = Open(dir);
        var good = cache.Compute(package);
        var entry = cache.EntryPath(Path.GetFullPath(package));
        var identity = FileIdentity.TryGet(package)!;
        var elsewhere = dir.Combine("forged.digest");
        File.WriteAllBytes(elsewhere, PackageDigestCache.Format(identity, good with { ContentHash = Convert.ToBase64String(new byte[64]), FileSha512 = Convert.ToBase64String(new byte[64]) }));
        File.Delete(entry);
        File.CreateSymbolicLink(entry, elsewhere);

        Assert.Equal(good.ContentHash, Open(dir).Compute(package).ContentHash);
    }

    [LinuxFact]
    public void CacheFolderThatOthersCanWrite_IsNotUsed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir.Combine("shared"));
        File.SetUnixFileMode(dir.Combine("shared"), (UnixFileMode)0x1FF); // 0777
        Assert.Null(PackageDigestCache.Open(dir.Combine("shared")));
        Assert.NotNull(PackageDigestCache.Open(dir.Combine("private")));
        Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(dir.Combine("private")) & (UnixFileMode)0x1FF); // created 0700
    }

    [LinuxFact]
    public void PackageChangedAnInstantBeforeItWasRead_IsNotRecorded()
    {
        using var dir = new TestDirectory();
        var package = WritePackage(dir, "a.nupkg");
        var cache = Open(dir, () => DateTimeOffset.UtcNow);
        cache.Compute(package);
        Assert.False(File.Exists(cache.EntryPath(Path.GetFullPath(package))));
        Open(dir, () => DateTimeOffset.UtcNow).Compute(package);
        Assert.Equal(2, PackageContentHash.TimesHashed(package));
    }

    [LinuxFact]
    public void ConcurrentWriters_LeaveOneValidEntry()
    {
        using var dir = new TestDirectory();
        var package = WritePackage(dir, "a.nupkg");
        var results = new PackageHashes[8];
        Parallel.For(0, results.Length, i => results[i] = Open(dir).Rehash(package));
        Assert.All(results, r => Assert.Equal(results[0], r));
        var folder = dir.Combine("cache");
        Assert.Single(Directory.GetFiles(folder));
        Assert.Equal(results[0], PackageDigestCache.Parse(File.ReadAllBytes(Directory.GetFiles(folder)[0]), FileIdentity.TryGet(package)!));
    }

    [Fact]
    public void Environment_OffOrNoHome_GivesNoCache()
    {
        Assert.Null(PackageDigestCache.FromEnvironment(name => name == PackageDigestCache.EnvironmentVariable ? "off" : null));
        Assert.Null(PackageDigestCache.FromEnvironment(_ => null));
    }

    [LinuxFact]
    public void Environment_XdgCacheHome_HoldsTheCache()
    {
        using var dir = new TestDirectory();
        var cache = PackageDigestCache.FromEnvironment(name => name == "XDG_CACHE_HOME" ? dir.Path : null);
        Assert.Equal(Path.Combine(dir.Path, "supplychain-sdk", "digests"), cache?.Directory);
    }

    [Theory]
    [InlineData("", "cbf29ce484222325")]
    [InlineData("a", "af63dc4c8601ec8c")]
    [InlineData("foobar", "85944171f73967e8")]
    public void EntryChecksum_IsFnv1a64(string text, string expected)
    {
        Assert.Equal(expected, PackageDigestCache.Fnv1a64(System.Text.Encoding.ASCII.GetBytes(text)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
    }

    [LinuxFact]
    public void PackageWhosePathHoldsALineEnd_IsRecordedAndFoundAgain()
    {
        // The path is written with its length before it, so a line end in a folder name cannot shift the fields.
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir.Combine("odd\nfolder 1 2 3"));
        var package = WritePackage(dir, Path.Combine("odd\nfolder 1 2 3", "a.nupkg"));
        var first = Open(dir).Compute(package);
        Assert.Equal(first, Open(dir).Compute(package));
        Assert.Equal(1, PackageContentHash.TimesHashed(package));
    }

    [LinuxTheory]
    [InlineData("size")]
    [InlineData("inode")]
    [InlineData("ctimeNs")]
    [InlineData("mtime")]
    [InlineData("path")]
    [InlineData("pathLength")]
    [InlineData("plusSign")]
    [InlineData("extraNumber")]
    [InlineData("signedFlag")]
    [InlineData("rootNuspecFlag")]
    [InlineData("format")]
    public void Entry_WithAFieldAltered_AndItsChecksumRecomputed_DoesNotDescribeTheFile(string field)
    {
        using var dir = new TestDirectory();
        var package = WritePackage(dir, "a.nupkg");
        var identity = FileIdentity.TryGet(package)!;
        var hashes = PackageContentHash.Compute(package);
        var text = System.Text.Encoding.UTF8.GetString(PackageDigestCache.Format(identity, hashes));
        var lines = text.Split('\n');
        Assert.Equal(5, lines.Length);
        var numbers = lines[2].Split(' ');
        var digests = lines[3].Split(' ');
        Assert.Equal(hashes, PackageDigestCache.Parse(Reseal(string.Join('\n', lines[..4]) + "\n"), identity));
        switch (field)
        {
            case "size": numbers[0] = (identity.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture); break;
            case "inode": numbers[2] += "0"; break;
            case "ctimeNs": numbers[4] = ((identity.ChangeTimeNanoseconds + 1) % 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture); break;
            case "mtime": numbers[5] = (identity.ModificationTimeSeconds - 1).ToString(System.Globalization.CultureInfo.InvariantCulture); break;
            case "path": lines[1] = lines[1][..^1] + "x"; break;
            case "pathLength": lines[1] = (identity.FullPath.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + lines[1][lines[1].IndexOf(' ', StringComparison.Ordinal)..]; break;
            case "plusSign": numbers[0] = "+" + numbers[0]; break;
            case "extraNumber": numbers = [.. numbers, "0"]; break;
            case "signedFlag": digests[3] = digests[3] == "1" ? "0" : "1"; break;
            case "rootNuspecFlag": digests[4] = "2"; break;
            default: lines[0] = lines[0].Replace("/2", "/1", StringComparison.Ordinal); break;
        }

        lines[2] = string.Join(' ', numbers);
        lines[3] = string.Join(' ', digests);
        Assert.Null(PackageDigestCache.Parse(Reseal(string.Join('\n', lines[..4]) + "\n"), identity));
    }

    /// <summary>The entry's body followed by the checksum the cache would write for it.</summary>
    private static byte[] Reseal(string body)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var checksum = PackageDigestCache.Fnv1a64(bytes.AsSpan(0, bytes.Length - 1)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        return [.. bytes, .. System.Text.Encoding.ASCII.GetBytes(checksum)];
    }
}
