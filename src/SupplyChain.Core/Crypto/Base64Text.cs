using System;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// Decodes the base64 carried by signatures and envelopes: standard or URL-safe alphabet, padding optional.
/// Used by <see cref="ExternalSigner"/> and the DSSE/in-toto readers, so it lives below both.
/// </summary>
internal static class Base64Text
{
    internal static byte[]? DecodeBase64(string text)
    {
        var normalized = text.Replace('-', '+').Replace('_', '/');
        var padding = normalized.Length % 4;
        if (padding == 1)
        {
            return null;
        }

        if (padding > 0)
        {
            normalized += new string('=', 4 - padding);
        }

        var buffer = new byte[normalized.Length / 4 * 3];
        return Convert.TryFromBase64String(normalized, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }
}
