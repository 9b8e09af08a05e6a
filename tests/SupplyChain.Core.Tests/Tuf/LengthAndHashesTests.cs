using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>The length and hashes check of a signed entry, through both the span and the stream overloads.</summary>
public class LengthAndHashesTests
{
    private static readonly byte[] s_signed = Encoding.UTF8.GetBytes("the signed target bytes");

    public static TheoryData<bool> Overloads => new() { false, true };

    [Theory]
    [MemberData(nameof(Overloads))]
    public void EverySupportedAlgorithm_AcceptsTheRightDigest_AndRejectsOtherBytesOfTheSameLength(bool stream)
    {
        var tampered = (byte[])s_signed.Clone();
        tampered[^1] ^= 1;
        Assert.Equal(3, LengthAndHashes.SupportedAlgorithms.Count);
        foreach (var algorithm in LengthAndHashes.SupportedAlgorithms)
        {
            var hashes = new[] { KeyValuePair.Create(algorithm, Hex(algorithm, s_signed)) };

            var good = Check(stream, s_signed, s_signed.Length, hashes);
            var bad = Check(stream, tampered, s_signed.Length, hashes);

            Assert.True(good.IsMatch, algorithm + ": " + good.Problem);
            Assert.False(bad.IsMatch, algorithm);
            Assert.Equal($"its {algorithm} is {Hex(algorithm, tampered)}, but {Hex(algorithm, s_signed)} is listed", bad.Problem);
        }
    }

    [Theory]
    [MemberData(nameof(Overloads))]
    public void UnsupportedAlgorithm_FailsTheCheck_AndNamesTheAlgorithm(bool stream)
    {
        var result = Check(stream, s_signed, null, new[] { KeyValuePair.Create("md5", "00") });

        Assert.False(result.IsMatch);
        Assert.Equal("the hash algorithm 'md5' is not supported, so the file cannot be checked", result.Problem);
    }

    [Fact]
    public void StreamShorterThanTheSignedLength_IsAMismatch_ThatSaysBothLengths()
    {
        var result = Check(true, s_signed, s_signed.Length + 5, null);

        Assert.False(result.IsMatch);
        Assert.Equal($"it is {s_signed.Length} bytes long, but {s_signed.Length + 5} are listed", result.Problem);
    }

    [Theory]
    [MemberData(nameof(Overloads))]
    public void ListedDigestOfTheWrongLength_IsAMismatch(bool stream)
    {
        var right = Hex("sha256", s_signed);
        foreach (var digest in new[] { string.Empty, right[..^2], right + "00", right[..^1] })
        {
            Assert.False(Check(stream, s_signed, null, new[] { KeyValuePair.Create("sha256", digest) }).IsMatch, digest);
        }
    }

    // A non-hex character must not decode to some nibble: 'g' in place of an 'f' high nibble would decode to 0xF
    // if an invalid digit were only rejected when both digits of a byte are invalid, and in place of a '1' if an
    // invalid digit counted as 1.
    [Theory]
    [MemberData(nameof(Overloads))]
    public void ListedDigestWithANonHexCharacter_IsAMismatch_WhereverItStands(bool stream)
    {
        var data = Enumerable.Range(0, 1000).Select(i => Encoding.UTF8.GetBytes("candidate " + i))
            .First(d => HasHighNibbleF(Hex("sha256", d)) && Hex("sha256", d).Contains('1', StringComparison.Ordinal));
        var right = Hex("sha256", data);
        Assert.True(Check(stream, data, null, new[] { KeyValuePair.Create("sha256", right.ToUpperInvariant()) }).IsMatch);

        for (var i = 0; i < right.Length; i++)
        {
            var digest = string.Concat(right.AsSpan(0, i), "g", right.AsSpan(i + 1));
            Assert.False(Check(stream, data, null, new[] { KeyValuePair.Create("sha256", digest) }).IsMatch, digest);
        }
    }

    [Fact]
    public void NullStream_IsRejected()
    {
        Assert.Throws<ArgumentNullException>("data", () => LengthAndHashes.Check((Stream)null!, null, new[] { KeyValuePair.Create("md5", "00") }));
    }

    private static bool HasHighNibbleF(string hex)
    {
        for (var i = 0; i < hex.Length; i += 2)
        {
            if (hex[i] == 'f')
            {
                return true;
            }
        }

        return false;
    }

    private static LengthAndHashesResult Check(bool stream, byte[] data, long? length, IEnumerable<KeyValuePair<string, string>>? hashes)
    {
        if (!stream)
        {
            return LengthAndHashes.Check(data, length, hashes);
        }

        using var input = new MemoryStream(data, writable: false);
        return LengthAndHashes.Check(input, length, hashes);
    }

    private static string Hex(string algorithm, byte[] data) => Convert.ToHexString(algorithm switch
    {
        "sha256" => SHA256.HashData(data),
        "sha384" => SHA384.HashData(data),
        "sha512" => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    }).ToLowerInvariant();
}
