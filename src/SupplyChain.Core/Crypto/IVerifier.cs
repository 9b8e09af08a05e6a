using System;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// A trusted public key that checks signatures. <see cref="Verify"/> never throws for a bad, truncated or
/// malformed signature: it returns false.
/// </summary>
public interface IVerifier
{
    /// <summary>The key id under which this key is trusted (from metadata, or the TUF key id of the key).</summary>
    string KeyId { get; }

    /// <summary>The public key.</summary>
    PublicKey PublicKey { get; }

    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="data"/> by this key.</summary>
    bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}

/// <summary>Which encodings of an ECDSA signature a verifier accepts.</summary>
public enum EcdsaSignatureEncoding
{
    /// <summary>DER (<c>Ecdsa-Sig-Value</c>, RFC 3279) only: what we write and what TUF, cosign and Sigstore use.</summary>
    Der,

    /// <summary>
    /// DER, or the raw fixed-width r‖s form (IEEE P1363). Only for inputs that are known to use r‖s, such as the
    /// DSSE specification's test vector; ask for it explicitly.
    /// </summary>
    DerOrIeeeP1363,
}
