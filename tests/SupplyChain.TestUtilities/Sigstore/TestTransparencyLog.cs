using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace SupplyChain.TestUtilities.Sigstore;

/// <summary>
/// A Rekor-like transparency log for tests: a real RFC 6962 Merkle tree over the entries' bodies (computed from the
/// recursive definitions of RFC 6962 §2.1, independently of the verifier's iterative algorithm), signed entry
/// timestamps and signed checkpoints made with a fresh ECDSA P-256 key.
/// </summary>
public sealed class TestTransparencyLog : IDisposable
{
    private readonly List<byte[]> _leaves = new();

    public TestTransparencyLog(string origin = "rekor.test - 1234567890")
    {
        Origin = origin;
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        PublicKeyDer = Key.ExportSubjectPublicKeyInfo();
        LogId = SHA256.HashData(PublicKeyDer);
    }

    public ECDsa Key { get; }

    public byte[] PublicKeyDer { get; }

    public byte[] LogId { get; }

    public string Origin { get; }

    public int Size => _leaves.Count;

    /// <summary>Appends an entry body; returns its index.</summary>
    public long Append(byte[] body)
    {
        _leaves.Add(body);
        return _leaves.Count - 1;
    }

    public byte[] RootHash(int size) => Mth(_leaves.Take(size).ToList());

    /// <summary>The audit path of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves (RFC 6962 §2.1.1).</summary>
    public List<byte[]> InclusionProof(int index, int size) => Path(index, _leaves.Take(size).ToList());

    /// <summary>The canonical JSON the signed entry timestamp is over, signed by the log key.</summary>
    public byte[] SignEntryTimestamp(byte[] body, long integratedTime, long logIndex)
    {
        var payload = $"{{\"body\":\"{Convert.ToBase64String(body)}\",\"integratedTime\":{integratedTime.ToString(CultureInfo.InvariantCulture)},\"logID\":\"{Convert.ToHexStringLower(LogId)}\",\"logIndex\":{logIndex.ToString(CultureInfo.InvariantCulture)}}}";
        return Key.SignData(Encoding.UTF8.GetBytes(payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>A signed note checkpoint of the tree of the first <paramref name="size"/> leaves.</summary>
    public string Checkpoint(int size, ECDsa? signingKey = null, byte[]? rootOverride = null)
    {
        var body = $"{Origin}\n{size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(rootOverride ?? RootHash(size))}\n";
        var signature = (signingKey ?? Key).SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var blob = LogId.Take(4).Concat(signature).ToArray();
        return body + "\n\u2014 " + Origin.Split(' ')[0] + " " + Convert.ToBase64String(blob) + "\n";
    }

    public void Dispose() => Key.Dispose();

    private static byte[] LeafHash(byte[] leaf) => SHA256.HashData(new byte[] { 0 }.Concat(leaf).ToArray());

    private static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData(new byte[] { 1 }.Concat(left).Concat(right).ToArray());

    private static int SplitPoint(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }

    private static byte[] Mth(List<byte[]> leaves)
    {
        if (leaves.Count == 0)
        {
            return SHA256.HashData(Array.Empty<byte>());
        }

        if (leaves.Count == 1)
        {
            return LeafHash(leaves[0]);
        }

        var k = SplitPoint(leaves.Count);
        return NodeHash(Mth(leaves.Take(k).ToList()), Mth(leaves.Skip(k).ToList()));
    }

    private static List<byte[]> Path(int m, List<byte[]> leaves)
    {
        if (leaves.Count <= 1)
        {
            return new List<byte[]>();
        }

        var k = SplitPoint(leaves.Count);
        if (m < k)
        {
            var path = Path(m, leaves.Take(k).ToList());
            path.Add(Mth(leaves.Skip(k).ToList()));
            return path;
        }

        var right = Path(m - k, leaves.Skip(k).ToList());
        right.Add(Mth(leaves.Take(k).ToList()));
        return right;
    }
}
