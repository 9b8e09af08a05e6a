using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// Classic hashed-bin delegation (before TAP 15's succinct roles), as python-tuf's example lays it out: the
/// targets role delegates to <c>N</c> bins (a power of two), each trusted through <c>path_hash_prefixes</c> for an
/// equal share of the first hex digits of the target path's SHA-256. With 32 bins the prefixes have two digits and
/// each bin takes eight: bin <c>00-07</c> has <c>00</c> to <c>07</c>. A bin of one prefix is named by the prefix.
/// For succinct delegation, use <see cref="SuccinctRoles"/>.
/// </summary>
public sealed class HashedBins
{
    /// <summary>The most bins supported.</summary>
    public const int MaxBins = 1 << 16;

    /// <summary>Lays out <paramref name="numberOfBins"/> bins.</summary>
    /// <param name="numberOfBins">A power of two, 1 to <see cref="MaxBins"/>.</param>
    public HashedBins(int numberOfBins)
    {
        if (numberOfBins < 1 || numberOfBins > MaxBins || !BitOperations.IsPow2(numberOfBins))
        {
            throw new ArgumentOutOfRangeException(nameof(numberOfBins), numberOfBins, "The number of bins must be a power of two from 1 to 65536.");
        }

        NumberOfBins = numberOfBins;
        PrefixLength = (numberOfBins - 1).ToString("x", CultureInfo.InvariantCulture).Length;
        NumberOfPrefixes = 1 << (4 * PrefixLength);
        BinSize = NumberOfPrefixes / numberOfBins;
    }

    /// <summary>The number of bins.</summary>
    public int NumberOfBins { get; }

    /// <summary>The number of hex digits of each prefix.</summary>
    public int PrefixLength { get; }

    /// <summary>The number of distinct prefixes, <c>16^PrefixLength</c>.</summary>
    public int NumberOfPrefixes { get; }

    /// <summary>How many prefixes each bin takes.</summary>
    public int BinSize { get; }

    /// <summary>Every bin, in order: its role name and its path hash prefixes.</summary>
    public IEnumerable<(string Name, IReadOnlyList<string> PathHashPrefixes)> GetBins()
    {
        for (var low = 0; low < NumberOfPrefixes; low += BinSize)
        {
            var prefixes = new string[BinSize];
            for (var i = 0; i < BinSize; i++)
            {
                prefixes[i] = Hex(low + i);
            }

            yield return (BinName(low), prefixes);
        }
    }

    /// <summary>The name of the bin a target path belongs to.</summary>
    public string GetBinForTarget(string targetPath)
    {
        var hash = DelegatedRole.PathHash(targetPath);
        var prefix = int.Parse(hash.AsSpan(0, PrefixLength), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return BinName(prefix - (prefix % BinSize));
    }

    /// <summary>The delegations to every bin, each with the same keys and threshold, not terminating.</summary>
    public IReadOnlyList<DelegatedRole> CreateDelegatedRoles(IEnumerable<string> keyIds, int threshold)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        var ids = new List<string>(keyIds);
        var roles = new List<DelegatedRole>(NumberOfBins);
        foreach (var (name, prefixes) in GetBins())
        {
            roles.Add(DelegatedRole.WithPathHashPrefixes(name, ids, threshold, terminating: false, prefixes));
        }

        return roles;
    }

    private string BinName(int low)
    {
        var high = low + BinSize - 1;
        return low == high ? Hex(low) : Hex(low) + "-" + Hex(high);
    }

    private string Hex(int value) => value.ToString("x" + PrefixLength.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
