using System;
using System.Numerics;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// Ed25519 verification (RFC 8032 section 5.1.7) from the digest h = SHA-512(R ‖ A ‖ M) instead of the message, so a
/// large message can be hashed as it is produced and never held (the canonical form of large TUF targets metadata).
/// The check is the cofactorless one BouncyCastle and libsodium make: encode([S]B − [h]A) equals R byte for byte.
/// Callers go through <see cref="Ed25519.VerifyMessageHash"/>, which makes <see cref="Ed25519.Check"/>'s checks first;
/// this class repeats only what the arithmetic needs (S &lt; L, A decodes). The arithmetic is over
/// <see cref="BigInteger"/> in extended twisted Edwards coordinates (Hisil, Wong, Carter and Dawson 2008). It is not
/// constant-time, and does not need to be: verification handles public values only.
/// </summary>
internal static class Ed25519DigestVerifier
{
    /// <summary>Bytes in the SHA-512 digest h.</summary>
    public const int DigestSize = 64;

    // p = 2^255 - 19.
    private static readonly BigInteger s_p = (BigInteger.One << 255) - 19;

    // L = 2^252 + 27742317777372353535851937790883648493.
    private static readonly BigInteger s_l = (BigInteger.One << 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    // d = -121665 / 121666 mod p, and 2d.
    private static readonly BigInteger s_d = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger s_d2 = Mod(2 * s_d);

    // sqrt(-1) = 2^((p - 1) / 4) mod p.
    private static readonly BigInteger s_sqrtMinusOne = BigInteger.ModPow(2, (s_p - 1) / 4, s_p);

    // The base point B: y = 4/5, x positive (even).
    private static readonly Point s_base = Decode(Convert.FromHexString("5866666666666666666666666666666666666666666666666666666666666666"))!.Value;

    /// <summary>
    /// True when <paramref name="signature"/> (R ‖ S) is valid for <paramref name="publicKey"/> A given
    /// <paramref name="digest"/> = SHA-512(R ‖ A ‖ M): S &lt; L, A decodes to a curve point, and
    /// encode([S]B − [h mod L]A) = R. Never throws.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> digest)
    {
        if (publicKey.Length != Ed25519.KeySize || signature.Length != Ed25519.SignatureSize || digest.Length != DigestSize)
        {
            return false;
        }

        var s = new BigInteger(signature[32..], isUnsigned: true);
        if (s >= s_l)
        {
            return false;
        }

        if (Decode(publicKey) is not { } a)
        {
            return false;
        }

        var h = new BigInteger(digest, isUnsigned: true) % s_l;
        var check = Encode(DoubleScalarMultiply(s, h, Negate(a)));
        return check.AsSpan().SequenceEqual(signature[..32]);
    }

    // [s]B + [h]Q for s, h < L < 2^253, by one run of doublings (Straus): B, Q and B + Q are the three summands.
    private static Point DoubleScalarMultiply(BigInteger s, BigInteger h, Point q)
    {
        var both = Add(s_base, q);
        var result = Point.Identity;
        Span<byte> sBytes = stackalloc byte[32];
        Span<byte> hBytes = stackalloc byte[32];
        s.TryWriteBytes(sBytes, out _, isUnsigned: true);
        h.TryWriteBytes(hBytes, out _, isUnsigned: true);
        for (var i = 252; i >= 0; i--)
        {
            result = Double(result);
            var sBit = ((sBytes[i >> 3] >> (i & 7)) & 1) != 0;
            var hBit = ((hBytes[i >> 3] >> (i & 7)) & 1) != 0;
            if (sBit && hBit)
            {
                result = Add(result, both);
            }
            else if (sBit)
            {
                result = Add(result, s_base);
            }
            else if (hBit)
            {
                result = Add(result, q);
            }
        }

        return result;
    }

    // RFC 8032 section 5.1.3: y from the low 255 bits (must be below p), x from the curve equation and the sign bit.
    private static Point? Decode(ReadOnlySpan<byte> encoded)
    {
        Span<byte> yBytes = stackalloc byte[32];
        encoded.CopyTo(yBytes);
        var sign = (yBytes[31] & 0x80) != 0;
        yBytes[31] &= 0x7f;
        var y = new BigInteger(yBytes, isUnsigned: true);
        if (y >= s_p)
        {
            return null;
        }

        // x^2 = (y^2 - 1) / (d y^2 + 1) = u / v; candidate x = u v^3 (u v^7)^((p - 5) / 8).
        var y2 = Mod(y * y);
        var u = Mod(y2 - 1);
        var v = Mod((s_d * y2) + 1);
        var v3 = Mod(v * v * v);
        var x = Mod(u * v3 * BigInteger.ModPow(Mod(u * v3 * v3 * v), (s_p - 5) / 8, s_p));
        var vx2 = Mod(v * x * x);
        if (vx2 != u)
        {
            if (vx2 != Mod(-u))
            {
                return null;
            }

            x = Mod(x * s_sqrtMinusOne);
        }

        if (x.IsZero && sign)
        {
            return null;
        }

        if (!x.IsEven != sign)
        {
            x = s_p - x;
        }

        return new Point(x, y, BigInteger.One, Mod(x * y));
    }

    // RFC 8032 section 5.1.2: y little-endian, the low bit of x in the top bit.
    private static byte[] Encode(Point point)
    {
        var zInverse = Inverse(point.Z);
        var x = Mod(point.X * zInverse);
        var y = Mod(point.Y * zInverse);
        var encoded = new byte[32];
        y.TryWriteBytes(encoded, out _, isUnsigned: true);
        if (!x.IsEven)
        {
            encoded[31] |= 0x80;
        }

        return encoded;
    }

    private static Point Negate(Point point) => new(Mod(-point.X), point.Y, point.Z, Mod(-point.T));

    // add-2008-hwcd-3 (a = -1): complete, so it also doubles and adds the identity.
    private static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = Mod((p.Y + p.X) * (q.Y + q.X));
        var c = Mod(p.T * s_d2 % s_p * q.T);
        var d = Mod(2 * p.Z * q.Z);
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    // dbl-2008-hwcd (a = -1).
    private static Point Double(Point p)
    {
        var a = Mod(p.X * p.X);
        var b = Mod(p.Y * p.Y);
        var c = Mod(2 * p.Z * p.Z);
        var h = a + b;
        var sum = p.X + p.Y;
        var e = h - Mod(sum * sum);
        var g = a - b;
        var f = c + g;
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    private static BigInteger Inverse(BigInteger value) => BigInteger.ModPow(Mod(value), s_p - 2, s_p);

    private static BigInteger Mod(BigInteger value)
    {
        var r = BigInteger.Remainder(value, s_p);
        return r.Sign < 0 ? r + s_p : r;
    }

    // A point (X : Y : Z : T) with x = X/Z, y = Y/Z, x y = T/Z.
    private readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T)
    {
        public static Point Identity { get; } = new(BigInteger.Zero, BigInteger.One, BigInteger.One, BigInteger.Zero);
    }
}
