using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Packages;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Packages;

public class PackageContentHashTests
{
    private static byte[] SmallPackage() => new TestPackageBuilder("Contoso.Hash", "1.2.3")
        .WithDependency("net8.0", "Contoso.Other", "[1.0.0, )")
        .WithLibFile("net8.0", "Contoso.Hash.dll", "not really an assembly")
        .WithFile("content/a b+c.txt", "escaped name")
        .WithLicenseExpression("MIT")
        .Build();

    private static PackageHashes Hash(byte[] bytes) => PackageContentHash.Compute(new MemoryStream(bytes), "test.nupkg");

    private static string Sha512(byte[] bytes) => Convert.ToBase64String(SHA512.HashData(bytes));

    [Fact]
    public void Compute_UnsignedPackage_IsTheSha512OfTheFile()
    {
        var bytes = SmallPackage();
        var hashes = Hash(bytes);
        Assert.False(hashes.IsSigned);
        Assert.Equal(Sha512(bytes), hashes.ContentHash);
        Assert.Equal(hashes.ContentHash, hashes.FileSha512);
        Assert.Equal(bytes.Length, hashes.Length);
    }

    [Fact]
    public void Compute_SignedPackage_IsTheSha512OfThePackageBeforeSigning()
    {
        var unsigned = SmallPackage();
        var signed = TestPackageSigner.AppendSignatureEntry(unsigned, RandomNumberGenerator.GetBytes(3000));
        var hashes = Hash(signed);
        Assert.True(hashes.IsSigned);
        Assert.Equal(Sha512(unsigned), hashes.ContentHash);
        Assert.Equal(Sha512(signed), hashes.FileSha512);
        using var archive = new ZipArchive(new MemoryStream(signed));
        Assert.Equal(TestPackageSigner.SignatureEntryName, archive.Entries[^1].FullName);
    }

    [Fact]
    public void Compute_SignedPackageWithArchiveComment_KeepsTheComment()
    {
        var unsigned = WithComment(SmallPackage(), "a comment after the end record");
        var signed = TestPackageSigner.AppendSignatureEntry(unsigned, new byte[] { 1, 2, 3 });
        Assert.Equal(Sha512(unsigned), Hash(signed).ContentHash);
    }

    [Fact]
    public void Compute_Zip64SignedPackage_IsTheSha512OfTheUnsignedOriginal()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 70_000; i++)
            {
                zip.CreateEntry("content/" + i.ToString("D5"), CompressionLevel.NoCompression);
            }
        }

        var unsigned = buffer.ToArray();
        var end = unsigned.Length - 22;
        Assert.Equal(0x07064b50u, BinaryPrimitives.ReadUInt32LittleEndian(unsigned.AsSpan(end - 20)));
        Assert.Equal(Sha512(unsigned), Hash(unsigned).ContentHash);

        var signed = TestPackageSigner.AppendSignatureEntry(unsigned, RandomNumberGenerator.GetBytes(5000));
        var hashes = Hash(signed);
        Assert.True(hashes.IsSigned);
        Assert.Equal(Sha512(unsigned), hashes.ContentHash);
        Assert.Equal(Sha512(signed), hashes.FileSha512);
        using var archive = new ZipArchive(new MemoryStream(signed));
        Assert.Equal(70_001, archive.Entries.Count);
    }

    [Fact]
    public void Compute_Zip64SignedPackageWhoseEndRecordHoldsTheValues_IsTheSha512OfTheUnsignedOriginal()
    {
        // A writer that always adds the ZIP64 records but keeps the real counts, size and offset in the classic end
        // record (no 0xFFFF.. sentinels): removing the signature must patch the classic fields too.
        var crafted = new CraftedZip().Add("lib/a.dll", "aaaa").Add("lib/b.dll", "bbbbbb");
        (crafted.Zip64, crafted.Sentinels) = (true, false);
        var unsigned = crafted.Build();
        var signed = TestPackageSigner.AppendSignatureEntry(unsigned, RandomNumberGenerator.GetBytes(300));
        var hashes = Hash(signed);
        Assert.True(hashes.IsSigned);
        Assert.Equal(Sha512(unsigned), hashes.ContentHash);
        Assert.Equal(Sha512(signed), hashes.FileSha512);
    }

    [Theory]
    [InlineData(true, "Contoso.Hash.nuspec")]
    [InlineData(true, "CONTOSO.HASH.NUSPEC")]
    [InlineData(true, "a.nuspec", "b.nuspec")]
    [InlineData(false, "lib/Contoso.Hash.nuspec")]
    [InlineData(false, "/Contoso.Hash.nuspec")]
    [InlineData(false, "Contoso.Hash.nuspec.txt")]
    [InlineData(false, "readme.txt")]
    public void HasRootNuspec_IsAnEntryAtTheRootNamedStarNuspec(bool expected, params string[] names)
    {
        var hashes = Hash(ZipWith(names.Select(name => (name, "x")).Prepend(("lib/a.dll", "a")).ToArray()));
        Assert.Equal(expected, hashes.HasRootNuspec);
    }

    [Fact]
    public void Compute_FileGrowingWhileItIsHashed_IsSCSDK1018()
    {
        // The length was taken when the directory was read; a writer appended to the file before the hash reached its end.
        var bytes = SmallPackage();
        var grown = bytes.Concat(new byte[100]).ToArray();
        var ex = Assert.Throws<SupplyChainException>(() => PackageContentHash.Compute(new LyingLengthStream(grown, bytes.Length), "test.nupkg"));
        Assert.Equal("SCSDK1018", ex.Diagnostic.Code);
        Assert.Contains("the file changed while it was read", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_CallerErrors_NameTheParameter()
    {
        Assert.Equal("nupkgPath", Assert.Throws<ArgumentNullException>(() => PackageContentHash.Compute((string)null!)).ParamName);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => PackageContentHash.Compute((Stream)null!, "test.nupkg")).ParamName);
    }

    [Fact]
    public void Compute_SignatureNameFlaggedAsUtf8_IsNotASignature()
    {
        var bytes = ZipWith(("lib/a.dll", "a"), (TestPackageSigner.SignatureEntryName, "sig"));
        Assert.True(Hash(bytes).IsSigned);
        SetUtf8Flag(bytes, TestPackageSigner.SignatureEntryName);
        var hashes = Hash(bytes);
        Assert.False(hashes.IsSigned);
        Assert.Equal(Sha512(bytes), hashes.ContentHash);
    }

    [Fact]
    public void Compute_SignatureNotTheLastEntry_IsSCSDK1018()
    {
        var bytes = ZipWith((TestPackageSigner.SignatureEntryName, "sig"), ("lib/a.dll", "a"));
        AssertUnreadable(bytes, "not the last entry");
    }

    [Fact]
    public void Compute_DuplicateEntryNames_IsSCSDK1018()
    {
        AssertUnreadable(ZipWith(("lib/a.dll", "a"), ("lib/a.dll", "b")), "more than once");
    }

    [Fact]
    public void Compute_NamesThatUnescapeToTheSamePath_IsSCSDK1018()
    {
        AssertUnreadable(ZipWith(("lib/a b.dll", "a"), ("lib/a%20b.dll", "b")), "more than once");
    }

    [Fact]
    public void Compute_TwoSignatureEntries_IsSCSDK1018()
    {
        AssertUnreadable(ZipWith((TestPackageSigner.SignatureEntryName, "1"), (TestPackageSigner.SignatureEntryName, "2")), "more than once");
    }

    [Fact]
    public void Compute_LocalHeaderNamesAnotherFile_IsSCSDK1018()
    {
        var bytes = ZipWith(("lib/a.dll", "a"), ("lib/b.dll", "b"));
        var at = IndexOf(bytes, Encoding.ASCII.GetBytes("lib/a.dll"));
        bytes[at + 4] = (byte)'z';
        AssertUnreadable(bytes, "names another file");
    }

    [Fact]
    public void Compute_EndRecordCountsWrong_IsSCSDK1018()
    {
        var bytes = ZipWith(("lib/a.dll", "a"), ("lib/b.dll", "b"));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(bytes.Length - 22 + 8), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(bytes.Length - 22 + 10), 3);
        AssertUnreadable(bytes, "says 3");
    }

    [Fact]
    public void Compute_BytesAfterTheEndRecord_IsSCSDK1018()
    {
        var bytes = ZipWith(("lib/a.dll", "a")).Concat(new byte[] { 0, 1, 2 }).ToArray();
        AssertUnreadable(bytes, "no end of central directory record");
    }

    [Fact]
    public void Compute_GapBetweenEntries_IsSCSDK1018()
    {
        var bytes = ZipWith(("lib/a.dll", "a"), ("lib/b.dll", "b"));
        var cdOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22 + 16));
        var padded = bytes[..cdOffset].Concat(new byte[7]).Concat(bytes[cdOffset..]).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(padded.AsSpan(padded.Length - 22 + 16), (uint)cdOffset + 7);
        AssertUnreadable(padded, "does not end where");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(100)]
    public void Compute_TruncatedPackage_IsSCSDK1018(int keep)
    {
        var bytes = SmallPackage();
        AssertUnreadable(bytes[..Math.Min(keep, bytes.Length)], string.Empty);
        AssertUnreadable(bytes[..^5], string.Empty);
    }

    [Fact]
    public void Compute_MissingFile_IsSCSDK6001()
    {
        using var dir = new TestDirectory();
        var ex = Assert.Throws<SupplyChainException>(() => PackageContentHash.Compute(dir.Combine("none.nupkg")));
        Assert.Equal("SCSDK6001", ex.Diagnostic.Code);
    }

    [Theory]
    [MemberData(nameof(RestoredPackages))]
    public void Compute_PackageRestoredByNuGet_EqualsTheContentHashNuGetWrote(string nupkgPath, string expected, string reference)
    {
        var hashes = PackageContentHash.Compute(nupkgPath);
        Assert.True(expected == hashes.ContentHash, $"{nupkgPath}: NuGet wrote {expected} ({reference}), computed {hashes.ContentHash}.");
        Assert.Equal(Sha512(File.ReadAllBytes(nupkgPath)), hashes.FileSha512);
    }

    [Fact]
    public void RestoredPackages_IncludeSignedOnes()
    {
        var signed = RestoredPackages().Select(row => (string)row[0]).Where(p => PackageContentHash.Compute(p).IsSigned).ToArray();
        Assert.True(signed.Length >= 3, "Expected the restored test dependencies (xunit, Microsoft.NET.Test.Sdk), which nuget.org signs, among the packages: " + string.Join(", ", signed));
        Assert.Contains(signed, p => p.EndsWith("xunit.core.2.9.3.nupkg", StringComparison.Ordinal));
    }

    /// <summary>
    /// The packages this repository restores (every package its committed lock files pin), each with the content hash
    /// NuGet wrote for it into the lock file, found in the global packages folder or the offline copy in
    /// /opt/nuget/packages. Only those: whatever else the user's packages folder holds (a package repacked locally under
    /// a version NuGet once extracted) is not this test's business.
    /// </summary>
    public static IEnumerable<object[]> RestoredPackages()
    {
        var folders = new List<string>
        {
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env ? env : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "/opt/nuget/packages",
        };
        foreach (var (key, (hash, lockFile)) in LockedHashes().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var (id, version) = (key[..key.IndexOf('/', StringComparison.Ordinal)], key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..]);
            var nupkg = folders.Select(f => Path.Combine(f, id, version, id + "." + version + ".nupkg")).FirstOrDefault(File.Exists);
            if (nupkg is not null)
            {
                yield return new object[] { nupkg, hash, lockFile };
            }
        }
    }

    private static Dictionary<string, (string Hash, string LockFile)> LockedHashes()
    {
        var result = new Dictionary<string, (string Hash, string LockFile)>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Root, "packages.lock.json", SearchOption.AllDirectories))
        {
            if (file.Contains(Path.DirectorySeparatorChar + "artifacts" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var entry in PackagesLockFileReader.Read(file).Targets.SelectMany(t => t.Dependencies))
            {
                if (entry.ContentHash is not null && entry.Resolved is not null)
                {
                    result.TryAdd(entry.Id.ToLowerInvariant() + "/" + entry.Resolved.ToLowerInvariant(), (entry.ContentHash, file));
                }
            }
        }

        return result;
    }

    private static void AssertUnreadable(byte[] bytes, string reason)
    {
        var ex = Assert.Throws<SupplyChainException>(() => Hash(bytes));
        Assert.Equal("SCSDK1018", ex.Diagnostic.Code);
        Assert.Equal("test.nupkg", ex.Diagnostic.File);
        Assert.Contains(reason, ex.Diagnostic.Message);
    }

    private static byte[] ZipWith(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }

    private static byte[] WithComment(byte[] zip, string comment)
    {
        var bytes = Encoding.ASCII.GetBytes(comment);
        var result = zip.Concat(bytes).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(zip.Length - 2), (ushort)bytes.Length);
        return result;
    }

    private static void SetUtf8Flag(byte[] zip, string name)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        for (var at = IndexOf(zip, nameBytes, 0); at >= 0; at = IndexOf(zip, nameBytes, at + 1))
        {
            // A local header has its name at +30, a central-directory record at +46; the flags are at +6 and +8.
            if (at >= 30 && BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at - 30)) == 0x04034b50)
            {
                zip[at - 30 + 7] |= 0x08;
            }
            else if (at >= 46 && BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at - 46)) == 0x02014b50)
            {
                zip[at - 46 + 9] |= 0x08;
            }
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int start = 0)
    {
        var index = haystack.AsSpan(start).IndexOf(needle);
        return index < 0 ? -1 : start + index;
    }
}
