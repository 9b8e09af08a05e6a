using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// A TUF metadata document: <c>{"signed": {...}, "signatures": [...]}</c>. Signatures are over the canonical
/// JSON (OLPC, securesystemslib) of <c>signed</c>. A document read by <see cref="FromBytes"/> keeps the bytes it was
/// read from and the canonical bytes of its <c>signed</c> as read, and verification uses those, not a
/// re-serialisation of the model.
/// </summary>
/// <typeparam name="T">The role type: <see cref="Root"/>, <see cref="Targets"/>, <see cref="Snapshot"/>, <see cref="Timestamp"/>.</typeparam>
public sealed class Metadata<T>
    where T : Signed
{
    /// <summary>The deepest JSON nesting accepted when reading.</summary>
    public const int MaxDepth = 64;

    private byte[]? _signedBytesAsRead;

    // Targets read from bytes: computes the canonical 'signed' as read from the document when asked (not kept).
    private TargetsMetadataReader? _signedSource;
    private readonly byte[]? _originalBytes;

    /// <summary>Creates unsigned metadata for a role.</summary>
    public Metadata(T signed)
    {
        Signed = signed ?? throw new ArgumentNullException(nameof(signed));
    }

    private Metadata(T signed, List<Signature> signatures, Dictionary<string, JsonNode?> unrecognized, byte[]? signedBytes, TargetsMetadataReader? signedSource, byte[] originalBytes)
    {
        Signed = signed;
        Signatures = signatures;
        UnrecognizedFields = unrecognized;
        _signedBytesAsRead = signedBytes;
        _signedSource = signedSource;
        _originalBytes = originalBytes;
    }

    /// <summary>The <c>signed</c> part.</summary>
    public T Signed { get; }

    /// <summary>The signatures, in order; key ids are unique in a document that was read.</summary>
    public IList<Signature> Signatures { get; } = new List<Signature>();

    /// <summary>Top-level members besides <c>signed</c> and <c>signatures</c>, kept as read.</summary>
    public IDictionary<string, JsonNode?> UnrecognizedFields { get; } = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);

    /// <summary>The bytes the document was read from, or null for metadata made in memory.</summary>
    public ReadOnlyMemory<byte>? OriginalBytes => _originalBytes;

    /// <summary>
    /// The bytes the signatures are over: for a document that was read (and not signed since), the canonical JSON
    /// of its <c>signed</c> exactly as read; otherwise the canonical JSON of <see cref="Signed"/> now.
    /// </summary>
    public ReadOnlyMemory<byte> SignedBytes
        => _signedBytesAsRead is { } asRead ? asRead
        : _signedSource is { } source ? source.CanonicalSigned()
        : CanonicalJson.Serialize(Signed.ToJson());

    /// <summary>
    /// Reads metadata of role type <typeparamref name="T"/>: strict JSON (no repeated keys), the TUF 1.0 shape,
    /// <c>_type</c> equal to the type, <c>spec_version</c> 1.x, signature key ids unique.
    /// </summary>
    /// <param name="data">The bytes of the document (UTF-8 JSON).</param>
    /// <param name="roleName">The role name for messages (a delegated role's name); defaults to the type.</param>
    /// <exception cref="TufMetadataFormatException">The bytes are not such a document.</exception>
    /// <exception cref="TufUnexpectedTypeException">The <c>_type</c> is another role's.</exception>
    /// <exception cref="TufUnsupportedSpecVersionException">The <c>spec_version</c> is not 1.x.</exception>
    public static Metadata<T> FromBytes(ReadOnlySpan<byte> data, string? roleName = null) => Read(data, null, roleName);

    /// <summary>
    /// As <see cref="FromBytes"/>, for bytes the caller hands over and will not change: they are kept as
    /// <see cref="OriginalBytes"/> without a copy.
    /// </summary>
    internal static Metadata<T> FromOwnedBytes(byte[] data, string? roleName = null) => Read(data, data, roleName);

    private static Metadata<T> Read(ReadOnlySpan<byte> data, byte[]? owned, string? roleName)
    {
        var expectedType = TypeName;
        roleName ??= expectedType;
        TargetsMetadataReader? streamed = null;
        JsonNode? root;
        if (typeof(T) == typeof(Targets))
        {
            // Targets metadata can list many targets: read without a tree of them (same checks, same messages).
            owned ??= data.ToArray();
            try
            {
                streamed = TargetsMetadataReader.Read(owned, MaxDepth);
            }
            catch (JsonException ex)
            {
                throw new TufMetadataFormatException(roleName, $"it is not valid JSON ({ex.Message.TrimEnd('.')}, line {(ex.LineNumber ?? 0) + 1})");
            }
        }

        if (streamed is null)
        {
            var parsed = StrictJson.Parse(data, MaxDepth);
            if (!parsed.IsSuccess)
            {
                throw new TufMetadataFormatException(roleName, $"it is not valid JSON ({parsed.Error!.TrimEnd('.')}, line {parsed.LineNumber})");
            }

            root = parsed.Node;
        }
        else
        {
            root = streamed.Root;
        }

        try
        {
            var document = TufJson.AsObject(root, "the document");
            var signedObject = TufJson.RequireObject(document, "signed", "the document");
            var signatureArray = TufJson.RequireArray(document, "signatures", "the document");
            var signed = ReadSigned(signedObject, streamed?.Targets);
            var signatures = new List<Signature>(signatureArray.Count);
            var keyIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in signatureArray)
            {
                var signature = Signature.FromJson(TufJson.AsObject(item, "a signature"));
                if (!keyIds.Add(signature.KeyId))
                {
                    // The specification: "multiple signatures with the same keyid are not allowed".
                    throw new TufFormatException($"there is more than one signature by the key id '{signature.KeyId}'");
                }

                signatures.Add(signature);
            }

            byte[]? signedBytes = null;
            if (streamed is null)
            {
                signedBytes = CanonicalJson.Serialize(signedObject);
            }
            else if (streamed.HasNonIntegerNumber)
            {
                // Throws the error the tree's serialisation would: the first such number in canonical order.
                _ = streamed.CanonicalSigned();
            }

            var unrecognized = TufJson.Unrecognized(document, "signed", "signatures");
            return new Metadata<T>(signed, signatures, unrecognized, signedBytes, streamed, owned ?? data.ToArray());
        }
        catch (TufFormatException ex)
        {
            throw ex.Problem switch
            {
                TufFormatProblem.WrongType => new TufUnexpectedTypeException(roleName, ex.Value!, expectedType),
                TufFormatProblem.UnsupportedSpecVersion => new TufUnsupportedSpecVersionException(roleName, ex.Value!),
                _ => new TufMetadataFormatException(roleName, ex.Message, ex),
            };
        }
        catch (CanonicalJsonException ex)
        {
            throw new TufMetadataFormatException(roleName, "'signed' has no canonical JSON form (" + ex.Message.TrimEnd('.') + ")", ex);
        }
    }

    /// <summary>
    /// Signs the canonical JSON of <see cref="Signed"/> as it is now. Without <paramref name="append"/> the new
    /// signature replaces all others; with it, it replaces only an earlier one by the same key id.
    /// </summary>
    /// <returns>The new signature.</returns>
    public Signature Sign(ISigner signer, bool append = false)
    {
        ArgumentNullException.ThrowIfNull(signer);
        _signedBytesAsRead = null;
        _signedSource = null;
        var bytes = CanonicalJson.Serialize(Signed.ToJson());
        var signature = new Signature(signer.KeyId, Convert.ToHexString(signer.Sign(bytes)).ToLowerInvariant());
        if (!append)
        {
            Signatures.Clear();
        }
        else
        {
            for (var i = Signatures.Count - 1; i >= 0; i--)
            {
                if (string.Equals(Signatures[i].KeyId, signer.KeyId, StringComparison.Ordinal))
                {
                    Signatures.RemoveAt(i);
                }
            }
        }

        Signatures.Add(signature);
        return signature;
    }

    /// <summary>
    /// Counts the valid signatures by the keys trusted for a role. Each trusted key counts at most once, by key id
    /// and by key material (two ids of one key are one key); signatures by key ids the role does not trust are
    /// ignored; an empty, non-hex or invalid signature, and one by a key of an unsupported type or scheme, does not
    /// count. Nothing here throws for bad signatures.
    /// </summary>
    /// <param name="roleName">The role being verified (for the result).</param>
    /// <param name="trustedKeys">The keys the delegating role trusts for <paramref name="roleName"/>, by key id.</param>
    /// <param name="threshold">How many distinct keys must sign; 1 or more.</param>
    public SignatureVerificationResult VerifyDelegate(string roleName, IReadOnlyDictionary<string, TufKey> trustedKeys, int threshold)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threshold);

        // Targets read from bytes (possibly 100,000 targets): the canonical 'signed' is hashed as it is written, in
        // one pass for all signatures, and never held; other metadata is small and verified from its bytes.
        var streamed = _signedBytesAsRead is null ? _signedSource : null;
        var signedBytes = streamed is null ? SignedBytes : default;
        var byKeyId = new Dictionary<string, Signature>(StringComparer.Ordinal);
        foreach (var signature in Signatures)
        {
            byKeyId.TryAdd(signature.KeyId, signature);
        }

        var rejections = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var ordered = new List<string>(trustedKeys.Keys);
        ordered.Sort(StringComparer.Ordinal);
        var candidates = new List<(string KeyId, PublicKey Key, bool Valid, IncrementalHash? Hash, byte[] Signature)>();
        var hashes = new List<IncrementalHash>();
        try
        {
            foreach (var keyId in ordered)
            {
                if (!byKeyId.TryGetValue(keyId, out var signature))
                {
                    rejections[keyId] = "no signature";
                    continue;
                }

                var verifier = trustedKeys[keyId].CreateVerifier(keyId);
                if (!verifier.IsSupported)
                {
                    rejections[keyId] = "not counted, " + verifier.Error;
                    continue;
                }

                if (!TryDecodeHex(signature.Value, out var signatureBytes))
                {
                    rejections[keyId] = "the signature is empty or not hex";
                    continue;
                }

                if (streamed is null)
                {
                    candidates.Add((keyId, verifier.PublicKey!, verifier.Verifier!.Verify(signedBytes.Span, signatureBytes), null, signatureBytes));
                    continue;
                }

                var hash = verifier.PublicKey!.CreateMessageHash(signatureBytes);
                if (hash is not null)
                {
                    hashes.Add(hash);
                }

                candidates.Add((keyId, verifier.PublicKey!, false, hash, signatureBytes));
            }

            if (hashes.Count > 0)
            {
                streamed!.HashCanonicalSigned(hashes);
            }

            var valid = new List<string>();
            var counted = new List<PublicKey>();
            foreach (var candidate in candidates)
            {
                var isValid = candidate.Hash is null ? candidate.Valid : candidate.Key.VerifyMessageHash(candidate.Hash, candidate.Signature);
                if (!isValid)
                {
                    rejections[candidate.KeyId] = "the signature is not valid over the canonical 'signed'";
                    continue;
                }

                if (counted.Contains(candidate.Key))
                {
                    rejections[candidate.KeyId] = "the same key as another key id, counted once";
                    continue;
                }

                counted.Add(candidate.Key);
                valid.Add(candidate.KeyId);
            }

            return new SignatureVerificationResult(roleName, threshold, valid, rejections);
        }
        finally
        {
            foreach (var hash in hashes)
            {
                hash.Dispose();
            }
        }
    }

    /// <summary>Verifies with the keys and threshold a delegating role (root, or targets) gives for <paramref name="roleName"/>.</summary>
    /// <exception cref="InvalidOperationException">The delegator does not delegate to <paramref name="roleName"/>.</exception>
    public SignatureVerificationResult VerifyDelegate(string roleName, IDelegator delegator)
    {
        ArgumentNullException.ThrowIfNull(delegator);
        var keys = delegator.FindDelegationKeys(roleName)
            ?? throw new InvalidOperationException($"The delegating metadata does not delegate to '{roleName}'.");
        return VerifyDelegate(roleName, keys.Keys, keys.Threshold);
    }

    /// <summary>The JSON of the document.</summary>
    public JsonObject ToJson()
    {
        var signatures = new JsonArray();
        foreach (var signature in Signatures)
        {
            signatures.Add(signature.ToJson());
        }

        var json = new JsonObject
        {
            ["signatures"] = signatures,
            ["signed"] = Signed.ToJson(),
        };
        TufJson.WriteUnrecognized(json, UnrecognizedFields);
        return json;
    }

    /// <summary>The canonical JSON of the whole document (deterministic; what round-trip comparisons use).</summary>
    public byte[] ToCanonicalBytes() => CanonicalJson.Serialize(ToJson());

    /// <summary>
    /// The document as JSON for publishing: members sorted by key at every level (the signatures do not depend on
    /// the layout), UTF-8 with System.Text.Json's relaxed escaping, indented by one space and ending in a newline
    /// when <paramref name="indented"/> (python-tuf's default layout), on one line otherwise.
    /// </summary>
    public byte[] ToBytes(bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = false,
        }))
        {
            WriteSorted(writer, ToJson());
        }

        if (indented)
        {
            stream.WriteByte((byte)'\n');
        }

        var bytes = stream.ToArray();
        return indented ? ReindentToOneSpace(bytes) : bytes;
    }

    private static string TypeName =>
        typeof(T) == typeof(Root) ? TufRoles.Root
        : typeof(T) == typeof(Targets) ? TufRoles.Targets
        : typeof(T) == typeof(Snapshot) ? TufRoles.Snapshot
        : typeof(T) == typeof(Timestamp) ? TufRoles.Timestamp
        : throw new InvalidOperationException($"'{typeof(T).Name}' is not a TUF role type.");

    private static T ReadSigned(JsonObject json, TargetFileIndex? targets)
    {
        Signed signed = typeof(T) == typeof(Root) ? Root.FromJson(json)
            : typeof(T) == typeof(Targets) ? Targets.FromJson(json, targets)
            : typeof(T) == typeof(Snapshot) ? Snapshot.FromJson(json)
            : typeof(T) == typeof(Timestamp) ? Timestamp.FromJson(json)
            : throw new InvalidOperationException($"'{typeof(T).Name}' is not a TUF role type.");
        return (T)signed;
    }

    private static bool TryDecodeHex(string hex, out byte[] bytes)
    {
        bytes = Array.Empty<byte>();
        if (hex.Length == 0 || hex.Length % 2 != 0)
        {
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        bytes = Convert.FromHexString(hex);
        return true;
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var names = new List<string>();
                foreach (var (name, _) in obj)
                {
                    names.Add(name);
                }

                names.Sort(CodePointStringComparer.Instance);
                writer.WriteStartObject();
                foreach (var name in names)
                {
                    writer.WritePropertyName(name);
                    WriteSorted(writer, obj[name]);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    // Utf8JsonWriter indents by two spaces and ends lines with Environment.NewLine; python-tuf writes one space
    // and LF. Line breaks and indentation are never inside strings (the writer escapes control characters).
    private static byte[] ReindentToOneSpace(byte[] bytes)
    {
        var output = new List<byte>(bytes.Length);
        var lineStart = true;
        var spaces = 0;
        foreach (var b in bytes)
        {
            if (b == (byte)'\r')
            {
                continue;
            }

            if (lineStart && b == (byte)' ')
            {
                spaces++;
                continue;
            }

            if (lineStart)
            {
                for (var i = 0; i < spaces / 2; i++)
                {
                    output.Add((byte)' ');
                }

                lineStart = false;
                spaces = 0;
            }

            output.Add(b);
            if (b == (byte)'\n')
            {
                lineStart = true;
            }
        }

        return output.ToArray();
    }
}
