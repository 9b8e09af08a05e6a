using System;
using System.Diagnostics.CodeAnalysis;

namespace SupplyChain.Core.Crypto;

/// <summary>The key types SupplyChain.Sdk signs and verifies with.</summary>
public enum KeyAlgorithm
{
    /// <summary>ECDSA on NIST P-256 with SHA-256, DER signatures (TUF scheme <c>ecdsa-sha2-nistp256</c>). The default.</summary>
    EcdsaP256,

    /// <summary>ECDSA on NIST P-384 with SHA-384, DER signatures (TUF scheme <c>ecdsa-sha2-nistp384</c>).</summary>
    EcdsaP384,

    /// <summary>RSA with RSASSA-PSS, SHA-256 and MGF1-SHA-256 (TUF scheme <c>rsassa-pss-sha256</c>).</summary>
    Rsa,

    /// <summary>Ed25519 (RFC 8032, pure; TUF scheme <c>ed25519</c>).</summary>
    Ed25519,
}

/// <summary>The names users type for <see cref="KeyAlgorithm"/> (<c>supplychain keygen --type</c>).</summary>
public static class KeyAlgorithmNames
{
    /// <summary><c>ecdsa-p256</c>.</summary>
    public const string EcdsaP256 = "ecdsa-p256";

    /// <summary><c>ecdsa-p384</c>.</summary>
    public const string EcdsaP384 = "ecdsa-p384";

    /// <summary><c>rsa</c>.</summary>
    public const string Rsa = "rsa";

    /// <summary><c>ed25519</c>.</summary>
    public const string Ed25519 = "ed25519";

    /// <summary>Every name, in the order they are listed to users.</summary>
    public static readonly string[] All = { EcdsaP256, EcdsaP384, Ed25519, Rsa };

    /// <summary>The name of an algorithm.</summary>
    public static string ToName(this KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.EcdsaP256 => EcdsaP256,
        KeyAlgorithm.EcdsaP384 => EcdsaP384,
        KeyAlgorithm.Rsa => Rsa,
        KeyAlgorithm.Ed25519 => Ed25519,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>Parses a name (case-insensitive).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out KeyAlgorithm? algorithm)
    {
        algorithm = name?.Trim().ToUpperInvariant() switch
        {
            "ECDSA-P256" or "ECDSA" or "P256" => KeyAlgorithm.EcdsaP256,
            "ECDSA-P384" or "P384" => KeyAlgorithm.EcdsaP384,
            "RSA" => KeyAlgorithm.Rsa,
            "ED25519" => KeyAlgorithm.Ed25519,
            _ => null,
        };
        return algorithm is not null;
    }
}
