using System;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities.Sigstore;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>
/// Each reason a bundle is refused for is named exactly: SCSDK3100 when it cannot be read, SCSDK3102 with every rule
/// of its version it breaks; and what a readable bundle says is kept as written.
/// </summary>
public sealed class SigstoreBundleDocumentTests : IClassFixture<SigstoreTestFixture>
{
    private const string Path = "b.sigstore.json";
    private static readonly byte[] Artifact = Encoding.UTF8.GetBytes("the package bytes");
    private readonly SigstoreTestFixture _fixture;

    public SigstoreBundleDocumentTests(SigstoreTestFixture fixture) => _fixture = fixture;

    private static string RefusalMessage(byte[] json, string code)
    {
        var sink = new DiagnosticBag();
        Assert.Null(SigstoreBundleDocument.Read(json, Path, sink));
        return Assert.Single(sink.Diagnostics, d => d.Code == code).Message;
    }

    private static void AssertUnreadable(JsonNode bundle, string reason)
        => Assert.Contains($"'{Path}' cannot be read: {reason}. Give", RefusalMessage(Encoding.UTF8.GetBytes(bundle.ToJsonString()), "SCSDK3100"), StringComparison.Ordinal);

    private static void AssertShapeRefused(JsonObject bundle, string errors)
        => Assert.Contains($"requires: {errors}. The bundle", RefusalMessage(Encoding.UTF8.GetBytes(bundle.ToJsonString()), "SCSDK3102"), StringComparison.Ordinal);

    private JsonObject MessageBundle(string version = "0.3", bool promise = true, bool proof = true)
        => _fixture.BuildMessageBundle(Artifact, _fixture.IssueLeaf(), new TestBundleOptions { Version = version, EntryKind = "hashedrekord", IncludePromise = promise, IncludeProof = proof });

    private static JsonObject Material(JsonObject bundle) => bundle["verificationMaterial"]!.AsObject();

    private JsonObject ChainOfTheLeaf() => new()
    {
        ["certificates"] = new JsonArray(new JsonObject { ["rawBytes"] = Convert.ToBase64String(_fixture.IssueLeaf().Certificate.RawData) }),
    };

    private string PemOfTheIntermediate() => Convert.ToBase64String(Encoding.ASCII.GetBytes(_fixture.Intermediate.ExportCertificatePem()));

    [Fact]
    public void Null_sink_is_an_argument_error_even_for_a_good_bundle()
        => Assert.Throws<ArgumentNullException>(() => SigstoreBundleDocument.Read(Encoding.UTF8.GetBytes(MessageBundle().ToJsonString()), Path, null!));

    [Fact]
    public void Json_array_is_refused_as_not_an_object()
        => Assert.Contains($"'{Path}' cannot be read: it is not a JSON object. Give", RefusalMessage(Encoding.UTF8.GetBytes("[]"), "SCSDK3100"), StringComparison.Ordinal);

    [Fact]
    public void Cut_short_json_is_refused_as_invalid_json_with_the_parser_reason()
        => Assert.Matches("'b\\.sigstore\\.json' cannot be read: it is not valid JSON: [^.]+", RefusalMessage(Encoding.UTF8.GetBytes("{\"mediaType\":"), "SCSDK3100"));

    [Fact]
    public void V03_bundle_with_a_chain_instead_of_its_certificate_is_refused()
    {
        var bundle = MessageBundle();
        Material(bundle).Remove("certificate");
        Material(bundle)["x509CertificateChain"] = ChainOfTheLeaf();
        AssertShapeRefused(bundle, "a v0.3 bundle carries the leaf in 'certificate', not an 'x509CertificateChain'");
    }

    [Fact]
    public void V02_bundle_with_a_v03_certificate_instead_of_its_chain_is_refused()
    {
        var bundle = MessageBundle("0.2");
        Material(bundle).Remove("x509CertificateChain");
        Material(bundle)["certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(_fixture.IssueLeaf().Certificate.RawData) };
        AssertShapeRefused(bundle, "'certificate' is a v0.3 field; a v0.1 or v0.2 bundle carries an 'x509CertificateChain'");
    }

    [Fact]
    public void Every_shape_error_is_named_separated_by_semicolons()
    {
        var bundle = MessageBundle();
        Material(bundle)["x509CertificateChain"] = ChainOfTheLeaf();
        AssertShapeRefused(bundle, "'verificationMaterial' must have exactly one of 'publicKey', 'x509CertificateChain' and 'certificate'; a v0.3 bundle carries the leaf in 'certificate', not an 'x509CertificateChain'");
    }

    [Fact]
    public void Chain_certificate_in_pem_is_refused_naming_the_chain()
    {
        var bundle = MessageBundle("0.2");
        Material(bundle)["x509CertificateChain"]!["certificates"]![0]!["rawBytes"] = PemOfTheIntermediate();
        AssertUnreadable(bundle, "a certificate of 'x509CertificateChain' is not a DER X.509 certificate");
    }

    [Fact]
    public void V03_certificate_in_pem_is_refused_naming_the_certificate()
    {
        var bundle = MessageBundle();
        Material(bundle)["certificate"]!["rawBytes"] = PemOfTheIntermediate();
        AssertUnreadable(bundle, "a certificate of 'certificate' is not a DER X.509 certificate");
    }

    [Fact]
    public void V01_entry_without_its_promise_is_refused_naming_the_entry()
    {
        var bundle = MessageBundle("0.1", promise: false);
        Material(bundle)["tlogEntries"]![0]!["logIndex"] = "7";
        AssertShapeRefused(bundle, "the log entry 7 has no 'inclusionPromise', which a v0.1 bundle requires");
    }

    [Fact]
    public void V02_entry_without_its_proof_is_refused_naming_the_entry()
    {
        var bundle = MessageBundle("0.2", proof: false);
        Material(bundle)["tlogEntries"]![0]!["logIndex"] = "7";
        AssertShapeRefused(bundle, "the log entry 7 has no 'inclusionProof', which a v0.2 or later bundle requires");
    }

    [Fact]
    public void Bundle_with_neither_a_message_signature_nor_an_envelope_is_refused()
    {
        var bundle = MessageBundle();
        bundle.Remove("messageSignature");
        AssertShapeRefused(bundle, "it must have exactly one of 'messageSignature' and 'dsseEnvelope'");
    }

    [Fact]
    public void Dsse_envelope_without_a_payload_is_refused_as_unreadable()
    {
        var bundle = _fixture.BuildDsseBundle(SigstoreTestFixture.Statement("pkg", new byte[32]), _fixture.IssueLeaf());
        bundle["dsseEnvelope"]!.AsObject().Remove("payload");
        var message = RefusalMessage(Encoding.UTF8.GetBytes(bundle.ToJsonString()), "SCSDK3100");
        Assert.Matches("'b\\.sigstore\\.json' cannot be read: its DSSE envelope cannot be read: [^.]+", message);
    }

    [Fact]
    public void Inclusion_proof_hash_that_is_not_base64_is_refused_naming_the_hashes()
    {
        var bundle = MessageBundle();
        Material(bundle)["tlogEntries"]![0]!["inclusionProof"]!["hashes"] = new JsonArray("%%%%");
        AssertUnreadable(bundle, "'hashes' is not base64");
    }

    [Fact]
    public void Key_based_bundle_keeps_its_key_hint()
    {
        var bundle = MessageBundle();
        Material(bundle).Remove("certificate");
        Material(bundle)["publicKey"] = new JsonObject { ["hint"] = "the-key" };
        var document = SigstoreBundleDocument.Read(Encoding.UTF8.GetBytes(bundle.ToJsonString()), Path, new DiagnosticBag());
        Assert.NotNull(document);
        Assert.True(document.IsKeyBased);
        Assert.Equal("the-key", document.PublicKeyHint);
        Assert.Empty(document.Certificates);
    }
}
