using System;
using System.Numerics;
using System.Security.Cryptography;
using SupplyChain.Core.Crypto;

namespace SupplyChain.Core.Tests.Crypto;

public class RsaPssTests
{
    private static readonly byte[] s_message = "signed by every salt length"u8.ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(32)] // securesystemslib and .NET sign with this
    [InlineData(64)]
    [InlineData(222)] // Go's rsa.PSSSaltLengthAuto on signing (the maximum for 2048 bits), what go-tuf writes
    public void Verify_AnySaltLength_IsAccepted(int saltLength)
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Rsa);
        var signature = SignWithSalt(key, s_message, saltLength);

        Assert.True(key.PublicKey.Verify(s_message, signature));
        Assert.False(key.PublicKey.Verify("another message"u8, signature));
    }

    [Fact]
    public void Verify_MaxSaltSignature_IsRejectedByTheBclButAcceptedByUs()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Rsa);
        var signature = SignWithSalt(key, s_message, (key.PublicKey.KeySize / 8) - 32 - 2);
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(key.PublicKey.SubjectPublicKeyInfo, out _);

        // The reason RsaPss exists: .NET's PSS verification requires a 32-byte salt.
        Assert.False(rsa.VerifyData(s_message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.True(key.PublicKey.Verify(s_message, signature));
    }

    [Fact]
    public void Verify_BadEncodings_AreRejected()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Rsa);
        var k = key.PublicKey.KeySize / 8;

        Assert.False(key.PublicKey.Verify(s_message, SignEncoded(key, BuildEncoding(s_message, 32, k, trailer: 0xbd))));
        Assert.False(key.PublicKey.Verify(s_message, SignEncoded(key, BuildEncoding(s_message, 32, k, separator: 0x02))));
        Assert.False(key.PublicKey.Verify(s_message, SignEncoded(key, BuildEncoding(s_message, 32, k, topBitSet: true))));

        var good = SignWithSalt(key, s_message, 32);
        Assert.True(key.PublicKey.Verify(s_message, good));
        Assert.False(key.PublicKey.Verify(s_message, good.AsSpan(1)));
        var longer = new byte[good.Length + 1];
        good.CopyTo(longer, 1);
        Assert.False(key.PublicKey.Verify(s_message, longer));

        // s >= n is refused before exponentiation.
        var modulus = ModulusBytes(key);
        Assert.False(key.PublicKey.Verify(s_message, modulus));
        Assert.False(key.PublicKey.Verify(s_message, new byte[k]));
    }

    [Fact]
    public void Verify_Sha256WithOtherMgf_IsRejected()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Rsa);
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(key.ExportPkcs8PrivateKey(), out _);

        // A PSS signature made with SHA-384 does not verify as rsassa-pss-sha256.
        var sha384 = rsa.SignData(s_message, HashAlgorithmName.SHA384, RSASignaturePadding.Pss);

        Assert.False(key.PublicKey.Verify(s_message, sha384));
    }

    private static byte[] SignWithSalt(SigningKey key, byte[] message, int saltLength)
        => SignEncoded(key, BuildEncoding(message, saltLength, key.PublicKey.KeySize / 8));

    // EMSA-PSS-ENCODE (RFC 8017 9.1.1) with SHA-256/MGF1-SHA-256 and a chosen salt length; modBits is a multiple of 8.
    private static byte[] BuildEncoding(byte[] message, int saltLength, int k, byte trailer = 0xbc, byte separator = 0x01, bool topBitSet = false)
    {
        var emLength = k;
        var mHash = SHA256.HashData(message);
        var salt = RandomNumberGenerator.GetBytes(saltLength);
        var mPrime = new byte[8 + 32 + saltLength];
        mHash.CopyTo(mPrime, 8);
        salt.CopyTo(mPrime, 40);
        var h = SHA256.HashData(mPrime);
        var dbLength = emLength - 32 - 1;
        var db = new byte[dbLength];
        db[dbLength - saltLength - 1] = separator;
        salt.CopyTo(db, dbLength - saltLength);
        var mask = Mgf1(h, dbLength);
        for (var i = 0; i < dbLength; i++)
        {
            db[i] ^= mask[i];
        }

        db[0] &= 0x7f;
        if (topBitSet)
        {
            db[0] |= 0x80;
        }

        var em = new byte[emLength];
        db.CopyTo(em, 0);
        h.CopyTo(em, dbLength);
        em[^1] = trailer;
        return em;
    }

    private static byte[] SignEncoded(SigningKey key, byte[] em)
    {
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(key.ExportPkcs8PrivateKey(), out _);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        var n = new BigInteger(p.Modulus, isUnsigned: true, isBigEndian: true);
        var d = new BigInteger(p.D, isUnsigned: true, isBigEndian: true);
        var m = new BigInteger(em, isUnsigned: true, isBigEndian: true) % n;
        var s = BigInteger.ModPow(m, d, n);
        var result = new byte[p.Modulus!.Length];
        var count = s.GetByteCount(isUnsigned: true);
        s.TryWriteBytes(result.AsSpan(result.Length - count), out _, isUnsigned: true, isBigEndian: true);
        return result;
    }

    private static byte[] ModulusBytes(SigningKey key)
    {
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(key.PublicKey.SubjectPublicKeyInfo, out _);
        return rsa.ExportParameters(false).Modulus!;
    }

    private static byte[] Mgf1(byte[] seed, int length)
    {
        var output = new byte[length];
        var counter = 0;
        for (var offset = 0; offset < length; offset += 32, counter++)
        {
            var input = new byte[seed.Length + 4];
            seed.CopyTo(input, 0);
            input[^4] = (byte)(counter >> 24);
            input[^3] = (byte)(counter >> 16);
            input[^2] = (byte)(counter >> 8);
            input[^1] = (byte)counter;
            var block = SHA256.HashData(input);
            Array.Copy(block, 0, output, offset, Math.Min(32, length - offset));
        }

        return output;
    }
}
