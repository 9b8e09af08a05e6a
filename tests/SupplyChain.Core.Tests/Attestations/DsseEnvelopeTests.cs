using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.TestUtilities;
using PublicKey = SupplyChain.Core.Crypto.PublicKey;

namespace SupplyChain.Core.Tests.Attestations;

public class DsseEnvelopeTests
{
    private const string PayloadType = "application/vnd.in-toto+json";
    private static readonly byte[] s_payload = Encoding.UTF8.GetBytes("{\"_type\":\"https://in-toto.io/Statement/v1\"}");

    public static TheoryData<KeyAlgorithm> Algorithms => new() { KeyAlgorithm.EcdsaP256, KeyAlgorithm.EcdsaP384, KeyAlgorithm.Rsa, KeyAlgorithm.Ed25519 };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Sign_WriteReadVerify_RoundTrips(KeyAlgorithm algorithm)
    {
        var signer = CryptoTestHelpers.SharedKey(algorithm);

        var json = DsseEnvelope.Sign(PayloadType, s_payload, signer).ToJson();
        var envelope = DsseEnvelope.Parse(Encoding.UTF8.GetBytes(json));
        var result = envelope.Verify(new[] { signer.PublicKey.CreateVerifier() }, expectedPayloadType: PayloadType);

        Assert.DoesNotContain('\n', json);
        Assert.DoesNotContain(' ', json);
        Assert.StartsWith("{\"payload\":\"", json);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(s_payload, result.Payload.ToArray());
        Assert.Equal(new[] { signer.KeyId }, result.VerifiedKeyIds);
        Assert.Equal(signer.KeyId, envelope.Signatures.Single().KeyId);
        Assert.Equal(DsseVerificationFailure.None, result.Failure);
    }

    [Fact]
    public void ToJson_HasTheDsseFieldsInOrder()
    {
        var envelope = new DsseEnvelope("t/x", "hi"u8, new[] { new DsseSignature("k1", new byte[] { 0xfb, 0xff }), new DsseSignature(null, new byte[] { 1 }) });

        Assert.Equal("{\"payload\":\"aGk=\",\"payloadType\":\"t/x\",\"signatures\":[{\"keyid\":\"k1\",\"sig\":\"+/8=\"},{\"sig\":\"AQ==\"}]}", envelope.ToJson());
    }

    [Fact]
    public void Verify_OtherPayload_IsRejected()
    {
        var signer = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, signer);
        var swapped = new DsseEnvelope(PayloadType, Encoding.UTF8.GetBytes("{\"_type\":\"evil\"}"), envelope.Signatures);

        var result = swapped.Verify(new[] { signer.PublicKey.CreateVerifier() });

        Assert.False(result.IsValid);
        Assert.Equal(DsseVerificationFailure.ThresholdNotMet, result.Failure);
        Assert.True(result.Payload.IsEmpty);
        Assert.Equal("SCSDK3021", result.ToDiagnostic("a.intoto.jsonl", 3).Code);
    }

    [Fact]
    public void Verify_OtherPayloadType_IsRejected()
    {
        var signer = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, signer);
        var retyped = new DsseEnvelope("application/json", envelope.Payload.Span, envelope.Signatures);

        // The PAE binds the type, so the signature fails even without an expected type ...
        Assert.False(retyped.Verify(new[] { signer.PublicKey.CreateVerifier() }).IsValid);

        // ... and a validly signed envelope of another type fails when a type is expected.
        var other = DsseEnvelope.Sign("application/json", s_payload, signer);
        var result = other.Verify(new[] { signer.PublicKey.CreateVerifier() }, expectedPayloadType: PayloadType);
        Assert.False(result.IsValid);
        Assert.Equal(DsseVerificationFailure.UnexpectedPayloadType, result.Failure);
        var diagnostic = result.ToDiagnostic("a.jsonl");
        Assert.Equal("SCSDK3022", diagnostic.Code);
        Assert.Contains("application/json", diagnostic.Message);
    }

    [Fact]
    public void Verify_UntrustedKey_IsRejected()
    {
        var signer = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        using var trusted = KeyGenerator.Generate(KeyAlgorithm.EcdsaP256);
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, signer);

        var result = envelope.Verify(new[] { trusted.PublicKey.CreateVerifier(signer.KeyId) });

        Assert.False(result.IsValid);
        Assert.Empty(result.VerifiedKeyIds);
        Assert.Contains("none of the 1 signature", result.Error);
        Assert.False(envelope.Verify(Array.Empty<IVerifier>()).IsValid);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_TamperedSignature_IsRejected(KeyAlgorithm algorithm)
    {
        var signer = CryptoTestHelpers.SharedKey(algorithm);
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, signer);
        var sig = envelope.Signatures[0].Signature.ToArray();
        sig[sig.Length / 2] ^= 0x40;
        var tampered = new DsseEnvelope(PayloadType, s_payload, new[] { envelope.Signatures[0] with { Signature = sig } });

        Assert.False(tampered.Verify(new[] { signer.PublicKey.CreateVerifier() }).IsValid);
    }

    [Fact]
    public void Verify_Threshold_CountsDistinctTrustedKeys()
    {
        var a = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        var b = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);
        var trusted = new[] { a.PublicKey.CreateVerifier(), b.PublicKey.CreateVerifier() };

        var one = DsseEnvelope.Sign(PayloadType, s_payload, a);
        var twice = one.AddSignature(a);
        var both = one.AddSignature(b);

        Assert.False(one.Verify(trusted, threshold: 2).IsValid);
        Assert.Contains("only 1", one.Verify(trusted, threshold: 2).Error);
        Assert.False(twice.Verify(trusted, threshold: 2).IsValid);
        Assert.Equal(2, twice.Signatures.Count);
        Assert.True(both.Verify(trusted, threshold: 2).IsValid);

        // The same key trusted under two ids still counts once.
        var duplicated = new[] { a.PublicKey.CreateVerifier("id-1"), a.PublicKey.CreateVerifier("id-2") };
        Assert.False(twice.Verify(duplicated, threshold: 2).IsValid);
        Assert.Throws<ArgumentOutOfRangeException>(() => both.Verify(trusted, threshold: 0));
    }

    [Fact]
    public void Verify_WrongKeyIdHint_StillFindsTheTrustedKey()
    {
        var signer = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP384);
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, signer);
        var relabelled = new DsseEnvelope(PayloadType, s_payload, new[] { envelope.Signatures[0] with { KeyId = "wrong" } });

        Assert.True(relabelled.Verify(new[] { signer.PublicKey.CreateVerifier() }).IsValid);
    }

    [Fact]
    public void Sign_MultipleSigners_AddsOneSignatureEach()
    {
        var signers = new ISigner[] { CryptoTestHelpers.SharedKey(KeyAlgorithm.Rsa), CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519) };

        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, signers);

        Assert.Equal(signers.Select(s => s.KeyId), envelope.Signatures.Select(s => s.KeyId));
        Assert.True(envelope.Verify(signers.Select(s => s.PublicKey.CreateVerifier()), threshold: 2).IsValid);
        Assert.Throws<ArgumentException>(() => DsseEnvelope.Sign(PayloadType, s_payload, Array.Empty<ISigner>()));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"payloadType\":\"t\",\"signatures\":[]}")]
    [InlineData("{\"payload\":\"aGk=\",\"signatures\":[]}")]
    [InlineData("{\"payload\":\"aGk=\",\"payloadType\":\"t\"}")]
    [InlineData("{\"payload\":\"a\",\"payloadType\":\"t\",\"signatures\":[]}")]
    [InlineData("{\"payload\":\"!!!!\",\"payloadType\":\"t\",\"signatures\":[]}")]
    [InlineData("{\"payload\":\"aGk=\",\"payloadType\":1,\"signatures\":[]}")]
    [InlineData("{\"payload\":\"aGk=\",\"payloadType\":\"t\",\"signatures\":{}}")]
    [InlineData("{\"payload\":\"aGk=\",\"payloadType\":\"t\",\"signatures\":[1]}")]
    [InlineData("{\"payload\":\"aGk=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"k\"}]}")]
    [InlineData("{\"payload\":\"aGk=\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"*\"}]}")]
    [InlineData("{\"payload\":\"aGk=\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\",\"keyid\":5}]}")]
    [InlineData("{\"payload\":\"aGk=\",\"payload\":\"aGk=\",\"payloadType\":\"t\",\"signatures\":[]}")]
    public void Read_Malformed_ReportsScsdk3020(string json)
    {
        var result = DsseEnvelope.Read(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsSuccess);
        var diagnostic = result.ToDiagnostic("x.intoto.jsonl", 2);
        Assert.Equal("SCSDK3020", diagnostic.Code);
        Assert.Equal(2, diagnostic.Line);
        var ex = Assert.Throws<SupplyChainException>(() => DsseEnvelope.Parse(Encoding.UTF8.GetBytes(json), "x.intoto.jsonl"));
        Assert.Equal("SCSDK3020", ex.Diagnostic.Code);
    }

    [Fact]
    public void Read_TooManySignatures_IsRejected()
    {
        var signatures = string.Join(",", Enumerable.Repeat("{\"sig\":\"AQ==\"}", DsseEnvelope.MaxSignatures + 1));

        var result = DsseEnvelope.Read(Encoding.UTF8.GetBytes("{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[" + signatures + "]}"));

        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Read_UrlSafeUnpaddedBase64_IsAccepted()
    {
        var result = DsseEnvelope.Read("{\"payload\":\"-_8\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ\",\"keyid\":\"\"}],\"extra\":true}"u8);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(new byte[] { 0xfb, 0xff }, result.Envelope!.Payload.ToArray());
        Assert.Equal(new byte[] { 1 }, result.Envelope.Signatures[0].Signature.ToArray());
        Assert.Null(result.Envelope.Signatures[0].KeyId);
    }

    [VectorFact]
    public void ProtocolExample_VerifiesOnlyWhenRawSignaturesAreAllowed()
    {
        var envelope = DsseEnvelope.Parse(File.ReadAllBytes(RepositoryPaths.Vector("dsse", "protocol-example.envelope.json")));
        var key = KeyLoader.LoadPublicKey(RepositoryPaths.Vector("dsse", "protocol-example.key.pub.pem"));
        var vector = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Vector("dsse", "protocol-example.vector.json")))!;

        Assert.Equal("http://example.com/HelloWorld", envelope.PayloadType);
        Assert.Equal(File.ReadAllBytes(RepositoryPaths.Vector("dsse", "protocol-example.payload.bin")), envelope.Payload.ToArray());
        Assert.Equal(File.ReadAllBytes(RepositoryPaths.Vector("dsse", "protocol-example.pae.bin")), envelope.GetPreAuthenticationEncoding());
        Assert.Equal(Convert.FromHexString((string)vector["paeHex"]!), envelope.GetPreAuthenticationEncoding());
        Assert.Equal(64, envelope.Signatures[0].Signature.Length);
        Assert.Null(envelope.Signatures[0].KeyId);

        var raw = envelope.Verify(new[] { key.CreateVerifier(ecdsaEncoding: EcdsaSignatureEncoding.DerOrIeeeP1363) });
        var derOnly = envelope.Verify(new[] { key.CreateVerifier() });

        Assert.True(raw.IsValid, raw.Error);
        Assert.Equal("hello world", Encoding.UTF8.GetString(raw.Payload.Span));
        Assert.False(derOnly.IsValid);
    }

    [VectorTheory]
    [InlineData("happy-path-intoto-in-dsse-v3")]
    [InlineData("rekor2-dsse-happy-path")]
    [InlineData("intoto-with-custom-trust-root")]
    public void SigstoreConformanceEnvelope_VerifiesWithTheSigningCertificateKey(string name)
    {
        var folder = RepositoryPaths.Vector("dsse", "from-sigstore-conformance");
        var envelope = DsseEnvelope.Parse(File.ReadAllBytes(Path.Combine(folder, name + ".valid.envelope.json")));
        var key = CertificateKey(Path.Combine(folder, name + ".signer-cert.pem"));

        var result = envelope.Verify(new[] { key.CreateVerifier() }, expectedPayloadType: InTotoStatement.PayloadType);

        Assert.True(result.IsValid, result.Error);
        var statement = RepositoryPaths.Vector("in-toto-attestation", "realworld-from-sigstore-conformance", name + ".statement.json");
        Assert.Equal(File.ReadAllBytes(statement), result.Payload.ToArray());
        Assert.True(InTotoStatement.Read(result.Payload.Span).IsSuccess);
    }

    [VectorFact]
    public void SigstoreConformanceInvalidSignature_IsRejected()
    {
        var folder = RepositoryPaths.Vector("dsse", "from-sigstore-conformance");
        var envelope = DsseEnvelope.Parse(File.ReadAllBytes(Path.Combine(folder, "dsse-invalid-sig_fail.invalid-signature.envelope.json")));
        var key = CertificateKey(Path.Combine(folder, "dsse-invalid-sig_fail.signer-cert.pem"));

        var result = envelope.Verify(new[] { key.CreateVerifier() });

        Assert.False(result.IsValid);
        Assert.Equal(DsseVerificationFailure.ThresholdNotMet, result.Failure);
    }

    [VectorFact]
    public void SigstoreConformanceEnvelope_RoundTripsThroughOurWriter()
    {
        var path = RepositoryPaths.Vector("dsse", "from-sigstore-conformance", "rekor2-dsse-happy-path.valid.envelope.json");
        var envelope = DsseEnvelope.Parse(File.ReadAllBytes(path));

        var again = DsseEnvelope.Parse(envelope.ToJsonBytes());

        Assert.Equal(envelope.PayloadType, again.PayloadType);
        Assert.Equal(envelope.Payload.ToArray(), again.Payload.ToArray());
        Assert.Equal(envelope.Signatures[0].Signature.ToArray(), again.Signatures[0].Signature.ToArray());
        Assert.Equal(JsonNode.Parse(File.ReadAllText(path))!["payload"]!.GetValue<string>(), JsonNode.Parse(envelope.ToJson())!["payload"]!.GetValue<string>());
    }

    private static PublicKey CertificateKey(string pemPath)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(pemPath));
        return PublicKey.FromSubjectPublicKeyInfo(certificate.PublicKey.ExportSubjectPublicKeyInfo(), pemPath);
    }
}
