using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Storage;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf.Repository;

/// <summary>
/// The TUF client reading a private container (no anonymous access), as the publisher writes it: with the
/// connection string or the address's SAS token, never by accident anonymously, and never showing the token.
/// Against Azurite, which refuses anonymous reads of a private container as Azure does.
/// </summary>
public sealed class BlobClientReadTests
{
    private static async Task<string> RefreshAndDownloadAsync(RepositoryTestKit kit, ITufFetcher fetcher, string targetPath)
    {
        using var metadata = new TestDirectory("tufblobread");
        var rootBytes = BlobTestContainers.Blob(kit.Path, "metadata/1.root.json").DownloadContent().Value.Content.ToArray();
        Updater.Initialize(metadata.Path, rootBytes);
        var updater = new Updater(metadata.Path, fetcher, new UpdaterOptions { TimeProvider = kit.Clock });
        await updater.RefreshAsync();
        var info = await updater.GetTargetAsync(targetPath);
        return System.IO.File.ReadAllText(await updater.DownloadTargetAsync(info, metadata.Combine("out.nupkg")));
    }

    private static (RepositoryTestKit Kit, string TargetPath) PrivateRepository()
    {
        var kit = new RepositoryTestKit(bins: 0, storage: StoreKinds.Blob);
        kit.Init();
        var package = kit.File("contoso.lib/1.0.0/contoso.lib.1.0.0.nupkg", "private package bytes");
        kit.AddAndPublish(package);
        BlobTestContainers.Open(kit.Path).Container.SetAccessPolicy(PublicAccessType.None);
        return (kit, package.TargetPath);
    }

    [AzuriteFact]
    public async Task PrivateContainer_IsReadWithTheConnectionStringOfItsAccount()
    {
        var (kit, target) = PrivateRepository();
        using (kit)
        {
            var fetcher = TufRemote.Create(kit.Path, storage: new BlobStorageOptions { ConnectionString = StorageEmulator.Shared.ConnectionString });
            Assert.IsType<BlobTufFetcher>(fetcher);
            Assert.Equal("private package bytes", await RefreshAndDownloadAsync(kit, fetcher, target));
        }
    }

    [AzuriteFact]
    public async Task PrivateContainer_ReadAnonymously_VerifiesNothing()
    {
        var (kit, target) = PrivateRepository();
        using (kit)
        {
            // auto without a key for the account is anonymous HTTP; so is anonymous with one.
            foreach (var fetcher in new[]
            {
                TufRemote.Create(kit.Path, storage: new BlobStorageOptions { ConnectionString = string.Empty }),
                TufRemote.Create(kit.Path, authMode: TufRemoteAuthMode.Anonymous, storage: new BlobStorageOptions { ConnectionString = StorageEmulator.Shared.ConnectionString }),
            })
            {
                Assert.IsType<HttpTufFetcher>(fetcher);
                var ex = await Assert.ThrowsAnyAsync<TufRepositoryException>(() => RefreshAndDownloadAsync(kit, fetcher, target));
                Assert.StartsWith("SCSDK4", ex.Diagnostic.Code, StringComparison.Ordinal);
            }
        }
    }

    [AzuriteFact]
    public async Task PrivateContainer_IsReadWithASasTokenInTheAddress_WhichNoMessageShows()
    {
        var (kit, target) = PrivateRepository();
        using (kit)
        {
            var (container, prefix) = BlobTestContainers.Open(kit.Path);
            var sas = container.GenerateSasUri(BlobContainerSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1));
            var address = new UriBuilder(sas) { Path = sas.AbsolutePath.TrimEnd('/') + "/" + prefix.TrimEnd('/') }.Uri.AbsoluteUri;
            Assert.Contains("sig=", address, StringComparison.Ordinal);

            var fetcher = TufRemote.Create(address, storage: new BlobStorageOptions { ConnectionString = string.Empty });
            Assert.IsType<BlobTufFetcher>(fetcher);
            Assert.DoesNotContain("sig=", fetcher.MetadataLocation, StringComparison.Ordinal);
            Assert.Equal("private package bytes", await RefreshAndDownloadAsync(kit, fetcher, target));

            // A token for another container is refused, coded, without the token.
            var other = BlobTestContainers.NewContainer().GenerateSasUri(BlobContainerSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1));
            var wrong = new UriBuilder(address) { Query = other.Query.TrimStart('?') }.Uri.AbsoluteUri;
            var refused = await Assert.ThrowsAsync<SupplyChainException>(() => RefreshAndDownloadAsync(kit, TufRemote.Create(wrong, storage: new BlobStorageOptions { ConnectionString = string.Empty, MaxRetries = 0 }), target));
            Assert.Equal("SCSDK4302", refused.Diagnostic.Code);
            Assert.DoesNotContain("sig=", refused.Diagnostic.Message, StringComparison.Ordinal);
        }
    }

    [AzuriteFact]
    public void KeyMode_WithoutAKey_AndLoginOverPlainHttp_AreSCSDK4302()
    {
        var address = BlobTestContainers.NewRepositoryUrl();
        var key = Assert.Throws<SupplyChainException>(() => TufRemote.Create(address, authMode: TufRemoteAuthMode.Key, storage: new BlobStorageOptions { ConnectionString = string.Empty }));
        Assert.Equal("SCSDK4302", key.Diagnostic.Code);
        var login = Assert.Throws<SupplyChainException>(() => TufRemote.Create(address, authMode: TufRemoteAuthMode.Login));
        Assert.Equal("SCSDK4302", login.Diagnostic.Code);
    }

    [Fact]
    public void KeyMode_ForAnAddressThatIsNotABlobContainer_IsSCSDK4300_AndAutoReadsItOverHttp()
    {
        var ex = Assert.Throws<SupplyChainException>(() => TufRemote.Create("https://cdn.contoso.example/tuf", authMode: TufRemoteAuthMode.Key));
        Assert.Equal("SCSDK4300", ex.Diagnostic.Code);
        Assert.IsType<HttpTufFetcher>(TufRemote.Create("https://cdn.contoso.example/tuf"));
    }

    [Theory]
    [InlineData("", TufRemoteAuthMode.Auto)]
    [InlineData("Login", TufRemoteAuthMode.Login)]
    [InlineData(" anonymous ", TufRemoteAuthMode.Anonymous)]
    [InlineData("key", TufRemoteAuthMode.Key)]
    public void AuthMode_IsReadCaseInsensitively(string text, TufRemoteAuthMode expected)
        => Assert.Equal(expected, TufRemote.ParseAuthMode(text, "SupplyChainTufRemoteAuthMode"));

    [Fact]
    public void AuthMode_OfAnotherValue_IsSCSDK6000NamingTheSetting()
    {
        var ex = Assert.Throws<SupplyChainException>(() => TufRemote.ParseAuthMode("sas", "SupplyChainTufRemoteAuthMode"));
        Assert.Equal("SCSDK6000", ex.Diagnostic.Code);
        Assert.Contains("SupplyChainTufRemoteAuthMode", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [AzuriteFact]
    public async Task SlowRetrieval_AServiceThatStallsMidBody_FailsTheFetchWithinTheTimeout()
    {
        var (kit, _) = PrivateRepository();
        using (kit)
        {
            using var metadata = new TestDirectory("tufblobslow");
            Updater.Initialize(metadata.Path, BlobTestContainers.Blob(kit.Path, "metadata/1.root.json").DownloadContent().Value.Content.ToArray());
            var container = AzureBlobContainer.Connect(
                BlobLocation.Parse(kit.Path),
                new BlobStorageOptions { ConnectionString = StorageEmulator.Shared.ConnectionString, Handler = new StallingHandler("timestamp.json"), CheckContainer = false, MaxRetries = 1 });
            var fetcher = new BlobTufFetcher(container) { Timeout = TimeSpan.FromSeconds(2) };
            var updater = new Updater(metadata.Path, fetcher, new UpdaterOptions { TimeProvider = kit.Clock });

            var clock = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<TufFetchException>(() => updater.RefreshAsync());
            Assert.Equal("SCSDK4200", ex.Diagnostic.Code);
            Assert.Contains("timestamp.json", ex.Diagnostic.Message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the stalled fetch took {clock.Elapsed}");
        }
    }

    /// <summary>Answers a request for a blob whose name ends with <c>suffix</c> with a body that sends a few bytes, then nothing.</summary>
    private sealed class StallingHandler(string suffix) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith(suffix, StringComparison.Ordinal))
            {
                var headers = response.Content.Headers;
                var stalled = new StreamContent(new StallingStream());
                foreach (var header in headers)
                {
                    stalled.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                response.Content = stalled;
            }

            return response;
        }
    }

    private sealed class StallingStream : Stream
    {
        private bool _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the storage client reads response bodies asynchronously");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_sent)
            {
                _sent = true;
                buffer.Span[0] = (byte)'{';
                return 1;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
