using System;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tests.Tuf.Client;
using SupplyChain.TestUtilities.Sigstore;
using static SupplyChain.Core.Tests.Attestations.Sigstore.SigstoreTestVerification;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>
/// The certificate chain is built from the trusted root alone: a leaf naming where its issuer can be downloaded
/// (authority information access) does not make the verifier fetch it, so an intermediate the trusted root leaves out
/// (retired, or never trusted) does not count, and verification sends no request to a URL the bundle chose.
/// </summary>
public sealed class SigstoreOfflineChainTests : IClassFixture<SigstoreTestFixture>
{
    private readonly SigstoreTestFixture _fixture;

    public SigstoreOfflineChainTests(SigstoreTestFixture fixture) => _fixture = fixture;

    [Fact]
    public void IntermediateMissingFromTheTrustedRoot_IsNotDownloadedFromTheUrlTheLeafNames_AndTheChainIsRefused()
    {
        using var server = new LoopbackServer(_ => new LoopbackResponse(_fixture.Intermediate.RawData));
        var leaf = _fixture.IssueLeaf(caIssuersUrl: server.BaseUrl + "intermediate.cer");
        var bundle = _fixture.BuildMessageBundle(Artifact, leaf);
        var rootJson = _fixture.TrustedRootJson();
        rootJson["certificateAuthorities"]![0]!["certChain"]!["certificates"] = new JsonArray(new JsonObject { ["rawBytes"] = Convert.ToBase64String(_fixture.Root.RawData) });

        var (result, sink) = Verify(bundle, OptionsFor(rootJson));

        Assert.False(result.IsValid);
        Assert.Equal("SCSDK3104", Assert.Single(sink.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).Code);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void LeafNamingADownloadUrl_WithItsIntermediateInTheTrustedRoot_VerifiesWithoutARequest()
    {
        using var server = new LoopbackServer(_ => new LoopbackResponse(_fixture.Intermediate.RawData));
        var leaf = _fixture.IssueLeaf(caIssuersUrl: server.BaseUrl + "intermediate.cer");

        var (result, sink) = Verify(_fixture.BuildMessageBundle(Artifact, leaf), OptionsFor(_fixture.TrustedRootJson()));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, sink.Diagnostics));
        Assert.Empty(server.Requests);
    }
}
