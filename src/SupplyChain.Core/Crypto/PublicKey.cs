using System;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// A public key of a supported type, held as its SubjectPublicKeyInfo DER. Two keys are equal when their
/// SubjectPublicKeyInfo bytes are. Immutable and safe to share between threads.
/// </summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    /// <summary>The smallest RSA modulus accepted, in bits.</summary>
    public const int MinimumRsaKeySize = 2048;

    /// <summary>The largest RSA modulus accepted, in bits (bounds the cost of a verification).</summary>
    public const int MaximumRsaKeySize = 16384;

    private readonly byte[] _subjectPublicKeyInfo;
    private readonly byte[]? _ed25519;
    private readonly BigInteger _rsaModulus;
    private readonly BigInteger _rsaExponent;
    private string? _keyId;

    private PublicKey(KeyAlgorithm algorithm, int keySize, byte[] subjectPublicKeyInfo, byte[]? ed25519, BigInteger rsaModulus, BigInteger rsaExponent)
    {
        Algorithm = algorithm;
        KeySize = keySize;
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
        _ed25519 = ed25519;
        _rsaModulus = rsaModulus;
        _rsaExponent = rsaExponent;
    }

    /// <summary>The key type.</summary>
    public KeyAlgorithm Algorithm { get; }

    /// <summary>The key size in bits: 256, 384, the RSA modulus size, or 256 for Ed25519.</summary>
    public int KeySize { get; }

    /// <summary>The TUF key id: hex SHA-256 of the canonical JSON of <see cref="ToTufKey"/>.</summary>
    public string KeyId => _keyId ??= ToTufKey().ComputeKeyId();

    /// <summary>The SubjectPublicKeyInfo DER.</summary>
    public ReadOnlySpan<byte> SubjectPublicKeyInfo => _subjectPublicKeyInfo;

    /// <summary>The 32 raw bytes of an Ed25519 key.</summary>
    /// <exception cref="InvalidOperationException">The key is not Ed25519.</exception>
    public ReadOnlySpan<byte> Ed25519PublicKey => _ed25519 ?? throw new InvalidOperationException("The key is not an Ed25519 key.");

    /// <summary>Reads a SubjectPublicKeyInfo DER.</summary>
    /// <param name="der">The DER bytes.</param>
    /// <param name="origin">What the key is called in messages (a path or <c>env:NAME</c>).</param>
    /// <exception cref="SupplyChainException">SCSDK3002 malformed, SCSDK3003 unsupported type, SCSDK3011 RSA too small.</exception>
    public static PublicKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> der, string? origin = null)
    {
        origin ??= "(public key)";
        KeyAlgorithmIdentifier identifier;
        try
        {
            identifier = KeyEncoding.ReadPublicKeyAlgorithm(der);
        }
        catch (AsnContentException)
        {
            throw Fail(DiagnosticCatalog.Key_MalformedPem, origin, "the public key is not a valid SubjectPublicKeyInfo");
        }

        var algorithm = KeyEncoding.ToKeyAlgorithm(identifier)
            ?? throw Fail(DiagnosticCatalog.Key_UnsupportedType, origin, KeyEncoding.DescribeAlgorithm(identifier));

        try
        {
            switch (algorithm)
            {
                case KeyAlgorithm.Ed25519:
                    return FromEd25519(KeyEncoding.DecodeEd25519PublicKey(der), origin);
                case KeyAlgorithm.Rsa:
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportSubjectPublicKeyInfo(der, out var read);
                        if (read != der.Length)
                        {
                            throw new CryptographicException();
                        }

                        return FromRsa(rsa, origin);
                    }

                default:
                    using (var ecdsa = ECDsa.Create())
                    {
                        ecdsa.ImportSubjectPublicKeyInfo(der, out var read);
                        if (read != der.Length)
                        {
                            throw new CryptographicException();
                        }

                        return FromEcdsa(ecdsa, origin);
                    }
            }
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            throw Fail(DiagnosticCatalog.Key_MalformedPem, origin, "the public key data is not valid for its type");
        }
    }

    /// <summary>Makes a key from the 32 raw bytes of an Ed25519 public key (TUF's hex <c>keyval.public</c>).</summary>
    /// <exception cref="SupplyChainException">SCSDK3002 when the bytes are not a usable Ed25519 key.</exception>
    public static PublicKey FromEd25519(ReadOnlySpan<byte> publicKey, string? origin = null)
    {
        var rejection = Ed25519.CheckPublicKey(publicKey);
        if (rejection != Ed25519Rejection.None)
        {
            throw Fail(DiagnosticCatalog.Key_MalformedPem, origin ?? "(public key)", "the Ed25519 public key is not usable (" + rejection + ")");
        }

        var raw = publicKey.ToArray();
        return new PublicKey(KeyAlgorithm.Ed25519, 256, KeyEncoding.EncodeEd25519PublicKey(raw), raw, default, default);
    }

    /// <summary>Parses PEM text of a SubjectPublicKeyInfo; same as <see cref="KeyLoader.LoadPublicKeyFromPem"/>.</summary>
    public static PublicKey FromPem(string pem, string? origin = null) => KeyLoader.LoadPublicKeyFromPem(pem, origin);

    /// <summary>The SubjectPublicKeyInfo PEM (<c>BEGIN PUBLIC KEY</c>), 64-character lines, <c>\n</c> line ends and a final newline.</summary>
    public string ExportPem() => new string(PemEncoding.Write("PUBLIC KEY", _subjectPublicKeyInfo)) + "\n";

    /// <summary>The TUF/securesystemslib key object of this key.</summary>
    public TufKey ToTufKey() => TufKey.FromPublicKey(this);

    /// <summary>Creates a verifier for this key.</summary>
    /// <param name="keyId">The key id the verifier answers to; the TUF key id of the key when null.</param>
    /// <param name="ecdsaEncoding">For ECDSA keys: whether raw r‖s signatures are accepted besides DER.</param>
    public IVerifier CreateVerifier(string? keyId = null, EcdsaSignatureEncoding ecdsaEncoding = EcdsaSignatureEncoding.Der)
        => new PublicKeyVerifier(this, keyId ?? KeyId, ecdsaEncoding);

    /// <summary>Verifies a signature with this key. Never throws for a bad signature.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, EcdsaSignatureEncoding ecdsaEncoding = EcdsaSignatureEncoding.Der)
    {
        switch (Algorithm)
        {
            case KeyAlgorithm.Ed25519:
                return Ed25519.Verify(_ed25519, data, signature);
            case KeyAlgorithm.Rsa:
                return RsaPss.Verify(_rsaModulus, _rsaExponent, KeySize, data, signature);
            default:
                using (var ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
                    var hash = Algorithm == KeyAlgorithm.EcdsaP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
                    if (VerifyEcdsa(ecdsa, data, signature, hash, DSASignatureFormat.Rfc3279DerSequence))
                    {
                        return true;
                    }

                    return ecdsaEncoding == EcdsaSignatureEncoding.DerOrIeeeP1363
                        && signature.Length == 2 * ((KeySize + 7) / 8)
                        && VerifyEcdsa(ecdsa, data, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }
        }
    }

    /// <summary>
    /// The hash a signature by this key is checked over, to be fed the whole message (in pieces) and handed to
    /// <see cref="VerifyMessageHash"/>: SHA-256 (ECDSA P-256, RSA-PSS), SHA-384 (ECDSA P-384), or for Ed25519 SHA-512
    /// already holding R ‖ A. Null when the signature cannot be valid whatever the message (an Ed25519 key or
    /// signature that <see cref="Ed25519.Check"/> refuses). For messages too large to hold twice.
    /// </summary>
    internal IncrementalHash? CreateMessageHash(ReadOnlySpan<byte> signature) => Algorithm switch
    {
        KeyAlgorithm.Ed25519 => Ed25519.CreateMessageHash(_ed25519, signature),
        KeyAlgorithm.EcdsaP384 => IncrementalHash.CreateHash(HashAlgorithmName.SHA384),
        _ => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
    };

    /// <summary>
    /// As <see cref="Verify"/>, from the hash <see cref="CreateMessageHash"/> made for this signature after it was fed
    /// the message (the hash is reset). The same answer as <see cref="Verify"/> over the message. Never throws for a
    /// bad signature.
    /// </summary>
    internal bool VerifyMessageHash(IncrementalHash messageHash, ReadOnlySpan<byte> signature, EcdsaSignatureEncoding ecdsaEncoding = EcdsaSignatureEncoding.Der)
    {
        ArgumentNullException.ThrowIfNull(messageHash);
        Span<byte> digest = stackalloc byte[64];
        var length = messageHash.GetHashAndReset(digest);
        digest = digest[..length];
        switch (Algorithm)
        {
            case KeyAlgorithm.Ed25519:
                return messageHash.AlgorithmName == HashAlgorithmName.SHA512 && Ed25519.VerifyMessageHash(_ed25519, signature, digest);
            case KeyAlgorithm.Rsa:
                return messageHash.AlgorithmName == HashAlgorithmName.SHA256 && RsaPss.VerifyHash(_rsaModulus, _rsaExponent, KeySize, digest, signature);
            default:
                var hash = Algorithm == KeyAlgorithm.EcdsaP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
                if (messageHash.AlgorithmName != hash)
                {
                    return false;
                }

                using (var ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
                    if (VerifyEcdsaHash(ecdsa, digest, signature, DSASignatureFormat.Rfc3279DerSequence))
                    {
                        return true;
                    }

                    return ecdsaEncoding == EcdsaSignatureEncoding.DerOrIeeeP1363
                        && signature.Length == 2 * ((KeySize + 7) / 8)
                        && VerifyEcdsaHash(ecdsa, digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }
        }
    }

    /// <inheritdoc />
    public bool Equals(PublicKey? other) => other is not null && _subjectPublicKeyInfo.AsSpan().SequenceEqual(other._subjectPublicKeyInfo);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_subjectPublicKeyInfo);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => Algorithm.ToName() + " " + KeyId;

    internal static PublicKey FromEcdsa(ECDsa ecdsa, string origin)
    {
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        KeyAlgorithm algorithm;
        if (parameters.Curve.IsNamed && parameters.Curve.Oid.Value == KeyEncoding.P256Oid)
        {
            algorithm = KeyAlgorithm.EcdsaP256;
        }
        else if (parameters.Curve.IsNamed && parameters.Curve.Oid.Value == KeyEncoding.P384Oid)
        {
            algorithm = KeyAlgorithm.EcdsaP384;
        }
        else
        {
            throw Fail(DiagnosticCatalog.Key_UnsupportedType, origin, "EC curve " + (parameters.Curve.Oid?.Value ?? parameters.Curve.Oid?.FriendlyName ?? "(explicit)"));
        }

        return new PublicKey(algorithm, ecdsa.KeySize, ecdsa.ExportSubjectPublicKeyInfo(), null, default, default);
    }

    internal static PublicKey FromRsa(RSA rsa, string origin)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var modulus = new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true);
        var exponent = new BigInteger(parameters.Exponent, isUnsigned: true, isBigEndian: true);
        var bits = (int)modulus.GetBitLength();
        if (bits < MinimumRsaKeySize)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_RsaKeyTooSmall, FileOf(origin), 0, origin, bits));
        }

        if (bits > MaximumRsaKeySize || exponent < 3 || exponent.IsEven || exponent.GetBitLength() > 64)
        {
            throw Fail(DiagnosticCatalog.Key_UnsupportedType, origin, $"RSA with a {bits}-bit modulus and an unusual public exponent or size");
        }

        return new PublicKey(KeyAlgorithm.Rsa, bits, rsa.ExportSubjectPublicKeyInfo(), null, modulus, exponent);
    }

    internal static SupplyChainException Fail(DiagnosticDescriptor descriptor, string origin, string detail)
        => new(Diagnostic.Create(descriptor, FileOf(origin), 0, origin, detail));

    internal static string? FileOf(string origin) => origin.StartsWith("env:", StringComparison.Ordinal) || origin.StartsWith('(') ? null : origin;

    private static bool VerifyEcdsa(ECDsa ecdsa, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash, DSASignatureFormat format)
    {
        try
        {
            return ecdsa.VerifyData(data, signature, hash, format);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool VerifyEcdsaHash(ECDsa ecdsa, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, DSASignatureFormat format)
    {
        try
        {
            return ecdsa.VerifyHash(hash, signature, format);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private sealed class PublicKeyVerifier : IVerifier
    {
        private readonly EcdsaSignatureEncoding _ecdsaEncoding;

        public PublicKeyVerifier(PublicKey publicKey, string keyId, EcdsaSignatureEncoding ecdsaEncoding)
        {
            PublicKey = publicKey;
            KeyId = keyId;
            _ecdsaEncoding = ecdsaEncoding;
        }

        public string KeyId { get; }

        public PublicKey PublicKey { get; }

        public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => PublicKey.Verify(data, signature, _ecdsaEncoding);
    }
}
