using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// Ed25519 verification (RFC 8032 section 5.1.7) from the digest h = SHA-512(R ‖ A ‖ M) instead of the message, so a
/// large message can be hashed as it is produced and never held (the canonical form of large TUF targets metadata).
/// The check is the cofactorless one BouncyCastle and libsodium make: encode([S]B − [h]A) equals R byte for byte.
/// Callers go through <see cref="Ed25519.VerifyMessageHash"/>, which makes <see cref="Ed25519.Check"/>'s checks first;
/// this class repeats only what the arithmetic needs (S &lt; L, A decodes). Points are in extended twisted Edwards
/// coordinates (Hisil, Wong, Carter and Dawson 2008) over a field of five 51-bit limbs; scalars and one-off checks use
/// <see cref="BigInteger"/>. It is not constant-time, and need not be: verification handles public values only.
/// </summary>
internal static class Ed25519DigestVerifier
{
    /// <summary>Bytes in the SHA-512 digest h.</summary>
    public const int DigestSize = 64;

    // p = 2^255 - 19.
    private static readonly BigInteger s_p = (BigInteger.One << 255) - 19;

    // L = 2^252 + 27742317777372353535851937790883648493.
    private static readonly BigInteger s_l = (BigInteger.One << 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    // d = -121665 / 121666 mod p, 2d, and sqrt(-1) = 2^((p - 1) / 4) mod p.
    private static readonly BigInteger s_dValue = BigMod(-121665 * BigInteger.ModPow(121666, s_p - 2, s_p));
    private static readonly Field s_d = Field.From(s_dValue);
    private static readonly Field s_d2 = Field.From(BigMod(2 * s_dValue));
    private static readonly Field s_sqrtMinusOne = Field.From(BigInteger.ModPow(2, (s_p - 1) / 4, s_p));

    // The exponents p - 2 (inversion) and (p - 5) / 8 (square root), little-endian.
    private static readonly byte[] s_inverseExponent = LittleEndian(s_p - 2);
    private static readonly byte[] s_rootExponent = LittleEndian((s_p - 5) / 8);

    // The base point B (RFC 8032 section 5.1): y = 4/5, x even.
    private static readonly Point s_base = BasePoint();

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
        Span<byte> check = stackalloc byte[32];
        Encode(DoubleScalarMultiply(LittleEndian(s), LittleEndian(h), Negate(a)), check);
        return check.SequenceEqual(signature[..32]);
    }

    // [s]B + [h]Q for s, h < L < 2^253 (little-endian), by one run of doublings (Straus): B, Q and B + Q are the
    // three summands.
    private static Point DoubleScalarMultiply(byte[] s, byte[] h, Point q)
    {
        var both = Add(s_base, q);
        var result = Point.Identity;
        for (var i = 252; i >= 0; i--)
        {
            result = Double(result);
            var sBit = ((s[i >> 3] >> (i & 7)) & 1) != 0;
            var hBit = ((h[i >> 3] >> (i & 7)) & 1) != 0;
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
        if (new BigInteger(yBytes, isUnsigned: true) >= s_p)
        {
            return null;
        }

        // x^2 = (y^2 - 1) / (d y^2 + 1) = u / v; candidate x = u v^3 (u v^7)^((p - 5) / 8).
        var y = Field.FromBytes(yBytes);
        var y2 = Field.Square(y);
        var u = Field.Subtract(y2, Field.One);
        var v = Field.Add(Field.Multiply(s_d, y2), Field.One);
        var v3 = Field.Multiply(Field.Square(v), v);
        var uv7 = Field.Multiply(Field.Multiply(u, v3), Field.Multiply(v3, v));
        var x = Field.Multiply(Field.Multiply(u, v3), Field.Power(uv7, s_rootExponent));
        var vx2 = Field.Multiply(v, Field.Square(x));
        if (!Field.AreEqual(vx2, u))
        {
            if (!Field.AreEqual(vx2, Field.Negate(u)))
            {
                return null;
            }

            x = Field.Multiply(x, s_sqrtMinusOne);
        }

        var xIsOdd = Field.IsOdd(x);
        if (sign && Field.IsZero(x))
        {
            return null;
        }

        if (xIsOdd != sign)
        {
            x = Field.Negate(x);
        }

        return new Point(x, y, Field.One, Field.Multiply(x, y));
    }

    // RFC 8032 section 5.1.2: y little-endian, the low bit of x in the top bit.
    private static void Encode(Point point, Span<byte> encoded)
    {
        var zInverse = Field.Power(point.Z, s_inverseExponent);
        var x = Field.Multiply(point.X, zInverse);
        var y = Field.Multiply(point.Y, zInverse);
        Field.ToBytes(y, encoded);
        if (Field.IsOdd(x))
        {
            encoded[31] |= 0x80;
        }
    }

    private static Point Negate(Point point) => new(Field.Negate(point.X), point.Y, point.Z, Field.Negate(point.T));

    // add-2008-hwcd-3 (a = -1): complete, so it also doubles and adds the identity.
    private static Point Add(Point p, Point q)
    {
        var a = Field.Multiply(Field.Subtract(p.Y, p.X), Field.Subtract(q.Y, q.X));
        var b = Field.Multiply(Field.Add(p.Y, p.X), Field.Add(q.Y, q.X));
        var c = Field.Multiply(Field.Multiply(p.T, s_d2), q.T);
        var zz = Field.Multiply(p.Z, q.Z);
        var d = Field.Add(zz, zz);
        var e = Field.Subtract(b, a);
        var f = Field.Subtract(d, c);
        var g = Field.Add(d, c);
        var h = Field.Add(b, a);
        return new Point(Field.Multiply(e, f), Field.Multiply(g, h), Field.Multiply(f, g), Field.Multiply(e, h));
    }

    // dbl-2008-hwcd (a = -1): D = -A, G = D + B = B - A, F = G - C, H = D - B = -(A + B).
    private static Point Double(Point p)
    {
        var a = Field.Square(p.X);
        var b = Field.Square(p.Y);
        var zz = Field.Square(p.Z);
        var c = Field.Add(zz, zz);
        var sum = Field.Add(p.X, p.Y);
        var aPlusB = Field.Add(a, b);
        var e = Field.Subtract(Field.Square(sum), aPlusB);
        var g = Field.Subtract(b, a);
        var f = Field.Subtract(g, c);
        var h = Field.Negate(aPlusB);
        return new Point(Field.Multiply(e, f), Field.Multiply(g, h), Field.Multiply(f, g), Field.Multiply(e, h));
    }

    private static Point BasePoint()
    {
        var x = Field.From(BigInteger.Parse("15112221349535400772501151409588531511454012693041857206046113283949847762202", System.Globalization.CultureInfo.InvariantCulture));
        var y = Field.From(BigInteger.Parse("46316835694926478169428394003475163141307993866256225615783033603165251855960", System.Globalization.CultureInfo.InvariantCulture));
        return new Point(x, y, Field.One, Field.Multiply(x, y));
    }

    private static BigInteger BigMod(BigInteger value)
    {
        var r = BigInteger.Remainder(value, s_p);
        return r.Sign < 0 ? r + s_p : r;
    }

    private static byte[] LittleEndian(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true);
        return bytes;
    }

    // A point (X : Y : Z : T) with x = X/Z, y = Y/Z, x y = T/Z.
    private readonly record struct Point(Field X, Field Y, Field Z, Field T)
    {
        public static Point Identity { get; } = new(Field.Zero, Field.One, Field.One, Field.Zero);
    }

    // An element of GF(2^255 - 19) as five 51-bit limbs (value = sum of limb i times 2^(51 i)). Results of every
    // operation are carried: each limb below 2^52, so products of limbs (times 19) stay far below 2^128.
    private readonly struct Field
    {
        private const ulong Mask = (1UL << 51) - 1;

        private readonly ulong _l0;
        private readonly ulong _l1;
        private readonly ulong _l2;
        private readonly ulong _l3;
        private readonly ulong _l4;

        private Field(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
        {
            _l0 = l0;
            _l1 = l1;
            _l2 = l2;
            _l3 = l3;
            _l4 = l4;
        }

        public static Field Zero => default;

        public static Field One => new(1, 0, 0, 0, 0);

        public static Field From(BigInteger value) => FromBytes(LittleEndian(value));

        // The low 255 bits of 32 little-endian bytes.
        public static Field FromBytes(ReadOnlySpan<byte> bytes)
        {
            Span<byte> padded = stackalloc byte[40];
            bytes[..32].CopyTo(padded);
            ulong Load(Span<byte> b, int offset) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b[offset..]);
            return new Field(
                Load(padded, 0) & Mask,
                (Load(padded, 6) >> 3) & Mask,
                (Load(padded, 12) >> 6) & Mask,
                (Load(padded, 19) >> 1) & Mask,
                (Load(padded, 24) >> 12) & Mask);
        }

        // The canonical 32 bytes (value below p).
        public static void ToBytes(Field a, Span<byte> output)
        {
            var f = Carry(Carry(Carry(a._l0, a._l1, a._l2, a._l3, a._l4)));
            ulong l0 = f._l0, l1 = f._l1, l2 = f._l2, l3 = f._l3, l4 = f._l4;

            // Now each limb is below 2^51 (the value below 2^255): subtract p once when value + 19 reaches 2^255.
            var q = (l0 + 19) >> 51;
            q = (l1 + q) >> 51;
            q = (l2 + q) >> 51;
            q = (l3 + q) >> 51;
            q = (l4 + q) >> 51;
            l0 += 19 * q;
            l1 += l0 >> 51;
            l0 &= Mask;
            l2 += l1 >> 51;
            l1 &= Mask;
            l3 += l2 >> 51;
            l2 &= Mask;
            l4 += l3 >> 51;
            l3 &= Mask;
            l4 &= Mask;

            UInt128 low = l0 | ((UInt128)l1 << 51) | ((UInt128)l2 << 102);
            UInt128 high = (l2 >> 26) | ((UInt128)l3 << 25) | ((UInt128)l4 << 76);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(output, low);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(output[16..], high);
        }

        public static bool AreEqual(Field a, Field b)
        {
            Span<byte> x = stackalloc byte[32];
            Span<byte> y = stackalloc byte[32];
            ToBytes(a, x);
            ToBytes(b, y);
            return x.SequenceEqual(y);
        }

        public static bool IsZero(Field a) => AreEqual(a, Zero);

        public static bool IsOdd(Field a)
        {
            Span<byte> x = stackalloc byte[32];
            ToBytes(a, x);
            return (x[0] & 1) != 0;
        }

        public static Field Add(Field a, Field b) => Carry(a._l0 + b._l0, a._l1 + b._l1, a._l2 + b._l2, a._l3 + b._l3, a._l4 + b._l4);

        // a - b as a + 4p - b: 4p is above every carried b limb by limb, so nothing underflows.
        public static Field Subtract(Field a, Field b)
            => Carry(
                a._l0 + 0x1FFFFFFFFFFFB4 - b._l0,
                a._l1 + 0x1FFFFFFFFFFFFC - b._l1,
                a._l2 + 0x1FFFFFFFFFFFFC - b._l2,
                a._l3 + 0x1FFFFFFFFFFFFC - b._l3,
                a._l4 + 0x1FFFFFFFFFFFFC - b._l4);

        public static Field Negate(Field a) => Subtract(Zero, a);

        public static Field Square(Field a) => Multiply(a, a);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Field Multiply(Field a, Field b)
        {
            ulong b1 = 19 * b._l1, b2 = 19 * b._l2, b3 = 19 * b._l3, b4 = 19 * b._l4;
            var t0 = M(a._l0, b._l0) + M(a._l1, b4) + M(a._l2, b3) + M(a._l3, b2) + M(a._l4, b1);
            var t1 = M(a._l0, b._l1) + M(a._l1, b._l0) + M(a._l2, b4) + M(a._l3, b3) + M(a._l4, b2);
            var t2 = M(a._l0, b._l2) + M(a._l1, b._l1) + M(a._l2, b._l0) + M(a._l3, b4) + M(a._l4, b3);
            var t3 = M(a._l0, b._l3) + M(a._l1, b._l2) + M(a._l2, b._l1) + M(a._l3, b._l0) + M(a._l4, b4);
            var t4 = M(a._l0, b._l4) + M(a._l1, b._l3) + M(a._l2, b._l2) + M(a._l3, b._l1) + M(a._l4, b._l0);
            t1 += t0 >> 51;
            t2 += t1 >> 51;
            t3 += t2 >> 51;
            t4 += t3 >> 51;
            var l0 = (ulong)(t0 & Mask) + (19 * (ulong)(t4 >> 51));
            return new Field(l0 & Mask, (ulong)(t1 & Mask) + (l0 >> 51), (ulong)(t2 & Mask), (ulong)(t3 & Mask), (ulong)(t4 & Mask));
        }

        // a^e for a little-endian exponent, square and multiply from the top bit.
        public static Field Power(Field a, byte[] exponent)
        {
            var result = One;
            for (var i = (exponent.Length * 8) - 1; i >= 0; i--)
            {
                result = Square(result);
                if (((exponent[i >> 3] >> (i & 7)) & 1) != 0)
                {
                    result = Multiply(result, a);
                }
            }

            return result;
        }

        private static UInt128 M(ulong a, ulong b) => (UInt128)a * b;

        // One pass of carries, the top one folded back times 19: each limb below 2^51, but the first below 2^51 + 2^18
        // or so (for inputs below 2^62).
        private static Field Carry(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
        {
            l1 += l0 >> 51;
            l0 &= Mask;
            l2 += l1 >> 51;
            l1 &= Mask;
            l3 += l2 >> 51;
            l2 &= Mask;
            l4 += l3 >> 51;
            l3 &= Mask;
            l0 += 19 * (l4 >> 51);
            l4 &= Mask;
            return new Field(l0, l1, l2, l3, l4);
        }

        private static Field Carry(Field f) => Carry(f._l0, f._l1, f._l2, f._l3, f._l4);
    }
}
