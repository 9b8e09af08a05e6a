using System;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// Encrypted PKCS#8 (EncryptedPrivateKeyInfo, RFC 5208/5958) with PBES2 (RFC 8018): PBKDF2 with HMAC-SHA-1/256/384/512
/// and AES-128/192/256-CBC or DES-EDE3-CBC. This is what OpenSSL 1.1+ and 3, pyca/cryptography and .NET write.
/// We decrypt every key type ourselves (the BCL decrypts only keys it can import, and it has no Ed25519), which also
/// tells a wrong password apart from a malformed file. The password is encoded as UTF-8, as OpenSSL and .NET do.
/// </summary>
internal static class Pbes2
{
    /// <summary>PBKDF2 iterations used when we encrypt (the OWASP 2023 figure for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterationCount = 600_000;

    /// <summary>The most PBKDF2 iterations accepted when decrypting, so a crafted file cannot stall a build.</summary>
    public const int MaxIterationCount = 10_000_000;

    private const string Pbes2Oid = "1.2.840.113549.1.5.13";
    private const string Pbkdf2Oid = "1.2.840.113549.1.5.12";
    private const string HmacSha1Oid = "1.2.840.113549.2.7";
    private const string HmacSha256Oid = "1.2.840.113549.2.9";
    private const string HmacSha384Oid = "1.2.840.113549.2.10";
    private const string HmacSha512Oid = "1.2.840.113549.2.11";
    private const string Aes128CbcOid = "2.16.840.1.101.3.4.1.2";
    private const string Aes192CbcOid = "2.16.840.1.101.3.4.1.22";
    private const string Aes256CbcOid = "2.16.840.1.101.3.4.1.42";
    private const string DesEde3CbcOid = "1.2.840.113549.3.7";

    /// <summary>Decrypts an EncryptedPrivateKeyInfo to its PrivateKeyInfo DER.</summary>
    /// <exception cref="KeyDecryptionException">Malformed, unsupported scheme, or wrong password.</exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> encryptedPrivateKeyInfo, ReadOnlySpan<char> password)
    {
        string schemeOid;
        string? prfOid;
        string cipherOid;
        byte[] salt;
        int iterations;
        int? keyLength;
        byte[] iv;
        byte[] encrypted;
        try
        {
            var reader = new AsnReader(encryptedPrivateKeyInfo.ToArray(), AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var algorithm = info.ReadSequence();
            schemeOid = algorithm.ReadObjectIdentifier();
            if (schemeOid != Pbes2Oid)
            {
                throw new KeyDecryptionException(KeyDecryptionFailure.UnsupportedScheme, DescribeScheme(schemeOid));
            }

            var parameters = algorithm.ReadSequence();
            algorithm.ThrowIfNotEmpty();

            var kdf = parameters.ReadSequence();
            var kdfOid = kdf.ReadObjectIdentifier();
            if (kdfOid != Pbkdf2Oid)
            {
                throw new KeyDecryptionException(KeyDecryptionFailure.UnsupportedScheme, "PBES2 with key derivation " + DescribeScheme(kdfOid));
            }

            var kdfParameters = kdf.ReadSequence();
            kdf.ThrowIfNotEmpty();
            salt = kdfParameters.ReadOctetString();
            if (!kdfParameters.TryReadInt32(out iterations) || iterations < 1)
            {
                throw new AsnContentException("The PBKDF2 iteration count is not valid.");
            }

            keyLength = null;
            if (kdfParameters.HasData && kdfParameters.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                if (!kdfParameters.TryReadInt32(out var length) || length < 1)
                {
                    throw new AsnContentException("The PBKDF2 key length is not valid.");
                }

                keyLength = length;
            }

            prfOid = null;
            if (kdfParameters.HasData)
            {
                var prf = kdfParameters.ReadSequence();
                prfOid = prf.ReadObjectIdentifier();
                if (prf.HasData)
                {
                    prf.ReadNull();
                }

                prf.ThrowIfNotEmpty();
            }

            kdfParameters.ThrowIfNotEmpty();

            var cipher = parameters.ReadSequence();
            cipherOid = cipher.ReadObjectIdentifier();
            iv = cipher.ReadOctetString();
            cipher.ThrowIfNotEmpty();
            parameters.ThrowIfNotEmpty();

            encrypted = info.ReadOctetString();
            info.ThrowIfNotEmpty();
        }
        catch (AsnContentException)
        {
            throw new KeyDecryptionException(KeyDecryptionFailure.Malformed, "the EncryptedPrivateKeyInfo structure is not valid DER");
        }

        var hash = prfOid switch
        {
            null or HmacSha1Oid => HashAlgorithmName.SHA1,
            HmacSha256Oid => HashAlgorithmName.SHA256,
            HmacSha384Oid => HashAlgorithmName.SHA384,
            HmacSha512Oid => HashAlgorithmName.SHA512,
            _ => throw new KeyDecryptionException(KeyDecryptionFailure.UnsupportedScheme, "PBKDF2 with PRF " + prfOid),
        };

        var (cipherKeyLength, blockSize) = cipherOid switch
        {
            Aes128CbcOid => (16, 16),
            Aes192CbcOid => (24, 16),
            Aes256CbcOid => (32, 16),
            DesEde3CbcOid => (24, 8),
            _ => throw new KeyDecryptionException(KeyDecryptionFailure.UnsupportedScheme, "PBES2 with cipher " + cipherOid),
        };

        if (iterations > MaxIterationCount)
        {
            throw new KeyDecryptionException(KeyDecryptionFailure.UnsupportedScheme, $"PBKDF2 with {iterations} iterations (more than {MaxIterationCount})");
        }

        if (iv.Length != blockSize || (keyLength is not null && keyLength != cipherKeyLength) || encrypted.Length == 0 || encrypted.Length % blockSize != 0)
        {
            throw new KeyDecryptionException(KeyDecryptionFailure.Malformed, "the PBES2 parameters do not fit the cipher");
        }

        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, hash, cipherKeyLength);
        try
        {
            using SymmetricAlgorithm algorithm = cipherOid == DesEde3CbcOid ? TripleDES.Create() : Aes.Create();
            algorithm.Key = key;
            return algorithm.DecryptCbc(encrypted, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            // Bad padding after decryption: with a block cipher in CBC mode this is what a wrong password looks like.
            throw new KeyDecryptionException(KeyDecryptionFailure.WrongPassword, "the password is wrong");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Encrypts a PrivateKeyInfo: PBES2, PBKDF2-HMAC-SHA256 with a 16-byte random salt, AES-256-CBC.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> privateKeyInfo, ReadOnlySpan<char> password, int iterations = DefaultIterationCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(16);
        var iv = RandomNumberGenerator.GetBytes(16);
        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32);
        byte[] encrypted;
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            encrypted = aes.EncryptCbc(privateKeyInfo, iv, PaddingMode.PKCS7);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Pbes2Oid);
                using (writer.PushSequence())
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Pbkdf2Oid);
                        using (writer.PushSequence())
                        {
                            writer.WriteOctetString(salt);
                            writer.WriteInteger(iterations);
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(HmacSha256Oid);
                                writer.WriteNull();
                            }
                        }
                    }

                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Aes256CbcOid);
                        writer.WriteOctetString(iv);
                    }
                }
            }

            writer.WriteOctetString(encrypted);
        }

        return writer.Encode();
    }

    private static string DescribeScheme(string oid) => oid switch
    {
        "1.2.840.113549.1.5.3" => "PBES1 pbeWithMD5AndDES-CBC",
        "1.2.840.113549.1.5.10" => "PBES1 pbeWithSHA1AndDES-CBC",
        "1.2.840.113549.1.12.1.3" => "PKCS#12 pbeWithSHAAnd3-KeyTripleDES-CBC",
        "1.2.840.113549.1.12.1.6" => "PKCS#12 pbeWithSHAAnd40BitRC2-CBC",
        "1.3.6.1.4.1.11591.4.11" => "scrypt",
        _ => "OID " + oid,
    };
}

/// <summary>Why an encrypted private key could not be decrypted.</summary>
internal enum KeyDecryptionFailure
{
    /// <summary>The structure is not an EncryptedPrivateKeyInfo.</summary>
    Malformed,

    /// <summary>The encryption scheme is not one we implement.</summary>
    UnsupportedScheme,

    /// <summary>Decryption with the password gave garbage.</summary>
    WrongPassword,
}

/// <summary>A failure of <see cref="Pbes2.Decrypt"/>; the message never holds key material or the password.</summary>
internal sealed class KeyDecryptionException : Exception
{
    public KeyDecryptionException(KeyDecryptionFailure failure, string detail)
        : base(detail)
    {
        Failure = failure;
    }

    public KeyDecryptionException()
    {
    }

    public KeyDecryptionException(string message)
        : base(message)
    {
    }

    public KeyDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KeyDecryptionFailure Failure { get; }
}
