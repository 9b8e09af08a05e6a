using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Core.Tests.Tuf.Client;

/// <summary>The HTTP fetcher against a real server on 127.0.0.1: retries, "not found", time limit, URL encoding.</summary>
public class HttpTufFetcherTests
{
    private static readonly HttpTufFetcherOptions Fast = new() { Timeout = TimeSpan.FromMilliseconds(400), RetryDelay = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async System.Threading.Tasks.Task TransientServerErrors_AreTriedAgain()
    {
        var calls = 0;
        using var server = new LoopbackServer(_ => Interlocked.Increment(ref calls) < 3 ? new LoopbackResponse(Array.Empty<byte>(), 503) : new LoopbackResponse(Encoding.UTF8.GetBytes("ok")));
        using var fetcher = new HttpTufFetcher(server.BaseUrl + "metadata/", server.BaseUrl + "targets/", options: Fast);

        using var response = await fetcher.FetchMetadataAsync("timestamp.json", CancellationToken.None);

        Assert.NotNull(response);
        Assert.Equal("ok", new StreamReader(response.Content).ReadToEnd());
        Assert.Equal(3, calls);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    public async System.Threading.Tasks.Task NotFoundAndForbidden_AreNotFound_WithoutRetries(int status)
    {
        using var server = new LoopbackServer(_ => new LoopbackResponse(Array.Empty<byte>(), status));
        using var fetcher = new HttpTufFetcher(server.BaseUrl + "metadata/", server.BaseUrl + "targets/", options: Fast);

        Assert.Null(await fetcher.FetchMetadataAsync("2.root.json", CancellationToken.None));
        Assert.Single(server.Requests);
    }

    [Fact]
    public void PersistentServerErrors_FailWithSCSDK4200AfterThreeTries()
    {
        using var server = new LoopbackServer(_ => new LoopbackResponse(Array.Empty<byte>(), 500));
        using var fetcher = new HttpTufFetcher(server.BaseUrl + "metadata/", server.BaseUrl + "targets/", options: Fast);

        var ex = TufAssert.Rejects<TufFetchException>("SCSDK4200", () => fetcher.FetchMetadataAsync("timestamp.json", CancellationToken.None).GetAwaiter().GetResult());

        Assert.Contains("HTTP 500", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public void OtherClientErrors_FailAtOnce()
    {
        using var server = new LoopbackServer(_ => new LoopbackResponse(Array.Empty<byte>(), 400));
        using var fetcher = new HttpTufFetcher(server.BaseUrl + "metadata/", server.BaseUrl + "targets/", options: Fast);

        TufAssert.Rejects<TufFetchException>("SCSDK4200", () => fetcher.FetchMetadataAsync("timestamp.json", CancellationToken.None).GetAwaiter().GetResult());

        Assert.Single(server.Requests);
    }

    [Fact]
    public void AServerThatDoesNotAnswer_FailsWithinTheTimeLimit()
    {
        // The server answers only once the client has given up (or after a minute), so a late timer on a loaded
        // machine cannot let the answer win the race: the time limit is the only way the call can end early.
        using var release = new ManualResetEventSlim();
        using var server = new LoopbackServer(_ =>
        {
            release.Wait(TimeSpan.FromMinutes(1));
            return new LoopbackResponse(Encoding.UTF8.GetBytes("late"));
        });
        using var fetcher = new HttpTufFetcher(server.BaseUrl + "metadata/", server.BaseUrl + "targets/", options: Fast with { Attempts = 1 });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        try
        {
            var ex = TufAssert.Rejects<TufFetchException>("SCSDK4200", () => fetcher.FetchMetadataAsync("timestamp.json", CancellationToken.None).GetAwaiter().GetResult());

            Assert.Contains("no answer within 0.4 s", ex.Message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the call ended after {clock.Elapsed}, not at the time limit");
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task RoleNamesAndTargetPaths_ArePercentEncodedOnTheWire()
    {
        using var server = new LoopbackServer(_ => null);
        using var fetcher = new HttpTufFetcher(server.BaseUrl + "a%5Bb%5D/metadata/", server.BaseUrl + "a%5Bb%5D/targets/");

        await fetcher.FetchMetadataAsync(TufRoleNames.VersionedFileName("../role", 1), CancellationToken.None);
        await fetcher.FetchMetadataAsync(TufRoleNames.VersionedFileName("?", 2), CancellationToken.None);
        await fetcher.FetchTargetAsync(new[] { "dir with space", "abc.file#1.txt" }, CancellationToken.None);

        Assert.Equal(new[] { "a%5Bb%5D/metadata/1...%2Frole.json", "a%5Bb%5D/metadata/2.%3F.json", "a%5Bb%5D/targets/dir%20with%20space/abc.file%231.txt" }, server.Requests.ToArray());
    }
}
