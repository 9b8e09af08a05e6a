using System;
using System.Security.Cryptography;

namespace SupplyChain.Core.Crypto;

/// <summary>Why <see cref="Ed25519.Check"/> refused an Ed25519 public key or signature.</summary>
internal enum Ed25519Rejection
{
    /// <summary>Nothing wrong was found; the provider decides.</summary>
    None,

    /// <summary>The public key is not 32 bytes.</summary>
    PublicKeyLength,

    /// <summary>The signature is not 64 bytes.</summary>
    SignatureLength,

    /// <summary>The public key's y coordinate is not below p = 2^255 - 19.</summary>
    PublicKeyNotCanonical,

    /// <summary>The public key is a point of small order (1, 2, 4 or 8), which verifies forged signatures.</summary>
    PublicKeySmallOrder,

    /// <summary>R's y coordinate is not below p.</summary>
    SignatureRNotCanonical,

    /// <summary>R is a point of small order; no honest signer produces one.</summary>
    SignatureRSmallOrder,

    /// <summary>S is not below the group order L (RFC 8032 section 5.1.7 requires the check; it stops malleability).</summary>
    SignatureSNotCanonical,
}

/// <summary>
/// Ed25519 with the checks libsodium makes before any curve arithmetic, so that crafted keys and signatures are
/// refused in constant small time and never reach the provider: lengths (32-byte key, 64-byte signature),
/// canonical S (S &lt; L), canonical encodings of A and R (y &lt; p), and no small-order A or R (the eight points
/// of order 1, 2, 4 and 8, whatever the sign bit, which also covers the all-zero key and signature).
/// </summary>
internal static class Ed25519
{
    /// <summary>Bytes in a private key (seed), public key.</summary>
    public const int KeySize = 32;

    /// <summary>Bytes in a signature.</summary>
    public const int SignatureSize = 64;

    // The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
    private static readonly byte[] s_order = Convert.FromHexString("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

    // The field prime p = 2^255 - 19, little-endian.
    private static readonly byte[] s_prime = Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

    // The y coordinates (little-endian, sign bit clear) of every point of order 1, 2, 4 and 8:
    // y = 1 (identity), y = p - 1 (order 2), y = 0 (order 4), and the two y values of the order-8 points.
    private static readonly byte[][] s_smallOrderY =
    {
        Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000"),
        Convert.FromHexString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000000"),
        Convert.FromHexString("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        Convert.FromHexString("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    };

    /// <summary>The provider of the curve arithmetic.</summary>
    public static IEd25519Provider Provider { get; } = BouncyCastleEd25519Provider.Instance;

    /// <summary>Makes a new random private key (seed).</summary>
    public static byte[] GeneratePrivateKey() => RandomNumberGenerator.GetBytes(KeySize);

    /// <summary>Derives the public key of a private key.</summary>
    public static byte[] GetPublicKey(ReadOnlySpan<byte> privateKey, IEd25519Provider? provider = null)
    {
        if (privateKey.Length != KeySize)
        {
            throw new ArgumentException("An Ed25519 private key is 32 bytes.", nameof(privateKey));
        }

        return (provider ?? Provider).GetPublicKey(privateKey);
    }

    /// <summary>Signs a message.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IEd25519Provider? provider = null)
    {
        if (privateKey.Length != KeySize)
        {
            throw new ArgumentException("An Ed25519 private key is 32 bytes.", nameof(privateKey));
        }

        return (provider ?? Provider).Sign(privateKey, message);
    }

    /// <summary>Checks the inputs, then verifies with the provider. Never throws.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, IEd25519Provider? provider = null)
        => Check(publicKey, signature) == Ed25519Rejection.None && (provider ?? Provider).Verify(publicKey, message, signature);

    /// <summary>
    /// The hash to feed a message to, for <see cref="VerifyMessageHash"/>: SHA-512 already holding R ‖ A. Null when
    /// <see cref="Check"/> refuses the key or the signature (no message makes them valid).
    /// </summary>
    internal static IncrementalHash? CreateMessageHash(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature)
    {
        if (Check(publicKey, signature) != Ed25519Rejection.None)
        {
            return null;
        }

        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(signature[..32]);
        hash.AppendData(publicKey);
        return hash;
    }

    /// <summary>
    /// As <see cref="Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, IEd25519Provider?)"/>, from
    /// <paramref name="digest"/> = SHA-512(R ‖ A ‖ M) (<see cref="CreateMessageHash"/> fed the message) instead of the
    /// message: the same checks, then <see cref="Ed25519DigestVerifier"/>, which agrees with the provider. Never throws.
    /// </summary>
    internal static bool VerifyMessageHash(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> digest)
        => Check(publicKey, signature) == Ed25519Rejection.None && Ed25519DigestVerifier.Verify(publicKey, signature, digest);

    /// <summary>Checks a public key on its own (for loading keys).</summary>
    public static Ed25519Rejection CheckPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != KeySize)
        {
            return Ed25519Rejection.PublicKeyLength;
        }

        if (!IsCanonicalPoint(publicKey))
        {
            return Ed25519Rejection.PublicKeyNotCanonical;
        }

        return HasSmallOrder(publicKey) ? Ed25519Rejection.PublicKeySmallOrder : Ed25519Rejection.None;
    }

    /// <summary>Every check made before verification, in order; <see cref="Ed25519Rejection.None"/> when all pass.</summary>
    public static Ed25519Rejection Check(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature)
    {
        var keyCheck = CheckPublicKey(publicKey);
        if (keyCheck != Ed25519Rejection.None)
        {
            return keyCheck;
        }

        if (signature.Length != SignatureSize)
        {
            return Ed25519Rejection.SignatureLength;
        }

        var r = signature[..32];
        if (!IsCanonicalPoint(r))
        {
            return Ed25519Rejection.SignatureRNotCanonical;
        }

        if (HasSmallOrder(r))
        {
            return Ed25519Rejection.SignatureRSmallOrder;
        }

        return LessThan(signature[32..], s_order) ? Ed25519Rejection.None : Ed25519Rejection.SignatureSNotCanonical;
    }

    private static bool IsCanonicalPoint(ReadOnlySpan<byte> encoded)
    {
        Span<byte> y = stackalloc byte[KeySize];
        encoded.CopyTo(y);
        y[31] &= 0x7f;
        return LessThan(y, s_prime);
    }

    private static bool HasSmallOrder(ReadOnlySpan<byte> encoded)
    {
        Span<byte> y = stackalloc byte[KeySize];
        encoded.CopyTo(y);
        y[31] &= 0x7f;
        foreach (var candidate in s_smallOrderY)
        {
            if (y.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }

    // Little-endian 256-bit comparison a < b.
    private static bool LessThan(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        for (var i = 31; i >= 0; i--)
        {
            if (a[i] != b[i])
            {
                return a[i] < b[i];
            }
        }

        return false;
    }
}
