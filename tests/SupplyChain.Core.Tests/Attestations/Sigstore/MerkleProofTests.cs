using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.TestUtilities.Sigstore;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>
/// The inclusion-proof check against a log built from the recursive RFC 6962 definitions (TestTransparencyLog, which
/// does not share the verifier's iterative algorithm): every leaf of every tree size proves inclusion, and a proof
/// with a wrong index, tree size, sibling order or length does not lead to the root.
/// </summary>
public sealed class MerkleProofTests : IDisposable
{
    private const int Leaves = 17;
    private readonly TestTransparencyLog _log = new();

    public MerkleProofTests()
    {
        for (var i = 0; i < Leaves; i++)
        {
            _log.Append(Encoding.UTF8.GetBytes("{\"entry\":" + i + "}"));
        }
    }

    public void Dispose() => _log.Dispose();

    private static byte[] Leaf(int i) => MerkleProof.HashLeaf(Encoding.UTF8.GetBytes("{\"entry\":" + i + "}"));

    [Fact]
    public void Every_leaf_of_every_tree_size_proves_its_inclusion_at_the_tree_root()
    {
        for (var size = 1; size <= Leaves; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var root = MerkleProof.RootFromInclusionProof(index, size, Leaf(index), _log.InclusionProof(index, size), out var error);
                Assert.True(root is not null, $"leaf {index} of {size}: {error}");
                Assert.Equal(_log.RootHash(size), root);
            }
        }
    }

    [Fact]
    public void Proof_claimed_for_another_index_does_not_lead_to_the_root()
    {
        for (var size = 2; size <= Leaves; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var path = _log.InclusionProof(index, size);
                for (var claimed = 0; claimed < size; claimed++)
                {
                    if (claimed == index)
                    {
                        continue;
                    }

                    var root = MerkleProof.RootFromInclusionProof(claimed, size, Leaf(index), path, out _);
                    Assert.False(root is not null && root.AsSpan().SequenceEqual(_log.RootHash(size)), $"leaf {index} of {size} proved at index {claimed}");
                }
            }
        }
    }

    [Fact]
    public void Proof_claimed_for_another_tree_size_does_not_lead_to_that_trees_root()
    {
        for (var size = 2; size <= Leaves; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var path = _log.InclusionProof(index, size);
                for (var claimed = index + 1; claimed <= Leaves; claimed++)
                {
                    if (claimed == size)
                    {
                        continue;
                    }

                    var root = MerkleProof.RootFromInclusionProof(index, claimed, Leaf(index), path, out _);
                    Assert.False(root is not null && root.AsSpan().SequenceEqual(_log.RootHash(claimed)), $"leaf {index}: proof for {size} accepted for {claimed}");
                }
            }
        }
    }

    [Fact]
    public void Proof_with_two_siblings_swapped_does_not_lead_to_the_root()
    {
        for (var size = 3; size <= Leaves; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var path = _log.InclusionProof(index, size);
                for (var i = 0; i + 1 < path.Count; i++)
                {
                    var swapped = path.ToList();
                    (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
                    var root = MerkleProof.RootFromInclusionProof(index, size, Leaf(index), swapped, out _);
                    Assert.False(root is not null && root.AsSpan().SequenceEqual(_log.RootHash(size)), $"leaf {index} of {size} with siblings {i},{i + 1} swapped");
                }
            }
        }
    }

    [Fact]
    public void Leaf_and_node_hashes_are_domain_separated_so_an_interior_node_is_not_a_leaf()
    {
        // RFC 6962 second-preimage protection: a node's children presented as a leaf body hash differently.
        var left = Leaf(0);
        var right = Leaf(1);
        var node = MerkleProof.HashChildren(left, right);
        Assert.Equal(_log.RootHash(2), node);
        Assert.NotEqual(node, MerkleProof.HashLeaf(left.Concat(right).ToArray()));
        Assert.NotEqual(node, System.Security.Cryptography.SHA256.HashData(left.Concat(right).ToArray()));
    }

    [Fact]
    public void Proof_with_an_extra_hash_is_refused_as_longer_than_the_tree_is_deep()
    {
        var path = _log.InclusionProof(3, 8);
        path.Add(new byte[32]);
        Assert.Null(MerkleProof.RootFromInclusionProof(3, 8, Leaf(3), path, out var error));
        Assert.Contains("more hashes", error, StringComparison.Ordinal);

        Assert.Null(MerkleProof.RootFromInclusionProof(0, 1, Leaf(0), new List<byte[]> { new byte[32] }, out error));
        Assert.Contains("more hashes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Proof_missing_its_last_hash_is_refused_as_shorter_than_the_tree_is_deep()
    {
        var path = _log.InclusionProof(5, 13);
        path.RemoveAt(path.Count - 1);
        Assert.Null(MerkleProof.RootFromInclusionProof(5, 13, Leaf(5), path, out var error));
        Assert.Contains("fewer hashes", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void Proof_hash_that_is_not_32_bytes_is_refused(int length)
    {
        var path = _log.InclusionProof(2, 6);
        path[0] = new byte[length];
        Assert.Null(MerkleProof.RootFromInclusionProof(2, 6, Leaf(2), path, out var error));
        Assert.Contains("32 bytes", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(5, 5)]
    [InlineData(6, 5)]
    [InlineData(0, 0)]
    [InlineData(0, -1)]
    public void Index_outside_the_tree_is_refused(long index, long size)
    {
        Assert.Null(MerkleProof.RootFromInclusionProof(index, size, Leaf(0), _log.InclusionProof(0, 5), out var error));
        Assert.Contains("is not inside a tree", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_leaf_tree_root_is_the_leaf_hash_with_an_empty_proof()
    {
        var root = MerkleProof.RootFromInclusionProof(0, 1, Leaf(0), Array.Empty<byte[]>(), out var error);
        Assert.Null(error);
        Assert.Equal(_log.RootHash(1), root);
    }
}
