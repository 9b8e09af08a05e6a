using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.Core.Tests.Pinning;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Diagnostics;

/// <summary>
/// Credentials of URLs never reach a message: the userinfo (<c>https://user:token@host/</c>) and secret query values
/// (an Azure SAS <c>sig=</c>, <c>access_token=</c>, S3 and GCS signatures). The helper, then one test per kind of message
/// that carries a URL (package sources, TUF remotes, HTTP errors, the signing command).
/// </summary>
public sealed class SecretRedactorTests
{
    private const string Token = "ghp_S3cr3tT0k3nValue";

    [Theory]
    [InlineData("https://user:" + Token + "@host.example/feed/index.json", "https://***@host.example/feed/index.json")]
    [InlineData("https://" + Token + "@host.example", "https://***@host.example")]
    [InlineData("http://user:" + Token + "@host.example:8080/?x=1", "http://***@host.example:8080/?x=1")]
    [InlineData("git+https://builder:" + Token + "@example.org/a.git", "git+https://***@example.org/a.git")]
    [InlineData("https://acct.blob.core.windows.net/tuf/?sv=2024-11-04&se=2030-01-01&sp=r&sig=" + Token, "https://acct.blob.core.windows.net/tuf/?sv=2024-11-04&se=2030-01-01&sp=r&sig=***")]
    [InlineData("https://h.example/x?access_token=" + Token + "&page=2", "https://h.example/x?access_token=***&page=2")]
    [InlineData("https://s3.example/b/k?X-Amz-Credential=" + Token + "&X-Amz-Signature=" + Token + "&X-Amz-Expires=60", "https://s3.example/b/k?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Expires=60")]
    [InlineData("https://h.example/cb#id_token=" + Token + "&state=1", "https://h.example/cb#id_token=***&state=1")]
    [InlineData("https://h.example/x?SIG=" + Token, "https://h.example/x?SIG=***")]
    [InlineData("https://h.example/x?api-key=" + Token, "https://h.example/x?api-key=***")]
    [InlineData("https://h.example/x?%73ig=" + Token, "https://h.example/x?%73ig=***")]
    [InlineData("https://u:" + Token + "@h.example/x?sig=" + Token, "https://***@h.example/x?sig=***")]
    public void RedactUrl_RemovesUserinfoAndSecretParameters(string url, string expected)
    {
        Assert.Equal(expected, SecretRedactor.RedactUrl(url));
        Assert.Equal(expected, SecretRedactor.RedactUrls(url));
    }

    [Theory]
    [InlineData("https://api.nuget.org/v3/index.json")]
    [InlineData("https://h.example/x?sv=2024&se=2030&page=2#top")]
    [InlineData("https://h.example/@scope/pkg")]
    [InlineData("file:///home/user/feed")]
    [InlineData("https://h.example/x?sig=")]
    public void RedactUrl_LeavesUrlsWithoutSecretsAsTheyAre(string url)
        => Assert.Equal(url, SecretRedactor.RedactUrl(url));

    [Fact]
    public void RedactUrls_FindsEveryUrlInAText_AndKeepsTheSentenceAroundThem()
    {
        var text = $"The source 'https://u:{Token}@a.example/v3/index.json' and https://b.example/t?sig={Token}. Also (https://c.example/x?token={Token}), done.";

        var redacted = SecretRedactor.RedactUrls(text);

        Assert.Equal("The source 'https://***@a.example/v3/index.json' and https://b.example/t?sig=***. Also (https://c.example/x?token=***), done.", redacted);
    }

    [Fact]
    public void RedactUrls_TextWithoutUrl_IsReturnedUnchanged()
    {
        var text = "user:password@host is not a URL; C:\\keys\\release.pem neither.";
        Assert.Same(text, SecretRedactor.RedactUrls(text));
        Assert.Null(SecretRedactor.RedactUrls(null));
    }

    [Fact]
    public void Diagnostic_MessageAndFile_AreRedactedHoweverTheyAreMade()
    {
        var url = $"https://user:{Token}@feed.example/v3/index.json?sig={Token}";

        var created = Diagnostic.Create(DiagnosticCatalog.PackageSources_InsecureHttp, url, 0, url);
        var constructed = new Diagnostic(DiagnosticCatalog.PackageSources_InsecureHttp, DiagnosticSeverity.Error, "at " + url, url);
        var changed = created with { Message = "again " + url, File = url };
        var thrown = SupplyChainException.Create(DiagnosticCatalog.PackageSources_InsecureHttp, null, 0, url);

        foreach (var diagnostic in new[] { created, constructed, changed, thrown.Diagnostic })
        {
            Assert.DoesNotContain(Token, diagnostic.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, diagnostic.ToCanonicalString(), StringComparison.Ordinal);
            Assert.Contains("feed.example/v3/index.json", diagnostic.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Token, thrown.Message, StringComparison.Ordinal);
        Assert.Equal("https://***@feed.example/v3/index.json?sig=***", created.File);
    }

    [Fact]
    public void PinningMessage_PackageSourceWithCredentials_DoesNotShowThem()
    {
        using var scenario = new PinningScenario();
        scenario.AddPackage(new TestPackageBuilder("Contoso.A", "1.0.0").WithLibFile("net8.0", "Contoso.A.dll", "a"));
        var source = $"http://ci:{Token}@feed.example/v3/index.json";
        scenario.ConfigXml = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{source}" />
              </packageSources>
            </configuration>
            """;
        scenario.Assets.Root["project"]!["restore"]!["sources"] = new System.Text.Json.Nodes.JsonObject { [source] = new System.Text.Json.Nodes.JsonObject() };

        scenario.Verify();

        var diagnostic = scenario.Single("SCSDK1013");
        Assert.DoesNotContain(Token, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("http://***@feed.example/v3/index.json", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TufRemoteMessage_InvalidRemoteWithCredentials_DoesNotShowThem()
    {
        var ex = Assert.ThrowsAny<TufRepositoryException>(() => TufRemote.Create($"ftp://mirror:{Token}@tuf.example/repo?sig={Token}"));

        Assert.Equal("SCSDK4206", ex.Diagnostic.Code);
        Assert.DoesNotContain(Token, ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://***@tuf.example/repo?sig=***", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpErrorMessage_FetchFailureFromASasUrl_DoesNotShowItsSignatureOrUserinfo()
    {
        // The HTTP stack's own error text may repeat the request URL; the message must not.
        using var handler = new FailingHandler();
        var root = $"https://reader:{Token}@acct.blob.core.windows.net/tuf/";
        using var fetcher = new HttpTufFetcher(root + "metadata/?sv=2024-11-04&sig=" + Token, root + "targets/", handler, new HttpTufFetcherOptions { Attempts = 1, RetryDelay = TimeSpan.Zero });

        var ex = await Assert.ThrowsAnyAsync<TufRepositoryException>(() => fetcher.FetchMetadataAsync("timestamp.json", CancellationToken.None));

        Assert.Equal("SCSDK4200", ex.Diagnostic.Code);
        Assert.True(handler.Requests > 0, "the request was made");
        Assert.DoesNotContain(Token, ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("acct.blob.core.windows.net", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SigningCommandMessage_ProgramNotFound_ShowsNeitherItsArgumentsNorUrlCredentials()
    {
        using var dir = new TempDirectory();
        var key = KeyGenerator.GenerateToFile(KeyAlgorithm.EcdsaP256, Path.Combine(dir.Path, "k.pem"));
        var publicKey = KeyLoader.LoadPublicKey(key.PublicKeyPath);
        var signer = new ExternalSigner($"no-such-signer-{Guid.NewGuid():N} --endpoint https://kms:{Token}@kms.example/sign --token {Token}", publicKey, TimeSpan.FromSeconds(10), dir.Path);

        var ex = Assert.Throws<SupplyChainException>(() => signer.Sign(new byte[] { 1, 2, 3 }));

        Assert.Equal("SCSDK3029", ex.Diagnostic.Code);
        Assert.DoesNotContain(Token, ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    private sealed class FailingHandler : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            throw new HttpRequestException($"No such host is known ({request.RequestUri!.OriginalString})");
        }
    }
}
