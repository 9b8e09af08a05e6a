using System;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using SupplyChain.Core.Crypto;

namespace SupplyChain.Core.Tests.Crypto;

public class SigningKeyTests
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("the bytes that get signed");

    public static TheoryData<KeyAlgorithm> Algorithms => new() { KeyAlgorithm.EcdsaP256, KeyAlgorithm.EcdsaP384, KeyAlgorithm.Rsa, KeyAlgorithm.Ed25519 };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Sign_ThenVerify_RoundTrips(KeyAlgorithm algorithm)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);

        var signature = key.Sign(s_message);

        Assert.True(key.PublicKey.Verify(s_message, signature));
        Assert.True(key.PublicKey.CreateVerifier().Verify(s_message, signature));
        Assert.Equal(algorithm, key.Algorithm);
        Assert.Equal(key.PublicKey.KeyId, key.KeyId);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_OtherMessage_IsFalse(KeyAlgorithm algorithm)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);
        var signature = key.Sign(s_message);

        Assert.False(key.PublicKey.Verify(Encoding.UTF8.GetBytes("other bytes"), signature));
        Assert.False(key.PublicKey.Verify(ReadOnlySpan<byte>.Empty, signature));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_TamperedSignature_IsFalse(KeyAlgorithm algorithm)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);
        var signature = key.Sign(s_message);

        for (var i = 0; i < signature.Length; i += Math.Max(1, signature.Length / 16))
        {
            var tampered = (byte[])signature.Clone();
            tampered[i] ^= 0x01;
            Assert.False(key.PublicKey.Verify(s_message, tampered), $"bit flip at byte {i} verified");
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_OtherKeyOfSameType_IsFalse(KeyAlgorithm algorithm)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);
        using var other = algorithm == KeyAlgorithm.Rsa ? KeyGenerator.Generate(algorithm, 2048) : KeyGenerator.Generate(algorithm);

        Assert.False(other.PublicKey.Verify(s_message, key.Sign(s_message)));
        Assert.NotEqual(key.KeyId, other.KeyId);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_Garbage_ReturnsFalseWithoutThrowing(KeyAlgorithm algorithm)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);
        var random = new Random(1234);
        foreach (var length in new[] { 0, 1, 8, 63, 64, 65, 70, 72, 96, 103, 104, 255, 256, 257, 384, 512, 4096 })
        {
            var garbage = new byte[length];
            random.NextBytes(garbage);
            Assert.False(key.PublicKey.Verify(s_message, garbage));
            Assert.False(key.PublicKey.Verify(s_message, garbage, EcdsaSignatureEncoding.DerOrIeeeP1363));
            Array.Clear(garbage);
            Assert.False(key.PublicKey.Verify(s_message, garbage, EcdsaSignatureEncoding.DerOrIeeeP1363));
        }
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.EcdsaP384)]
    public void Sign_Ecdsa_WritesDer(KeyAlgorithm algorithm)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);

        var signature = key.Sign(s_message);

        // Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, strict DER.
        var reader = new AsnReader(signature, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        _ = sequence.ReadInteger();
        _ = sequence.ReadInteger();
        sequence.ThrowIfNotEmpty();
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256, 64)]
    [InlineData(KeyAlgorithm.EcdsaP384, 96)]
    public void Verify_RawEcdsaSignature_OnlyWhenAskedFor(KeyAlgorithm algorithm, int rawLength)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);
        var der = key.Sign(s_message);
        var raw = ConvertDerToRaw(der, rawLength / 2);

        Assert.Equal(rawLength, raw.Length);
        Assert.False(key.PublicKey.Verify(s_message, raw));
        Assert.False(key.PublicKey.CreateVerifier().Verify(s_message, raw));
        Assert.True(key.PublicKey.Verify(s_message, raw, EcdsaSignatureEncoding.DerOrIeeeP1363));
        Assert.True(key.PublicKey.CreateVerifier(ecdsaEncoding: EcdsaSignatureEncoding.DerOrIeeeP1363).Verify(s_message, raw));
        Assert.True(key.PublicKey.Verify(s_message, der, EcdsaSignatureEncoding.DerOrIeeeP1363));
    }

    [Fact]
    public void Verify_EcdsaP384Signature_UsesSha384()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP384);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.PublicKey.SubjectPublicKeyInfo, out _);

        var signature = key.Sign(s_message);

        Assert.True(ecdsa.VerifyData(s_message, signature, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(ecdsa.VerifyData(s_message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Sign_Rsa_IsPssSha256VerifiableByTheBcl()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Rsa);
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(key.PublicKey.SubjectPublicKeyInfo, out _);

        var signature = key.Sign(s_message);

        Assert.Equal(key.PublicKey.KeySize / 8, signature.Length);
        Assert.True(rsa.VerifyData(s_message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.False(rsa.VerifyData(s_message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Verify_RsaPkcs1Signature_IsFalse()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Rsa);
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(key.ExportPkcs8PrivateKey(), out _);

        var pkcs1 = rsa.SignData(s_message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.False(key.PublicKey.Verify(s_message, pkcs1));
    }

    [Fact]
    public void Sign_Ed25519_Is64BytesAndDeterministic()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);

        var first = key.Sign(s_message);
        var second = key.Sign(s_message);

        Assert.Equal(64, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(32, key.PublicKey.Ed25519PublicKey.Length);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void ExportPkcs8Pem_ThenLoad_GivesSameKey(KeyAlgorithm algorithm)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);

        var pem = key.ExportPkcs8Pem();
        using var loaded = KeyLoader.LoadSigningKeyFromPem(pem, default);

        Assert.StartsWith("-----BEGIN " + "PRIVATE KEY-----\n", pem);
        Assert.EndsWith("-----END PRIVATE KEY-----\n", pem);
        Assert.Equal(key.PublicKey, loaded.PublicKey);
        Assert.Equal(key.KeyId, loaded.KeyId);
        Assert.True(key.PublicKey.Verify(s_message, loaded.Sign(s_message)));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void PublicKeyPem_ThenLoad_GivesSameKey(KeyAlgorithm algorithm)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);

        var pem = key.PublicKey.ExportPem();
        var loaded = KeyLoader.LoadPublicKeyFromPem(pem);

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", pem);
        Assert.EndsWith("\n-----END PUBLIC KEY-----\n", pem);
        Assert.Equal(key.PublicKey, loaded);
        Assert.Equal(key.PublicKey.GetHashCode(), loaded.GetHashCode());
        Assert.Equal(key.KeyId, loaded.KeyId);
    }

    [Fact]
    public void Ed25519PrivateKey_HasRfc8410Layout()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);

        var der = key.ExportPkcs8PrivateKey();
        var spki = key.PublicKey.SubjectPublicKeyInfo.ToArray();

        // RFC 8410 section 7 and 10.3: 302e020100300506032b657004220420 || 32-byte key; 302a300506032b6570032100 || 32-byte key.
        Assert.Equal(48, der.Length);
        Assert.Equal("302E020100300506032B657004220420", Convert.ToHexString(der, 0, 16));
        Assert.Equal(44, spki.Length);
        Assert.Equal("302A300506032B6570032100", Convert.ToHexString(spki, 0, 12));
        Assert.Equal(key.PublicKey.Ed25519PublicKey.ToArray(), spki[12..]);
    }

    [Fact]
    public void Rfc8410PublicKeyPem_LoadsItsRawKey()
    {
        const string pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";

        var key = KeyLoader.LoadPublicKeyFromPem(pem);

        Assert.Equal(KeyAlgorithm.Ed25519, key.Algorithm);
        Assert.Equal("19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1", Convert.ToHexString(key.Ed25519PublicKey).ToLowerInvariant());
    }

    [Fact]
    public void Sign_AfterDispose_Throws()
    {
        var key = KeyGenerator.Generate(KeyAlgorithm.Ed25519);
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Sign(s_message));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void ToString_HoldsNoKeyMaterial(KeyAlgorithm algorithm)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);
        var pem = key.ExportPkcs8Pem();

        var text = key + " " + key.PublicKey;

        Assert.Contains(key.KeyId, text);
        foreach (var line in pem.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("-----", StringComparison.Ordinal))
            {
                Assert.DoesNotContain(line, text);
            }
        }
    }

    [Fact]
    public void KeyAlgorithmNames_RoundTrip()
    {
        foreach (var algorithm in CryptoTestHelpers.AllAlgorithms)
        {
            Assert.True(KeyAlgorithmNames.TryParse(algorithm.ToName(), out var parsed));
            Assert.Equal(algorithm, parsed);
        }

        Assert.True(KeyAlgorithmNames.TryParse("ECDSA-P384", out var upper));
        Assert.Equal(KeyAlgorithm.EcdsaP384, upper);
        Assert.False(KeyAlgorithmNames.TryParse("dsa", out _));
        Assert.False(KeyAlgorithmNames.TryParse(null, out _));
    }

    private static byte[] ConvertDerToRaw(byte[] der, int fieldSize)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var raw = new byte[2 * fieldSize];
        Write(reader.ReadIntegerBytes().Span, raw.AsSpan(0, fieldSize));
        Write(reader.ReadIntegerBytes().Span, raw.AsSpan(fieldSize));
        return raw;

        static void Write(ReadOnlySpan<byte> integer, Span<byte> target)
        {
            integer = integer.TrimStart((byte)0);
            integer.CopyTo(target[(target.Length - integer.Length)..]);
        }
    }
}
