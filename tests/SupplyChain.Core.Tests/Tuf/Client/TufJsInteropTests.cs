using System;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf.Client;

/// <summary>
/// Repositories that nobody here wrote: <c>tests/interop/tufjs-make-repo.mjs</c> builds them at test time with
/// <c>@tufjs/models</c> (tuf-js's metadata classes, its own canonical JSON and signing), valid and tampered, and our
/// client fetches them over HTTP on 127.0.0.1. It must accept and reject exactly as the specification says.
/// </summary>
[Trait("Category", "Interop")]
public class TufJsInteropTests
{
    private static readonly string[] AllTargets = { "file1.txt", "dir/file2.txt", "delegated/file3.txt" };

    [NodeTheory]
    [InlineData("valid")]
    [InlineData("valid-no-consistent-snapshot")]
    [InlineData("root-rotation")]
    public void ValidRepository_IsAcceptedAndEveryTargetDownloads(string scenario)
    {
        using var repo = new TufJsRepository(scenario);
        var updater = repo.NewUpdater();

        var trusted = updater.Refresh();

        Assert.Equal(scenario == "root-rotation" ? 2 : 1, trusted.Root.Signed.Version);
        foreach (var path in AllTargets)
        {
            var destination = repo.Directory.Combine("downloads", Updater.LocalFileName(path));
            var (target, downloaded) = updater.Download(path, destination);
            Assert.True(downloaded);
            Assert.Equal(target.Length, new FileInfo(destination).Length);
        }

        Assert.Equal("file3 from tuf-js, delegated\n", File.ReadAllText(repo.Directory.Combine("downloads", Updater.LocalFileName("delegated/file3.txt"))));
        Assert.Equal(scenario != "valid-no-consistent-snapshot", repo.Server.Requests.Any(r => r.EndsWith("1.snapshot.json", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(updater.MetadataDirectory, TufRoleNames.TrustedFileName("delegated"))));
    }

    [NodeTheory]
    [InlineData("expired-timestamp", "SCSDK4007")]
    [InlineData("expired-targets", "SCSDK4007")]
    [InlineData("wrong-threshold", "SCSDK4003")]
    [InlineData("snapshot-hash-mismatch", "SCSDK4008")]
    [InlineData("targets-version-mismatch", "SCSDK4006")]
    [InlineData("root-rotation-not-signed-by-old", "SCSDK4003")]
    [InlineData("wrong-type", "SCSDK4001")]
    public void TamperedRepository_IsRejectedOnRefresh(string scenario, string code)
    {
        using var repo = new TufJsRepository(scenario);

        var ex = Assert.ThrowsAny<TufRepositoryException>(() => repo.NewUpdater().Refresh());

        Assert.Equal(code, ex.Diagnostic.Code);
    }

    [NodeFact]
    public void RolledBackSnapshot_IsRejectedAfterTheNewerOneWasSeen()
    {
        using var repo = new TufJsRepository("rolled-back-snapshot");
        repo.Serve("previous");
        Assert.Equal(2, repo.NewUpdater().Refresh().Snapshot!.Signed.Version);
        repo.Serve(string.Empty);

        var ex = TufAssert.Rejects<TufRollbackException>("SCSDK4004", () => repo.NewUpdater().Refresh());

        Assert.Equal(TufRoles.Timestamp, ex.RoleName);
    }

    [NodeTheory]
    [InlineData("target-hash-mismatch", "file1.txt")]
    [InlineData("target-too-long", "dir/file2.txt")]
    public void TamperedTarget_IsRejectedAndNotWritten(string scenario, string path)
    {
        using var repo = new TufJsRepository(scenario);
        var updater = repo.NewUpdater();
        updater.Refresh();
        var destination = repo.Directory.Combine("downloads", "file");

        TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => updater.Download(path, destination));

        Assert.False(File.Exists(destination));
    }

    [NodeFact]
    public void DelegatedRoleSignedByAnUnauthorisedKey_IsRejected()
    {
        using var repo = new TufJsRepository("unauthorized-delegation-key");
        var updater = repo.NewUpdater();
        updater.Download("file1.txt", repo.Directory.Combine("downloads", "file1"));

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => updater.Find("delegated/file3.txt"));

        Assert.Equal("delegated", ex.RoleName);
        Assert.False(File.Exists(Path.Combine(updater.MetadataDirectory, "delegated.json")));
    }

    /// <summary>A repository made by the tuf-js script, served on 127.0.0.1, and a client folder that trusts its root.</summary>
    private sealed class TufJsRepository : IDisposable
    {
        private string _served;

        public TufJsRepository(string scenario)
        {
            Directory = new TestDirectory("tufjs");
            var output = Directory.Combine("repo");
            var result = NodeInterop.RunScript("tufjs-make-repo.mjs", new[] { output, scenario }, TimeSpan.FromMinutes(2));
            Assert.True(result.ExitCode == 0, result.Tail());
            _served = output;
            Root = output;
            Server = new LoopbackServer(path =>
            {
                var relative = Uri.UnescapeDataString(path);
                var full = Path.GetFullPath(Path.Combine(_served, relative));
                return full.StartsWith(_served, StringComparison.Ordinal) && File.Exists(full) ? new LoopbackResponse(File.ReadAllBytes(full)) : null;
            });
            Updater.Initialize(Directory.Combine("client"), File.ReadAllBytes(Path.Combine(output, "root.json")));
        }

        public TestDirectory Directory { get; }

        public string Root { get; }

        public LoopbackServer Server { get; }

        /// <summary>Serves a sub-folder of the output (the earlier state), or the output itself for an empty name.</summary>
        public void Serve(string subFolder) => _served = subFolder.Length == 0 ? Root : Path.Combine(Root, subFolder);

        public Updater NewUpdater()
            => new(Directory.Combine("client"), new HttpTufFetcher(Server.BaseUrl + "metadata/", Server.BaseUrl + "targets/"), new UpdaterOptions { TimeProvider = TimeProvider.System });

        public void Dispose()
        {
            Server.Dispose();
            Directory.Dispose();
        }
    }
}
