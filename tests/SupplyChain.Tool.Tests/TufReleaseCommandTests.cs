using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChain.TestUtilities;

namespace SupplyChain.Tool.Tests;

/// <summary><c>supplychain tuf add</c> of packages: a published version is immutable unless --skip-duplicate or --replace.</summary>
public sealed class TufReleaseCommandTests
{
    private const string PackagePath = "contoso.app/2.1.0/contoso.app.2.1.0.nupkg";

    [Fact]
    public void Add_ACraftedNupkgWhoseNuspecClaimsAPublishedPackage_IsRefusedNamingTheTargetAndBothHashes()
    {
        using var dir = new TestDirectory("tufrelease");
        var (keys, repo) = Published(dir);
        var listed = TufRepositoryAssert.Verify(repo)[PackagePath].Hashes["sha256"];
        var metadata = Directory.GetFiles(Path.Combine(repo, "metadata")).Order(StringComparer.Ordinal).ToArray();

        // Named after another package; its .nuspec says it is Contoso.App 2.1.0.
        var crafted = new TestPackageBuilder("Contoso.App", "2.1.0").WithLibFile("net8.0", "Contoso.App.dll", "evil").WriteTo(dir.Combine("crafted"));
        var innocent = dir.Combine("crafted", "innocent.tool.1.0.0.nupkg");
        File.Move(crafted, innocent);
        var add = CommandRunner.Run("tuf", "add", repo, innocent, "--key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);

        Assert.Equal(2, add.ExitCode);
        var error = Assert.Single(add.Diagnostics);
        Assert.Equal("SCSDK4115", error.Code);
        Assert.Contains(PackagePath, error.Message, StringComparison.Ordinal);
        Assert.Contains(listed, error.Message, StringComparison.Ordinal);
        Assert.Contains(Sha256(innocent), error.Message, StringComparison.Ordinal);
        Assert.Equal(listed, TufRepositoryAssert.Verify(repo)[PackagePath].Hashes["sha256"]);
        Assert.Equal(metadata, Directory.GetFiles(Path.Combine(repo, "metadata")).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Add_TheSameBytesAgain_IsANoOp_SkipDuplicateKeepsTheFirst_AndReplaceReplacesWithAWarning()
    {
        using var dir = new TestDirectory("tufrelease");
        var (keys, repo) = Published(dir);
        var first = TufRepositoryAssert.Verify(repo)[PackagePath].Hashes["sha256"];
        var metadata = Directory.GetFiles(Path.Combine(repo, "metadata")).Order(StringComparer.Ordinal).ToArray();

        var same = CommandRunner.Run("tuf", "add", repo, dir.Combine("first", "contoso.app.2.1.0.nupkg"), "--key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.True(same.ExitCode == 0, same.Error);
        Assert.Contains("unchanged: " + PackagePath, same.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("published:", same.Out, StringComparison.Ordinal);
        Assert.Equal(metadata, Directory.GetFiles(Path.Combine(repo, "metadata")).Order(StringComparer.Ordinal).ToArray());

        var second = new TestPackageBuilder("Contoso.App", "2.1.0").WithLibFile("net8.0", "Contoso.App.dll", "second").WriteTo(dir.Combine("second"));
        var skip = CommandRunner.Run("tuf", "add", repo, second, "--key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp, "--skip-duplicate");
        Assert.True(skip.ExitCode == 0, skip.Error);
        var warning = Assert.Single(skip.Diagnostics);
        Assert.Equal(("warning", "SCSDK4602"), (warning.Severity, warning.Code));
        Assert.Contains("skipped: " + PackagePath, skip.Out, StringComparison.Ordinal);
        Assert.Equal(metadata, Directory.GetFiles(Path.Combine(repo, "metadata")).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(first, TufRepositoryAssert.Verify(repo)[PackagePath].Hashes["sha256"]);

        var replace = CommandRunner.Run("tuf", "add", repo, second, "--key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp, "--replace");
        Assert.True(replace.ExitCode == 0, replace.Error);
        var replaced = Assert.Single(replace.Diagnostics);
        Assert.Equal(("warning", "SCSDK4603"), (replaced.Severity, replaced.Code));
        Assert.Contains(first, replaced.Message, StringComparison.Ordinal);
        Assert.Contains(Sha256(second), replaced.Message, StringComparison.Ordinal);
        Assert.Contains("replaced: " + PackagePath, replace.Out, StringComparison.Ordinal);
        Assert.Equal(Sha256(second), TufRepositoryAssert.Verify(repo)[PackagePath].Hashes["sha256"]);
    }

    [Fact]
    public void Add_SkipDuplicateAndReplaceTogether_IsAUsageError()
    {
        using var dir = new TestDirectory("tufrelease");
        var (keys, repo) = Published(dir);
        var both = CommandRunner.Run("tuf", "add", repo, dir.Combine("first", "contoso.app.2.1.0.nupkg"), "--key", keys.Targets, "--skip-duplicate", "--replace");
        Assert.Equal(2, both.ExitCode);
        Assert.Equal("SCSDK4106", Assert.Single(both.Diagnostics).Code);
    }

    [Theory]
    [InlineData("init", "init stores them in the repository", "root, targets, bins, snapshot, timestamp")]
    [InlineData("add", "targets or bins (the role that lists the targets), and snapshot and timestamp", "For this run only")]
    [InlineData("publish", "snapshot and timestamp this command signs", "For this run only")]
    [InlineData("rotate", "the role changed or renewed", "For this run only")]
    public void Expires_HelpOfEachVerb_SaysWhatThatVerbSigns(string verb, string expected, string alsoExpected)
    {
        var help = CommandRunner.Run("tuf", verb, "--help");
        Assert.Equal(0, help.ExitCode);
        var line = Assert.Single(help.Out.Split('\n'), l => l.TrimStart().StartsWith("--expires", StringComparison.Ordinal));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains(alsoExpected, line, StringComparison.Ordinal);
        if (verb != "init")
        {
            Assert.DoesNotContain("init stores", line, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("publish", "root=30")]
    [InlineData("publish", "targets=30")]
    [InlineData("add", "root=30")]
    public void Expires_ForARoleTheVerbDoesNotSign_IsRefused(string verb, string expires)
    {
        using var dir = new TestDirectory("tufrelease");
        var (keys, repo) = Published(dir);
        var result = verb == "publish"
            ? CommandRunner.Run("tuf", "publish", repo, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp, "--expires", expires)
            : CommandRunner.Run("tuf", "add", repo, keys.Root + ".pub", "--key", keys.Targets, "--expires", expires);
        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("SCSDK4106", error.Code);
        Assert.Contains($"'{verb}' does not sign", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A repository with Contoso.App 2.1.0 published (from <c>first/</c>).</summary>
    private static (TufKeys Keys, string Repo) Published(TestDirectory dir)
    {
        var keys = TufKeys.Make(dir);
        var repo = dir.Combine("repo");
        Assert.Equal(0, CommandRunner.Run("tuf", "init", repo, "--root-key", keys.Root, "--targets-key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp).ExitCode);
        var first = new TestPackageBuilder("Contoso.App", "2.1.0").WithLibFile("net8.0", "Contoso.App.dll", "first").WriteTo(dir.Combine("first"));
        var add = CommandRunner.Run("tuf", "add", repo, first, "--key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.True(add.ExitCode == 0, add.Error);
        return (keys, repo);
    }

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
}
