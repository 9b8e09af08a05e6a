using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf.Client;

/// <summary>
/// Repositories written by python-tuf and go-tuf (../shared/vectors), through the updater with a fixed clock: every
/// target is downloaded and compared with the repository's file.
/// </summary>
public class RealRepositoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    [VectorFact]
    public void PythonTuf_Repository_RefreshesAndDownloadsEveryTarget()
    {
        var repository = RepositoryPaths.Vector("python-tuf", "repository_data", "repository");
        using var client = new TestDirectory("tufc-py");
        var fetcher = FolderTufFetcher.ForRepository(repository);
        Updater.Initialize(client.Combine("metadata"), File.ReadAllBytes(Path.Combine(repository, "metadata", "root.json")));
        var updater = new Updater(client.Combine("metadata"), fetcher, new UpdaterOptions { TimeProvider = new FixedTimeProvider(Now) });

        var trusted = updater.Refresh();

        Assert.False(trusted.Root.Signed.UsesConsistentSnapshots);
        AssertDownloads(updater, client, repository, ("file1.txt", "file1.txt", "targets"), ("file2.txt", "file2.txt", "targets"), ("file3.txt", "file3.txt", "role1"));
        Assert.False(updater.Find("file4.txt").IsFound);

        // The trusted files are the repository's bytes.
        foreach (var role in new[] { "timestamp", "snapshot", "targets", "role1" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(repository, "metadata", role + ".json")), File.ReadAllBytes(client.Combine("metadata", TufRoleNames.TrustedFileName(role))));
        }
    }

    [VectorFact]
    public void PythonTuf_Repository_OverLoopbackHttp()
    {
        var repository = RepositoryPaths.Vector("python-tuf", "repository_data", "repository");
        using var server = LoopbackServer.ForFolder(repository);
        using var client = new TestDirectory("tufc-pyhttp");
        Updater.Initialize(client.Combine("metadata"), File.ReadAllBytes(Path.Combine(repository, "metadata", "root.json")));
        using var fetcher = new HttpTufFetcher(server.BaseUrl + "metadata/", server.BaseUrl + "targets/");
        var updater = new Updater(client.Combine("metadata"), fetcher, new UpdaterOptions { TimeProvider = new FixedTimeProvider(Now) });

        AssertDownloads(updater, client, repository, ("file1.txt", "file1.txt", "targets"), ("file2.txt", "file2.txt", "targets"), ("file3.txt", "file3.txt", "role1"));

        Assert.Equal(
            new[] { "metadata/2.root.json", "metadata/timestamp.json", "metadata/snapshot.json", "metadata/targets.json", "targets/file1.txt", "targets/file2.txt", "metadata/role1.json", "targets/file3.txt" },
            server.Requests.ToArray());
    }

    [VectorFact]
    public void PythonTuf_Repository_AfterExpiry_IsRejected()
    {
        var repository = RepositoryPaths.Vector("python-tuf", "repository_data", "repository");
        using var client = new TestDirectory("tufc-pyexp");
        Updater.Initialize(client.Combine("metadata"), File.ReadAllBytes(Path.Combine(repository, "metadata", "root.json")));
        var updater = new Updater(client.Combine("metadata"), FolderTufFetcher.ForRepository(repository), new UpdaterOptions { TimeProvider = new FixedTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)) });

        TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => updater.Refresh());
    }

    [VectorFact]
    public void GoTuf_Repository_InConsistentSnapshotLayout_RefreshesAndDownloadsEveryTarget()
    {
        // go-tuf's test repository sets consistent_snapshot but stores plain names; served as a static server would
        // serve it (N.role.json, HASH.file), laid out here from its files.
        var source = RepositoryPaths.Vector("go-tuf", "repository_data", "repository");
        using var client = new TestDirectory("tufc-go");
        var served = client.Combine("served");
        Directory.CreateDirectory(Path.Combine(served, "metadata"));
        Directory.CreateDirectory(Path.Combine(served, "targets"));
        File.Copy(Path.Combine(source, "metadata", "root.json"), Path.Combine(served, "metadata", "1.root.json"));
        File.Copy(Path.Combine(source, "metadata", "timestamp.json"), Path.Combine(served, "metadata", "timestamp.json"));
        foreach (var role in new[] { "snapshot", "targets", "role1", "role2" })
        {
            File.Copy(Path.Combine(source, "metadata", role + ".json"), Path.Combine(served, "metadata", "1." + role + ".json"));
        }

        foreach (var file in Directory.GetFiles(Path.Combine(source, "targets")))
        {
            var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))).ToLowerInvariant();
            File.Copy(file, Path.Combine(served, "targets", hash + "." + Path.GetFileName(file)));
        }

        Updater.Initialize(client.Combine("metadata"), File.ReadAllBytes(Path.Combine(source, "metadata", "root.json")));
        var updater = new Updater(client.Combine("metadata"), FolderTufFetcher.ForRepository(served), new UpdaterOptions { TimeProvider = new FixedTimeProvider(Now) });

        Assert.True(updater.Refresh().Root.Signed.UsesConsistentSnapshots);
        AssertDownloads(updater, client, Path.Combine(source), ("file1.txt", "file1.txt", "targets"), ("file3.txt", "file3.txt", "role1"));
        Assert.False(updater.Find("file2.txt").IsFound);
    }

    [VectorFact]
    public void GoTuf_InvalidEd25519Root_IsRejectedBeforeAnyRequest()
    {
        var source = RepositoryPaths.Vector("go-tuf", "repository_data", "repository");
        using var client = new TestDirectory("tufc-gobad");
        var fetcher = new SimulatorFetcherOverFolder(FolderTufFetcher.ForRepository(source));
        Updater.Initialize(client.Combine("metadata"), File.ReadAllBytes(Path.Combine(source, "metadata", "1.root.json")));
        var updater = new Updater(client.Combine("metadata"), fetcher, new UpdaterOptions { TimeProvider = new FixedTimeProvider(Now) });

        TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => updater.Refresh());

        Assert.Equal(0, fetcher.Count);
    }

    [VectorFact]
    public void GoTuf_MultirepoExample_RefreshesAndDownloadsEveryTarget()
    {
        var example = RepositoryPaths.Vector("go-tuf", "examples", "multirepo");
        var repository = Path.Combine(example, "repository");
        using var client = new TestDirectory("tufc-multi");
        Updater.Initialize(client.Combine("metadata"), File.ReadAllBytes(Path.Combine(example, "client", "root.json")));
        var updater = new Updater(client.Combine("metadata"), FolderTufFetcher.ForRepository(repository), new UpdaterOptions { TimeProvider = new FixedTimeProvider(Now) });

        var trusted = updater.Refresh();

        Assert.True(trusted.Root.Signed.UsesConsistentSnapshots);
        var targets = trusted.Targets!.Signed.TargetFiles.Keys.ToArray();
        Assert.Equal(new[] { "map.json", "sigstore-tuf-root/root.json", "staging/root.json" }, targets);
        AssertDownloads(updater, client, repository, targets.Select(t => (t, t, "targets")).ToArray());

        // The map (TAP 4) names the repositories whose roots are targets here.
        var map = JsonNode.Parse(File.ReadAllBytes(client.Combine("downloads", Updater.LocalFileName("map.json"))))!;
        Assert.NotNull(map["repositories"]);
    }

    private static void AssertDownloads(Updater updater, TestDirectory client, string repository, params (string TargetPath, string File, string Role)[] targets)
    {
        foreach (var (path, file, role) in targets)
        {
            var found = updater.Find(path);
            Assert.True(found.IsFound, path);
            Assert.Equal(role, found.RoleName);
            var destination = client.Combine("downloads", Updater.LocalFileName(path));
            updater.DownloadTarget(found.Target!, destination);
            Assert.Equal(File.ReadAllBytes(Path.Combine(repository, "targets", file.Replace('/', Path.DirectorySeparatorChar))), File.ReadAllBytes(destination));
            Assert.True(Updater.IsCached(found.Target!, destination));
        }
    }

    private sealed class SimulatorFetcherOverFolder : ITufFetcher
    {
        private readonly ITufFetcher _inner;

        public SimulatorFetcherOverFolder(ITufFetcher inner)
        {
            _inner = inner;
        }

        public int Count { get; private set; }

        public string MetadataLocation => _inner.MetadataLocation;

        public string TargetsLocation => _inner.TargetsLocation;

        public System.Threading.Tasks.Task<TufFetchResponse?> FetchMetadataAsync(string fileName, System.Threading.CancellationToken cancellationToken)
        {
            Count++;
            return _inner.FetchMetadataAsync(fileName, cancellationToken);
        }

        public System.Threading.Tasks.Task<TufFetchResponse?> FetchTargetAsync(System.Collections.Generic.IReadOnlyList<string> pathSegments, System.Threading.CancellationToken cancellationToken)
        {
            Count++;
            return _inner.FetchTargetAsync(pathSegments, cancellationToken);
        }
    }
}
