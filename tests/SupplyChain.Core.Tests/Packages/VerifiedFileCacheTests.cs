using System;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Tests.IO;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Packages;

public class VerifiedFileCacheTests
{
    private static readonly Func<DateTimeOffset> s_later = () => DateTimeOffset.UtcNow.AddMinutes(10);

    [LinuxFact]
    public void SaveAndLoad_RoundTripsRecordsThatWereUsed()
    {
        using var dir = new TestDirectory();
        var file = dir.WriteFile("pkg.nupkg", "bytes");
        var cachePath = dir.Combine("obj", "cache.json");
        var cache = VerifiedFileCache.Load(cachePath, now: s_later);
        var identity = FileIdentity.TryGet(file);
        cache.Record(identity, FileIdentity.TryGet(file), VerifiedFileKind.PackageArchive, "content", "file");
        cache.Save();

        var loaded = VerifiedFileCache.Load(cachePath, now: s_later);
        var record = loaded.Find(FileIdentity.TryGet(file), VerifiedFileKind.PackageArchive);
        Assert.NotNull(record);
        Assert.Equal("content", record.Value);
        Assert.Equal("file", record.Detail);
        Assert.Null(loaded.Find(FileIdentity.TryGet(file), VerifiedFileKind.ExtractedFile));
    }

    [LinuxFact]
    public void Find_FileSwappedWithModificationTimeSetBack_IsNotFound()
    {
        using var dir = new TestDirectory();
        var file = dir.WriteFile("lib.dll", "good");
        var cache = VerifiedFileCache.CreateInMemory(s_later);
        var identity = FileIdentity.TryGet(file);
        cache.Record(identity, identity, VerifiedFileKind.ExtractedFile, "hash", "lib/lib.dll");
        var mtime = File.GetLastWriteTimeUtc(file);
        Thread.Sleep(20);
        File.WriteAllText(file, "evil");
        File.SetLastWriteTimeUtc(file, mtime);
        Assert.Null(cache.Find(FileIdentity.TryGet(file), VerifiedFileKind.ExtractedFile));
        Assert.Equal(new[] { Path.GetFullPath(file) }, cache.FindChanged());
    }

    [LinuxFact]
    public void FindChanged_ReportsChangedAndDeletedFilesOnly()
    {
        using var dir = new TestDirectory();
        var same = dir.WriteFile("same.dll", "1");
        var changed = dir.WriteFile("changed.dll", "2");
        var deleted = dir.WriteFile("deleted.dll", "3");
        var cachePath = dir.Combine("cache.json");
        var cache = VerifiedFileCache.Load(cachePath, now: s_later);
        foreach (var file in new[] { same, changed, deleted })
        {
            var identity = FileIdentity.TryGet(file);
            cache.Record(identity, identity, VerifiedFileKind.ExtractedFile, "h", Path.GetFileName(file));
        }

        cache.Save();
        Thread.Sleep(20);
        File.AppendAllText(changed, "x");
        File.Delete(deleted);
        var found = VerifiedFileCache.FindChanged(cachePath);
        Assert.Equal(new[] { Path.GetFullPath(changed), Path.GetFullPath(deleted) }.OrderBy(p => p, StringComparer.Ordinal), found);
    }

    [LinuxFact]
    public void Record_FileChangedJustNow_IsKeptAsRacyNeverReusedAndAlwaysListedAsChanged()
    {
        using var dir = new TestDirectory();
        var file = dir.WriteFile("new.dll", "fresh");
        var cachePath = dir.Combine("cache.json");
        var cache = VerifiedFileCache.Load(cachePath);
        var identity = FileIdentity.TryGet(file);
        cache.Record(identity, identity, VerifiedFileKind.ExtractedFile, "h", "new.dll");
        Assert.True(Assert.Single(cache.Records).Racy);
        Assert.Null(cache.Find(identity, VerifiedFileKind.ExtractedFile));
        Assert.Equal(new[] { Path.GetFullPath(file) }, cache.FindChanged());
        cache.Save();
        Assert.Equal(new[] { Path.GetFullPath(file) }, VerifiedFileCache.FindChanged(cachePath));

        // Verified again once the racy interval has passed, the record becomes a normal one.
        var later = VerifiedFileCache.Load(cachePath, now: s_later);
        later.Record(identity, FileIdentity.TryGet(file), VerifiedFileKind.ExtractedFile, "h", "new.dll");
        Assert.False(Assert.Single(later.Records).Racy);
        Assert.NotNull(later.Find(FileIdentity.TryGet(file), VerifiedFileKind.ExtractedFile));
        Assert.Empty(later.FindChanged());
    }

    [LinuxFact]
    public void Record_IdentityChangedWhileReading_IsNotRecorded()
    {
        using var dir = new TestDirectory();
        var file = dir.WriteFile("a.dll", "1");
        var cache = VerifiedFileCache.CreateInMemory(s_later);
        var before = FileIdentity.TryGet(file);
        Thread.Sleep(20);
        File.WriteAllText(file, "2");
        cache.Record(before, FileIdentity.TryGet(file), VerifiedFileKind.ExtractedFile, "h", "a.dll");
        Assert.Empty(cache.Records);
    }

    [LinuxFact]
    public void Save_DropsRecordsNotUsedSinceLoad()
    {
        using var dir = new TestDirectory();
        var a = dir.WriteFile("a.dll", "1");
        var b = dir.WriteFile("b.dll", "2");
        var cachePath = dir.Combine("cache.json");
        var cache = VerifiedFileCache.Load(cachePath, now: s_later);
        foreach (var file in new[] { a, b })
        {
            var identity = FileIdentity.TryGet(file);
            cache.Record(identity, identity, VerifiedFileKind.ExtractedFile, "h", file);
        }

        cache.Save();
        var second = VerifiedFileCache.Load(cachePath, now: s_later);
        Assert.NotNull(second.Find(FileIdentity.TryGet(a), VerifiedFileKind.ExtractedFile));
        second.Save();
        Assert.Equal(new[] { Path.GetFullPath(a) }, VerifiedFileCache.Load(cachePath).Records.Select(r => r.Identity.FullPath));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"version\": 99, \"files\": []}")]
    [InlineData("{\"version\": 1, \"files\": []}")]
    [InlineData("{\"version\": 2, \"files\": [{\"path\": 3}]}")]
    [InlineData("{\"version\": 2, \"files\": [{\"path\": \"/x\", \"size\": 1, \"device\": 1, \"inode\": 1, \"ctime\": 1, \"ctimeNs\": 1, \"mtime\": 1, \"mtimeNs\": 1, \"kind\": \"Bogus\", \"value\": \"v\", \"detail\": \"d\"}]}")]
    public void Load_UnreadableCache_IsEmptyAndTraced(string content)
    {
        using var dir = new TestDirectory();
        var cachePath = dir.WriteFile("cache.json", content);
        var sink = new DiagnosticBag();
        var cache = VerifiedFileCache.Load(cachePath, sink);
        Assert.Empty(cache.Records);
        Assert.Single(sink.TraceMessages);
        Assert.Empty(sink.Diagnostics);
        Assert.False(cache.WasLoaded);

        // It proves nothing, so the every-build check lists it and the verification runs again.
        Assert.Equal(new[] { Path.GetFullPath(cachePath) }, VerifiedFileCache.FindChanged(cachePath));
    }

    [Fact]
    public void FindChanged_MissingCache_ListsTheCacheItself()
    {
        using var dir = new TestDirectory();
        var cachePath = dir.Combine("cache.json");
        Assert.Equal(new[] { Path.GetFullPath(cachePath) }, VerifiedFileCache.FindChanged(cachePath));
    }

    [Fact]
    public void Find_WithoutIdentity_IsNull()
    {
        var cache = VerifiedFileCache.CreateInMemory();
        Assert.Null(cache.Find(null, VerifiedFileKind.PackageArchive));
        cache.Record(null, null, VerifiedFileKind.PackageArchive, "h", "d");
        Assert.Empty(cache.Records);
    }
}
