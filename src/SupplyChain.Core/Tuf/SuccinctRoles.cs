using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// Succinct hashed-bin delegation (TAP 15): <c>2^bit_length</c> roles named <c>NAME_PREFIX-HEX</c> that share one
/// set of keys and one threshold. A target belongs to the bin given by the first <c>bit_length</c> bits of the
/// SHA-256 of its UTF-8 path; the hex suffix has <c>ceil(bit_length / 4)</c> lowercase digits. Every bin is
/// terminating.
/// </summary>
public sealed class SuccinctRoles : Role
{
    private int _bitLength;

    /// <summary>Creates the delegation.</summary>
    /// <param name="keyIds">The keys trusted for every bin.</param>
    /// <param name="threshold">How many must sign each bin.</param>
    /// <param name="bitLength">Bits of the path hash that choose the bin: 1 to 32.</param>
    /// <param name="namePrefix">The prefix of the bin names.</param>
    public SuccinctRoles(IEnumerable<string> keyIds, int threshold, int bitLength, string namePrefix)
        : base(keyIds, threshold)
    {
        ArgumentNullException.ThrowIfNull(namePrefix);
        BitLength = bitLength;
        NamePrefix = namePrefix;
    }

    private SuccinctRoles(JsonObject json, string context)
        : base(json, context, "bit_length", "name_prefix")
    {
        var bitLength = TufJson.RequireInteger(json, "bit_length", context, 1);
        if (bitLength > 32)
        {
            throw new TufFormatException($"'bit_length' of {context} is {bitLength}; it must be 1 to 32");
        }

        _bitLength = (int)bitLength;
        NamePrefix = TufJson.RequireString(json, "name_prefix", context);
    }

    /// <summary>Bits of the path hash that choose the bin: 1 to 32.</summary>
    public int BitLength
    {
        get => _bitLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 32);
            _bitLength = value;
        }
    }

    /// <summary>The prefix of the bin names.</summary>
    public string NamePrefix { get; set; }

    /// <summary>The number of bins, <c>2^bit_length</c>.</summary>
    public long NumberOfBins => 1L << _bitLength;

    /// <summary>The number of hex digits of a bin name's suffix.</summary>
    public int SuffixLength => (_bitLength + 3) / 4;

    /// <summary>Reads the delegation.</summary>
    /// <exception cref="FormatException">The object is not a succinct roles delegation.</exception>
    public static new SuccinctRoles FromJson(JsonObject json, string context = "'succinct_roles'")
    {
        ArgumentNullException.ThrowIfNull(json);
        return new SuccinctRoles(json, context);
    }

    /// <summary>The bin that a target path belongs to.</summary>
    public string GetRoleForTarget(string targetPath)
    {
        ArgumentNullException.ThrowIfNull(targetPath);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(targetPath));
        var first32 = BinaryPrimitives.ReadUInt32BigEndian(hash);
        var bin = first32 >> (32 - _bitLength);
        return BinName(bin);
    }

    /// <summary>The name of bin number <paramref name="bin"/>.</summary>
    public string BinName(long bin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bin, NumberOfBins);
        return NamePrefix + "-" + bin.ToString("x" + SuffixLength.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Every bin name, in order.</summary>
    public IEnumerable<string> GetRoles()
    {
        for (long bin = 0; bin < NumberOfBins; bin++)
        {
            yield return BinName(bin);
        }
    }

    /// <summary>True when <paramref name="roleName"/> is one of the bins (lowercase hex suffix of the right width).</summary>
    public bool IsDelegatedRole(string roleName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        var prefix = NamePrefix + "-";
        if (!roleName.StartsWith(prefix, StringComparison.Ordinal) || roleName.Length != prefix.Length + SuffixLength)
        {
            return false;
        }

        long bin = 0;
        foreach (var c in roleName.AsSpan(prefix.Length))
        {
            int digit;
            if (c is >= '0' and <= '9')
            {
                digit = c - '0';
            }
            else if (c is >= 'a' and <= 'f')
            {
                digit = c - 'a' + 10;
            }
            else
            {
                return false;
            }

            bin = (bin * 16) + digit;
        }

        return bin < NumberOfBins;
    }

    /// <inheritdoc />
    public override JsonObject ToJson()
    {
        var json = base.ToJson();
        json["bit_length"] = BitLength;
        json["name_prefix"] = NamePrefix;
        return json;
    }
}
