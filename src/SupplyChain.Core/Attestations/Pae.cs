using System;
using System.Globalization;
using System.Text;

namespace SupplyChain.Core.Attestations;

/// <summary>
/// The DSSE v1 Pre-Authentication Encoding, the bytes that are actually signed:
/// <c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>, where LEN is the byte length in ASCII decimal
/// without leading zeros and the type is UTF-8. Signing the PAE rather than the payload binds the payload type.
/// </summary>
public static class Pae
{
    private static readonly byte[] s_prefix = "DSSEv1 "u8.ToArray();

    /// <summary>Encodes a payload and its type.</summary>
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        var type = Encoding.UTF8.GetBytes(payloadType);
        var typeLength = Encoding.ASCII.GetBytes(type.Length.ToString(CultureInfo.InvariantCulture));
        var bodyLength = Encoding.ASCII.GetBytes(payload.Length.ToString(CultureInfo.InvariantCulture));
        var result = new byte[s_prefix.Length + typeLength.Length + 1 + type.Length + 1 + bodyLength.Length + 1 + payload.Length];
        var span = result.AsSpan();
        s_prefix.CopyTo(span);
        span = span[s_prefix.Length..];
        typeLength.CopyTo(span);
        span[typeLength.Length] = (byte)' ';
        span = span[(typeLength.Length + 1)..];
        type.CopyTo(span);
        span[type.Length] = (byte)' ';
        span = span[(type.Length + 1)..];
        bodyLength.CopyTo(span);
        span[bodyLength.Length] = (byte)' ';
        span = span[(bodyLength.Length + 1)..];
        payload.CopyTo(span);
        return result;
    }
}
