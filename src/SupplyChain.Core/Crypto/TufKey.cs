using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Crypto;

/// <summary>The TUF/securesystemslib names of key types and signature schemes.</summary>
public static class TufKeySchemes
{
    /// <summary>Key type <c>ecdsa</c>.</summary>
    public const string KeyTypeEcdsa = "ecdsa";

    /// <summary>Key type <c>ed25519</c>.</summary>
    public const string KeyTypeEd25519 = "ed25519";

    /// <summary>Key type <c>rsa</c>.</summary>
    public const string KeyTypeRsa = "rsa";

    /// <summary>Scheme <c>ecdsa-sha2-nistp256</c> (also an old securesystemslib key type).</summary>
    public const string EcdsaSha2NistP256 = "ecdsa-sha2-nistp256";

    /// <summary>Scheme <c>ecdsa-sha2-nistp384</c> (also an old securesystemslib key type).</summary>
    public const string EcdsaSha2NistP384 = "ecdsa-sha2-nistp384";

    /// <summary>Scheme <c>ed25519</c>.</summary>
    public const string Ed25519 = "ed25519";

    /// <summary>Scheme <c>rsassa-pss-sha256</c>.</summary>
    public const string RsaSsaPssSha256 = "rsassa-pss-sha256";
}

/// <summary>
/// A TUF key object, as securesystemslib defines it:
/// <c>{"keytype":"ecdsa","scheme":"ecdsa-sha2-nistp256","keyval":{"public":"-----BEGIN PUBLIC KEY-----\n..."}}</c>.
/// ECDSA and RSA keys hold the SubjectPublicKeyInfo PEM in <c>keyval.public</c>; Ed25519 keys the hex of the 32 raw
/// bytes. The object is kept exactly as read, unknown fields (such as <c>keyid_hash_algorithms</c>) included, because
/// its key id is the SHA-256 of its canonical JSON.
/// </summary>
public sealed class TufKey
{
    private readonly JsonObject _json;

    private TufKey(JsonObject json, string keyType, string scheme, string publicValue)
    {
        _json = json;
        KeyType = keyType;
        Scheme = scheme;
        PublicValue = publicValue;
    }

    /// <summary>The <c>keytype</c>.</summary>
    public string KeyType { get; }

    /// <summary>The <c>scheme</c>.</summary>
    public string Scheme { get; }

    /// <summary>The <c>keyval.public</c> string.</summary>
    public string PublicValue { get; }

    /// <summary>The key object of a public key, as securesystemslib's <c>SSlibKey.from_crypto</c> makes it.</summary>
    public static TufKey FromPublicKey(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var (keyType, scheme, value) = key.Algorithm switch
        {
            KeyAlgorithm.EcdsaP256 => (TufKeySchemes.KeyTypeEcdsa, TufKeySchemes.EcdsaSha2NistP256, key.ExportPem()),
            KeyAlgorithm.EcdsaP384 => (TufKeySchemes.KeyTypeEcdsa, TufKeySchemes.EcdsaSha2NistP384, key.ExportPem()),
            KeyAlgorithm.Rsa => (TufKeySchemes.KeyTypeRsa, TufKeySchemes.RsaSsaPssSha256, key.ExportPem()),
            KeyAlgorithm.Ed25519 => (TufKeySchemes.KeyTypeEd25519, TufKeySchemes.Ed25519, Convert.ToHexString(key.Ed25519PublicKey).ToLowerInvariant()),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
        var json = new JsonObject
        {
            ["keytype"] = keyType,
            ["scheme"] = scheme,
            ["keyval"] = new JsonObject { ["public"] = value },
        };
        return new TufKey(json, keyType, scheme, value);
    }

    /// <summary>Reads a key object. Unknown key types and schemes are accepted here (see <see cref="CreateVerifier"/>).</summary>
    /// <exception cref="FormatException">The object lacks a string <c>keytype</c>, <c>scheme</c> or <c>keyval.public</c>.</exception>
    public static TufKey FromJson(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            throw new FormatException("A key is not a JSON object.");
        }

        var keyType = RequiredString(obj, "keytype");
        var scheme = RequiredString(obj, "scheme");
        if (obj["keyval"] is not JsonObject keyval)
        {
            throw new FormatException("The key has no 'keyval' object.");
        }

        var publicValue = RequiredString(keyval, "public");
        return new TufKey((JsonObject)obj.DeepClone(), keyType, scheme, publicValue);
    }

    /// <summary>A copy of the key object as read or made.</summary>
    public JsonObject ToJson() => (JsonObject)_json.DeepClone();

    /// <summary>The key id: lowercase hex SHA-256 of the canonical JSON of the object as it is.</summary>
    /// <exception cref="CanonicalJsonException">The object holds a value with no canonical form (a float).</exception>
    public string ComputeKeyId() => KeyId.Compute(_json);

    /// <summary>The public key, when the key type and scheme are ones we support and the key value fits them.</summary>
    public TufKeyVerifierResult GetPublicKey() => Resolve(null);

    /// <summary>A verifier for this key under <paramref name="keyId"/>, or why there cannot be one.</summary>
    /// <param name="keyId">The key id the metadata gives the key.</param>
    public TufKeyVerifierResult CreateVerifier(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return Resolve(keyId);
    }

    private TufKeyVerifierResult Resolve(string? keyId)
    {
        KeyAlgorithm expected;
        switch (KeyType, Scheme)
        {
            case (TufKeySchemes.KeyTypeEd25519, TufKeySchemes.Ed25519):
                expected = KeyAlgorithm.Ed25519;
                break;
            case (TufKeySchemes.KeyTypeEcdsa or TufKeySchemes.EcdsaSha2NistP256, TufKeySchemes.EcdsaSha2NistP256):
                expected = KeyAlgorithm.EcdsaP256;
                break;
            case (TufKeySchemes.KeyTypeEcdsa or TufKeySchemes.EcdsaSha2NistP384, TufKeySchemes.EcdsaSha2NistP384):
                expected = KeyAlgorithm.EcdsaP384;
                break;
            case (TufKeySchemes.KeyTypeRsa, TufKeySchemes.RsaSsaPssSha256):
                expected = KeyAlgorithm.Rsa;
                break;
            default:
                return Unsupported($"the key type '{KeyType}' with scheme '{Scheme}' is not supported");
        }

        PublicKey key;
        if (expected == KeyAlgorithm.Ed25519)
        {
            if (PublicValue.Length != 2 * Ed25519.KeySize || !IsHex(PublicValue))
            {
                return Unsupported("the ed25519 public key is not 64 hex digits");
            }

            try
            {
                key = PublicKey.FromEd25519(Convert.FromHexString(PublicValue), Origin);
            }
            catch (SupplyChainException)
            {
                return Unsupported("the ed25519 public key is not a usable point (it is small-order or not on the curve)");
            }
        }
        else if (expected is KeyAlgorithm.EcdsaP256 or KeyAlgorithm.EcdsaP384 && !PublicValue.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            // go-tuf v0 and YubiKey-era roots: the SEC 1 point as hex (04‖X‖Y, or 02/03‖X).
            if (!EcPoint.TryReadHex(PublicValue, expected, Origin, out var point, out var error))
            {
                return Unsupported("'keyval.public' is neither a PEM public key ('BEGIN PUBLIC KEY') nor a hex EC point: " + error);
            }

            key = point!;
        }
        else
        {
            var problem = ReadPem(PublicValue, out key);
            if (problem is not null)
            {
                return Unsupported(problem);
            }
        }

        if (key.Algorithm != expected)
        {
            return Unsupported($"the public key is {key.Algorithm.ToName()}, which does not match the scheme '{Scheme}'");
        }

        return new TufKeyVerifierResult(key, keyId is null ? null : key.CreateVerifier(keyId, EcdsaSignatureEncoding.Der), null);
    }

    private const string Origin = "(TUF key)";

    private static TufKeyVerifierResult Unsupported(string reason) => new(null, null, reason);

    // The key value as a PEM SubjectPublicKeyInfo. The reasons are about TUF key objects: the signing-key advice of
    // the key loader (PKCS#8 files, keygen) does not apply to a key that a repository's metadata holds.
    private static string? ReadPem(string value, out PublicKey key)
    {
        key = null!;
        if (!PemEncoding.TryFind(value, out var fields))
        {
            return "'keyval.public' is not a PEM public key ('-----BEGIN PUBLIC KEY-----' … '-----END PUBLIC KEY-----')";
        }

        var label = value[fields.Label];
        if (label != "PUBLIC KEY")
        {
            return $"'keyval.public' is a PEM '{label}', but a public key ('BEGIN PUBLIC KEY') is required";
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(value.AsSpan()[fields.Base64Data], der, out var written) || written != der.Length)
        {
            return "the PEM public key in 'keyval.public' is not valid base64";
        }

        try
        {
            key = PublicKey.FromSubjectPublicKeyInfo(der, Origin);
            return null;
        }
        catch (SupplyChainException ex) when (ex.Diagnostic.Descriptor == DiagnosticCatalog.Key_UnsupportedType)
        {
            return "the PEM public key in 'keyval.public' is of a type or curve that is not supported (ECDSA P-256/P-384, RSA, Ed25519)";
        }
        catch (SupplyChainException ex) when (ex.Diagnostic.Descriptor == DiagnosticCatalog.Key_RsaKeyTooSmall)
        {
            return $"the RSA public key in 'keyval.public' is smaller than {PublicKey.MinimumRsaKeySize} bits";
        }
        catch (SupplyChainException)
        {
            return "the PEM public key in 'keyval.public' is not a valid SubjectPublicKeyInfo";
        }
    }

    private static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string RequiredString(JsonObject obj, string name)
    {
        if (obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        throw new FormatException(string.Format(CultureInfo.InvariantCulture, "The key has no string '{0}'.", name));
    }
}

/// <summary>The outcome of <see cref="TufKey.CreateVerifier"/> and <see cref="TufKey.GetPublicKey"/>.</summary>
/// <param name="PublicKey">The public key, or null when unsupported.</param>
/// <param name="Verifier">The verifier (null from <see cref="TufKey.GetPublicKey"/> or when unsupported).</param>
/// <param name="Error">Why the key cannot be used, or null.</param>
public sealed record TufKeyVerifierResult(PublicKey? PublicKey, IVerifier? Verifier, string? Error)
{
    /// <summary>True when the key type, scheme and value are usable.</summary>
    public bool IsSupported => Error is null;
}

/// <summary>TUF key ids.</summary>
public static class KeyId
{
    /// <summary>The key id of a key object: lowercase hex SHA-256 of its canonical JSON.</summary>
    /// <exception cref="CanonicalJsonException">The object holds a value with no canonical form.</exception>
    public static string Compute(JsonNode keyObject)
    {
        ArgumentNullException.ThrowIfNull(keyObject);
        return Convert.ToHexString(SHA256.HashData(CanonicalJson.Serialize(keyObject))).ToLowerInvariant();
    }

    /// <summary>The key id of a public key's TUF key object.</summary>
    public static string Compute(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.KeyId;
    }
}
