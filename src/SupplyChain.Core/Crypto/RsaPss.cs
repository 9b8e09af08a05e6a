using System;
using System.Numerics;
using System.Security.Cryptography;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// RSASSA-PSS verification with SHA-256 and MGF1-SHA-256 that recovers the salt length from the signature
/// (RFC 8017 section 9.1.2, with step 10 finding the 0x01 separator instead of assuming a length).
/// </summary>
/// <remarks>
/// <para>
/// Why not <see cref="RSA.VerifyData(byte[], byte[], HashAlgorithmName, RSASignaturePadding)"/>: .NET's PSS
/// verification insists that the salt is as long as the hash (32 bytes), and TUF signers disagree on the salt:
/// </para>
/// <list type="bullet">
/// <item>securesystemslib (python-tuf) signs with <c>PSS.DIGEST_LENGTH</c>, a 32-byte salt
/// (<c>CryptoSigner</c>), and verifies with <c>PSS.AUTO</c>, any salt length (<c>SSlibKey</c>). The signatures in
/// python-tuf's test repository have 32-byte salts.</item>
/// <item>go-tuf signs through Go's <c>rsa.SignPSS</c> with <c>PSSSaltLengthAuto</c>, which on signing means the
/// longest salt that fits: emLen - 32 - 2, 222 bytes for a 2048-bit key; go-tuf's test repository has exactly those
/// signatures, and .NET rejects them. Go verifies with auto-detection too.</item>
/// </list>
/// <para>
/// So we sign like securesystemslib (32-byte salt, via the BCL) and verify like both (any salt length), which accepts
/// everything python-tuf, go-tuf and tuf-js produce, and lets them all verify ours. Accepting any salt length does not
/// weaken PSS: the salt is covered by the hash H and is not chosen by a forger.
/// </para>
/// </remarks>
internal static class RsaPss
{
    private const int HashLength = 32;

    /// <summary>Verifies a signature over <paramref name="data"/>. Never throws.</summary>
    public static bool Verify(BigInteger modulus, BigInteger exponent, int modulusBits, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        Span<byte> messageHash = stackalloc byte[HashLength];
        SHA256.HashData(data, messageHash);
        return VerifyHash(modulus, exponent, modulusBits, messageHash, signature);
    }

    /// <summary>Verifies a signature given the SHA-256 of the data (mHash of RFC 8017 9.1.2). Never throws.</summary>
    public static bool VerifyHash(BigInteger modulus, BigInteger exponent, int modulusBits, ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> signature)
    {
        if (messageHash.Length != HashLength)
        {
            return false;
        }

        // RFC 8017 8.1.2 step 1: the signature is exactly k octets.
        var k = (modulusBits + 7) / 8;
        if (signature.Length != k)
        {
            return false;
        }

        // RSAVP1: s must be below n.
        var s = new BigInteger(signature, isUnsigned: true, isBigEndian: true);
        if (s >= modulus)
        {
            return false;
        }

        var m = BigInteger.ModPow(s, exponent, modulus);
        var emBits = modulusBits - 1;
        var emLength = (emBits + 7) / 8;
        var em = new byte[emLength];
        if (m.GetByteCount(isUnsigned: true) > emLength || !m.TryWriteBytes(em.AsSpan(emLength - m.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true))
        {
            return false;
        }

        return VerifyEncoding(messageHash, em, emBits);
    }

    // EMSA-PSS-VERIFY (RFC 8017 9.1.2) with the salt length recovered from DB.
    private static bool VerifyEncoding(ReadOnlySpan<byte> messageHash, byte[] em, int emBits)
    {
        var emLength = em.Length;
        if (emLength < HashLength + 2 || em[^1] != 0xbc)
        {
            return false;
        }

        var dbLength = emLength - HashLength - 1;
        var h = em.AsSpan(dbLength, HashLength);
        var unusedBits = (8 * emLength) - emBits;
        var topMask = (byte)(0xff >> unusedBits);
        if ((em[0] & ~topMask) != 0)
        {
            return false;
        }

        var db = Mgf1(h, dbLength);
        for (var i = 0; i < dbLength; i++)
        {
            db[i] ^= em[i];
        }

        db[0] &= topMask;

        // DB = PS (zero octets) || 0x01 || salt.
        var separator = 0;
        while (separator < dbLength && db[separator] == 0)
        {
            separator++;
        }

        if (separator == dbLength || db[separator] != 0x01)
        {
            return false;
        }

        var salt = db.AsSpan(separator + 1);
        var mPrime = new byte[8 + HashLength + salt.Length];
        messageHash.CopyTo(mPrime.AsSpan(8));
        salt.CopyTo(mPrime.AsSpan(8 + HashLength));
        Span<byte> hPrime = stackalloc byte[HashLength];
        SHA256.HashData(mPrime, hPrime);
        return CryptographicOperations.FixedTimeEquals(h, hPrime);
    }

    private static byte[] Mgf1(ReadOnlySpan<byte> seed, int length)
    {
        var mask = new byte[length];
        var input = new byte[seed.Length + 4];
        seed.CopyTo(input);
        Span<byte> block = stackalloc byte[HashLength];
        var counter = 0u;
        for (var offset = 0; offset < length; offset += HashLength, counter++)
        {
            input[^4] = (byte)(counter >> 24);
            input[^3] = (byte)(counter >> 16);
            input[^2] = (byte)(counter >> 8);
            input[^1] = (byte)counter;
            SHA256.HashData(input, block);
            block[..Math.Min(HashLength, length - offset)].CopyTo(mask.AsSpan(offset));
        }

        return mask;
    }
}
