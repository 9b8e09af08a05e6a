using System;
using System.IO;
using System.Linq;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Tests.IO;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Packages;

/// <summary>
/// A clean build deletes each project's obj/ folder, and with it the project's verified-files cache: the machine's
/// records of each package folder let the next project (or the next clean build) skip comparing an unchanged folder
/// with its .nupkg, and must never let a changed folder pass.
/// </summary>
public class MachineFolderRecordsTests
{
    private const string Id = "Contoso.Shared";

    private static readonly string[] s_listed = { "lib/net8.0/Contoso.Shared.dll", "build/Contoso.Shared.props" };

    private sealed class Machine : IDisposable
    {
        public Machine()
        {
            Directory = new TestDirectory("mfr");
            var builder = new TestPackageBuilder(Id, "1.0.0")
                .WithLibFile("net8.0", "Contoso.Shared.dll", "assembly bytes")
                .WithFile("build/Contoso.Shared.props", "<Project />")
                .WithFile("tools/install.ps1", "# script");
            var bytes = builder.Build();
            ContentHash = TestPackagesFolder.UnsignedContentHash(bytes);
            Folder = TestPackagesFolder.Install(Directory.Combine("packages"), builder.Id, builder.Version, bytes);
            Nupkg = Path.Combine(Folder, builder.FileName);
            // The files were just written: a clock ten minutes ahead makes them old enough to be recorded.
            Cache = PackageDigestCache.Open(Directory.Combine("machine-cache"), () => DateTimeOffset.UtcNow.AddMinutes(10))
                ?? throw new InvalidOperationException("no machine cache on this system");
        }

        public TestDirectory Directory { get; }

        public string Folder { get; }

        public string Nupkg { get; }

        public string ContentHash { get; }

        public PackageDigestCache Cache { get; }

        public string RecordsFile => System.IO.Directory.GetFiles(Cache.Directory, "folder-*.json").Single();

        /// <summary>One project's verification, with its own (new, as after a clean) project cache.</summary>
        public ExtractedFilesResult VerifyAsNewProject(string? contentHash = null)
            => new PackageFolderVerifier(VerifiedFileCache.CreateInMemory(() => DateTimeOffset.UtcNow.AddMinutes(10)), Cache)
                .Verify(Nupkg, contentHash ?? ContentHash, Folder, Id, s_listed);

        public void Dispose() => Directory.Dispose();
    }

    [LinuxFact]
    public void SecondProjectOfACleanBuild_DoesNotOpenThePackage_WhenItsFolderIsUnchanged()
    {
        using var machine = new Machine();

        var first = machine.VerifyAsNewProject();
        var second = machine.VerifyAsNewProject();

        Assert.True(first.IsValid);
        Assert.True(first.ArchiveRead);
        Assert.True(second.IsValid);
        Assert.False(second.ArchiveRead);
        Assert.All(second.Matches, m => Assert.True(m.FromCache));
        Assert.Equal(first.Matches.Select(m => m.RelativePath), second.Matches.Select(m => m.RelativePath));
    }

    [LinuxFact]
    public void MachineRecords_TakenOverByTheProject_LetItsNextBuildSkipTheComparisonAlone()
    {
        // The project's own cache is what its no-op build checks: a folder known only from the machine's records must
        // end up in it, or the every-build check would have nothing to compare.
        using var machine = new Machine();
        machine.VerifyAsNewProject();
        var project = VerifiedFileCache.CreateInMemory(() => DateTimeOffset.UtcNow.AddMinutes(10));

        Assert.False(new PackageFolderVerifier(project, machine.Cache).Verify(machine.Nupkg, machine.ContentHash, machine.Folder, Id, s_listed).ArchiveRead);
        var alone = new PackageFolderVerifier(project).Verify(machine.Nupkg, machine.ContentHash, machine.Folder, Id, s_listed);

        Assert.False(alone.ArchiveRead);
        Assert.True(alone.IsValid);
    }

    [LinuxFact]
    public void FileTamperedAfterAnotherProjectVerifiedIt_IsCaught_EvenWithItsModificationTimeSetBack()
    {
        using var machine = new Machine();
        machine.VerifyAsNewProject();
        var target = Path.Combine(machine.Folder, "lib/net8.0/Contoso.Shared.dll");
        var mtime = File.GetLastWriteTimeUtc(target);
        File.WriteAllText(target, "assembly BYTES");
        File.SetLastWriteTimeUtc(target, mtime);

        var next = machine.VerifyAsNewProject();

        Assert.True(next.ArchiveRead);
        Assert.Equal("lib/net8.0/Contoso.Shared.dll", Assert.Single(next.Mismatches).RelativePath);
    }

    [LinuxFact]
    public void FileDroppedIntoTheFolderAfterAnotherProjectVerifiedIt_IsCaught()
    {
        using var machine = new Machine();
        machine.VerifyAsNewProject();
        File.WriteAllText(Path.Combine(machine.Folder, "build", "Contoso.Shared.targets"), "<Project />");

        var next = machine.VerifyAsNewProject();

        Assert.True(next.ArchiveRead);
        Assert.Equal("build/Contoso.Shared.targets", Assert.Single(next.UnexpectedFiles).RelativePath);
    }

    [LinuxFact]
    public void FileDeletedAfterAnotherProjectVerifiedIt_IsCaught()
    {
        using var machine = new Machine();
        machine.VerifyAsNewProject();
        File.Delete(Path.Combine(machine.Folder, "tools", "install.ps1"));

        var next = machine.VerifyAsNewProject();

        Assert.True(next.ArchiveRead);
        Assert.Equal("tools/install.ps1", Assert.Single(next.Mismatches).RelativePath);
    }

    [LinuxFact]
    public void MachineRecords_OfTheFolderUnderAnotherContentHash_AreNotUsed()
    {
        // The records say what the files matched: a package whose pin changed (another .nupkg at the same path) is compared again.
        using var machine = new Machine();
        machine.VerifyAsNewProject();

        var other = machine.VerifyAsNewProject("b3RoZXI=");

        Assert.True(other.ArchiveRead);
        Assert.All(other.Matches, m => Assert.False(m.FromCache));
    }

    [LinuxFact]
    public void MachineRecordsFile_WritableByOthers_IsNotRead()
    {
        using var machine = new Machine();
        machine.VerifyAsNewProject();
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(machine.RecordsFile, File.GetUnixFileMode(machine.RecordsFile) | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite);

        var next = machine.VerifyAsNewProject();

        Assert.True(next.ArchiveRead);
        Assert.True(next.IsValid);
    }

    [LinuxFact]
    public void MachineRecordsFile_Garbled_CostsOneComparison_AndIsReplaced()
    {
        using var machine = new Machine();
        machine.VerifyAsNewProject();
        File.WriteAllText(machine.RecordsFile, "{\"version\": 2, \"files\": [ {\"path\": 7");

        var garbled = machine.VerifyAsNewProject();
        var after = machine.VerifyAsNewProject();

        Assert.True(garbled.ArchiveRead);
        Assert.True(garbled.IsValid);
        Assert.False(after.ArchiveRead);
    }

    [LinuxFact]
    public void UnchangedFolder_DoesNotRewriteTheMachineRecords()
    {
        using var machine = new Machine();
        machine.VerifyAsNewProject();
        var written = File.GetLastWriteTimeUtc(machine.RecordsFile);
        File.SetLastWriteTimeUtc(machine.RecordsFile, written.AddHours(-1));

        machine.VerifyAsNewProject();

        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(machine.RecordsFile));
    }
}
