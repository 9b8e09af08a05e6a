using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace SupplyChain.Core.Attestations.Sigstore;

/// <summary>RFC 6962 (RFC 9162 §2.1) Merkle tree hashing and inclusion-proof verification.</summary>
public static class MerkleProof
{
    /// <summary>The leaf hash: SHA-256(0x00 || leaf).</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> leaf)
    {
        var buffer = new byte[leaf.Length + 1];
        leaf.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    /// <summary>An interior node hash: SHA-256(0x01 || left || right).</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var buffer = new byte[1 + left.Length + right.Length];
        buffer[0] = 1;
        left.CopyTo(buffer.AsSpan(1));
        right.CopyTo(buffer.AsSpan(1 + left.Length));
        return SHA256.HashData(buffer);
    }

    /// <summary>
    /// Computes the root hash an audit path leads to for leaf <paramref name="index"/> of a tree of
    /// <paramref name="treeSize"/> leaves, or returns null with a reason when the path has the wrong length.
    /// </summary>
    public static byte[]? RootFromInclusionProof(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        error = null;
        if (index < 0 || treeSize <= 0 || index >= treeSize)
        {
            error = $"the index {index} is not inside a tree of {treeSize} leaves";
            return null;
        }

        var fn = index;
        var sn = treeSize - 1;
        var hash = leafHash.ToArray();
        foreach (var sibling in path)
        {
            if (sibling.Length != 32)
            {
                error = "a proof hash is not 32 bytes";
                return null;
            }

            if (sn == 0)
            {
                error = "the proof has more hashes than the tree is deep";
                return null;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                hash = HashChildren(sibling, hash);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                hash = HashChildren(hash, sibling);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            error = "the proof has fewer hashes than the tree is deep";
            return null;
        }

        return hash;
    }
}
