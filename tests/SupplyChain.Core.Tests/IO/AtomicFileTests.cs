using System.IO;
using SupplyChain.Core.IO;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void WriteAllText_NewFolder_CreatesFileWithoutLeavingTemporaries()
    {
        using var dir = new TestDirectory();
        var path = dir.Combine("a", "b", "cache.json");
        AtomicFile.WriteAllText(path, "one");
        Assert.Equal("one", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Combine("a", "b")));
    }

    [Fact]
    public void WriteAllBytes_ExistingFile_ReplacesItWithANewInode()
    {
        using var dir = new TestDirectory();
        var path = dir.Combine("f.bin");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        var before = FileIdentity.TryGet(path);
        AtomicFile.WriteAllBytes(path, new byte[] { 4 });
        Assert.Equal(new byte[] { 4 }, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
        if (before is not null)
        {
            Assert.NotEqual(before.Inode, FileIdentity.TryGet(path)!.Inode);
        }
    }
}
