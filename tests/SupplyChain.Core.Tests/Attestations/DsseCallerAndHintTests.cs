using System;
using System.Linq;
using System.Text;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tests.Crypto;

namespace SupplyChain.Core.Tests.Attestations;

/// <summary>
/// <see cref="DsseEnvelope"/>: the key id hint orders the work (the named signature is tried first) without being
/// relied on, a signature added later goes last, caller errors name their parameter, and failures say where and why
/// even without a file.
/// </summary>
public sealed class DsseCallerAndHintTests
{
    private const string PayloadType = "application/vnd.in-toto+json";
    private static readonly byte[] s_payload = Encoding.UTF8.GetBytes("{\"statement\":true}");
    private readonly SigningKey _a = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
    private readonly SigningKey _b = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);

    [Fact]
    public void Verify_TheSignatureWhoseKeyIdNamesTheKey_IsTriedFirst()
    {
        // Signed by B first, then by A: verifying with A alone tries A's own signature first, one check.
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, _b, _a);
        var counting = new CountingVerifier(_a.PublicKey.CreateVerifier());

        var result = envelope.Verify(new IVerifier[] { counting });

        Assert.True(result.IsValid);
        Assert.Equal(1, counting.Calls);
    }

    [Fact]
    public void AddSignature_AppendsAfterTheExistingSignatures()
    {
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, _a).AddSignature(_b);

        Assert.Equal(new[] { _a.KeyId, _b.KeyId }, envelope.Signatures.Select(s => s.KeyId));
        Assert.True(envelope.Verify(new[] { _a.PublicKey.CreateVerifier(), _b.PublicKey.CreateVerifier() }, threshold: 2).IsValid);
    }

    [Fact]
    public void CallerErrors_AreArgumentNullExceptionsNamingTheParameter()
    {
        var envelope = DsseEnvelope.Sign(PayloadType, s_payload, _a);
        Assert.Equal("payloadType", Assert.Throws<ArgumentNullException>(() => new DsseEnvelope(null!, s_payload, envelope.Signatures)).ParamName);
        Assert.Equal("signatures", Assert.Throws<ArgumentNullException>(() => new DsseEnvelope(PayloadType, s_payload, null!)).ParamName);
        Assert.Equal("payloadType", Assert.Throws<ArgumentNullException>(() => DsseEnvelope.Sign(null!, s_payload, _a)).ParamName);
        Assert.Equal("signers", Assert.Throws<ArgumentNullException>(() => DsseEnvelope.Sign(PayloadType, s_payload, (System.Collections.Generic.IEnumerable<ISigner>)null!)).ParamName);
        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => envelope.AddSignature(null!)).ParamName);
        Assert.Equal("trustedKeys", Assert.Throws<ArgumentNullException>(() => envelope.Verify(null!)).ParamName);
        Assert.Contains("At least one signer", Assert.Throws<ArgumentException>(() => DsseEnvelope.Sign(PayloadType, s_payload, Array.Empty<ISigner>())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnexpectedPayloadType_ReasonNamesBothTypes()
    {
        var result = DsseEnvelope.Sign("text/plain", s_payload, _a).Verify(new[] { _a.PublicKey.CreateVerifier() }, expectedPayloadType: PayloadType);

        Assert.False(result.IsValid);
        Assert.Equal("the payload type 'text/plain' is not the expected '" + PayloadType + "'", result.Error);
    }

    [Fact]
    public void Failures_WithoutAFile_NameTheEnvelope()
    {
        var read = DsseEnvelope.Read("[]"u8);
        var untrusted = DsseEnvelope.Sign(PayloadType, s_payload, _a).Verify(new[] { _b.PublicKey.CreateVerifier() });
        var wrongType = DsseEnvelope.Sign("text/plain", s_payload, _a).Verify(new[] { _a.PublicKey.CreateVerifier() }, expectedPayloadType: PayloadType);

        Assert.Contains("(envelope)", read.ToDiagnostic(null).Message, StringComparison.Ordinal);
        Assert.Contains("(envelope)", untrusted.ToDiagnostic(null).Message, StringComparison.Ordinal);
        Assert.Contains("(envelope)", wrongType.ToDiagnostic(null).Message, StringComparison.Ordinal);
        Assert.Contains("a.intoto.jsonl", untrusted.ToDiagnostic("a.intoto.jsonl", 3).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultsThatDidNotFail_AsDiagnostics_SayNoError()
    {
        var read = DsseEnvelope.Read(DsseEnvelope.Sign(PayloadType, s_payload, _a).ToJsonBytes());
        var verified = read.Envelope!.Verify(new[] { _a.PublicKey.CreateVerifier() });

        Assert.Contains("no error", read.ToDiagnostic("f").Message, StringComparison.Ordinal);
        Assert.Contains("no error", verified.ToDiagnostic("f").Message, StringComparison.Ordinal);
    }

    private sealed class CountingVerifier : IVerifier
    {
        private readonly IVerifier _inner;

        public CountingVerifier(IVerifier inner)
        {
            _inner = inner;
        }

        public int Calls { get; private set; }

        public string KeyId => _inner.KeyId;

        public PublicKey PublicKey => _inner.PublicKey;

        public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
        {
            Calls++;
            return _inner.Verify(data, signature);
        }
    }
}
