using System;
using System.IO;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Tests.IO;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Packages;

public class PackageFolderVerifierTests
{
    private sealed class Installed : IDisposable
    {
        public Installed(TestPackageBuilder builder)
        {
            Directory = new TestDirectory("pfv");
            var bytes = builder.Build();
            ContentHash = TestPackagesFolder.UnsignedContentHash(bytes);
            Folder = TestPackagesFolder.Install(Directory.Path, builder.Id, builder.Version, bytes);
            Nupkg = Path.Combine(Folder, builder.FileName);
        }

        public TestDirectory Directory { get; }

        public string Folder { get; }

        public string Nupkg { get; }

        public string ContentHash { get; }

        public string PathOf(string relative) => Path.Combine(Folder, relative);

        public void Dispose() => Directory.Dispose();
    }

    private static TestPackageBuilder Package() => new TestPackageBuilder("Contoso.Files", "1.0.0")
        .WithLibFile("net8.0", "Contoso.Files.dll", "assembly bytes")
        .WithFile("lib/net8.0/with space & 100%.txt", "escaped")
        .WithFile("lib/net472/_._", string.Empty)
        .WithFile("analyzers/dotnet/cs/A.dll", "analyzer");

    [Fact]
    public void Verify_UntouchedFiles_AllMatchIncludingEscapedNamesAndRealPlaceholders()
    {
        using var installed = new Installed(Package());
        var paths = new[] { "lib/net8.0/Contoso.Files.dll", "lib/net8.0/with space & 100%.txt", "lib/net472/_._", "analyzers/dotnet/cs/A.dll" };
        var result = new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, paths);
        Assert.True(result.IsValid);
        Assert.Equal(paths.OrderBy(p => p), result.Matches.Select(m => m.RelativePath).OrderBy(p => p));
        Assert.Empty(result.SkippedPlaceholders);
    }

    [Fact]
    public void Verify_PlaceholderThePackageDoesNotContain_IsSkipped()
    {
        using var installed = new Installed(Package());
        var result = new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, new[] { "lib/net10.0/_._", "contentFiles/any/any/_._" });
        Assert.True(result.IsValid);
        Assert.Empty(result.Matches);
        Assert.Equal(2, result.SkippedPlaceholders.Count);
    }

    [Fact]
    public void Verify_SameSizeTamperedFile_IsAMismatch()
    {
        using var installed = new Installed(Package());
        File.WriteAllText(installed.PathOf("lib/net8.0/Contoso.Files.dll"), "assembly BYTES");
        var result = new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, new[] { "lib/net8.0/Contoso.Files.dll" });
        var mismatch = Assert.Single(result.Mismatches);
        Assert.Equal("the content differs", mismatch.Reason);
        Assert.Equal("lib/net8.0/Contoso.Files.dll", mismatch.EntryName);
        Assert.Equal(Path.GetFullPath(installed.PathOf("lib/net8.0/Contoso.Files.dll")), mismatch.Path);
    }

    [Fact]
    public void Verify_EscapedEntryTampered_NamesTheEscapedEntry()
    {
        using var installed = new Installed(Package());
        File.WriteAllText(installed.PathOf("lib/net8.0/with space & 100%.txt"), "longer content");
        var mismatch = Assert.Single(new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, new[] { "lib/net8.0/with space & 100%.txt" }).Mismatches);
        Assert.Equal("lib/net8.0/with%20space%20%26%20100%25.txt", mismatch.EntryName);
        Assert.Contains("bytes", mismatch.Reason);
    }

    [Fact]
    public void Verify_MissingFileUnknownEntryAndEscapingPath_AreMismatches()
    {
        using var installed = new Installed(Package());
        File.Delete(installed.PathOf("analyzers/dotnet/cs/A.dll"));
        var result = new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, new[] { "analyzers/dotnet/cs/A.dll", "lib/net8.0/Injected.dll", "../other/1.0.0/lib/x.dll", "/etc/passwd" });
        Assert.Equal(4, result.Mismatches.Count);
        Assert.Contains(result.Mismatches, m => m.Reason == "the file is missing");
        Assert.Contains(result.Mismatches, m => m.Reason == "the package has no such entry");
        Assert.Equal(2, result.Mismatches.Count(m => m.Reason == "the path leaves the package folder"));
    }

    [Fact]
    public void Verify_NupkgNotAZip_IsSCSDK1018()
    {
        using var installed = new Installed(Package());
        File.WriteAllText(installed.Nupkg, "garbage");
        var ex = Assert.Throws<SupplyChainException>(() => new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, new[] { "lib/net8.0/Contoso.Files.dll" }));
        Assert.Equal("SCSDK1018", ex.Diagnostic.Code);
    }

    [LinuxFact]
    public void Verify_WithCache_SkipsUnchangedFilesAndRechecksChangedOnes()
    {
        using var installed = new Installed(Package());
        var cache = VerifiedFileCache.CreateInMemory(() => DateTimeOffset.UtcNow.AddMinutes(10));
        var verifier = new PackageFolderVerifier(cache);
        var paths = new[] { "lib/net8.0/Contoso.Files.dll", "analyzers/dotnet/cs/A.dll" };
        Assert.All(verifier.Verify(installed.Nupkg, installed.ContentHash, installed.Folder, paths).Matches, m => Assert.False(m.FromCache));
        Assert.All(verifier.Verify(installed.Nupkg, installed.ContentHash, installed.Folder, paths).Matches, m => Assert.True(m.FromCache));

        var target = installed.PathOf("analyzers/dotnet/cs/A.dll");
        var mtime = File.GetLastWriteTimeUtc(target);
        System.Threading.Thread.Sleep(20);
        File.WriteAllText(target, "ANALYZER");
        File.SetLastWriteTimeUtc(target, mtime);
        var result = verifier.Verify(installed.Nupkg, installed.ContentHash, installed.Folder, paths);
        Assert.Equal(target, Assert.Single(result.Mismatches).Path);
        Assert.True(Assert.Single(result.Matches).FromCache);

        // A record is bound to the package it matched: another content hash does not reuse it.
        Assert.All(verifier.Verify(installed.Nupkg, "other", installed.Folder, new[] { paths[0] }).Matches, m => Assert.False(m.FromCache));
    }
}
