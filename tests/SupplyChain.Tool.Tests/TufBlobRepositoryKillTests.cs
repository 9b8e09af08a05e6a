using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SupplyChain.TestUtilities;
using Xunit.Abstractions;

namespace SupplyChain.Tool.Tests;

/// <summary>
/// The kill test of <see cref="TufRepositoryKillTests"/> against a repository in blob storage (Azurite): a real
/// <c>supplychain</c> process (the test-only crash host) is SIGKILLed after each of its writes while it holds the
/// lease. The repository must verify at once (the old release or the whole new one), and the next publisher must get
/// the lock when the killed one's lease expires (one lease period at most) and finish the release.
/// </summary>
public sealed class TufBlobRepositoryKillTests
{
    private const int LeaseSeconds = 15;
    private readonly ITestOutputHelper _output;

    public TufBlobRepositoryKillTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [AzuriteFact]
    public async Task AddAndPublish_KilledAfterEachWrite_VerifiesAtOnce_AndTheNextPublisherProceedsWhenTheLeaseExpires()
    {
        var emulator = StorageEmulator.Shared;
        using var dir = new TestDirectory("tufblobkill");
        var keys = TufKeys.Make(dir);
        var files = new[] { dir.WriteFile("in/a.txt", "a"), dir.WriteFile("in/b.txt", "b"), dir.WriteFile("in/c.txt", "c") };
        List<string> Args(string repo)
        {
            var args = new List<string> { "tuf", "add", repo };
            args.AddRange(files);
            args.AddRange(new[] { "--key", keys.Bins, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp, "--lease-seconds", LeaseSeconds.ToString(CultureInfo.InvariantCulture) });
            return args;
        }

        string NewRepository()
        {
            var repo = BlobMirror.NewRepositoryUrl(emulator);
            var init = CommandRunner.Run("tuf", "init", repo, "--root-key", keys.Root, "--targets-key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp, "--bins", "4", "--bins-key", keys.Bins);
            Assert.True(init.ExitCode == 0, init.Error);
            return repo;
        }

        // How many writes add-and-publish makes (in-process, counted through the same seam the crash host uses).
        var total = 0;
        var probe = CommandRunner.Run((o, e) => new CommandContext(o, e) { AfterRepositoryWrite = w => total = w.Number }, Args(NewRepository()).ToArray());
        Assert.True(probe.ExitCode == 0, probe.Error);
        Assert.True(total >= 6, $"add and publish made {total} writes");

        var killedAt = new ConcurrentBag<string>();
        var waits = new ConcurrentBag<TimeSpan>();
        using var slots = new SemaphoreSlim(6);
        await Task.WhenAll(Enumerable.Range(1, total).Select(async stop =>
        {
            await slots.WaitAsync();
            try
            {
                var repo = NewRepository();
                var (paused, line) = await TufRepositoryKillTests.RunUntilPausedAsync(Args(repo), stop);
                Assert.True(paused, $"the crash host paused after write {stop} of {total}");
                var killed = Stopwatch.StartNew();
                killedAt.Add(line);

                var seen = BlobMirror.Verify(emulator, repo).Count;
                Assert.True(seen is 0 or 3, $"killed {line}: clients see {seen} targets");

                // The next publisher waits for the killed one's lease to expire, then finishes the release.
                var rerun = await Task.Run(() => CommandRunner.Run(Args(repo).ToArray()));
                waits.Add(killed.Elapsed);
                Assert.True(rerun.ExitCode == 0, rerun.Error);
                Assert.Equal(3, BlobMirror.Verify(emulator, repo).Count);
            }
            finally
            {
                slots.Release();
            }
        }));

        Assert.Contains(killedAt, l => l.Contains("Snapshot", StringComparison.Ordinal));
        Assert.Contains(killedAt, l => l.Contains("Timestamp", StringComparison.Ordinal));
        Assert.Contains(killedAt, l => l.Contains("TargetFile", StringComparison.Ordinal));
        Assert.All(waits, w => Assert.True(w < TimeSpan.FromSeconds(LeaseSeconds + 20), $"the next publisher finished {w.TotalSeconds:F1} s after the kill"));
        _output.WriteLine($"{total} kill points; the next publisher finished {waits.Min().TotalSeconds:F1} to {waits.Max().TotalSeconds:F1} s after the kill (lease {LeaseSeconds} s).");
    }
}

/// <summary>Containers in the shared Azurite of the test process, and a client's view of a repository in one.</summary>
internal static class BlobMirror
{
    public static string NewRepositoryUrl(StorageEmulator emulator, string prefix = "repo")
    {
        var client = new BlobContainerClient(emulator.ConnectionString, "t" + Guid.NewGuid().ToString("N")[..20]);
        client.Create(PublicAccessType.Blob);
        return client.Uri.AbsoluteUri.TrimEnd('/') + "/" + prefix;
    }

    /// <summary>Copies the repository into a fresh folder and verifies it there as a client would.</summary>
    public static IReadOnlyDictionary<string, Core.Tuf.TargetFile> Verify(StorageEmulator emulator, string url)
    {
        var location = Core.Storage.BlobLocation.Parse(url);
        var container = new BlobContainerClient(emulator.ConnectionString, location.Container);
        var folder = Path.Combine(Path.GetTempPath(), "scsdk-blobmirror-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var item in container.GetBlobs(BlobTraits.None, BlobStates.None, location.Prefix, default))
            {
                var path = Path.Combine(folder, item.Name[location.Prefix.Length..].Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, container.GetBlobClient(item.Name).DownloadContent().Value.Content.ToArray());
            }

            return TufRepositoryAssert.Verify(folder);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

/// <summary>Every <c>supplychain tuf</c> verb on a blob address, and its coded errors.</summary>
public sealed class TufBlobRepositoryCommandTests
{
    [AzuriteFact]
    public void InitAddPublishStatus_OnABlobAddress_WorkAsOnAFolder()
    {
        var emulator = StorageEmulator.Shared;
        using var dir = new TestDirectory("tufblobcli");
        var keys = TufKeys.Make(dir);
        var repo = BlobMirror.NewRepositoryUrl(emulator, "releases/main");
        var init = CommandRunner.Run("tuf", "init", repo, "--root-key", keys.Root, "--targets-key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.True(init.ExitCode == 0, init.Error);
        Assert.Contains(repo, init.Out, StringComparison.Ordinal);

        var add = CommandRunner.Run("tuf", "add", repo, dir.WriteFile("in/x.txt", "x"), "--key", keys.Targets);
        Assert.True(add.ExitCode == 0, add.Error);
        var status = CommandRunner.Run("tuf", "status", repo);
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains("not published yet", status.Out, StringComparison.Ordinal);
        var publish = CommandRunner.Run("tuf", "publish", repo, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.True(publish.ExitCode == 0, publish.Error);
        Assert.Equal(new[] { "x.txt" }, BlobMirror.Verify(emulator, repo).Keys);

        var again = CommandRunner.Run("tuf", "init", repo, "--root-key", keys.Root, "--targets-key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.Equal("SCSDK4101", Assert.Single(again.Diagnostics).Code);
    }

    [AzuriteFact]
    public void Verify_OfAPrivateContainer_ReadsWithTheConnectionString_AndAnonymouslyVerifiesNothing()
    {
        var emulator = StorageEmulator.Shared;
        using var dir = new TestDirectory("tufblobprivate");
        var keys = TufKeys.Make(dir);
        var repo = BlobMirror.NewRepositoryUrl(emulator, "private");
        Assert.Equal(0, CommandRunner.Run("tuf", "init", repo, "--root-key", keys.Root, "--targets-key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp).ExitCode);
        Assert.Equal(0, CommandRunner.Run("tuf", "add", repo, dir.WriteFile("in/x.txt", "private x"), "--key", keys.Targets).ExitCode);
        Assert.Equal(0, CommandRunner.Run("tuf", "publish", repo, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp).ExitCode);
        var location = Core.Storage.BlobLocation.Parse(repo);
        var container = new BlobContainerClient(emulator.ConnectionString, location.Container);
        container.SetAccessPolicy(PublicAccessType.None);
        var root = dir.WriteFile("root.json", container.GetBlobClient(location.BlobName("metadata/1.root.json")).DownloadContent().Value.Content.ToString());

        // AZURE_STORAGE_CONNECTION_STRING is set for the emulator's account (as a CI publisher would have it): auto uses it.
        var verified = CommandRunner.Run("tuf", "verify", "--root", root, "--repo", repo, "--target", "x.txt", "--out", dir.Combine("x.txt"));
        Assert.True(verified.ExitCode == 0, verified.Error);
        Assert.Equal("private x", File.ReadAllText(dir.Combine("x.txt")));

        var anonymous = CommandRunner.Run("tuf", "verify", "--root", root, "--repo", repo, "--target", "x.txt", "--auth-mode", "anonymous");
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.NotEmpty(anonymous.Diagnostics);

        var bad = CommandRunner.Run("tuf", "verify", "--root", root, "--repo", repo, "--auth-mode", "sas");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("SCSDK6000", Assert.Single(bad.Diagnostics).Code);
    }

    [AzuriteFact]
    public void Add_ToAContainerThatDoesNotExist_IsACodedErrorWithoutAStackTrace()
    {
        var emulator = StorageEmulator.Shared;
        using var dir = new TestDirectory("tufblobmissing");
        var key = TufKeys.Keygen(dir, "targets.pem");
        var result = CommandRunner.Run("tuf", "add", emulator.BlobEndpoint + "/no-such-container/repo", dir.WriteFile("in/x.txt", "x"), "--key", key);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("SCSDK4301", Assert.Single(result.Diagnostics).Code);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(StorageEmulator.AccountKey, result.Error + result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void LeaseSeconds_OutsideWhatTheServiceGrants_IsRefused()
    {
        using var dir = new TestDirectory("tufbloblease");
        var key = TufKeys.Keygen(dir, "snapshot.pem");
        var result = CommandRunner.Run("tuf", "publish", dir.Combine("repo"), "--snapshot-key", key, "--timestamp-key", key, "--lease-seconds", "5");
        Assert.Equal("SCSDK4106", Assert.Single(result.Diagnostics).Code);
    }
}
