using System;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// The seam for the Ed25519 arithmetic, which the BCL does not have. Exactly one implementation file talks to a
/// third-party library (<see cref="BouncyCastleEd25519Provider"/>); swapping the library means replacing that file.
/// Callers go through <see cref="Ed25519"/>, which checks every input before a provider sees it.
/// </summary>
internal interface IEd25519Provider
{
    /// <summary>Derives the 32-byte public key from a 32-byte private key (the RFC 8032 seed).</summary>
    byte[] GetPublicKey(ReadOnlySpan<byte> privateKey);

    /// <summary>Signs a message with a 32-byte private key; returns the 64-byte signature R‖S.</summary>
    byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message);

    /// <summary>Verifies a 64-byte signature with a 32-byte public key. Must not throw.</summary>
    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
