using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tests.Crypto;

public class Ed25519Tests
{
    private static readonly byte[] s_message = "crafted input test"u8.ToArray();

    // The canonical encodings (sign bit clear) of the points of order 1, 2, 4 and 8.
    private static readonly string[] s_smallOrderPoints =
    {
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    };

    private static readonly BigInteger s_order = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");
    private static readonly BigInteger s_prime = BigInteger.Pow(2, 255) - 19;

    // RFC 8032 section 7.1, tests 1-3 (public key, message, signature).
    public static TheoryData<string, string, string> Rfc8032Vectors => new()
    {
        { "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "", "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
        { "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72", "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
        { "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82", "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
    };

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Verify_Rfc8032Vector_IsTrue(string publicKey, string message, string signature)
    {
        var key = PublicKey.FromEd25519(Convert.FromHexString(publicKey));

        Assert.True(key.Verify(Convert.FromHexString(message), Convert.FromHexString(signature)));
        Assert.False(key.Verify(Convert.FromHexString(message + "00"), Convert.FromHexString(signature)));
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Verify_MalleatedS_IsRejectedBeforeTheProvider(string publicKey, string message, string signature)
    {
        // S + L verifies in implementations that skip the S < L check; RFC 8032 requires rejecting it.
        var sig = Convert.FromHexString(signature);
        var s = new BigInteger(sig.AsSpan(32), isUnsigned: true, isBigEndian: false) + s_order;
        var malleated = (byte[])sig.Clone();
        s.TryWriteBytes(malleated.AsSpan(32), out _, isUnsigned: true, isBigEndian: false);
        var provider = new CountingProvider();

        var accepted = Ed25519.Verify(Convert.FromHexString(publicKey), Convert.FromHexString(message), malleated, provider);

        Assert.False(accepted);
        Assert.Equal(0, provider.VerifyCalls);
        Assert.Equal(Ed25519Rejection.SignatureSNotCanonical, Ed25519.Check(Convert.FromHexString(publicKey), malleated));
    }

    public static IEnumerable<object[]> CraftedInputs()
    {
        // Fixed data (RFC 8032 section 7.1, test 2: a valid key and a valid signature of the message 0x72), so the
        // theory rows, and the test ids built from them, are the same in every process (discovery and run).
        var goodKey = Convert.FromHexString("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        var goodSig = Convert.FromHexString("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

        // Lengths.
        foreach (var length in new[] { 0, 1, 31, 33, 64 })
        {
            yield return new object[] { "key length " + length, new byte[length], goodSig, nameof(Ed25519Rejection.PublicKeyLength) };
        }

        foreach (var length in new[] { 0, 32, 63, 65, 128 })
        {
            yield return new object[] { "signature length " + length, goodKey, Resize(goodSig, length), nameof(Ed25519Rejection.SignatureLength) };
        }

        // All zero.
        yield return new object[] { "all-zero key", new byte[32], goodSig, nameof(Ed25519Rejection.PublicKeySmallOrder) };
        yield return new object[] { "all-zero signature", goodKey, new byte[64], nameof(Ed25519Rejection.SignatureRSmallOrder) };

        // Small-order points, with either sign bit, as the key and as R.
        foreach (var hex in s_smallOrderPoints)
        {
            foreach (var signBit in new byte[] { 0x00, 0x80 })
            {
                var point = Convert.FromHexString(hex);
                point[31] |= signBit;
                yield return new object[] { $"small-order key {hex[..8]}/{signBit:x2}", point, goodSig, nameof(Ed25519Rejection.PublicKeySmallOrder) };
                var sig = (byte[])goodSig.Clone();
                point.CopyTo(sig, 0);
                yield return new object[] { $"small-order R {hex[..8]}/{signBit:x2}", goodKey, sig, nameof(Ed25519Rejection.SignatureRSmallOrder) };
            }
        }

        // Non-canonical y (y >= p) as the key and as R: p, p + 1, p + 18 = 2^255 - 1.
        foreach (var offset in new[] { 0, 1, 18 })
        {
            var y = LittleEndian(s_prime + offset);
            yield return new object[] { "non-canonical key p+" + offset, y, goodSig, nameof(Ed25519Rejection.PublicKeyNotCanonical) };
            var sig = (byte[])goodSig.Clone();
            y.CopyTo(sig, 0);
            yield return new object[] { "non-canonical R p+" + offset, goodKey, sig, nameof(Ed25519Rejection.SignatureRNotCanonical) };
        }

        // Non-canonical S: L, L + 1, 2^253, 2^256 - 1.
        foreach (var s in new[] { s_order, s_order + 1, BigInteger.Pow(2, 253), BigInteger.Pow(2, 256) - 1 })
        {
            var sig = (byte[])goodSig.Clone();
            LittleEndian(s).CopyTo(sig, 32);
            yield return new object[] { "non-canonical S " + s.ToString("x")[..6], goodKey, sig, nameof(Ed25519Rejection.SignatureSNotCanonical) };
        }
    }

    [Theory]
    [MemberData(nameof(CraftedInputs))]
    public void Verify_CraftedInput_IsRejectedBeforeTheProvider(string label, byte[] publicKey, byte[] signature, string expected)
    {
        var provider = new CountingProvider();

        var accepted = Ed25519.Verify(publicKey, s_message, signature, provider);

        Assert.False(accepted, label);
        Assert.Equal(expected, Ed25519.Check(publicKey, signature).ToString());
        Assert.Equal(0, provider.VerifyCalls);
    }

    [Theory]
    [MemberData(nameof(CraftedInputs))]
    public void Verify_CraftedInput_ThroughPublicApi_IsFalseOrRefused(string label, byte[] publicKey, byte[] signature, string expected)
    {
        if (expected.StartsWith("PublicKey", StringComparison.Ordinal))
        {
            // Such a key cannot even become a PublicKey.
            var ex = Assert.Throws<SupplyChainException>(() => PublicKey.FromEd25519(publicKey));
            Assert.Equal("SCSDK3002", ex.Diagnostic.Code);
            return;
        }

        Assert.False(PublicKey.FromEd25519(publicKey).Verify(s_message, signature), label);
    }

    [Fact]
    public void Verify_ManyCraftedInputs_IsQuickAndNeverThrows()
    {
        var inputs = new List<(byte[] Key, byte[] Signature)>();
        foreach (var row in CraftedInputs())
        {
            inputs.Add(((byte[])row[1], (byte[])row[2]));
        }

        var stopwatch = Stopwatch.StartNew();
        for (var round = 0; round < 200; round++)
        {
            foreach (var (key, signature) in inputs)
            {
                Assert.False(Ed25519.Verify(key, s_message, signature));
            }
        }

        // Roughly 14,000 rejections with no curve arithmetic; allow a wide margin for slow machines.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Verify_RandomSignaturesWithValidKey_AreFalseAndNeverThrow()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519).PublicKey;
        var random = new Random(25519);
        var signature = new byte[64];
        for (var i = 0; i < 500; i++)
        {
            random.NextBytes(signature);
            signature[63] &= 0x0f; // keep S < 2^252 so most reach the provider
            Assert.False(key.Verify(s_message, signature));
        }
    }

    [Fact]
    public void Verify_ValidSignature_ReachesTheProviderOnce()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);
        var signature = key.Sign(s_message);
        var provider = new CountingProvider();

        Assert.True(Ed25519.Verify(key.PublicKey.Ed25519PublicKey, s_message, signature, provider));
        Assert.Equal(1, provider.VerifyCalls);
        Assert.Equal(Ed25519Rejection.None, Ed25519.Check(key.PublicKey.Ed25519PublicKey, signature));
    }

    [Fact]
    public void SmallOrderPoints_AreTheOnesTheCheckRefuses()
    {
        foreach (var hex in s_smallOrderPoints)
        {
            Assert.Equal(Ed25519Rejection.PublicKeySmallOrder, Ed25519.CheckPublicKey(Convert.FromHexString(hex)));
        }

        Assert.Equal(Ed25519Rejection.None, Ed25519.CheckPublicKey(CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519).PublicKey.Ed25519PublicKey));
    }

    private static byte[] Resize(byte[] source, int length)
    {
        var result = new byte[length];
        Array.Copy(source, result, Math.Min(length, source.Length));
        return result;
    }

    private static byte[] LittleEndian(BigInteger value)
    {
        var result = new byte[32];
        value.TryWriteBytes(result, out _, isUnsigned: true, isBigEndian: false);
        return result;
    }

    private sealed class CountingProvider : IEd25519Provider
    {
        public int VerifyCalls { get; private set; }

        public byte[] GetPublicKey(ReadOnlySpan<byte> privateKey) => BouncyCastleEd25519Provider.Instance.GetPublicKey(privateKey);

        public byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message) => BouncyCastleEd25519Provider.Instance.Sign(privateKey, message);

        public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
        {
            VerifyCalls++;
            return BouncyCastleEd25519Provider.Instance.Verify(publicKey, message, signature);
        }
    }
}
