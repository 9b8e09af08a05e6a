using System;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities.Sigstore;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>Each reason a trusted root is refused for is named exactly in SCSDK3103, so the user can fix that part.</summary>
public sealed class TrustedRootTests : IClassFixture<SigstoreTestFixture>
{
    private readonly SigstoreTestFixture _fixture;

    public TrustedRootTests(SigstoreTestFixture fixture) => _fixture = fixture;

    private static void AssertRefused(byte[] json, string reason)
    {
        var diagnostic = Assert.Throws<SupplyChainException>(() => TrustedRoot.Parse(json, "root.json")).Diagnostic;
        Assert.Equal("SCSDK3103", diagnostic.Code);
        Assert.Contains("'root.json' cannot be used: " + reason + ". Give", diagnostic.Message, StringComparison.Ordinal);
    }

    private static void AssertRefused(JsonObject json, string reason) => AssertRefused(SigstoreTestFixture.Json(json), reason);

    [Fact]
    public void Trusted_root_authority_keeps_its_uri()
    {
        var root = TrustedRoot.Parse(_fixture.TrustedRootBytes(), "root.json");
        Assert.Equal("https://fulcio.test", Assert.Single(root.CertificateAuthorities).Uri);
        Assert.Equal("https://tsa.test", Assert.Single(root.TimestampAuthorities).Uri);
    }

    [Fact]
    public void Json_array_is_refused_as_not_an_object()
        => AssertRefused(Encoding.UTF8.GetBytes("[]"), "it is not a JSON object");

    [Fact]
    public void Cut_short_json_is_refused_as_invalid_json_with_the_parser_reason()
    {
        var diagnostic = Assert.Throws<SupplyChainException>(() => TrustedRoot.Parse(Encoding.UTF8.GetBytes("{\"mediaType\":"), "root.json")).Diagnostic;
        Assert.Matches("'root\\.json' cannot be used: it is not valid JSON: [^.]+", diagnostic.Message);
    }

    [Fact]
    public void Trusted_root_of_another_media_type_is_refused_naming_both()
    {
        var json = _fixture.TrustedRootJson();
        json["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.2";
        AssertRefused(json, "the media type 'application/vnd.dev.sigstore.trustedroot+json;version=0.2' is not 'application/vnd.dev.sigstore.trustedroot+json;version=0.1'");
    }

    [Fact]
    public void Log_key_that_is_not_a_key_is_refused_as_unreadable()
    {
        var json = _fixture.TrustedRootJson();
        json["ctlogs"]![0]!["publicKey"]!["rawBytes"] = Convert.ToBase64String(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 });
        var diagnostic = Assert.Throws<SupplyChainException>(() => TrustedRoot.Parse(SigstoreTestFixture.Json(json), "root.json")).Diagnostic;
        Assert.Contains("'root.json' cannot be used: a key cannot be read: ", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_id_that_is_not_32_bytes_is_refused_naming_its_list()
    {
        var json = _fixture.TrustedRootJson();
        json["tlogs"]![0]!["logId"]!["keyId"] = Convert.ToBase64String(_fixture.Log.LogId.Take(31).ToArray());
        AssertRefused(json, "a log id of 'tlogs' is not 32 bytes");
    }

    [Fact]
    public void Authority_without_certificates_is_refused_naming_its_list()
    {
        var json = _fixture.TrustedRootJson();
        json["timestampAuthorities"]![0]!["certChain"]!["certificates"] = new JsonArray();
        AssertRefused(json, "an authority of 'timestampAuthorities' has no certificates");
    }

    [Fact]
    public void Authority_certificate_that_is_not_der_is_refused_naming_its_list()
    {
        var json = _fixture.TrustedRootJson();
        json["certificateAuthorities"]![0]!["certChain"]!["certificates"]![0]!["rawBytes"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(_fixture.Intermediate.ExportCertificatePem()));
        AssertRefused(json, "a certificate of 'certificateAuthorities' is not a DER X.509 certificate");
    }

    [Fact]
    public void Log_without_a_validity_is_refused_naming_its_list()
    {
        var json = _fixture.TrustedRootJson();
        json["ctlogs"]![0]!["publicKey"]!.AsObject().Remove("validFor");
        AssertRefused(json, "an entry of 'ctlogs' has no 'validFor'");
    }

    [Fact]
    public void Log_validity_without_a_start_is_refused_naming_its_list()
    {
        var json = _fixture.TrustedRootJson();
        json["tlogs"]![0]!["publicKey"]!["validFor"]!.AsObject().Remove("start");
        AssertRefused(json, "an entry of 'tlogs' has no 'validFor.start'");
    }
}
