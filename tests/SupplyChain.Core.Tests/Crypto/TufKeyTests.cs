using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Json;
using SupplyChain.TestUtilities;
using static SupplyChain.Core.Tests.Crypto.CryptoTestHelpers;

namespace SupplyChain.Core.Tests.Crypto;

public class TufKeyTests
{
    public static TheoryData<KeyAlgorithm, string, string> Schemes => new()
    {
        { KeyAlgorithm.EcdsaP256, "ecdsa", "ecdsa-sha2-nistp256" },
        { KeyAlgorithm.EcdsaP384, "ecdsa", "ecdsa-sha2-nistp384" },
        { KeyAlgorithm.Rsa, "rsa", "rsassa-pss-sha256" },
        { KeyAlgorithm.Ed25519, "ed25519", "ed25519" },
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void FromPublicKey_HasSecuresystemslibShape(KeyAlgorithm algorithm, string keyType, string scheme)
    {
        var key = SharedKey(algorithm).PublicKey;

        var tufKey = key.ToTufKey();
        var json = tufKey.ToJson();

        Assert.Equal(keyType, tufKey.KeyType);
        Assert.Equal(scheme, tufKey.Scheme);
        Assert.Equal(new[] { "keytype", "scheme", "keyval" }, json.Select(p => p.Key));
        var value = (string)json["keyval"]!["public"]!;
        if (algorithm == KeyAlgorithm.Ed25519)
        {
            Assert.Equal(Convert.ToHexString(key.Ed25519PublicKey).ToLowerInvariant(), value);
        }
        else
        {
            Assert.Equal(key.ExportPem(), value);
            Assert.EndsWith("-----END PUBLIC KEY-----\n", value);
        }

        var expectedId = Convert.ToHexString(SHA256.HashData(CanonicalJson.Serialize(json))).ToLowerInvariant();
        Assert.Equal(expectedId, tufKey.ComputeKeyId());
        Assert.Equal(expectedId, key.KeyId);
        Assert.Equal(expectedId, KeyId.Compute(json));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void CreateVerifier_RoundTripsThroughJson(KeyAlgorithm algorithm, string keyType, string scheme)
    {
        var signer = SharedKey(algorithm);
        var json = signer.PublicKey.ToTufKey().ToJson().ToJsonString();

        var parsed = TufKey.FromJson(JsonNode.Parse(json));
        var result = parsed.CreateVerifier("my-id");

        Assert.True(result.IsSupported, result.Error);
        Assert.Equal(keyType, parsed.KeyType);
        Assert.Equal(scheme, parsed.Scheme);
        Assert.Equal("my-id", result.Verifier!.KeyId);
        Assert.Equal(signer.PublicKey, result.PublicKey);
        Assert.True(result.Verifier.Verify("m"u8, signer.Sign("m"u8)));
        Assert.Equal(signer.KeyId, parsed.ComputeKeyId());
    }

    [Fact]
    public void ComputeKeyId_KeepsUnknownFields()
    {
        var json = JsonNode.Parse("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyid_hash_algorithms\":[\"sha256\",\"sha512\"],\"keyval\":{\"public\":\"edcd0a32a07dce33f7c7873aaffbff36d20ea30787574ead335eefd337e4dacd\"}}");

        var key = TufKey.FromJson(json);

        // From python-tuf's test repository, where this object is listed under this id.
        Assert.Equal("59a4df8af818e9ed7abe0764c0b47b4240952aa0d179b5b78346c470ac30278d", key.ComputeKeyId());
        Assert.NotNull(key.ToJson()["keyid_hash_algorithms"]);
        Assert.NotEqual(key.ComputeKeyId(), key.GetPublicKey().PublicKey!.KeyId);
    }

    [Theory]
    [InlineData("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519-other\",\"keyval\":{\"public\":\"edcd0a32a07dce33f7c7873aaffbff36d20ea30787574ead335eefd337e4dacd\"}}")]
    [InlineData("{\"keytype\":\"rsa\",\"scheme\":\"rsa-pkcs1v15-sha256\",\"keyval\":{\"public\":\"x\"}}")]
    [InlineData("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{\"public\":\"abcd\"}}")]
    [InlineData("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{\"public\":\"zz\"}}")]
    [InlineData("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{\"public\":\"0000000000000000000000000000000000000000000000000000000000000000\"}}")]
    [InlineData("{\"keytype\":\"ecdsa\",\"scheme\":\"ecdsa-sha2-nistp256\",\"keyval\":{\"public\":\"not pem\"}}")]
    [InlineData("{\"keytype\":\"sphincs\",\"scheme\":\"sphincs-shake-128s\",\"keyval\":{\"public\":\"00\"}}")]
    public void CreateVerifier_UnusableKey_IsUnsupportedWithReason(string json)
    {
        var result = TufKey.FromJson(JsonNode.Parse(json)).CreateVerifier("id");

        Assert.False(result.IsSupported);
        Assert.Null(result.Verifier);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public void CreateVerifier_SchemeCurveMismatch_IsUnsupported()
    {
        var p256 = SharedKey(KeyAlgorithm.EcdsaP256).PublicKey;
        var json = p256.ToTufKey().ToJson();
        json["scheme"] = "ecdsa-sha2-nistp384";
        var rsaAsEcdsa = SharedKey(KeyAlgorithm.Rsa).PublicKey.ToTufKey().ToJson();
        rsaAsEcdsa["keytype"] = "ecdsa";
        rsaAsEcdsa["scheme"] = "ecdsa-sha2-nistp256";

        Assert.Contains("does not match", TufKey.FromJson(json).CreateVerifier("id").Error);
        Assert.False(TufKey.FromJson(rsaAsEcdsa).CreateVerifier("id").IsSupported);
    }

    [Fact]
    public void CreateVerifier_LegacyEcdsaKeyType_IsAccepted()
    {
        var signer = SharedKey(KeyAlgorithm.EcdsaP256);
        var json = signer.PublicKey.ToTufKey().ToJson();
        json["keytype"] = "ecdsa-sha2-nistp256";

        var result = TufKey.FromJson(json).CreateVerifier("id");

        Assert.True(result.IsSupported, result.Error);
        Assert.True(result.Verifier!.Verify("m"u8, signer.Sign("m"u8)));
    }

    [Fact]
    public void Verifier_EcdsaRawSignature_IsRejectedInTuf()
    {
        var signer = SharedKey(KeyAlgorithm.EcdsaP256);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(signer.ExportPkcs8PrivateKey(), out _);
        var raw = ecdsa.SignData("m"u8.ToArray(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        var verifier = signer.PublicKey.ToTufKey().CreateVerifier("id").Verifier!;

        Assert.False(verifier.Verify("m"u8, raw));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"scheme\":\"ed25519\",\"keyval\":{\"public\":\"00\"}}")]
    [InlineData("{\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"00\"}}")]
    [InlineData("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\"}")]
    [InlineData("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{}}")]
    [InlineData("{\"keytype\":1,\"scheme\":\"ed25519\",\"keyval\":{\"public\":\"00\"}}")]
    [InlineData("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{\"public\":5}}")]
    public void FromJson_WrongShape_ThrowsFormatException(string json)
    {
        Assert.Throws<FormatException>(() => TufKey.FromJson(JsonNode.Parse(json)));
    }

    [Fact]
    public void FromJson_DoesNotAliasTheInput()
    {
        var json = SharedKey(KeyAlgorithm.Ed25519).PublicKey.ToTufKey().ToJson();
        var key = TufKey.FromJson(json);
        var before = key.ComputeKeyId();

        json["extra"] = 1;

        Assert.Equal(before, key.ComputeKeyId());
    }
}
