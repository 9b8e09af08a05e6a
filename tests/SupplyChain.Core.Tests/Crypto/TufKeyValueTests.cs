using System;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using static SupplyChain.Core.Tests.Crypto.CryptoTestHelpers;

namespace SupplyChain.Core.Tests.Crypto;

/// <summary>The key values a TUF key object may hold, and the reason given when one cannot be used.</summary>
public class TufKeyValueTests
{
    // A real key's hex, cut or padded, or with a non-hex digit: each must be refused before any decoding.
    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    [InlineData(0)]
    public void Ed25519PublicValue_NotExactly64HexDigits_IsUnsupported_WithoutDecodingIt(int change)
    {
        var hex = Convert.ToHexString(SharedKey(KeyAlgorithm.Ed25519).PublicKey.Ed25519PublicKey).ToLowerInvariant();
        var value = change switch
        {
            < 0 => hex[..^-change],
            > 0 => hex + new string('0', change),
            _ => "zz" + hex[2..],
        };

        var result = Ed25519Key(value).CreateVerifier("id");

        Assert.False(result.IsSupported);
        Assert.Null(result.PublicKey);
        Assert.Equal("the ed25519 public key is not 64 hex digits", result.Error);
    }

    [Fact]
    public void GetPublicKey_GivesTheKey_ButNoVerifier()
    {
        var key = SharedKey(KeyAlgorithm.Ed25519).PublicKey;

        var result = key.ToTufKey().GetPublicKey();
        var verifier = key.ToTufKey().CreateVerifier("the-metadata-key-id").Verifier;

        Assert.True(result.IsSupported, result.Error);
        Assert.Equal(key, result.PublicKey);
        Assert.Null(result.Verifier);
        Assert.Equal("the-metadata-key-id", verifier!.KeyId);
    }

    [Fact]
    public void PemKeyOnACurveWeDoNotSupport_IsUnsupported_AndTheReasonListsWhatIsSupported()
    {
        using var p521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);

        var result = PemKey("ecdsa", "ecdsa-sha2-nistp256", p521.ExportSubjectPublicKeyInfoPem()).CreateVerifier("id");

        Assert.False(result.IsSupported);
        Assert.Equal("the PEM public key in 'keyval.public' is of a type or curve that is not supported (ECDSA P-256/P-384, RSA, Ed25519)", result.Error);
    }

    [Fact]
    public void PemRsaKeySmallerThanTheMinimum_IsUnsupported_AndTheReasonSaysTheMinimum()
    {
        using var rsa = RSA.Create(1024);

        var result = PemKey("rsa", "rsassa-pss-sha256", rsa.ExportSubjectPublicKeyInfoPem()).CreateVerifier("id");

        Assert.False(result.IsSupported);
        Assert.Equal($"the RSA public key in 'keyval.public' is smaller than {PublicKey.MinimumRsaKeySize} bits", result.Error);
    }

    [Theory]
    [InlineData("[]", "A key is not a JSON object.")]
    [InlineData("{\"scheme\":\"ed25519\",\"keyval\":{\"public\":\"00\"}}", "The key has no string 'keytype'.")]
    [InlineData("{\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"00\"}}", "The key has no string 'scheme'.")]
    [InlineData("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":[]}", "The key has no 'keyval' object.")]
    [InlineData("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{}}", "The key has no string 'public'.")]
    public void FromJson_WrongShape_SaysWhichFieldIsMissing(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => TufKey.FromJson(JsonNode.Parse(json)));

        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void NullArguments_AreRejected_NotTurnedIntoAKeyIdOrAMissingVerifier()
    {
        var tufKey = SharedKey(KeyAlgorithm.Ed25519).PublicKey.ToTufKey();

        Assert.Throws<ArgumentNullException>("key", () => TufKey.FromPublicKey(null!));
        Assert.Throws<ArgumentNullException>("keyId", () => tufKey.CreateVerifier(null!));
        Assert.Throws<ArgumentNullException>("keyObject", () => KeyId.Compute((JsonNode)null!));
        Assert.Throws<ArgumentNullException>("key", () => KeyId.Compute((PublicKey)null!));
    }

    private static TufKey Ed25519Key(string value) => TufKey.FromJson(new JsonObject
    {
        ["keytype"] = "ed25519",
        ["scheme"] = "ed25519",
        ["keyval"] = new JsonObject { ["public"] = value },
    });

    private static TufKey PemKey(string keyType, string scheme, string pem) => TufKey.FromJson(new JsonObject
    {
        ["keytype"] = keyType,
        ["scheme"] = scheme,
        ["keyval"] = new JsonObject { ["public"] = pem },
    });
}
