using System;
using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;
using SupplyChain.Core.Crypto;
using Xunit.Abstractions;

namespace SupplyChain.Core.Tests.Crypto;

/// <summary>
/// The Ed25519 verification from a digest (h = SHA-512(R ‖ A ‖ M), for messages hashed as they are written) gives
/// BouncyCastle's answer on every input: the checked path (<see cref="Ed25519.VerifyMessageHash"/> against
/// <see cref="Ed25519.Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, IEd25519Provider?)"/>) and the
/// bare arithmetic (<see cref="Ed25519DigestVerifier.Verify"/> against the provider without the checks).
/// </summary>
public class Ed25519DigestVerifierTests
{
    private static readonly BigInteger s_order = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");
    private static readonly BigInteger s_prime = BigInteger.Pow(2, 255) - 19;

    private readonly ITestOutputHelper _output;

    public Ed25519DigestVerifierTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [MemberData(nameof(Ed25519Tests.Rfc8032Vectors), MemberType = typeof(Ed25519Tests))]
    public void Rfc8032Vector_IsValidFromItsDigest_AndNotForAnotherMessage(string publicKey, string message, string signature)
    {
        var key = Convert.FromHexString(publicKey);
        var sig = Convert.FromHexString(signature);

        Assert.True(Ed25519.VerifyMessageHash(key, sig, Digest(key, sig, Convert.FromHexString(message))));
        Assert.False(Ed25519.VerifyMessageHash(key, sig, Digest(key, sig, Convert.FromHexString(message + "00"))));
    }

    [Fact]
    public void CreateMessageHash_FedTheMessageInPieces_VerifiesLikeTheWholeMessage()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);
        var message = new byte[100_000];
        new Random(8032).NextBytes(message);
        var signature = key.Sign(message);

        using var hash = Ed25519.CreateMessageHash(key.PublicKey.Ed25519PublicKey, signature)!;
        for (var offset = 0; offset < message.Length; offset += 7919)
        {
            hash.AppendData(message.AsSpan(offset, Math.Min(7919, message.Length - offset)));
        }

        Assert.True(Ed25519.VerifyMessageHash(key.PublicKey.Ed25519PublicKey, signature, hash.GetHashAndReset()));
    }

    [Theory]
    [MemberData(nameof(Ed25519Tests.CraftedInputs), MemberType = typeof(Ed25519Tests))]
    public void CraftedInput_IsRefusedFromItsDigest_AsFromTheMessage(string label, byte[] publicKey, byte[] signature, string expected)
    {
        var message = "crafted input test"u8.ToArray();
        var digest = publicKey.Length == 32 && signature.Length == 64 ? Digest(publicKey, signature, message) : new byte[64];

        Assert.False(Ed25519.Verify(publicKey, message, signature), label);
        Assert.False(Ed25519.VerifyMessageHash(publicKey, signature, digest), label + " " + expected);
        Assert.Null(Ed25519.CreateMessageHash(publicKey, signature));
        if (publicKey.Length == 32 && signature.Length == 64)
        {
            // Without the checks too, the arithmetic answers as BouncyCastle's.
            Assert.Equal(Provider.Verify(publicKey, message, signature), Ed25519DigestVerifier.Verify(publicKey, signature, digest));
        }
    }

    [Fact]
    public void RandomKeysMessagesAndSignatures_WithBitFlips_AgreeWithBouncyCastle()
    {
        var random = new Random(25519);
        var valid = 0;
        for (var i = 0; i < 60; i++)
        {
            var seed = new byte[32];
            random.NextBytes(seed);
            var publicKey = Ed25519.GetPublicKey(seed);
            var message = new byte[random.Next(0, 300)];
            random.NextBytes(message);
            var signature = Ed25519.Sign(seed, message);
            valid += Agree(publicKey, message, signature) ? 1 : 0;

            // One bit flipped in R, in S, in the key, in the message.
            foreach (var part in new[] { 0, 1, 2, 3 })
            {
                var (k, m, s) = ((byte[])publicKey.Clone(), (byte[])message.Clone(), (byte[])signature.Clone());
                var target = part switch { 0 => s.AsSpan(0, 32), 1 => s.AsSpan(32), 2 => k.AsSpan(), _ => m.AsSpan() };
                if (target.IsEmpty)
                {
                    continue;
                }

                var bit = random.Next(target.Length * 8);
                target[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.False(Agree(k, m, s), $"case {i}: a bit flipped in part {part} still verifies");
            }

            // Random R and S below L, with the real key.
            var forged = new byte[64];
            random.NextBytes(forged);
            forged[63] &= 0x0f;
            Assert.False(Agree(publicKey, message, forged));
        }

        Assert.Equal(60, valid);
    }

    [Fact]
    public void SignatureWithSPlusL_IsRefused_AndWithoutTheChecksToo()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var publicKey = Ed25519.GetPublicKey(seed);
        var message = "s plus l"u8.ToArray();
        var signature = Ed25519.Sign(seed, message);
        var malleated = (byte[])signature.Clone();
        LittleEndian(new BigInteger(signature.AsSpan(32), isUnsigned: true) + s_order).CopyTo(malleated, 32);

        Assert.True(Agree(publicKey, message, signature));
        Assert.False(Agree(publicKey, message, malleated));
        Assert.False(Ed25519DigestVerifier.Verify(publicKey, malleated, Digest(publicKey, malleated, message)));
    }

    [Fact]
    public void IdentityKey_WithARawValidSignature_IsRefusedByTheChecks_AndTheArithmeticAgreesWithBouncyCastle()
    {
        // Key A = identity (y = 1): [S]B - [h]A = [S]B, so (R = [r]B, S = r) is valid for every message without the
        // checks. The checks refuse the key; the bare arithmetic must answer as BouncyCastle's.
        var (r, rPoint) = ScalarAndPoint(RandomNumberGenerator.GetBytes(32));
        var identity = Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000");
        var signature = new byte[64];
        rPoint.CopyTo(signature, 0);
        LittleEndian(r % s_order).CopyTo(signature, 32);
        var message = "any message"u8.ToArray();

        Assert.Equal(Provider.Verify(identity, message, signature), Ed25519DigestVerifier.Verify(identity, signature, Digest(identity, signature, message)));
        Assert.False(Ed25519.VerifyMessageHash(identity, signature, Digest(identity, signature, message)));
        Assert.False(Ed25519.Verify(identity, message, signature));
    }

    [Fact]
    public void OrderEightKey_VerifiesCofactorless_OnlyWhenEightDividesH_AsBouncyCastle()
    {
        // Key A = T of order 8, signature (R = [r]B, S = r): [S]B - [h]A = R - [h]T equals R exactly when 8 divides h.
        // A cofactored check ([8]...) would accept every message; BouncyCastle and libsodium check cofactorless.
        var orderEight = Convert.FromHexString("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05");
        var (r, rPoint) = ScalarAndPoint(RandomNumberGenerator.GetBytes(32));
        var signature = new byte[64];
        rPoint.CopyTo(signature, 0);
        LittleEndian(r % s_order).CopyTo(signature, 32);
        var seen = new bool[2];
        for (var i = 0; i < 200 && !(seen[0] && seen[1]); i++)
        {
            var message = BitConverter.GetBytes(i);
            var digest = Digest(orderEight, signature, message);
            var divisible = (new BigInteger(digest, isUnsigned: true) % s_order) % 8 == 0;
            var ours = Ed25519DigestVerifier.Verify(orderEight, signature, digest);

            Assert.Equal(Provider.Verify(orderEight, message, signature), ours);
            Assert.Equal(divisible, ours);
            Assert.False(Ed25519.VerifyMessageHash(orderEight, signature, digest));
            seen[divisible ? 1 : 0] = true;
        }

        Assert.True(seen[0] && seen[1], "both cases were tried");
    }

    [Fact]
    public void NonCanonicalR_IsRefusedEvenWithoutTheChecks_AsByBouncyCastle()
    {
        // R = p + 1 with the sign bit of the real R: a non-canonical encoding (of y = 1). What is compared is the
        // canonical encoding of [S]B - [h]A with R's bytes, so it is refused even without the checks.
        var seed = RandomNumberGenerator.GetBytes(32);
        var publicKey = Ed25519.GetPublicKey(seed);
        var signature = Ed25519.Sign(seed, "m"u8);
        var altered = (byte[])signature.Clone();
        var sign = (byte)(altered[31] & 0x80);
        LittleEndian(s_prime + 1).CopyTo(altered, 0);
        altered[31] |= sign;

        Assert.False(Ed25519DigestVerifier.Verify(publicKey, altered, Digest(publicKey, altered, "m"u8.ToArray())));
        Assert.Equal(Provider.Verify(publicKey, "m"u8, altered), Ed25519DigestVerifier.Verify(publicKey, altered, Digest(publicKey, altered, "m"u8.ToArray())));
    }

    [Fact]
    public void KeyThatIsNotOnTheCurve_IsRefused_AsByBouncyCastle()
    {
        // y = 2 has no x on the curve ((y^2 - 1) / (d y^2 + 1) is not a square).
        var seed = RandomNumberGenerator.GetBytes(32);
        var signature = Ed25519.Sign(seed, "m"u8);
        var key = new byte[32];
        var tried = 0;
        for (var y = 2; y < 40; y++)
        {
            key[0] = (byte)y;
            tried++;
            Assert.Equal(Provider.Verify(key, "m"u8, signature), Ed25519DigestVerifier.Verify(key, signature, Digest(key, signature, "m"u8.ToArray())));
        }

        Assert.Equal(38, tried);
    }

    [Fact]
    public void Verification_FromTheDigest_IsAboutAsQuickAsBouncyCastleFromTheMessage()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);
        var message = "timed"u8.ToArray();
        var signature = key.Sign(message);
        var digest = Digest(key.PublicKey.Ed25519PublicKey.ToArray(), signature, message);

        // Interleaved, and the fastest of each: what the machine's load adds is left out. About 0.1-1 ms each.
        var ours = TimeSpan.MaxValue;
        var theirs = TimeSpan.MaxValue;
        var stopwatch = new Stopwatch();
        for (var i = 0; i < 100; i++)
        {
            stopwatch.Restart();
            Assert.True(Ed25519.VerifyMessageHash(key.PublicKey.Ed25519PublicKey, signature, digest));
            ours = Min(ours, stopwatch.Elapsed);
            stopwatch.Restart();
            Assert.True(Ed25519.Verify(key.PublicKey.Ed25519PublicKey, message, signature));
            theirs = Min(theirs, stopwatch.Elapsed);
        }

        _output.WriteLine($"fastest verification from the digest: {ours.TotalMilliseconds:F3} ms; BouncyCastle from the message: {theirs.TotalMilliseconds:F3} ms");
        Assert.True(ours < (4 * theirs) + TimeSpan.FromMilliseconds(1), $"{ours.TotalMilliseconds:F3} ms against BouncyCastle's {theirs.TotalMilliseconds:F3} ms");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static IEd25519Provider Provider => BouncyCastleEd25519Provider.Instance;

    // Both paths answer alike, with and without the checks; returns the answer.
    private static bool Agree(byte[] publicKey, byte[] message, byte[] signature)
    {
        var expected = Ed25519.Verify(publicKey, message, signature);
        var digest = Digest(publicKey, signature, message);
        Assert.Equal(expected, Ed25519.VerifyMessageHash(publicKey, signature, digest));
        Assert.Equal(Provider.Verify(publicKey, message, signature), Ed25519DigestVerifier.Verify(publicKey, signature, digest));
        using var hash = Ed25519.CreateMessageHash(publicKey, signature);
        if (hash is not null)
        {
            hash.AppendData(message);
            Assert.Equal(expected, Ed25519.VerifyMessageHash(publicKey, signature, hash.GetHashAndReset()));
        }

        return expected;
    }

    private static byte[] Digest(byte[] publicKey, byte[] signature, byte[] message)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(signature, 0, 32);
        hash.AppendData(publicKey);
        hash.AppendData(message);
        return hash.GetHashAndReset();
    }

    // The secret scalar of a seed (RFC 8032 5.1.5: the clamped first half of SHA-512(seed)) and its public point,
    // which BouncyCastle computes: a point [r]B with a known r.
    private static (BigInteger Scalar, byte[] Point) ScalarAndPoint(byte[] seed)
    {
        var h = SHA512.HashData(seed).AsSpan(0, 32).ToArray();
        h[0] &= 248;
        h[31] &= 127;
        h[31] |= 64;
        return (new BigInteger(h, isUnsigned: true), Ed25519.GetPublicKey(seed));
    }

    private static byte[] LittleEndian(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true);
        return bytes;
    }
}
