using System;
using System.Security.Cryptography;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// Ed25519 through Portable.BouncyCastle (<c>Org.BouncyCastle.Math.EC.Rfc8032.Ed25519</c>). The only file of
/// SupplyChain.Core that references BouncyCastle. To move to BouncyCastle.Cryptography (2.x) the calls below keep
/// their names; only the package reference changes.
/// </summary>
internal sealed class BouncyCastleEd25519Provider : IEd25519Provider
{
    /// <summary>The one instance.</summary>
    public static BouncyCastleEd25519Provider Instance { get; } = new();

    /// <inheritdoc />
    public byte[] GetPublicKey(ReadOnlySpan<byte> privateKey)
    {
        var sk = privateKey.ToArray();
        try
        {
            var pk = new byte[Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.PublicKeySize];
            Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.GeneratePublicKey(sk, 0, pk, 0);
            return pk;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sk);
        }
    }

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message)
    {
        var sk = privateKey.ToArray();
        try
        {
            var m = message.ToArray();
            var sig = new byte[Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.SignatureSize];
            Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Sign(sk, 0, m, 0, m.Length, sig, 0);
            return sig;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sk);
        }
    }

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        try
        {
            var m = message.ToArray();
            return Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, m, 0, m.Length);
        }
#pragma warning disable CA1031 // A verifier answers false for any input it cannot handle; it never throws.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
