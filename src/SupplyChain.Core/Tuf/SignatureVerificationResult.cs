using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SupplyChain.Core.Tuf;

/// <summary>The outcome of checking metadata's signatures against the keys and threshold of its role.</summary>
/// <param name="RoleName">The role verified.</param>
/// <param name="Threshold">How many distinct keys had to sign.</param>
/// <param name="ValidKeyIds">The key ids whose signatures were valid and counted (each key once).</param>
/// <param name="Rejections">Why each other trusted key did not count, by key id.</param>
public sealed record SignatureVerificationResult(
    string RoleName,
    int Threshold,
    IReadOnlyList<string> ValidKeyIds,
    IReadOnlyDictionary<string, string> Rejections)
{
    /// <summary>True when at least <see cref="Threshold"/> distinct trusted keys made valid signatures.</summary>
    public bool IsVerified => ValidKeyIds.Count >= Threshold;

    /// <summary>A one-line account of the keys that did not count, for messages.</summary>
    public string Summary()
    {
        if (Rejections.Count == 0)
        {
            return "no other trusted key signed";
        }

        var builder = new StringBuilder();
        foreach (var (keyId, reason) in Rejections)
        {
            if (builder.Length > 0)
            {
                builder.Append("; ");
            }

            builder.Append(CultureInfo.InvariantCulture, $"key '{Short(keyId)}': {reason}");
        }

        return builder.ToString();
    }

    private static string Short(string keyId) => keyId.Length > 16 ? keyId[..16] : keyId;
}
