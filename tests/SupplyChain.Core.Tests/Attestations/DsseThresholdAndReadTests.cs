using System;
using System.Linq;
using System.Text;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tests.Crypto;

namespace SupplyChain.Core.Tests.Attestations;

/// <summary>
/// <see cref="DsseEnvelope"/>: a threshold counts distinct trusted keys (one key cannot count twice by signing twice
/// or by being listed twice), a failed verification releases no payload, and the reader refuses every malformed field
/// with its own reason.
/// </summary>
public sealed class DsseThresholdAndReadTests
{
    private const string PayloadType = "application/vnd.in-toto+json";
    private static readonly byte[] s_payload = Encoding.UTF8.GetBytes("{\"statement\":true}");
    private readonly SigningKey _a = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
    private readonly SigningKey _b = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);

    [Fact]
    public void Threshold_OneKeySigningTwice_CountsOnce()
    {
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, _a, _a);
        Assert.Equal(2, envelope.Signatures.Count);

        var result = envelope.Verify(new[] { _a.PublicKey.CreateVerifier(), _b.PublicKey.CreateVerifier() }, threshold: 2);

        Assert.False(result.IsValid);
        Assert.Equal(new[] { _a.KeyId }, result.VerifiedKeyIds);
        Assert.Equal("only 1 trusted key(s) signed", result.Error);
        Assert.True(result.Payload.IsEmpty);
        Assert.Equal(DsseVerificationFailure.ThresholdNotMet, result.Failure);
    }

    [Fact]
    public void Threshold_OneKeyListedTwiceAsTrusted_CountsOnce()
    {
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, _a, _a);

        var result = envelope.Verify(new[] { _a.PublicKey.CreateVerifier(), _a.PublicKey.CreateVerifier() }, threshold: 2);

        Assert.False(result.IsValid);
        Assert.Single(result.VerifiedKeyIds);
    }

    [Fact]
    public void Threshold_TwoDistinctTrustedKeys_IsMetExactly()
    {
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, _b, _a);

        var result = envelope.Verify(new[] { _a.PublicKey.CreateVerifier(), _b.PublicKey.CreateVerifier() }, threshold: 2);

        Assert.True(result.IsValid);
        Assert.Equal(new[] { _a.KeyId, _b.KeyId }, result.VerifiedKeyIds);
        Assert.Equal(s_payload, result.Payload.ToArray());
        Assert.Equal(DsseVerificationFailure.None, result.Failure);
        Assert.Null(result.Error);
    }

    [Fact]
    public void Threshold_BelowOne_IsACallerError()
    {
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, _a);
        Assert.Throws<ArgumentOutOfRangeException>(() => envelope.Verify(new[] { _a.PublicKey.CreateVerifier() }, threshold: 0));
    }

    [Fact]
    public void Verify_WithoutSignatures_SaysSo()
    {
        var envelope = new DsseEnvelope(PayloadType, s_payload, Array.Empty<DsseSignature>());

        var result = envelope.Verify(new[] { _a.PublicKey.CreateVerifier() });

        Assert.False(result.IsValid);
        Assert.Equal("the envelope has no signatures", result.Error);
    }

    [Fact]
    public void Verify_WithoutTrustedKeys_SaysSo()
    {
        var result = DsseEnvelope.Sign(PayloadType, s_payload, _a).Verify(Array.Empty<IVerifier>());

        Assert.False(result.IsValid);
        Assert.Equal("no trusted key was given", result.Error);
        Assert.Empty(result.VerifiedKeyIds);
    }

    [Fact]
    public void Verify_SignedByAnUntrustedKey_SaysNoneVerifies()
    {
        var result = DsseEnvelope.Sign(PayloadType, s_payload, _b, _b).Verify(new[] { _a.PublicKey.CreateVerifier() });

        Assert.False(result.IsValid);
        Assert.Equal("none of the 2 signature(s) verifies with a trusted key", result.Error);
        Assert.True(result.Payload.IsEmpty);
        Assert.Equal("SCSDK3021", result.ToDiagnostic("x.jsonl", 3).Code);
    }

    [Fact]
    public void Verify_AValidSignatureAfterOneWithTheKeysIdButForged_IsFound()
    {
        // The key id is a hint: a signature claiming the trusted key's id is tried first but does not stop the search.
        var good = DsseEnvelope.Sign(PayloadType, s_payload, _a).Signatures[0];
        var forged = new DsseSignature(_a.KeyId, DsseEnvelope.Sign(PayloadType, s_payload, _b).Signatures[0].Signature);
        var envelope = new DsseEnvelope(PayloadType, s_payload, new[] { new DsseSignature("other", good.Signature), forged });

        var result = envelope.Verify(new[] { _a.PublicKey.CreateVerifier() });

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Verify_AnotherPayloadTypeThanExpected_FailsWithoutLookingAtSignatures()
    {
        var envelope = DsseEnvelope.Sign("application/json", s_payload, _a);

        var result = envelope.Verify(new[] { _a.PublicKey.CreateVerifier() }, expectedPayloadType: PayloadType);

        Assert.False(result.IsValid);
        Assert.Equal(DsseVerificationFailure.UnexpectedPayloadType, result.Failure);
        Assert.True(result.Payload.IsEmpty);
        Assert.Equal("SCSDK3022", result.ToDiagnostic("x.jsonl").Code);
        Assert.True(envelope.Verify(new[] { _a.PublicKey.CreateVerifier() }).IsValid);
    }

    [Theory]
    [InlineData("[]", "it is not a JSON object")]
    [InlineData("{\"payload\":\"e30=\",\"signatures\":[]}", "'payloadType' is missing or not a string")]
    [InlineData("{\"payloadType\":1,\"payload\":\"e30=\",\"signatures\":[]}", "'payloadType' is missing or not a string")]
    [InlineData("{\"payloadType\":\"t\",\"signatures\":[]}", "'payload' is missing or not a string")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"%%%\",\"signatures\":[]}", "'payload' is not base64")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"e30=\"}", "'signatures' is missing or not an array")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"e30=\",\"signatures\":{}}", "'signatures' is missing or not an array")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"e30=\",\"signatures\":[{\"sig\":\"AA==\"},1]}", "signature 2 is not an object")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"e30=\",\"signatures\":[{\"keyid\":\"k\"}]}", "signature 1 has no string 'sig'")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"e30=\",\"signatures\":[{\"sig\":\"%%\"}]}", "the 'sig' of signature 1 is not base64")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"e30=\",\"signatures\":[{\"sig\":\"AA==\",\"keyid\":7}]}", "the 'keyid' of signature 1 is not a string")]
    [InlineData("{\"payloadType\":\"t\",", "it is not valid JSON")]
    public void Read_MalformedEnvelope_IsRefusedWithItsReason(string json, string reason)
    {
        var result = DsseEnvelope.Read(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsSuccess);
        Assert.StartsWith(reason, result.Error, StringComparison.Ordinal);
        Assert.Equal("SCSDK3020", result.ToDiagnostic("x.jsonl", 2).Code);
    }

    [Theory]
    [InlineData("\"keyid\":null", null)]
    [InlineData("\"keyid\":\"\"", null)]
    [InlineData("\"keyid\":\"k1\"", "k1")]
    public void Read_KeyIdAbsentNullOrEmpty_IsNoHint(string keyId, string? expected)
    {
        var result = DsseEnvelope.Read(Encoding.UTF8.GetBytes("{\"payloadType\":\"t\",\"payload\":\"e30\",\"signatures\":[{\"sig\":\"AA\"," + keyId + "}]}"));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(expected, result.Envelope!.Signatures.Single().KeyId);
        Assert.Equal("{}", Encoding.UTF8.GetString(result.Envelope.Payload.Span));
        Assert.Equal(expected is null, !result.Envelope.ToJson().Contains("keyid", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TheMostSignaturesAllowed_IsRead_AndOneMore_IsRefused()
    {
        static string Envelope(int count) => "{\"payloadType\":\"t\",\"payload\":\"e30=\",\"signatures\":[" + string.Join(",", Enumerable.Repeat("{\"sig\":\"AA==\"}", count)) + "]}";

        Assert.Equal(DsseEnvelope.MaxSignatures, DsseEnvelope.Read(Encoding.UTF8.GetBytes(Envelope(DsseEnvelope.MaxSignatures))).Envelope!.Signatures.Count);
        var refused = DsseEnvelope.Read(Encoding.UTF8.GetBytes(Envelope(DsseEnvelope.MaxSignatures + 1)));
        Assert.Equal($"it has {DsseEnvelope.MaxSignatures + 1} signatures, more than {DsseEnvelope.MaxSignatures}", refused.Error);
    }

    [Fact]
    public void SignAndRead_RoundTrip_KeepsEveryField()
    {
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, _a, _b);

        var read = DsseEnvelope.Parse(envelope.ToJsonBytes());

        Assert.Equal(PayloadType, read.PayloadType);
        Assert.Equal(s_payload, read.Payload.ToArray());
        Assert.Equal(new[] { _a.KeyId, _b.KeyId }, read.Signatures.Select(s => s.KeyId));
        Assert.True(read.Verify(new[] { _a.PublicKey.CreateVerifier(), _b.PublicKey.CreateVerifier() }, threshold: 2).IsValid);
    }

    [Fact]
    public void Sign_WithoutSigners_IsACallerError()
    {
        Assert.Throws<ArgumentException>(() => DsseEnvelope.Sign(PayloadType, s_payload, Array.Empty<ISigner>()));
    }
}
