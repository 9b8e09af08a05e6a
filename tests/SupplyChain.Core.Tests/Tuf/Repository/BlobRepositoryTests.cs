using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Storage;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.Core.Tuf.Repository;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf.Repository;

/// <summary>
/// What only blob storage has to prove (the guarantees both stores share are the parameterised repository tests):
/// conditional writes against writers on other machines, the lease, serving headers, the TUF client reading the
/// container over HTTP, and coded errors for bad addresses, missing containers, wrong credentials, foreign prefixes
/// and a throttling or failing service. Against Azurite, started by the test process.
/// </summary>
public sealed class BlobRepositoryTests
{
    [AzuriteFact]
    public async Task Timestamp_TwoWritersWithTheSameStaleETag_ExactlyOneWins_AndTheWinnersBytesStay()
    {
        using var kit = new RepositoryTestKit(storage: StoreKinds.Blob);
        kit.Init();
        using var a = BlobRepositoryStore.Connect(kit.Path);
        using var b = BlobRepositoryStore.Connect(kit.Path);
        var stale = a.TryRead(RepositoryKeys.Timestamp)!;
        Assert.Equal(stale, b.TryRead(RepositoryKeys.Timestamp));

        using var start = new Barrier(2);
        var writers = new[] { (Store: a, Bytes: "{\"a\":1}"u8.ToArray()), (Store: b, Bytes: "{\"b\":1}"u8.ToArray()) };
        var results = await Task.WhenAll(writers.Select(w => Task.Run(() =>
        {
            start.SignalAndWait();
            try
            {
                w.Store.Replace(RepositoryKeys.Timestamp, w.Bytes);
                return "won";
            }
            catch (SupplyChainException ex)
            {
                return ex.Diagnostic.Code;
            }
        })));

        Assert.Equal(new[] { "SCSDK4303", "won" }, results.OrderBy(r => r, StringComparer.Ordinal));
        var winner = writers[Array.IndexOf(results, "won")].Bytes;
        Assert.Equal(winner, BlobTestContainers.Blob(kit.Path, RepositoryKeys.Timestamp).DownloadContent().Value.Content.ToArray());
    }

    [AzuriteFact]
    public void Publish_OfAWriterWhoseLeaseWasTaken_FailsCoded_LeavesTheOtherReleaseVerifying_AndItsRerunLosesNothing()
    {
        using var kit = new RepositoryTestKit(bins: 4, storage: StoreKinds.Blob);
        kit.Init();
        var mine = kit.File("mine/1.0.0/mine.1.0.0.nupkg", "mine");
        var theirs = kit.File("theirs/1.0.0/theirs.1.0.0.nupkg", "theirs");

        // A stalls with the lock; its lease is broken (as if it expired), B takes the lock and publishes.
        using (var stalled = kit.Open())
        {
            var lockBlob = BlobTestContainers.Blob(kit.Path, RepositoryKeys.Lock);
            lockBlob.GetBlobLeaseClient().Break(TimeSpan.Zero);
            kit.AddAndPublish(theirs);
            Assert.Equal(new[] { theirs.TargetPath }, kit.Verify().Keys);

            // A wakes up and goes on: a condition (or its lost lease) stops it before anything of it is visible.
            var ex = Assert.Throws<SupplyChainException>(() =>
            {
                stalled.AddTargets(new[] { mine }, new[] { kit.BinsKey });
                stalled.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
            });
            Assert.Contains(ex.Diagnostic.Code, new[] { "SCSDK4303", "SCSDK4305" });
        }

        Assert.Equal(new[] { theirs.TargetPath }, kit.Verify().Keys);

        // Whatever A left (a pending list, role versions) is never published over B's release.
        kit.AddAndPublish(kit.File("later.txt", "later"));
        Assert.Equal(new[] { "later.txt", theirs.TargetPath }, kit.Verify().Keys.OrderBy(k => k, StringComparer.Ordinal));
        kit.AddAndPublish(mine);
        Assert.Equal(new[] { "later.txt", mine.TargetPath, theirs.TargetPath }, kit.Verify().Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [AzuriteFact]
    public void Lease_OfAWriterThatNeverReleasesIt_ExpiresAfterOneLeasePeriod()
    {
        using var kit = new RepositoryTestKit(storage: StoreKinds.Blob);
        kit.Init();

        // A lease taken and abandoned (a killed runner stops renewing): the next writer waits at most one period.
        BlobTestContainers.Blob(kit.Path, RepositoryKeys.Lock).GetBlobLeaseClient().Acquire(TimeSpan.FromSeconds(15));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using (var editor = RepositoryEditor.Open(kit.Path, kit.Options(lockTimeout: TimeSpan.FromSeconds(40))))
        {
            editor.AddTargets(new[] { kit.File("a.txt", "a") }, new[] { kit.TargetsKey });
            editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
        }

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(25));
        Assert.Equal(new[] { "a.txt" }, kit.Verify().Keys);
    }

    [AzuriteFact]
    public async Task Published_FilesAreServedWithContentTypesAndCacheControl_AndTheTufClientVerifiesThemOverHttp()
    {
        using var kit = new RepositoryTestKit(bins: 4, storage: StoreKinds.Blob);
        kit.Init();
        var package = kit.File("contoso.lib/1.0.0/contoso.lib.1.0.0.nupkg", "package bytes");
        kit.AddAndPublish(package);
        var entry = kit.Verify()[package.TargetPath];

        string Cache(string key) => BlobTestContainers.Blob(kit.Path, key).GetProperties().Value.CacheControl;
        string Type(string key) => BlobTestContainers.Blob(kit.Path, key).GetProperties().Value.ContentType;
        Assert.Equal(BlobRepositoryStore.ShortLivedCacheControl, Cache(RepositoryKeys.Timestamp));
        Assert.Equal("application/json", Type(RepositoryKeys.Timestamp));
        Assert.Equal(BlobRepositoryStore.ImmutableCacheControl, Cache("metadata/2.snapshot.json"));
        Assert.Equal(BlobRepositoryStore.ImmutableCacheControl, Cache("metadata/1.root.json"));
        var targetKey = RepositoryKeys.Target(package.TargetPath, entry.Hashes["sha256"]);
        Assert.Equal(BlobRepositoryStore.ImmutableCacheControl, Cache(targetKey));
        Assert.Equal("application/octet-stream", Type(targetKey));
        Assert.Equal("no-store", Cache(RepositoryKeys.Settings));

        // The client reads the public container anonymously, over the emulator's plain HTTP endpoint.
        using var metadata = new TestDirectory("tufblobclient");
        var rootBytes = BlobTestContainers.Blob(kit.Path, "metadata/1.root.json").DownloadContent().Value.Content.ToArray();
        Updater.Initialize(metadata.Path, rootBytes);
        var updater = new Updater(metadata.Path, TufRemote.Create(kit.Path), new UpdaterOptions { TimeProvider = kit.Clock });
        await updater.RefreshAsync();
        var info = await updater.GetTargetAsync(package.TargetPath);
        var downloaded = await updater.DownloadTargetAsync(info, metadata.Combine("out.nupkg"));
        Assert.Equal("package bytes", System.IO.File.ReadAllText(downloaded));
    }

    [AzuriteFact]
    public void Open_AContainerThatDoesNotExist_IsSCSDK4301()
    {
        var missing = BlobTestContainers.NewContainer(create: false);
        var ex = Assert.Throws<SupplyChainException>(() => RepositoryEditor.Open(missing.Uri.AbsoluteUri + "/repo", new RepositoryOptions { BlobStorage = BlobTestContainers.FastRetries }));
        Assert.Equal("SCSDK4301", ex.Diagnostic.Code);
        Assert.Contains(missing.Name, ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [AzuriteFact]
    public void Open_AnEmptyPrefixIsSCSDK4100_AndAPrefixOfOtherBlobsIsSCSDK4307_AndInitRefusesIt()
    {
        var container = BlobTestContainers.NewContainer();
        var empty = Assert.Throws<SupplyChainException>(() => RepositoryEditor.Open(container.Uri.AbsoluteUri + "/nothing"));
        Assert.Equal("SCSDK4100", empty.Diagnostic.Code);

        container.GetBlobClient("site/index.html").Upload(BinaryData.FromString("<html/>"));
        var foreign = Assert.Throws<SupplyChainException>(() => RepositoryEditor.Open(container.Uri.AbsoluteUri + "/site"));
        Assert.Equal("SCSDK4307", foreign.Diagnostic.Code);
        Assert.Contains("index.html", foreign.Diagnostic.Message, StringComparison.Ordinal);

        using var kit = new RepositoryTestKit(storage: StoreKinds.Blob);
        var init = Assert.Throws<SupplyChainException>(() => RepositoryEditor.Initialize(container.Uri.AbsoluteUri + "/site", new RepositoryInitRequest
        {
            RootKeys = new[] { kit.RootKey },
            TargetsKeys = new[] { kit.TargetsKey },
            SnapshotKeys = new[] { kit.SnapshotKey },
            TimestampKeys = new[] { kit.TimestampKey },
        }));
        Assert.Equal("SCSDK4307", init.Diagnostic.Code);
        Assert.Equal(new[] { "site/index.html" }, container.GetBlobs().Select(b => b.Name));
    }

    [AzuriteFact]
    public void Open_WithAWrongAccountKey_IsSCSDK4302_AndNeverShowsTheKey()
    {
        var emulator = StorageEmulator.Shared;
        using var kit = new RepositoryTestKit(storage: StoreKinds.Blob);
        kit.Init();
        var wrongKey = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());
        var ex = WithConnectionString(emulator.ConnectionString.Replace(StorageEmulator.AccountKey, wrongKey, StringComparison.Ordinal), o => Assert.Throws<SupplyChainException>(() => RepositoryEditor.Open(kit.Path, o)));
        Assert.Equal("SCSDK4302", ex.Diagnostic.Code);
        Assert.DoesNotContain(wrongKey, ex.ToString(), StringComparison.Ordinal);

        var other = WithConnectionString(emulator.ConnectionString.Replace("devstoreaccount1", "otheraccount", StringComparison.Ordinal), o => Assert.Throws<SupplyChainException>(() => RepositoryEditor.Open(kit.Path, o)));
        Assert.Equal("SCSDK4302", other.Diagnostic.Code);
        Assert.Contains("otheraccount", other.Diagnostic.Message, StringComparison.Ordinal);

        var none = WithConnectionString(string.Empty, o => Assert.Throws<SupplyChainException>(() => RepositoryEditor.Open(kit.Path, o)));
        Assert.Equal("SCSDK4302", none.Diagnostic.Code);
        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING", none.Diagnostic.Message, StringComparison.Ordinal);

        var malformed = WithConnectionString("AccountKey=" + wrongKey + ";garbage", o => Assert.Throws<SupplyChainException>(() => RepositoryEditor.Open(kit.Path, o)));
        Assert.Equal("SCSDK4302", malformed.Diagnostic.Code);
        Assert.DoesNotContain(wrongKey, malformed.ToString(), StringComparison.Ordinal);
    }

    [AzuriteFact]
    public void Open_ThroughAServiceThatThrottlesThenRecovers_IsRetried_AndOneThatKeepsFailingIsSCSDK4304WithinItsBound()
    {
        using var kit = new RepositoryTestKit(storage: StoreKinds.Blob);
        kit.Init();

        var flaky = new FaultHandler(failures: 3, HttpStatusCode.ServiceUnavailable);
        var options = new RepositoryOptions { TimeProvider = kit.Clock, BlobStorage = new BlobStorageOptions { Handler = flaky, RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetries = 4 } };
        using (var editor = RepositoryEditor.Open(kit.Path, options))
        {
            editor.AddTargets(new[] { kit.File("a.txt", "a") }, new[] { kit.TargetsKey });
            editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
        }

        Assert.Equal(3, flaky.Failed);
        Assert.Equal(new[] { "a.txt" }, kit.Verify().Keys);

        var down = new FaultHandler(failures: int.MaxValue, (HttpStatusCode)429);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ex = Assert.Throws<SupplyChainException>(() => RepositoryEditor.Open(kit.Path, new RepositoryOptions { BlobStorage = new BlobStorageOptions { Handler = down, RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetries = 3 } }));
        Assert.Equal("SCSDK4304", ex.Diagnostic.Code);
        Assert.Contains("4 tries", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(4, down.Failed);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"bounded: {watch.Elapsed}");
    }

    [Fact]
    public void Connect_ToARealAccountWithItsAccountKey_WarnsSCSDK4700_AndAnUnreachableServiceIsSCSDK4304WithoutTheKey()
    {
        // No request leaves the machine: the handler answers every one with 503.
        var key = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)(i * 3)).ToArray());
        var sink = new DiagnosticBag();
        var down = new FaultHandler(failures: int.MaxValue, HttpStatusCode.ServiceUnavailable);
        var options = new RepositoryOptions
        {
            Sink = sink,
            BlobStorage = new BlobStorageOptions { ConnectionString = $"DefaultEndpointsProtocol=https;AccountName=contosotuf;AccountKey={key};EndpointSuffix=core.windows.net", Handler = down, MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(10) },
        };
        var ex = Assert.Throws<SupplyChainException>(() => RepositoryEditor.Open("https://contosotuf.blob.core.windows.net/tuf/main", options));
        Assert.Equal("SCSDK4304", ex.Diagnostic.Code);
        Assert.Equal("SCSDK4700", Assert.Single(sink.Diagnostics).Code);
        Assert.DoesNotContain(key, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, string.Join("\n", sink.Diagnostics.Select(d => d.Message)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.com/container")]
    [InlineData("http://account.blob.core.windows.net/container")]
    [InlineData("https://account.blob.core.windows.net")]
    [InlineData("https://account.blob.core.windows.net/Bad_Container")]
    [InlineData("https://user:secret@account.blob.core.windows.net/container")]
    [InlineData("https://account.blob.core.windows.net/container/../other")]
    [InlineData("https://account.blob.core.windows.net/container?notasas=1")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("ftp://account.blob.core.windows.net/container")]
    public void Location_ThatIsNotABlobRepositoryAddress_IsSCSDK4300(string address)
    {
        var ex = Assert.Throws<SupplyChainException>(() => BlobLocation.Parse(address));
        Assert.Equal("SCSDK4300", ex.Diagnostic.Code);
        Assert.DoesNotContain("secret", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/tuf", "acct", "tuf", "")]
    [InlineData("https://acct.blob.core.windows.net/tuf/releases/main", "acct", "tuf", "releases/main/")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/tuf/repo/", "devstoreaccount1", "tuf", "repo/")]
    public void Location_ParsesBothUrlForms(string address, string account, string container, string prefix)
    {
        var location = BlobLocation.Parse(address);
        Assert.Equal(account, location.Account);
        Assert.Equal(container, location.Container);
        Assert.Equal(prefix, location.Prefix);
    }

    [Fact]
    public void Location_WithASasToken_NeverShowsTheSignature()
    {
        var location = BlobLocation.Parse("https://acct.blob.core.windows.net/tuf/repo?sv=2024-11-04&sp=rcw&sig=TOPSECRETSIGNATURE");
        Assert.DoesNotContain("TOPSECRET", location.Display, StringComparison.Ordinal);
        Assert.DoesNotContain("TOPSECRET", location.ToString(), StringComparison.Ordinal);
        var ex = Assert.Throws<SupplyChainException>(() => BlobLocation.Parse("https://acct.blob.core.windows.net/Bad?sv=1&sig=TOPSECRETSIGNATURE"));
        Assert.DoesNotContain("TOPSECRET", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    private static T WithConnectionString<T>(string value, Func<RepositoryOptions, T> action)
        => action(new RepositoryOptions { BlobStorage = new BlobStorageOptions { ConnectionString = value, MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(20) } });

    /// <summary>Answers the first requests with an error status (the service throttling or failing), then passes requests on.</summary>
    private sealed class FaultHandler : DelegatingHandler
    {
        private readonly int _failures;
        private readonly HttpStatusCode _status;
        private int _failed;

        public FaultHandler(int failures, HttpStatusCode status)
            : base(new HttpClientHandler())
        {
            _failures = failures;
            _status = status;
        }

        public int Failed => _failed;

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
            => Fail() ?? base.Send(request, cancellationToken);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Fail() is { } failed ? Task.FromResult(failed) : base.SendAsync(request, cancellationToken);

        private HttpResponseMessage? Fail()
        {
            if (Interlocked.Increment(ref _failed) > _failures)
            {
                Interlocked.Decrement(ref _failed);
                return null;
            }

            return new HttpResponseMessage(_status) { Content = new StringContent(string.Empty) };
        }
    }
}
