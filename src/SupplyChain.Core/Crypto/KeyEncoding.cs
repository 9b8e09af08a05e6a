using System;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// The DER structures of keys that the BCL cannot read for us: the algorithm of a PKCS#8 PrivateKeyInfo
/// (RFC 5208/5958) or a SubjectPublicKeyInfo (RFC 5280), and Ed25519 keys in both (RFC 8410).
/// </summary>
internal static class KeyEncoding
{
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";
    public const string P256Oid = "1.2.840.10045.3.1.7";
    public const string P384Oid = "1.3.132.0.34";
    public const string P521Oid = "1.3.132.0.35";
    public const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    public const string RsaPssOid = "1.2.840.113549.1.1.10";
    public const string Ed25519Oid = "1.3.101.112";
    public const string Ed448Oid = "1.3.101.113";
    public const string X25519Oid = "1.3.101.110";
    public const string X448Oid = "1.3.101.111";
    public const string DsaOid = "1.2.840.10040.4.1";

    /// <summary>Reads the algorithm of a PrivateKeyInfo (OneAsymmetricKey) without its key.</summary>
    /// <exception cref="AsnContentException">The DER is not a PrivateKeyInfo.</exception>
    public static KeyAlgorithmIdentifier ReadPrivateKeyAlgorithm(ReadOnlySpan<byte> der)
    {
        var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
        var info = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        if (!info.TryReadInt32(out var version) || version is < 0 or > 1)
        {
            throw new AsnContentException("The PrivateKeyInfo version is not 0 or 1.");
        }

        return ReadAlgorithmIdentifier(info.ReadSequence());
    }

    /// <summary>Reads the algorithm of a SubjectPublicKeyInfo without its key.</summary>
    /// <exception cref="AsnContentException">The DER is not a SubjectPublicKeyInfo.</exception>
    public static KeyAlgorithmIdentifier ReadPublicKeyAlgorithm(ReadOnlySpan<byte> der)
    {
        var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
        var info = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var algorithm = ReadAlgorithmIdentifier(info.ReadSequence());
        _ = info.ReadBitString(out _);
        info.ThrowIfNotEmpty();
        return algorithm;
    }

    /// <summary>A human name for an algorithm, for messages.</summary>
    public static string DescribeAlgorithm(KeyAlgorithmIdentifier algorithm) => algorithm.Oid switch
    {
        EcPublicKeyOid => algorithm.Parameter switch
        {
            P256Oid => "ECDSA P-256",
            P384Oid => "ECDSA P-384",
            P521Oid => "ECDSA P-521",
            null => "EC (no named curve)",
            var curve => "EC curve " + curve,
        },
        RsaEncryptionOid => "RSA",
        RsaPssOid => "RSASSA-PSS (RSA key restricted to PSS by its OID)",
        Ed25519Oid => "Ed25519",
        Ed448Oid => "Ed448",
        X25519Oid => "X25519",
        X448Oid => "X448",
        DsaOid => "DSA",
        var oid => "OID " + oid,
    };

    /// <summary>Maps an algorithm to ours, or null when unsupported.</summary>
    public static KeyAlgorithm? ToKeyAlgorithm(KeyAlgorithmIdentifier algorithm) => algorithm.Oid switch
    {
        EcPublicKeyOid when algorithm.Parameter == P256Oid => KeyAlgorithm.EcdsaP256,
        EcPublicKeyOid when algorithm.Parameter == P384Oid => KeyAlgorithm.EcdsaP384,
        RsaEncryptionOid => KeyAlgorithm.Rsa,
        Ed25519Oid => KeyAlgorithm.Ed25519,
        _ => null,
    };

    /// <summary>The PKCS#8 PrivateKeyInfo of an Ed25519 private key (RFC 8410 section 7).</summary>
    public static byte[] EncodeEd25519PrivateKey(ReadOnlySpan<byte> privateKey)
    {
        var inner = new AsnWriter(AsnEncodingRules.DER);
        inner.WriteOctetString(privateKey);
        var curvePrivateKey = inner.Encode();
        try
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Ed25519Oid);
                }

                writer.WriteOctetString(curvePrivateKey);
            }

            return writer.Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(curvePrivateKey);
        }
    }

    /// <summary>
    /// The 32-byte private key of an Ed25519 PrivateKeyInfo, and the public key it embeds (version 1, RFC 5958) or null.
    /// </summary>
    /// <exception cref="AsnContentException">The DER is not an Ed25519 PrivateKeyInfo.</exception>
    public static byte[] DecodeEd25519PrivateKey(ReadOnlySpan<byte> der, out byte[]? embeddedPublicKey)
    {
        var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
        var info = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        if (!info.TryReadInt32(out var version) || version is < 0 or > 1)
        {
            throw new AsnContentException("The PrivateKeyInfo version is not 0 or 1.");
        }

        var algorithm = ReadAlgorithmIdentifier(info.ReadSequence());
        if (algorithm.Oid != Ed25519Oid || algorithm.Parameter is not null)
        {
            throw new AsnContentException("The algorithm is not Ed25519 without parameters.");
        }

        var curvePrivateKey = info.ReadOctetString();
        byte[] privateKey;
        try
        {
            var inner = new AsnReader(curvePrivateKey, AsnEncodingRules.DER);
            privateKey = inner.ReadOctetString();
            inner.ThrowIfNotEmpty();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(curvePrivateKey);
        }

        if (privateKey.Length != Ed25519.KeySize)
        {
            CryptographicOperations.ZeroMemory(privateKey);
            throw new AsnContentException("The Ed25519 private key is not 32 bytes.");
        }

        embeddedPublicKey = null;
        var attributes = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (info.HasData && info.PeekTag().HasSameClassAndValue(attributes))
        {
            _ = info.ReadEncodedValue();
        }

        var publicKeyTag = new Asn1Tag(TagClass.ContextSpecific, 1);
        if (info.HasData && info.PeekTag().HasSameClassAndValue(publicKeyTag))
        {
            embeddedPublicKey = info.ReadBitString(out var unused, publicKeyTag);
            if (unused != 0 || version != 1)
            {
                throw new AsnContentException("The embedded public key is malformed.");
            }
        }

        info.ThrowIfNotEmpty();
        return privateKey;
    }

    /// <summary>The SubjectPublicKeyInfo of an Ed25519 public key.</summary>
    public static byte[] EncodeEd25519PublicKey(ReadOnlySpan<byte> publicKey)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Ed25519Oid);
            }

            writer.WriteBitString(publicKey);
        }

        return writer.Encode();
    }

    /// <summary>The 32 bytes of an Ed25519 SubjectPublicKeyInfo.</summary>
    /// <exception cref="AsnContentException">The DER is not an Ed25519 SubjectPublicKeyInfo.</exception>
    public static byte[] DecodeEd25519PublicKey(ReadOnlySpan<byte> der)
    {
        var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
        var info = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var algorithm = ReadAlgorithmIdentifier(info.ReadSequence());
        if (algorithm.Oid != Ed25519Oid || algorithm.Parameter is not null)
        {
            throw new AsnContentException("The algorithm is not Ed25519 without parameters.");
        }

        var key = info.ReadBitString(out var unused);
        info.ThrowIfNotEmpty();
        if (unused != 0 || key.Length != Ed25519.KeySize)
        {
            throw new AsnContentException("The Ed25519 public key is not 32 bytes.");
        }

        return key;
    }

    // AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }.
    // Parameter is the curve OID for EC keys; NULL parameters (RSA) are read as no parameter.
    private static KeyAlgorithmIdentifier ReadAlgorithmIdentifier(AsnReader sequence)
    {
        var oid = sequence.ReadObjectIdentifier();
        string? parameter = null;
        if (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            if (tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                parameter = sequence.ReadObjectIdentifier();
            }
            else if (tag.HasSameClassAndValue(Asn1Tag.Null))
            {
                sequence.ReadNull();
            }
            else
            {
                _ = sequence.ReadEncodedValue();
            }
        }

        sequence.ThrowIfNotEmpty();
        return new KeyAlgorithmIdentifier(oid, parameter);
    }
}

/// <summary>An AlgorithmIdentifier: the OID and, for EC keys, the named curve OID.</summary>
internal sealed record KeyAlgorithmIdentifier(string Oid, string? Parameter);
