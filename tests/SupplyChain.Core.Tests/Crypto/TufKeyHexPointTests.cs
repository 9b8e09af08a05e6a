using System;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Json;
using static SupplyChain.Core.Tests.Crypto.CryptoTestHelpers;

namespace SupplyChain.Core.Tests.Crypto;

/// <summary>
/// ECDSA TUF keys whose <c>keyval.public</c> is the SEC 1 point in hex (go-tuf v0, YubiKey-signed roots), with
/// <c>keyid_hash_algorithms</c>, as old repositories still carry them in their first roots.
/// </summary>
public class TufKeyHexPointTests
{
    public static TheoryData<KeyAlgorithm, string, string> HexSchemes => new()
    {
        { KeyAlgorithm.EcdsaP256, "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256" },
        { KeyAlgorithm.EcdsaP256, "ecdsa", "ecdsa-sha2-nistp256" },
        { KeyAlgorithm.EcdsaP384, "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384" },
        { KeyAlgorithm.EcdsaP384, "ecdsa", "ecdsa-sha2-nistp384" },
    };

    [Theory]
    [MemberData(nameof(HexSchemes))]
    public void HexUncompressedPoint_VerifiesAsThePemKeyDoes(KeyAlgorithm algorithm, string keyType, string scheme)
    {
        var signer = SharedKey(algorithm);
        var json = LegacyKey(keyType, scheme, Uncompressed(signer.PublicKey));

        var result = TufKey.FromJson(json).CreateVerifier("legacy-id");

        Assert.True(result.IsSupported, result.Error);
        Assert.Equal(signer.PublicKey, result.PublicKey);
        Assert.Equal("legacy-id", result.Verifier!.KeyId);
        Assert.True(result.Verifier.Verify("m"u8, signer.Sign("m"u8)));
        Assert.False(result.Verifier.Verify("n"u8, signer.Sign("m"u8)));
    }

    [Fact]
    public void HexPoint_KeyIdIsTheHashOfTheObjectAsGiven_KeyidHashAlgorithmsIncluded()
    {
        var hex = Uncompressed(SharedKey(KeyAlgorithm.EcdsaP256).PublicKey);
        var json = LegacyKey("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", hex);
        var expected = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            "{\"keyid_hash_algorithms\":[\"sha256\",\"sha512\"],\"keytype\":\"ecdsa-sha2-nistp256\",\"keyval\":{\"public\":\"" + hex + "\"},\"scheme\":\"ecdsa-sha2-nistp256\"}"))).ToLowerInvariant();

        Assert.Equal(expected, TufKey.FromJson(json).ComputeKeyId());
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.EcdsaP384)]
    public void HexCompressedPoint_IsDecompressedForBothParities(KeyAlgorithm algorithm)
    {
        var seen = new bool[2];
        for (var i = 0; i < 64 && !(seen[0] && seen[1]); i++)
        {
            using var signer = KeyGenerator.Generate(algorithm);
            var (x, y) = Coordinates(signer.PublicKey);
            var odd = (y[^1] & 1) == 1;
            seen[odd ? 1 : 0] = true;
            var compressed = (odd ? "03" : "02") + Convert.ToHexString(x);
            var scheme = algorithm == KeyAlgorithm.EcdsaP256 ? "ecdsa-sha2-nistp256" : "ecdsa-sha2-nistp384";

            var result = TufKey.FromJson(LegacyKey("ecdsa", scheme, compressed)).CreateVerifier("id");

            Assert.True(result.IsSupported, result.Error);
            Assert.Equal(signer.PublicKey, result.PublicKey);
            Assert.True(result.Verifier!.Verify("m"u8, signer.Sign("m"u8)));
        }

        Assert.True(seen[0] && seen[1]);
    }

    public static TheoryData<string, string> BadPoints()
    {
        // The P-256 base point (SEC 2): a fixed valid point, so the theory's cases (and their test ids) are the same in
        // every process; a key generated per process would name them differently at discovery and at run time.
        var x = Convert.FromHexString("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
        var y = Convert.FromHexString("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
        var xHex = Convert.ToHexString(x).ToLowerInvariant();
        var yHex = Convert.ToHexString(y).ToLowerInvariant();
        var yPlusOne = Convert.ToHexString(Fixed((new BigInteger(y, isUnsigned: true, isBigEndian: true) + 1) % P256, 32)).ToLowerInvariant();
        return new TheoryData<string, string>
        {
            { "04" + xHex + yPlusOne, "not on the P-256 curve" },
            { "04" + xHex + yHex[..^2], "128 digits" },
            { "04" + xHex + yHex + "00", "132 digits" },
            { "05" + xHex + yHex, "starts with '05'" },
            { "04" + xHex[..^2] + "zz" + yHex, "not hex" },
            { "04" + new string('f', 64) + yHex, "not below the field prime" },
            { "02" + NonResidueX(), "no Y on the P-256 curve" },
            { "00", "2 digits" },
            { string.Empty, "0 digits" },
            { "04" + new string('0', 128), "not on the P-256 curve" },
        };
    }

    [Theory]
    [MemberData(nameof(BadPoints))]
    public void MalformedHexPoint_IsUnusableWithATufReason(string hex, string reason)
    {
        var result = TufKey.FromJson(LegacyKey("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", hex)).CreateVerifier("id");

        Assert.False(result.IsSupported);
        Assert.Null(result.Verifier);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Contains("'keyval.public'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("PKCS#8", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void HexPointOfTheOtherCurve_IsUnusable()
    {
        var p384 = Uncompressed(SharedKey(KeyAlgorithm.EcdsaP384).PublicKey);

        var result = TufKey.FromJson(LegacyKey("ecdsa", "ecdsa-sha2-nistp256", p384)).CreateVerifier("id");

        Assert.False(result.IsSupported);
    }

    [Theory]
    [InlineData("not pem", "is not a PEM public key")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "not a valid SubjectPublicKeyInfo")]
    [InlineData("-----BEGIN " + "PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "is a PEM 'PRIVATE KEY'")]
    public void UnreadableKey_GivesATufReasonNotSigningAdvice(string value, string reason)
    {
        var json = JsonNode.Parse("{\"keytype\":\"rsa\",\"scheme\":\"rsassa-pss-sha256\",\"keyval\":{}}")!.AsObject();
        json["keyval"]!["public"] = value;

        var error = TufKey.FromJson(json).CreateVerifier("id").Error;

        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("PKCS#8", error, StringComparison.Ordinal);
        Assert.DoesNotContain("keygen", error, StringComparison.Ordinal);
    }

    internal static JsonObject LegacyKey(string keyType, string scheme, string publicHex) => new()
    {
        ["keytype"] = keyType,
        ["scheme"] = scheme,
        ["keyid_hash_algorithms"] = new JsonArray("sha256", "sha512"),
        ["keyval"] = new JsonObject { ["public"] = publicHex },
    };

    internal static string Uncompressed(PublicKey key)
    {
        var (x, y) = Coordinates(key);
        return "04" + Convert.ToHexString(x).ToLowerInvariant() + Convert.ToHexString(y).ToLowerInvariant();
    }

    private static readonly BigInteger P256 = new(Convert.FromHexString("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"), isUnsigned: true, isBigEndian: true);

    private static (byte[] X, byte[] Y) Coordinates(PublicKey key)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        var q = ecdsa.ExportParameters(false).Q;
        return (q.X!, q.Y!);
    }

    // An X for which x^3 - 3x + b is not a square mod p (Euler's criterion), so no point has it.
    private static string NonResidueX()
    {
        var b = new BigInteger(Convert.FromHexString("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"), isUnsigned: true, isBigEndian: true);
        for (BigInteger x = 1; ; x++)
        {
            var rhs = ((BigInteger.ModPow(x, 3, P256) - (3 * x) + b) % P256 + P256) % P256;
            if (BigInteger.ModPow(rhs, (P256 - 1) / 2, P256) != BigInteger.One)
            {
                return Convert.ToHexString(Fixed(x, 32)).ToLowerInvariant();
            }
        }
    }

    private static byte[] Fixed(BigInteger value, int size)
    {
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[size];
        raw.CopyTo(result, size - raw.Length);
        return result;
    }
}
