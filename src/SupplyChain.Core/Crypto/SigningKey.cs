using System;
using System.Security.Cryptography;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// A private key loaded in memory: ECDSA P-256/P-384 (DER signatures), RSA (RSASSA-PSS SHA-256) or Ed25519.
/// Load one with <see cref="KeyLoader"/> or make one with <see cref="KeyGenerator"/>; dispose it when done.
/// Its key material is never part of a message, a diagnostic or <see cref="object.ToString"/>.
/// </summary>
public abstract class SigningKey : ISigner, IDisposable
{
    private bool _disposed;

    private protected SigningKey(PublicKey publicKey)
    {
        PublicKey = publicKey;
    }

    /// <summary>The key type.</summary>
    public KeyAlgorithm Algorithm => PublicKey.Algorithm;

    /// <inheritdoc />
    public PublicKey PublicKey { get; }

    /// <inheritdoc />
    public string KeyId => PublicKey.KeyId;

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return SignCore(data);
    }

    /// <summary>The unencrypted PKCS#8 PrivateKeyInfo DER. The caller clears it after use.</summary>
    public byte[] ExportPkcs8PrivateKey()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ExportPkcs8Core();
    }

    /// <summary>The PKCS#8 PEM (<c>BEGIN PRIVATE KEY</c>), or with a password the encrypted PKCS#8 PEM
    /// (<c>BEGIN ENCRYPTED PRIVATE KEY</c>: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC).</summary>
    /// <param name="password">The password; empty for an unencrypted key.</param>
    public string ExportPkcs8Pem(ReadOnlySpan<char> password = default) => ExportPkcs8Pem(password, Pbes2.DefaultIterationCount);

    /// <inheritdoc />
    public override string ToString() => Algorithm.ToName() + " private key " + KeyId;

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    internal string ExportPkcs8Pem(ReadOnlySpan<char> password, int iterations)
    {
        var der = ExportPkcs8PrivateKey();
        try
        {
            if (password.IsEmpty)
            {
                return new string(PemEncoding.Write("PRIVATE KEY", der)) + "\n";
            }

            return new string(PemEncoding.Write("ENCRYPTED PRIVATE KEY", Pbes2.Encrypt(der, password, iterations))) + "\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Signs; the key is not disposed.</summary>
    private protected abstract byte[] SignCore(ReadOnlySpan<byte> data);

    /// <summary>Exports the PrivateKeyInfo DER.</summary>
    private protected abstract byte[] ExportPkcs8Core();

    /// <summary>Releases the key.</summary>
    protected virtual void Dispose(bool disposing)
    {
        _disposed = true;
    }
}

/// <summary>An ECDSA private key; signatures are DER, hash SHA-256 for P-256 and SHA-384 for P-384.</summary>
internal sealed class EcdsaSigningKey : SigningKey
{
    private readonly ECDsa _ecdsa;

    public EcdsaSigningKey(ECDsa ecdsa, string origin)
        : base(PublicKey.FromEcdsa(ecdsa, origin))
    {
        _ecdsa = ecdsa;
    }

    private protected override byte[] SignCore(ReadOnlySpan<byte> data)
    {
        var hash = Algorithm == KeyAlgorithm.EcdsaP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        return _ecdsa.SignData(data, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    private protected override byte[] ExportPkcs8Core() => _ecdsa.ExportPkcs8PrivateKey();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ecdsa.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>An RSA private key; signatures are RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt, as securesystemslib writes them.</summary>
internal sealed class RsaSigningKey : SigningKey
{
    private readonly RSA _rsa;

    public RsaSigningKey(RSA rsa, string origin)
        : base(PublicKey.FromRsa(rsa, origin))
    {
        _rsa = rsa;
    }

    // RSASignaturePadding.Pss in .NET uses a salt as long as the hash (32 bytes), what securesystemslib uses.
    private protected override byte[] SignCore(ReadOnlySpan<byte> data) => _rsa.SignData(data.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    private protected override byte[] ExportPkcs8Core() => _rsa.ExportPkcs8PrivateKey();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rsa.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>An Ed25519 private key (its 32-byte seed), signing through the <see cref="IEd25519Provider"/> seam.</summary>
internal sealed class Ed25519SigningKey : SigningKey
{
    private readonly byte[] _privateKey;

    /// <summary>Takes ownership of <paramref name="privateKey"/> and clears it on dispose.</summary>
    public Ed25519SigningKey(byte[] privateKey, string origin)
        : base(PublicKey.FromEd25519(Ed25519.GetPublicKey(privateKey), origin))
    {
        _privateKey = privateKey;
    }

    private protected override byte[] SignCore(ReadOnlySpan<byte> data) => Ed25519.Sign(_privateKey, data);

    private protected override byte[] ExportPkcs8Core() => KeyEncoding.EncodeEd25519PrivateKey(_privateKey);

    protected override void Dispose(bool disposing)
    {
        CryptographicOperations.ZeroMemory(_privateKey);
        base.Dispose(disposing);
    }
}
