using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Attestations;

/// <summary>
/// An in-toto v1 ResourceDescriptor: an artifact by name and digests (the subject of a statement), and optionally its
/// URI, content, download location, media type and annotations.
/// </summary>
public sealed class ResourceDescriptor
{
    // Named algorithms of the in-toto DigestSet spec whose values are lowercase hex, with their digest sizes in bytes.
    private static readonly Dictionary<string, int> s_hexDigestSizes = new(StringComparer.Ordinal)
    {
        ["sha1"] = 20,
        ["sha224"] = 28,
        ["sha256"] = 32,
        ["sha384"] = 48,
        ["sha512"] = 64,
        ["sha512_224"] = 28,
        ["sha512_256"] = 32,
        ["sha3_224"] = 28,
        ["sha3_256"] = 32,
        ["sha3_384"] = 48,
        ["sha3_512"] = 64,
        ["md5"] = 16,
        [NuGetContentSha512] = 64,
    };

    /// <summary>
    /// The digest algorithm name of NuGet's content hash in a subject's digest set: the SHA-512 of the package as it
    /// was before any signature was added (for an unsigned package, of the file), as 128 lowercase hex digits (NuGet
    /// itself writes the same 64 bytes in base64 as <c>contentHash</c>). Exact name, exact encoding; see docs/attestations.md.
    /// </summary>
    public const string NuGetContentSha512 = "nugetContentSha512";

    private readonly SortedDictionary<string, string> _digest;

    /// <summary>Creates a descriptor with a name and digests (algorithm → lowercase hex).</summary>
    public ResourceDescriptor(string? name, IEnumerable<KeyValuePair<string, string>> digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        Name = name;
        _digest = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in digest)
        {
            _digest[pair.Key] = pair.Value;
        }
    }

    /// <summary>The <c>name</c>, or null.</summary>
    public string? Name { get; }

    /// <summary>The <c>digest</c> set, ordered by algorithm name.</summary>
    public IReadOnlyDictionary<string, string> Digest => _digest;

    /// <summary>The <c>uri</c>, or null.</summary>
    public string? Uri { get; init; }

    /// <summary>The <c>content</c> bytes, or null.</summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>The <c>downloadLocation</c>, or null.</summary>
    public string? DownloadLocation { get; init; }

    /// <summary>The <c>mediaType</c>, or null.</summary>
    public string? MediaType { get; init; }

    /// <summary>The <c>annotations</c> object, or null.</summary>
    public JsonObject? Annotations { get; init; }

    /// <summary>Fields of the descriptor that are not part of the spec, kept for round trips; or null.</summary>
    public JsonObject? ExtensionFields { get; init; }

    /// <summary>The descriptor as a JSON object, in the form a statement writes it (for use inside predicates).</summary>
    public JsonObject ToJsonObject()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            InTotoStatement.WriteDescriptor(writer, this);
        }

        return (JsonObject)JsonNode.Parse(stream.ToArray())!;
    }

    /// <summary>
    /// True when every digest of a named hex algorithm (<c>sha256</c>, <c>sha512</c>, ...) is lowercase hex of the
    /// right length, and at least one digest uses such an algorithm. Other algorithms (<c>gitCommit</c>, ...) are not judged.
    /// </summary>
    public bool HasWellFormedDigests()
    {
        var known = 0;
        foreach (var (algorithm, value) in _digest)
        {
            if (s_hexDigestSizes.TryGetValue(algorithm, out var size))
            {
                if (value.Length != 2 * size || !value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
                {
                    return false;
                }

                known++;
            }
        }

        return known > 0;
    }

    /// <summary>
    /// True when the two digest sets agree on at least one algorithm both have and disagree on none
    /// (the in-toto rule "match if any acceptable field matches", made strict about conflicts).
    /// </summary>
    public bool DigestMatches(IReadOnlyDictionary<string, string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var matched = false;
        foreach (var (algorithm, value) in _digest)
        {
            if (other.TryGetValue(algorithm, out var otherValue))
            {
                if (!string.Equals(value, otherValue, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                matched = true;
            }
        }

        return matched;
    }
}
