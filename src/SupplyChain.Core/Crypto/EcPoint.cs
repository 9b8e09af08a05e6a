using System;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// SEC 1 (section 2.3.3/2.3.4) elliptic-curve points as hex text: <c>04‖X‖Y</c> (uncompressed) or <c>02‖X</c> /
/// <c>03‖X</c> (compressed, the parity of Y in the prefix). Old TUF repositories (go-tuf before v2, YubiKey-signed
/// roots) carry ECDSA public keys in this form instead of a PEM SubjectPublicKeyInfo. A compressed point is
/// decompressed here (both NIST curves have p ≡ 3 mod 4, so the square root is a single power); every point must lie
/// on the curve, and its coordinates must be below p.
/// </summary>
internal static class EcPoint
{
    private static readonly Curve s_p256 = new(
        KeyAlgorithm.EcdsaP256,
        ECCurve.NamedCurves.nistP256,
        32,
        Parse("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
        Parse("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"));

    private static readonly Curve s_p384 = new(
        KeyAlgorithm.EcdsaP384,
        ECCurve.NamedCurves.nistP384,
        48,
        Parse("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff"),
        Parse("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef"));

    /// <summary>Reads a hex point on the curve of <paramref name="algorithm"/> (P-256 or P-384).</summary>
    /// <param name="hex">The hex digits (either case), nothing else.</param>
    /// <param name="algorithm">The curve the key must be on.</param>
    /// <param name="origin">What the key is called in messages.</param>
    /// <param name="key">The key, when the point is valid.</param>
    /// <param name="error">Why it is not, without a final period.</param>
    public static bool TryReadHex(string hex, KeyAlgorithm algorithm, string origin, out PublicKey? key, out string? error)
    {
        ArgumentNullException.ThrowIfNull(hex);
        key = null;
        var curve = algorithm switch
        {
            KeyAlgorithm.EcdsaP256 => s_p256,
            KeyAlgorithm.EcdsaP384 => s_p384,
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        var size = curve.FieldSize;
        var curveName = algorithm == KeyAlgorithm.EcdsaP256 ? "P-256" : "P-384";
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                error = "the EC point is not hex";
                return false;
            }
        }

        if (hex.Length != 2 * (1 + (2 * size)) && hex.Length != 2 * (1 + size))
        {
            error = string.Format(CultureInfo.InvariantCulture, "the hex EC point has {0} digits, but a {1} point has {2} (uncompressed, '04…') or {3} (compressed, '02…'/'03…')", hex.Length, curveName, 2 * (1 + (2 * size)), 2 * (1 + size));
            return false;
        }

        var bytes = Convert.FromHexString(hex);
        var prefix = bytes[0];
        var uncompressed = bytes.Length == 1 + (2 * size);
        if ((uncompressed && prefix != 0x04) || (!uncompressed && prefix is not (0x02 or 0x03)))
        {
            error = string.Format(CultureInfo.InvariantCulture, "the EC point starts with '{0:x2}', but an uncompressed point starts with '04' and a compressed one with '02' or '03'", prefix);
            return false;
        }

        var x = Unsigned(bytes.AsSpan(1, size));
        if (x >= curve.P)
        {
            error = "the EC point's X coordinate is not below the field prime";
            return false;
        }

        var rhs = Mod((BigInteger.ModPow(x, 3, curve.P) - (3 * x) + curve.B), curve.P);
        BigInteger y;
        if (uncompressed)
        {
            y = Unsigned(bytes.AsSpan(1 + size, size));
            if (y >= curve.P || BigInteger.ModPow(y, 2, curve.P) != rhs)
            {
                error = $"the EC point is not on the {curveName} curve";
                return false;
            }
        }
        else
        {
            y = BigInteger.ModPow(rhs, (curve.P + 1) / 4, curve.P);
            if (BigInteger.ModPow(y, 2, curve.P) != rhs)
            {
                error = $"the compressed EC point has no Y on the {curveName} curve";
                return false;
            }

            if ((y.IsEven ? 0x02 : 0x03) != prefix)
            {
                y = curve.P - y;
            }
        }

        var parameters = new ECParameters
        {
            Curve = curve.Named,
            Q = new ECPoint { X = Fixed(x, size), Y = Fixed(y, size) },
        };
        try
        {
            using var ecdsa = ECDsa.Create(parameters);
            key = PublicKey.FromEcdsa(ecdsa, origin);
        }
        catch (CryptographicException ex)
        {
            error = "the EC point cannot be used: " + ex.Message.TrimEnd('.');
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The uncompressed hex point (<c>04‖X‖Y</c>, lowercase) of an ECDSA key, as old TUF tools wrote it.</summary>
    public static string ToUncompressedHex(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        var q = ecdsa.ExportParameters(false).Q;
        return "04" + Convert.ToHexString(q.X!).ToLowerInvariant() + Convert.ToHexString(q.Y!).ToLowerInvariant();
    }

    private static BigInteger Parse(string hex) => Unsigned(Convert.FromHexString(hex));

    private static BigInteger Unsigned(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var r = BigInteger.Remainder(value, modulus);
        return r.Sign < 0 ? r + modulus : r;
    }

    private static byte[] Fixed(BigInteger value, int size)
    {
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[size];
        raw.CopyTo(result, size - raw.Length);
        return result;
    }

    private sealed record Curve(KeyAlgorithm Algorithm, ECCurve Named, int FieldSize, BigInteger P, BigInteger B);
}
