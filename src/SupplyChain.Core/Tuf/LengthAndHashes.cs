using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;

namespace SupplyChain.Core.Tuf;

/// <summary>The outcome of checking bytes against a signed length and hashes.</summary>
/// <param name="IsMatch">True when the length and every hash match.</param>
/// <param name="Problem">What differs, or null.</param>
public sealed record LengthAndHashesResult(bool IsMatch, string? Problem)
{
    internal static readonly LengthAndHashesResult Match = new(true, null);

    internal static LengthAndHashesResult Mismatch(string problem) => new(false, problem);
}

/// <summary>
/// Checks data against the <c>length</c> and <c>hashes</c> of a signed entry. Every listed hash must be one we
/// compute (<c>sha256</c>, <c>sha384</c>, <c>sha512</c>) and match: an algorithm we cannot compute fails the check
/// rather than being skipped, as python-tuf does. Hex digests are compared case-insensitively (go-tuf decodes them).
/// </summary>
public static class LengthAndHashes
{
    /// <summary>The hash algorithms that can be checked.</summary>
    public static readonly IReadOnlyList<string> SupportedAlgorithms = new[] { "sha256", "sha384", "sha512" };

    /// <summary>Checks bytes against an optional length and optional hashes.</summary>
    public static LengthAndHashesResult Check(ReadOnlySpan<byte> data, long? length, IEnumerable<KeyValuePair<string, string>>? hashes)
    {
        if (length is { } expected && data.Length != expected)
        {
            return LengthAndHashesResult.Mismatch(string.Format(CultureInfo.InvariantCulture, "it is {0} bytes long, but {1} are listed", data.Length, expected));
        }

        if (hashes is null)
        {
            return LengthAndHashesResult.Match;
        }

        foreach (var (algorithm, digest) in hashes)
        {
            byte[] actual;
            switch (algorithm)
            {
                case "sha256":
                    actual = SHA256.HashData(data);
                    break;
                case "sha384":
                    actual = SHA384.HashData(data);
                    break;
                case "sha512":
                    actual = SHA512.HashData(data);
                    break;
                default:
                    return LengthAndHashesResult.Mismatch($"the hash algorithm '{algorithm}' is not supported, so the file cannot be checked");
            }

            if (!DigestEquals(actual, digest))
            {
                return LengthAndHashesResult.Mismatch($"its {algorithm} is {Convert.ToHexString(actual).ToLowerInvariant()}, but {digest} is listed");
            }
        }

        return LengthAndHashesResult.Match;
    }

    /// <summary>
    /// Checks a stream (read to its end) against an optional length and optional hashes. Reading stops, with a
    /// mismatch, as soon as the stream is longer than the length, so an endless stream is not read to its end.
    /// </summary>
    public static LengthAndHashesResult Check(Stream data, long? length, IEnumerable<KeyValuePair<string, string>>? hashes)
    {
        ArgumentNullException.ThrowIfNull(data);
        var hashers = new List<(string Algorithm, string Digest, IncrementalHash? Hash)>();
        try
        {
            if (hashes is not null)
            {
                foreach (var (algorithm, digest) in hashes)
                {
                    var name = algorithm switch
                    {
                        "sha256" => HashAlgorithmName.SHA256,
                        "sha384" => HashAlgorithmName.SHA384,
                        "sha512" => HashAlgorithmName.SHA512,
                        _ => default,
                    };
                    if (name == default)
                    {
                        return LengthAndHashesResult.Mismatch($"the hash algorithm '{algorithm}' is not supported, so the file cannot be checked");
                    }

                    hashers.Add((algorithm, digest, IncrementalHash.CreateHash(name)));
                }
            }

            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
                if (length is { } max && total > max)
                {
                    return LengthAndHashesResult.Mismatch(string.Format(CultureInfo.InvariantCulture, "it is longer than the {0} bytes listed", max));
                }

                foreach (var hasher in hashers)
                {
                    hasher.Hash!.AppendData(buffer, 0, read);
                }
            }

            if (length is { } expected && total != expected)
            {
                return LengthAndHashesResult.Mismatch(string.Format(CultureInfo.InvariantCulture, "it is {0} bytes long, but {1} are listed", total, expected));
            }

            foreach (var (algorithm, digest, hash) in hashers)
            {
                var actual = hash!.GetHashAndReset();
                if (!DigestEquals(actual, digest))
                {
                    return LengthAndHashesResult.Mismatch($"its {algorithm} is {Convert.ToHexString(actual).ToLowerInvariant()}, but {digest} is listed");
                }
            }

            return LengthAndHashesResult.Match;
        }
        finally
        {
            foreach (var hasher in hashers)
            {
                hasher.Hash?.Dispose();
            }
        }
    }

    private static bool DigestEquals(byte[] actual, string expectedHex)
    {
        if (expectedHex.Length != actual.Length * 2)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[actual.Length];
        for (var i = 0; i < actual.Length; i++)
        {
            var hi = HexValue(expectedHex[2 * i]);
            var lo = HexValue(expectedHex[(2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }

            expected[i] = (byte)((hi << 4) | lo);
        }

        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
