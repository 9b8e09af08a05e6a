using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Crypto;

/// <summary>Makes new keys and writes them as PEM: the PKCS#8 private key and its SubjectPublicKeyInfo <c>.pub</c>.</summary>
public static class KeyGenerator
{
    /// <summary>The RSA modulus size used when none is given (python-tuf's default).</summary>
    public const int DefaultRsaKeySize = 3072;

    /// <summary>Makes a new key in memory.</summary>
    /// <param name="algorithm">The key type.</param>
    /// <param name="rsaKeySize">For RSA, the modulus size in bits (2048 to 16384, a multiple of 8).</param>
    public static SigningKey Generate(KeyAlgorithm algorithm = KeyAlgorithm.EcdsaP256, int rsaKeySize = DefaultRsaKeySize)
    {
        const string origin = "(generated key)";
        switch (algorithm)
        {
            case KeyAlgorithm.EcdsaP256:
            case KeyAlgorithm.EcdsaP384:
                var ecdsa = ECDsa.Create(algorithm == KeyAlgorithm.EcdsaP256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
                return new EcdsaSigningKey(ecdsa, origin);
            case KeyAlgorithm.Rsa:
                if (rsaKeySize is < PublicKey.MinimumRsaKeySize or > PublicKey.MaximumRsaKeySize || rsaKeySize % 8 != 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(rsaKeySize), rsaKeySize, "RSA keys are 2048 to 16384 bits, a multiple of 8.");
                }

                return new RsaSigningKey(RSA.Create(rsaKeySize), origin);
            case KeyAlgorithm.Ed25519:
                return new Ed25519SigningKey(Ed25519.GeneratePrivateKey(), origin);
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null);
        }
    }

    /// <summary>
    /// Makes a new key and writes it to <paramref name="privateKeyPath"/> (PKCS#8 PEM; owner-only permissions on Unix)
    /// and <c>privateKeyPath + ".pub"</c> (SubjectPublicKeyInfo PEM). Existing files are never overwritten.
    /// </summary>
    /// <param name="algorithm">The key type.</param>
    /// <param name="privateKeyPath">Where the private key goes.</param>
    /// <param name="password">A password to encrypt the private key with; empty for none.</param>
    /// <param name="rsaKeySize">For RSA, the modulus size in bits.</param>
    /// <exception cref="SupplyChainException">SCSDK3014 when a file exists, SCSDK3015 when it cannot be written.</exception>
    public static KeyGenerationResult GenerateToFile(KeyAlgorithm algorithm, string privateKeyPath, ReadOnlySpan<char> password = default, int rsaKeySize = DefaultRsaKeySize)
        => GenerateToFile(algorithm, privateKeyPath, password, rsaKeySize, Pbes2.DefaultIterationCount);

    /// <summary>Writes an existing key as <paramref name="privateKeyPath"/> and its <c>.pub</c>, as <see cref="GenerateToFile(KeyAlgorithm, string, ReadOnlySpan{char}, int)"/> does.</summary>
    /// <exception cref="SupplyChainException">SCSDK3014 when a file exists, SCSDK3015 when it cannot be written.</exception>
    public static KeyGenerationResult WriteKeyFiles(SigningKey key, string privateKeyPath, ReadOnlySpan<char> password = default)
        => WriteKeyFiles(key, privateKeyPath, password, Pbes2.DefaultIterationCount);

    internal static KeyGenerationResult GenerateToFile(KeyAlgorithm algorithm, string privateKeyPath, ReadOnlySpan<char> password, int rsaKeySize, int iterations)
    {
        ArgumentNullException.ThrowIfNull(privateKeyPath);
        var publicKeyPath = privateKeyPath + ".pub";
        EnsureAbsent(privateKeyPath);
        EnsureAbsent(publicKeyPath);
        using var key = Generate(algorithm, rsaKeySize);
        return WriteKeyFiles(key, privateKeyPath, password, iterations);
    }

    internal static KeyGenerationResult WriteKeyFiles(SigningKey key, string privateKeyPath, ReadOnlySpan<char> password, int iterations)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(privateKeyPath);
        var publicKeyPath = privateKeyPath + ".pub";
        EnsureAbsent(privateKeyPath);
        EnsureAbsent(publicKeyPath);

        var privatePem = Encoding.ASCII.GetBytes(key.ExportPkcs8Pem(password, iterations));
        try
        {
            WriteNew(privateKeyPath, privatePem, ownerOnly: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privatePem);
        }

        try
        {
            WriteNew(publicKeyPath, Encoding.ASCII.GetBytes(key.PublicKey.ExportPem()), ownerOnly: false);
        }
        catch (SupplyChainException)
        {
            // A private key without its public key is half a result; leave nothing behind.
            TryDelete(privateKeyPath);
            throw;
        }

        return new KeyGenerationResult(key.Algorithm, privateKeyPath, publicKeyPath, key.KeyId, key.PublicKey, !password.IsEmpty);
    }

    private static void EnsureAbsent(string path)
    {
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_OutputExists, path, 0, path));
        }
    }

    private static void WriteNew(string path, byte[] content, bool ownerOnly)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            // Created with 0600 from the start, so the key is never readable by others, not even briefly.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_OutputExists, path, 0, path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_WriteFailed, path, 0, path, ex.Message), ex);
        }

        try
        {
            using (stream)
            {
                stream.Write(content);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(path);
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_WriteFailed, path, 0, path, ex.Message), ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the error that follows names the file.
        }
    }
}

/// <summary>What <see cref="KeyGenerator.GenerateToFile(KeyAlgorithm, string, ReadOnlySpan{char}, int)"/> wrote.</summary>
/// <param name="Algorithm">The key type.</param>
/// <param name="PrivateKeyPath">The PKCS#8 PEM file.</param>
/// <param name="PublicKeyPath">The SubjectPublicKeyInfo PEM file (<c>.pub</c>).</param>
/// <param name="KeyId">The TUF key id of the key.</param>
/// <param name="PublicKey">The public key.</param>
/// <param name="IsEncrypted">True when the private key file is encrypted with a password.</param>
public sealed record KeyGenerationResult(KeyAlgorithm Algorithm, string PrivateKeyPath, string PublicKeyPath, string KeyId, PublicKey PublicKey, bool IsEncrypted);
