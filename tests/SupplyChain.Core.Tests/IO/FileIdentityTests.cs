using System;
using System.IO;
using System.Threading;
using SupplyChain.Core.IO;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.IO;

public class FileIdentityTests
{
    [LinuxFact]
    public void TryGet_OnLinux_ReadsSizeInodeAndChangeTime()
    {
        Assert.True(FileIdentity.IsSupported);
        using var dir = new TestDirectory();
        var path = dir.WriteFile("a.txt", "hello");
        var identity = FileIdentity.TryGet(path);
        Assert.NotNull(identity);
        Assert.Equal(Path.GetFullPath(path), identity.FullPath);
        Assert.Equal(5, identity.Length);
        Assert.NotEqual(0UL, identity.Inode);
        Assert.InRange(identity.ChangeTime, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(identity, FileIdentity.TryGet(path));
    }

    [LinuxFact]
    public void TryGet_ContentRewrittenAndModificationTimeSetBack_ChangesIdentity()
    {
        using var dir = new TestDirectory();
        var path = dir.WriteFile("a.dll", "original");
        var mtime = File.GetLastWriteTimeUtc(path);
        var before = FileIdentity.TryGet(path)!;
        Thread.Sleep(20);
        File.WriteAllText(path, "tampered");
        File.SetLastWriteTimeUtc(path, mtime);
        var after = FileIdentity.TryGet(path)!;
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(before.ModificationTimeSeconds, after.ModificationTimeSeconds);
        Assert.NotEqual(before, after);
        Assert.True(after.ChangeTime > before.ChangeTime);
    }

    [LinuxFact]
    public void TryGet_FileReplacedByRename_ChangesInode()
    {
        using var dir = new TestDirectory();
        var path = dir.WriteFile("a.dll", "original");
        var before = FileIdentity.TryGet(path)!;
        var other = dir.WriteFile("b.dll", "original");
        File.Move(other, path, overwrite: true);
        Assert.NotEqual(before.Inode, FileIdentity.TryGet(path)!.Inode);
    }

    [Fact]
    public void TryGet_MissingFileOrFolder_IsNull()
    {
        using var dir = new TestDirectory();
        Assert.Null(FileIdentity.TryGet(dir.Combine("missing")));
        Assert.Null(FileIdentity.TryGet(dir.Path));
    }

    [LinuxFact]
    public void TryGet_SymbolicLink_HasNoIdentityEvenWhenItPointsAtAFile()
    {
        using var dir = new TestDirectory();
        var target = dir.WriteFile("a.dll", "content");
        var link = dir.Combine("link.dll");
        File.CreateSymbolicLink(link, target);
        Assert.NotNull(FileIdentity.TryGet(target));
        Assert.Null(FileIdentity.TryGet(link));
    }

    [LinuxFact]
    public void TryGetDirectory_EntryAdded_ChangesIdentity()
    {
        using var dir = new TestDirectory();
        var folder = dir.Combine("tools");
        Directory.CreateDirectory(folder);
        var before = FileIdentity.TryGetDirectory(folder);
        Assert.NotNull(before);
        Assert.Null(FileIdentity.TryGet(folder));
        Thread.Sleep(20);
        File.WriteAllText(Path.Combine(folder, "evil.dll"), "x");
        Assert.NotEqual(before, FileIdentity.TryGetDirectory(folder));
        Directory.CreateSymbolicLink(dir.Combine("linked"), folder);
        Assert.Null(FileIdentity.TryGetDirectory(dir.Combine("linked")));
    }
}
