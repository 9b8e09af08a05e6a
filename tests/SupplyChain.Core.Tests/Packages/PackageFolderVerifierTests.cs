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

    private const string Id = "Contoso.Files";

    private static TestPackageBuilder Package() => new TestPackageBuilder(Id, "1.0.0")
        .WithLibFile("net8.0", "Contoso.Files.dll", "assembly bytes")
        .WithFile("lib/net8.0/with space & 100%.txt", "escaped")
        .WithFile("lib/net472/_._", string.Empty)
        .WithFile("analyzers/dotnet/cs/A.dll", "analyzer")
        .WithFile("buildTransitive/Contoso.Files.props", "<Project><Import Project=\"../build/Contoso.Files.props\" /></Project>")
        .WithFile("build/Contoso.Files.props", "<Project />")
        .WithFile("tools/task.dll", "task assembly");

    [Fact]
    public void Verify_UntouchedFiles_AllMatchIncludingEscapedNamesAndRealPlaceholders()
    {
        using var installed = new Installed(Package());
        var paths = new[] { "lib/net8.0/Contoso.Files.dll", "lib/net8.0/with space & 100%.txt", "lib/net472/_._", "analyzers/dotnet/cs/A.dll" };
        var result = new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, Id, paths);
        Assert.True(result.IsValid);
        var expected = paths.Concat(new[] { "contoso.files.nuspec", "buildTransitive/Contoso.Files.props", "build/Contoso.Files.props", "tools/task.dll" });
        Assert.Equal(expected.OrderBy(p => p, StringComparer.Ordinal), result.Matches.Select(m => m.RelativePath).OrderBy(p => p, StringComparer.Ordinal));
        Assert.Empty(result.SkippedPlaceholders);
    }

    [Fact]
    public void Verify_PlaceholderThePackageDoesNotContain_IsSkipped()
    {
        using var installed = new Installed(Package());
        var result = new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, Id, new[] { "lib/net10.0/_._", "contentFiles/any/any/_._" });
        Assert.True(result.IsValid);
        Assert.Equal(2, result.SkippedPlaceholders.Count);
    }

    [Fact]
    public void Verify_SameSizeTamperedFile_IsAMismatch()
    {
        using var installed = new Installed(Package());
        File.WriteAllText(installed.PathOf("lib/net8.0/Contoso.Files.dll"), "assembly BYTES");
        var result = new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, Id, new[] { "lib/net8.0/Contoso.Files.dll" });
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
        var mismatch = Assert.Single(new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, Id, new[] { "lib/net8.0/with space & 100%.txt" }).Mismatches);
        Assert.Equal("lib/net8.0/with%20space%20%26%20100%25.txt", mismatch.EntryName);
        Assert.Contains("bytes", mismatch.Reason);
    }

    [Fact]
    public void Verify_MissingFileUnknownEntryAndEscapingPath_AreMismatches()
    {
        using var installed = new Installed(Package());
        File.Delete(installed.PathOf("analyzers/dotnet/cs/A.dll"));
        var result = new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, Id, new[] { "analyzers/dotnet/cs/A.dll", "lib/net8.0/Injected.dll", "../other/1.0.0/lib/x.dll", "/etc/passwd" });
        Assert.Equal(4, result.Mismatches.Count);
        Assert.Contains(result.Mismatches, m => m.Reason == "the file is missing");
        Assert.Contains(result.Mismatches, m => m.RelativePath == "lib/net8.0/Injected.dll" && m.Reason.Contains("no such entry", StringComparison.Ordinal));
        Assert.Equal(2, result.Mismatches.Count(m => m.Reason == "the path leaves the package folder"));
    }

    [Fact]
    public void Verify_NupkgNotAZip_IsSCSDK1018()
    {
        using var installed = new Installed(Package());
        File.WriteAllText(installed.Nupkg, "garbage");
        var ex = Assert.Throws<SupplyChainException>(() => new PackageFolderVerifier().Verify(installed.Nupkg, installed.ContentHash, installed.Folder, Id, new[] { "lib/net8.0/Contoso.Files.dll" }));
        Assert.Equal("SCSDK1018", ex.Diagnostic.Code);
    }

    [LinuxFact]
    public void Verify_WithCache_SkipsUnchangedFilesAndRechecksChangedOnes()
    {
        using var installed = new Installed(Package());
        var cache = VerifiedFileCache.CreateInMemory(() => DateTimeOffset.UtcNow.AddMinutes(10));
        var verifier = new PackageFolderVerifier(cache);
        var paths = new[] { "lib/net8.0/Contoso.Files.dll", "analyzers/dotnet/cs/A.dll" };
        Assert.All(verifier.Verify(installed.Nupkg, installed.ContentHash, installed.Folder, Id, paths).Matches, m => Assert.False(m.FromCache));
        Assert.All(verifier.Verify(installed.Nupkg, installed.ContentHash, installed.Folder, Id, paths).Matches, m => Assert.True(m.FromCache));

        var target = installed.PathOf("analyzers/dotnet/cs/A.dll");
        var mtime = File.GetLastWriteTimeUtc(target);
        System.Threading.Thread.Sleep(20);
        File.WriteAllText(target, "ANALYZER");
        File.SetLastWriteTimeUtc(target, mtime);
        var result = verifier.Verify(installed.Nupkg, installed.ContentHash, installed.Folder, Id, paths);
        Assert.Equal(target, Assert.Single(result.Mismatches).Path);
        Assert.All(result.Matches, m => Assert.True(m.FromCache));

        // A record is bound to the package it matched: another content hash does not reuse it.
        Assert.All(verifier.Verify(installed.Nupkg, "other", installed.Folder, Id, new[] { paths[0] }).Matches, m => Assert.False(m.FromCache));
    }

    private static readonly string[] s_listed = { "lib/net8.0/Contoso.Files.dll", "buildTransitive/Contoso.Files.props" };

    private static ExtractedFilesResult VerifyAll(Installed installed, VerifiedFileCache? cache = null)
        => new PackageFolderVerifier(cache).Verify(installed.Nupkg, installed.ContentHash, installed.Folder, Id, s_listed);

    private static VerifiedFileCache CacheThatTrustsNow() => VerifiedFileCache.CreateInMemory(() => DateTimeOffset.UtcNow.AddMinutes(10));

    [Theory]
    [InlineData("build/Contoso.Files.props")]
    [InlineData("tools/task.dll")]
    [InlineData("contoso.files.nuspec")]
    [InlineData("lib/net472/_._")]
    public void Verify_FileOutsideTheAssetGroupsChangedByOneByte_IsAMismatch(string relative)
    {
        using var installed = new Installed(Package());
        var path = installed.PathOf(relative);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            bytes = new byte[] { 0 };
        }
        else
        {
            bytes[^1] ^= 1;
        }

        File.WriteAllBytes(path, bytes);
        var mismatch = Assert.Single(VerifyAll(installed).Mismatches);
        Assert.Equal(relative, mismatch.RelativePath);
    }

    [Theory]
    [InlineData("build/Contoso.Files.targets")]
    [InlineData("tools/evil.dll")]
    [InlineData(".hidden.props")]
    [InlineData("lib/net8.0/.nupkg.metadata")]
    [InlineData("contoso.files.1.0.0.nupkg.sha512.bak")]
    [InlineData("Contoso.Files.nuspec")]
    [InlineData("package/services/metadata/core-properties/x.psmdcp")]
    public void Verify_FileThePackageDoesNotContain_IsUnexpected(string relative)
    {
        using var installed = new Installed(Package());
        var path = installed.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "<Project />");
        var result = VerifyAll(installed);
        Assert.False(result.IsValid);
        Assert.Empty(result.Mismatches);
        Assert.Equal(relative, Assert.Single(result.UnexpectedFiles).RelativePath);
    }

    [Fact]
    public void Verify_NuGetOwnFiles_AreExceptedByExactName()
    {
        using var installed = new Installed(Package());
        File.WriteAllText(installed.PathOf(".nupkg.metadata"), "anything");
        File.WriteAllText(installed.PathOf("contoso.files.1.0.0.nupkg.sha512"), "anything");
        Assert.True(VerifyAll(installed).IsValid);
    }

    [LinuxFact]
    public void Verify_CaseVariantOfAnEntry_IsUnexpectedOnLinux()
    {
        using var installed = new Installed(Package());
        Directory.CreateDirectory(installed.PathOf("Build"));
        File.Copy(installed.PathOf("build/Contoso.Files.props"), installed.PathOf("Build/Contoso.Files.props"));
        File.Copy(installed.PathOf("build/Contoso.Files.props"), installed.PathOf("build/contoso.files.props"));
        var result = VerifyAll(installed);
        Assert.Equal(new[] { "Build/Contoso.Files.props", "build/contoso.files.props" }, result.UnexpectedFiles.Select(u => u.RelativePath).OrderBy(p => p, StringComparer.Ordinal));
    }

    [Fact]
    public void Verify_EntryMissingFromDiskAndFromRestoresList_IsMissing()
    {
        // Deleted from the cache before restore: restore's list of the folder does not name it either.
        using var installed = new Installed(Package());
        File.Delete(installed.PathOf("tools/task.dll"));
        var mismatch = Assert.Single(VerifyAll(installed).Mismatches);
        Assert.Equal("tools/task.dll", mismatch.RelativePath);
        Assert.Equal("the file is missing", mismatch.Reason);
    }

    [LinuxFact]
    public void Verify_SymbolicLinkToIdenticalContent_IsReportedAndNotFollowed()
    {
        using var installed = new Installed(Package());
        var target = installed.PathOf("build/Contoso.Files.props");
        var elsewhere = Path.Combine(installed.Directory.Path, "elsewhere.props");
        File.Copy(target, elsewhere);
        File.Delete(target);
        File.CreateSymbolicLink(target, elsewhere);
        var mismatch = Assert.Single(VerifyAll(installed).Mismatches);
        Assert.Equal("build/Contoso.Files.props", mismatch.RelativePath);
        Assert.Contains("symbolic link", mismatch.Reason, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Verify_SymbolicLinkToAFolder_IsUnexpectedAndNotEntered()
    {
        using var installed = new Installed(Package());
        var elsewhere = Path.Combine(installed.Directory.Path, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllText(Path.Combine(elsewhere, "Contoso.Files.targets"), "<Project />");
        Directory.CreateSymbolicLink(installed.PathOf("buildMultiTargeting"), elsewhere);
        var unexpected = Assert.Single(VerifyAll(installed).UnexpectedFiles);
        Assert.Equal("buildMultiTargeting", unexpected.RelativePath);
        Assert.Contains("symbolic link", unexpected.Reason, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Verify_Fifo_IsReportedWithoutBlocking()
    {
        using var installed = new Installed(Package());
        var fifo = installed.PathOf("build/pipe.props");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        var unexpected = Assert.Single(VerifyAll(installed).UnexpectedFiles);
        Assert.Contains("not a regular file", unexpected.Reason, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Verify_WithCache_UnchangedCleanFolderDoesNotOpenTheNupkg()
    {
        using var installed = new Installed(Package());
        var cache = CacheThatTrustsNow();
        Assert.True(VerifyAll(installed, cache).IsValid);
        var original = File.ReadAllBytes(installed.Nupkg);
        File.WriteAllText(installed.Nupkg, "not a zip: opening it would throw SCSDK1018");
        var second = VerifyAll(installed, cache);
        Assert.True(second.IsValid);
        Assert.All(second.Matches, m => Assert.True(m.FromCache));

        File.WriteAllBytes(installed.Nupkg, original);
        File.WriteAllText(installed.PathOf("build/Contoso.Files.targets"), "<Project />");
        Assert.Equal("build/Contoso.Files.targets", Assert.Single(VerifyAll(installed, cache).UnexpectedFiles).RelativePath);
    }

    [LinuxFact]
    public void Verify_WithCache_FileAddedToAVerifiedFolderIsSeenByTheEveryBuildCheck()
    {
        using var installed = new Installed(Package());
        var cache = CacheThatTrustsNow();
        Assert.True(VerifyAll(installed, cache).IsValid);
        Assert.Empty(cache.FindChanged());
        Assert.Contains(cache.Records, r => r.Kind == VerifiedFileKind.PackageDirectory && r.Identity.FullPath == Path.GetFullPath(installed.PathOf("tools")));
        Assert.Contains(cache.Records, r => r.Kind == VerifiedFileKind.ExtractedFile && r.Identity.FullPath == Path.GetFullPath(installed.PathOf("tools/task.dll")));

        File.WriteAllText(installed.PathOf("tools/evil.dll"), "payload");
        Assert.Equal(new[] { Path.GetFullPath(installed.PathOf("tools")) }, cache.FindChanged());
    }

    [LinuxFact]
    public void Verify_WithCache_DirtyFolderIsNotRecorded()
    {
        using var installed = new Installed(Package());
        File.WriteAllText(installed.PathOf("build/Contoso.Files.targets"), "<Project />");
        var cache = CacheThatTrustsNow();
        Assert.False(VerifyAll(installed, cache).IsValid);
        Assert.DoesNotContain(cache.Records, r => r.Kind == VerifiedFileKind.PackageDirectory);
        Assert.Single(VerifyAll(installed, cache).UnexpectedFiles);
    }
}
