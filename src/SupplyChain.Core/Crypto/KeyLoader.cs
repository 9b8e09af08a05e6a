using System;
using System.Formats.Asn1;
using System.IO;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// Loads keys from PEM: private keys as PKCS#8 (<c>BEGIN PRIVATE KEY</c>, or <c>BEGIN ENCRYPTED PRIVATE KEY</c> with
/// a password), public keys as SubjectPublicKeyInfo (<c>BEGIN PUBLIC KEY</c>). A key source is a file path or
/// <c>env:NAME</c>, an environment variable holding the PEM text; a password source is always <c>env:NAME</c>.
/// Every user error is a <see cref="SupplyChainException"/> with an SCSDK3xxx diagnostic; no message ever contains
/// key material or a password.
/// </summary>
public static partial class KeyLoader
{
    /// <summary>The prefix of a source read from an environment variable.</summary>
    public const string EnvironmentPrefix = "env:";

    /// <summary>The largest key file read, in bytes.</summary>
    public const int MaxKeyFileSize = 1024 * 1024;

    /// <summary>Loads a private key for signing.</summary>
    /// <param name="keySource">A PEM file path, or <c>env:NAME</c>.</param>
    /// <param name="passwordSource"><c>env:NAME</c> of the password of an encrypted key, or null.</param>
    /// <param name="sink">Receives warnings (SCSDK3500 for a key file others may read); null to drop them.</param>
    /// <exception cref="SupplyChainException">The key cannot be loaded; the diagnostic says why.</exception>
    public static SigningKey LoadSigningKey(string keySource, string? passwordSource = null, IDiagnosticSink? sink = null)
    {
        var (pem, origin) = ReadSource(keySource);
        if (!IsEnvironmentSource(keySource) && sink is not null)
        {
            CheckPrivateKeyFilePermissions(keySource, sink);
        }

        string? password = null;
        if (!string.IsNullOrEmpty(passwordSource))
        {
            // The form is always checked (a password typed into the setting must not pass silently); the variable is
            // only needed, and so only required, when the key is encrypted.
            ValidatePasswordSource(passwordSource);
            if (PemEncoding.TryFind(pem, out var fields) && pem.AsSpan()[fields.Label].SequenceEqual("ENCRYPTED PRIVATE KEY"))
            {
                password = ResolvePassword(passwordSource, origin);
            }
        }

        return LoadSigningKeyFromPem(pem, password, origin, passwordSource);
    }

    /// <summary>Loads a private key from PEM text.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="password">The password of an encrypted key; empty when there is none.</param>
    /// <param name="origin">What the key is called in messages (a path or <c>env:NAME</c>).</param>
    /// <param name="passwordOrigin">What the password is called in messages.</param>
    /// <exception cref="SupplyChainException">The key cannot be loaded; the diagnostic says why.</exception>
    public static SigningKey LoadSigningKeyFromPem(string pem, ReadOnlySpan<char> password, string? origin = null, string? passwordOrigin = null)
    {
        ArgumentNullException.ThrowIfNull(pem);
        origin ??= "(private key)";
        var (label, der) = ReadPem(pem, origin);
        try
        {
            switch (label)
            {
                case "PRIVATE KEY":
                    return ImportPrivateKeyInfo(der, origin, encrypted: false);
                case "ENCRYPTED PRIVATE KEY":
                    if (password.IsEmpty)
                    {
                        throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_PasswordRequired, PublicKey.FileOf(origin), 0, origin));
                    }

                    byte[] decrypted;
                    try
                    {
                        decrypted = Pbes2.Decrypt(der, password);
                    }
                    catch (KeyDecryptionException ex)
                    {
                        throw ex.Failure switch
                        {
                            KeyDecryptionFailure.UnsupportedScheme => PublicKey.Fail(DiagnosticCatalog.Key_UnsupportedEncryption, origin, ex.Message),
                            KeyDecryptionFailure.WrongPassword => WrongPassword(origin, passwordOrigin),
                            _ => PublicKey.Fail(DiagnosticCatalog.Key_MalformedPem, origin, ex.Message),
                        };
                    }

                    try
                    {
                        return ImportPrivateKeyInfo(decrypted, origin, encrypted: true, passwordOrigin);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(decrypted);
                    }

                case "PUBLIC KEY":
                    throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_PublicKeyGivenForSigning, PublicKey.FileOf(origin), 0, origin));
                default:
                    throw UnsupportedFormat(origin, label);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Loads a public key.</summary>
    /// <param name="keySource">A PEM file path, or <c>env:NAME</c>.</param>
    /// <exception cref="SupplyChainException">The key cannot be loaded; the diagnostic says why.</exception>
    public static PublicKey LoadPublicKey(string keySource)
    {
        var (pem, origin) = ReadSource(keySource);
        return LoadPublicKeyFromPem(pem, origin);
    }

    /// <summary>Loads a public key from PEM text (<c>BEGIN PUBLIC KEY</c>).</summary>
    /// <exception cref="SupplyChainException">The key cannot be loaded; the diagnostic says why.</exception>
    public static PublicKey LoadPublicKeyFromPem(string pem, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(pem);
        origin ??= "(public key)";
        var (label, der) = ReadPem(pem, origin);
        return label switch
        {
            "PUBLIC KEY" => PublicKey.FromSubjectPublicKeyInfo(der, origin),
            "PRIVATE KEY" or "ENCRYPTED PRIVATE KEY" or "RSA PRIVATE KEY" or "EC PRIVATE KEY" or "OPENSSH PRIVATE KEY"
                => throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_PrivateKeyGivenForVerification, PublicKey.FileOf(origin), 0, origin)),
            _ => throw UnsupportedFormat(origin, label),
        };
    }

    /// <summary>Reads a password from its source, which must be <c>env:NAME</c>.</summary>
    /// <param name="passwordSource">The source.</param>
    /// <param name="keyOrigin">The key the password is for, for messages.</param>
    /// <exception cref="SupplyChainException">SCSDK3007 for another form, SCSDK3008 for an unset variable.</exception>
    public static string ResolvePassword(string passwordSource, string? keyOrigin = null)
    {
        ValidatePasswordSource(passwordSource);
        var name = passwordSource[EnvironmentPrefix.Length..];
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_PasswordVariableNotSet, null, 0, name, keyOrigin ?? "(key)"));
        }

        return value;
    }

    /// <summary>True for an <c>env:NAME</c> source.</summary>
    public static bool IsEnvironmentSource(string source) => source.StartsWith(EnvironmentPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Reports SCSDK3500 when a private key file can be read or written by its group or others (Unix permissions).
    /// Does nothing on Windows, whose ACLs are not checked.
    /// </summary>
    public static void CheckPrivateKeyFilePermissions(string path, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(sink);
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        var group = (mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite)) != 0;
        var others = (mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0;
        if (!group && !others)
        {
            return;
        }

        var who = group && others ? "its group and others" : group ? "its group" : "others";
        var octal = "0" + Convert.ToString((int)mode & 0x1ff, 8).PadLeft(3, '0');
        sink.Report(Diagnostic.Create(DiagnosticCatalog.Key_PrivateKeyFileTooOpen, path, 0, path, who, octal));
    }

    private static void ValidatePasswordSource(string passwordSource)
    {
        ArgumentNullException.ThrowIfNull(passwordSource);
        if (!IsEnvironmentSource(passwordSource) || passwordSource.Length == EnvironmentPrefix.Length)
        {
            // The source is not echoed: a user may have typed the password itself here.
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_PasswordSourceInvalid, null, 0));
        }
    }

    internal static (string Text, string Origin) ReadSource(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (IsEnvironmentSource(source))
        {
            var name = source[EnvironmentPrefix.Length..];
            var value = name.Length == 0 ? null : Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_EnvironmentVariableNotSet, null, 0, name));
            }

            return (value, source);
        }

        try
        {
            var info = new FileInfo(source);
            if (!info.Exists)
            {
                // The full path: the user sees where a relative path was looked for.
                throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_FileNotFound, info.FullName, 0, info.FullName));
            }

            if (info.Length > MaxKeyFileSize)
            {
                throw PublicKey.Fail(DiagnosticCatalog.Key_MalformedPem, source, $"the file is larger than {MaxKeyFileSize} bytes");
            }

            return (File.ReadAllText(source), source);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            var full = FullPathOrSelf(source);
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_FileNotFound, full, 0, full), ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Key_FileUnreadable, source, 0, source, ex.Message), ex);
        }
    }

    private static string FullPathOrSelf(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            return path;
        }
    }

    private static (string Label, byte[] Der) ReadPem(string pem, string origin)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            var match = PemLabel().Match(pem);
            if (match.Success)
            {
                var label = match.Groups[1].Value;
                if (label is "PRIVATE KEY" or "ENCRYPTED PRIVATE KEY" or "PUBLIC KEY")
                {
                    throw PublicKey.Fail(DiagnosticCatalog.Key_MalformedPem, origin, $"the '{label}' PEM block is damaged (bad base64, headers or end line)");
                }

                throw UnsupportedFormat(origin, label);
            }

            throw PublicKey.Fail(DiagnosticCatalog.Key_MalformedPem, origin, "no PEM block ('-----BEGIN ...-----') was found");
        }

        var found = pem.AsSpan()[fields.Label].ToString();
        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out var written) || written != der.Length)
        {
            throw PublicKey.Fail(DiagnosticCatalog.Key_MalformedPem, origin, $"the '{found}' PEM block has invalid base64");
        }

        return (found, der);
    }

    private static SigningKey ImportPrivateKeyInfo(byte[] der, string origin, bool encrypted, string? passwordOrigin = null)
    {
        KeyAlgorithmIdentifier identifier;
        try
        {
            identifier = KeyEncoding.ReadPrivateKeyAlgorithm(der);
        }
        catch (AsnContentException)
        {
            // Decryption that ends in a well-padded block of garbage is still a wrong password.
            throw encrypted ? WrongPassword(origin, passwordOrigin) : PublicKey.Fail(DiagnosticCatalog.Key_MalformedPem, origin, "the private key is not a valid PKCS#8 PrivateKeyInfo");
        }

        var algorithm = KeyEncoding.ToKeyAlgorithm(identifier)
            ?? throw PublicKey.Fail(DiagnosticCatalog.Key_UnsupportedType, origin, KeyEncoding.DescribeAlgorithm(identifier));

        try
        {
            switch (algorithm)
            {
                case KeyAlgorithm.Ed25519:
                    var privateKey = KeyEncoding.DecodeEd25519PrivateKey(der, out var embeddedPublicKey);
                    var key = new Ed25519SigningKey(privateKey, origin);
                    if (embeddedPublicKey is not null && !key.PublicKey.Ed25519PublicKey.SequenceEqual(embeddedPublicKey))
                    {
                        key.Dispose();
                        throw PublicKey.Fail(DiagnosticCatalog.Key_MalformedPem, origin, "the public key stored in the private key does not belong to it");
                    }

                    return key;
                case KeyAlgorithm.Rsa:
                    var rsa = RSA.Create();
                    try
                    {
                        rsa.ImportPkcs8PrivateKey(der, out var rsaRead);
                        if (rsaRead != der.Length)
                        {
                            throw new CryptographicException();
                        }

                        return new RsaSigningKey(rsa, origin);
                    }
                    catch
                    {
                        rsa.Dispose();
                        throw;
                    }

                default:
                    var ecdsa = ECDsa.Create();
                    try
                    {
                        ecdsa.ImportPkcs8PrivateKey(der, out var ecRead);
                        if (ecRead != der.Length)
                        {
                            throw new CryptographicException();
                        }

                        return new EcdsaSigningKey(ecdsa, origin);
                    }
                    catch
                    {
                        ecdsa.Dispose();
                        throw;
                    }
            }
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            throw encrypted ? WrongPassword(origin, passwordOrigin) : PublicKey.Fail(DiagnosticCatalog.Key_MalformedPem, origin, "the private key data is not valid for its type");
        }
    }

    private static SupplyChainException WrongPassword(string origin, string? passwordOrigin)
        => new(Diagnostic.Create(DiagnosticCatalog.Key_WrongPassword, PublicKey.FileOf(origin), 0, origin, passwordOrigin ?? "(password)"));

    private static SupplyChainException UnsupportedFormat(string origin, string label)
        => new(Diagnostic.Create(DiagnosticCatalog.Key_UnsupportedPemFormat, PublicKey.FileOf(origin), 0, origin, label));

    [GeneratedRegex("-----BEGIN ([A-Z0-9 ]{1,40})-----", RegexOptions.CultureInvariant)]
    private static partial Regex PemLabel();
}
