using System;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// Something that signs bytes: a loaded private key (<see cref="SigningKey"/>) or an external signer.
/// ECDSA signers return DER-encoded signatures; RSA signers RSASSA-PSS; Ed25519 signers the 64-byte RFC 8032 form.
/// </summary>
public interface ISigner
{
    /// <summary>The TUF key id of <see cref="PublicKey"/>; written as the <c>keyid</c> of DSSE and TUF signatures.</summary>
    string KeyId { get; }

    /// <summary>The public key that verifies the signatures.</summary>
    PublicKey PublicKey { get; }

    /// <summary>Signs the bytes (the signer hashes them itself; pass the whole message, not a digest).</summary>
    byte[] Sign(ReadOnlySpan<byte> data);
}
