using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Attestations;

/// <summary>
/// An in-toto Statement v1: the subjects (artifacts by digest) an attestation is about, the predicate type and the
/// predicate. <see cref="ToJsonBytes"/> is deterministic: the same statement always gives the same bytes (members in
/// the order <c>_type</c>, <c>subject</c>, <c>predicateType</c>, <c>predicate</c>; digests ordered by algorithm; the
/// predicate as given; no whitespace).
/// </summary>
public sealed class InTotoStatement
{
    /// <summary>The <c>_type</c> of Statement v1.</summary>
    public const string StatementTypeV1 = "https://in-toto.io/Statement/v1";

    /// <summary>The DSSE payload type of an in-toto statement.</summary>
    public const string PayloadType = "application/vnd.in-toto+json";

    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly HashSet<string> s_statementFields = new(StringComparer.Ordinal) { "_type", "subject", "predicateType", "predicate" };

    private static readonly HashSet<string> s_descriptorFields = new(StringComparer.Ordinal)
    {
        "name", "uri", "digest", "content", "downloadLocation", "mediaType", "annotations",
    };

    /// <summary>Creates a statement.</summary>
    /// <param name="subject">The artifacts (at least one, each with a digest).</param>
    /// <param name="predicateType">The predicate type URI, e.g. <see cref="PredicateTypes.SlsaProvenanceV1"/>.</param>
    /// <param name="predicate">The predicate object, or null for none.</param>
    public InTotoStatement(IEnumerable<ResourceDescriptor> subject, string predicateType, JsonObject? predicate)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrEmpty(predicateType);
        Subject = subject.ToArray();
        if (Subject.Count == 0)
        {
            throw new ArgumentException("A statement needs at least one subject.", nameof(subject));
        }

        if (Subject.Any(s => s.Digest.Count == 0))
        {
            throw new ArgumentException("Every subject needs a digest.", nameof(subject));
        }

        PredicateType = predicateType;
        Predicate = predicate;
    }

    /// <summary>The <c>_type</c>; always <see cref="StatementTypeV1"/>.</summary>
    public string Type => StatementTypeV1;

    /// <summary>The <c>subject</c> list.</summary>
    public IReadOnlyList<ResourceDescriptor> Subject { get; }

    /// <summary>The <c>predicateType</c>.</summary>
    public string PredicateType { get; }

    /// <summary>The <c>predicate</c> object, or null.</summary>
    public JsonObject? Predicate { get; }

    /// <summary>Fields of the statement that are not part of the spec, kept for round trips; or null.</summary>
    public JsonObject? ExtensionFields { get; init; }

    /// <summary>The statement as compact UTF-8 JSON, deterministic.</summary>
    public byte[] ToJsonBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("_type", Type);
            writer.WriteStartArray("subject");
            foreach (var descriptor in Subject)
            {
                WriteDescriptor(writer, descriptor);
            }

            writer.WriteEndArray();
            writer.WriteString("predicateType", PredicateType);
            if (Predicate is not null)
            {
                writer.WritePropertyName("predicate");
                Predicate.WriteTo(writer);
            }

            WriteExtensions(writer, ExtensionFields, s_statementFields);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>The statement as compact JSON text.</summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(ToJsonBytes());

    /// <summary>Signs the statement into a DSSE envelope of payload type <see cref="PayloadType"/>.</summary>
    public DsseEnvelope Sign(params ISigner[] signers) => DsseEnvelope.Sign(PayloadType, ToJsonBytes(), signers);

    /// <summary>Reads a statement. Repeated keys, a missing or wrong-typed field, or another <c>_type</c> fail.</summary>
    public static InTotoStatementReadResult Read(ReadOnlySpan<byte> json)
    {
        var parsed = StrictJson.Parse(json);
        if (!parsed.IsSuccess)
        {
            return InTotoStatementReadResult.Malformed("it is not valid JSON: " + AttestationJson.DescribeError(parsed));
        }

        if (parsed.Node is not JsonObject obj)
        {
            return InTotoStatementReadResult.Malformed("it is not a JSON object");
        }

        if (!TryGetString(obj, "_type", out var type))
        {
            return InTotoStatementReadResult.Malformed("'_type' is missing or not a string");
        }

        if (!string.Equals(type, StatementTypeV1, StringComparison.Ordinal))
        {
            return new InTotoStatementReadResult(null, $"'_type' is '{type}'", type);
        }

        if (obj["subject"] is not JsonArray subjects || subjects.Count == 0)
        {
            return InTotoStatementReadResult.Malformed("'subject' is missing, not an array or empty");
        }

        var descriptors = new List<ResourceDescriptor>(subjects.Count);
        for (var i = 0; i < subjects.Count; i++)
        {
            var error = TryReadDescriptor(subjects[i], out var descriptor);
            if (error is not null)
            {
                return InTotoStatementReadResult.Malformed($"subject {i + 1}: {error}");
            }

            if (descriptor!.Digest.Count == 0)
            {
                return InTotoStatementReadResult.Malformed($"subject {i + 1} has no digest");
            }

            descriptors.Add(descriptor);
        }

        if (!TryGetString(obj, "predicateType", out var predicateType) || predicateType.Length == 0)
        {
            return InTotoStatementReadResult.Malformed("'predicateType' is missing, empty or not a string");
        }

        JsonObject? predicate = null;
        if (obj.ContainsKey("predicate") && obj["predicate"] is not null)
        {
            if (obj["predicate"] is not JsonObject predicateObject)
            {
                return InTotoStatementReadResult.Malformed("'predicate' is not an object");
            }

            predicate = (JsonObject)predicateObject.DeepClone();
        }

        var statement = new InTotoStatement(descriptors, predicateType, predicate) { ExtensionFields = Extensions(obj, s_statementFields) };
        return new InTotoStatementReadResult(statement, null, type);
    }

    /// <summary>Reads a statement, or throws.</summary>
    /// <exception cref="SupplyChainException">SCSDK3023 malformed, SCSDK3024 another <c>_type</c>.</exception>
    public static InTotoStatement Parse(ReadOnlySpan<byte> json, string? file = null, int line = 0)
    {
        var result = Read(json);
        return result.Statement ?? throw new SupplyChainException(result.ToDiagnostic(file, line));
    }

    private static string? TryReadDescriptor(JsonNode? node, out ResourceDescriptor? descriptor)
    {
        descriptor = null;
        if (node is not JsonObject obj)
        {
            return "it is not an object";
        }

        var digest = new List<KeyValuePair<string, string>>();
        if (obj.ContainsKey("digest"))
        {
            if (obj["digest"] is not JsonObject digestObject)
            {
                return "'digest' is not an object";
            }

            foreach (var (algorithm, value) in digestObject)
            {
                if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>().Length == 0)
                {
                    return $"the digest '{algorithm}' is not a non-empty string";
                }

                digest.Add(new KeyValuePair<string, string>(algorithm, v.GetValue<string>()));
            }
        }

        string? name = null, uri = null, downloadLocation = null, mediaType = null, content = null;
        var fieldError = OptionalString(obj, "name", ref name)
            ?? OptionalString(obj, "uri", ref uri)
            ?? OptionalString(obj, "downloadLocation", ref downloadLocation)
            ?? OptionalString(obj, "mediaType", ref mediaType)
            ?? OptionalString(obj, "content", ref content);
        if (fieldError is not null)
        {
            return fieldError;
        }

        byte[]? contentBytes = null;
        if (content is not null)
        {
            contentBytes = Base64Text.DecodeBase64(content);
            if (contentBytes is null)
            {
                return "'content' is not base64";
            }
        }

        JsonObject? annotations = null;
        if (obj.ContainsKey("annotations") && obj["annotations"] is not null)
        {
            if (obj["annotations"] is not JsonObject annotationObject)
            {
                return "'annotations' is not an object";
            }

            annotations = (JsonObject)annotationObject.DeepClone();
        }

        if (digest.Count == 0 && uri is null && contentBytes is null)
        {
            return "it has none of 'digest', 'uri' and 'content'";
        }

        descriptor = new ResourceDescriptor(name, digest)
        {
            Uri = uri,
            DownloadLocation = downloadLocation,
            MediaType = mediaType,
            Content = contentBytes is null ? (ReadOnlyMemory<byte>?)null : contentBytes,
            Annotations = annotations,
            ExtensionFields = Extensions(obj, s_descriptorFields),
        };
        return null;
    }

    internal static void WriteDescriptor(Utf8JsonWriter writer, ResourceDescriptor descriptor)
    {
        writer.WriteStartObject();
        if (descriptor.Name is not null)
        {
            writer.WriteString("name", descriptor.Name);
        }

        if (descriptor.Uri is not null)
        {
            writer.WriteString("uri", descriptor.Uri);
        }

        if (descriptor.Digest.Count > 0)
        {
            writer.WriteStartObject("digest");
            foreach (var (algorithm, value) in descriptor.Digest)
            {
                writer.WriteString(algorithm, value);
            }

            writer.WriteEndObject();
        }

        if (descriptor.Content is { } content)
        {
            writer.WriteString("content", Convert.ToBase64String(content.Span));
        }

        if (descriptor.DownloadLocation is not null)
        {
            writer.WriteString("downloadLocation", descriptor.DownloadLocation);
        }

        if (descriptor.MediaType is not null)
        {
            writer.WriteString("mediaType", descriptor.MediaType);
        }

        if (descriptor.Annotations is not null)
        {
            writer.WritePropertyName("annotations");
            descriptor.Annotations.WriteTo(writer);
        }

        WriteExtensions(writer, descriptor.ExtensionFields, s_descriptorFields);
        writer.WriteEndObject();
    }

    private static void WriteExtensions(Utf8JsonWriter writer, JsonObject? extensions, HashSet<string> known)
    {
        if (extensions is null)
        {
            return;
        }

        foreach (var (name, value) in extensions)
        {
            if (known.Contains(name))
            {
                continue;
            }

            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }
    }

    private static JsonObject? Extensions(JsonObject obj, HashSet<string> known)
    {
        JsonObject? extensions = null;
        foreach (var (name, value) in obj)
        {
            if (!known.Contains(name))
            {
                extensions ??= new JsonObject();
                extensions[name] = value?.DeepClone();
            }
        }

        return extensions;
    }

    private static string? OptionalString(JsonObject obj, string field, ref string? value)
    {
        if (!obj.ContainsKey(field) || obj[field] is null)
        {
            return null;
        }

        if (!TryGetString(obj, field, out var text))
        {
            return $"'{field}' is not a string";
        }

        value = text;
        return null;
    }

    private static bool TryGetString(JsonObject obj, string name, out string value)
    {
        if (obj[name] is JsonValue node && node.GetValueKind() == JsonValueKind.String)
        {
            value = node.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }
}

/// <summary>The outcome of <see cref="InTotoStatement.Read"/>.</summary>
/// <param name="Statement">The statement, or null.</param>
/// <param name="Error">Why it could not be read, or null.</param>
/// <param name="Type">The <c>_type</c> found, or null when there was none.</param>
public sealed record InTotoStatementReadResult(InTotoStatement? Statement, string? Error, string? Type)
{
    /// <summary>True when the statement was read.</summary>
    public bool IsSuccess => Statement is not null;

    /// <summary>True when the JSON is well-formed but its <c>_type</c> is not Statement v1.</summary>
    public bool IsUnsupportedType => Statement is null && Type is not null && !string.Equals(Type, InTotoStatement.StatementTypeV1, StringComparison.Ordinal);

    /// <summary>The diagnostic of a failure: SCSDK3024 for another <c>_type</c>, SCSDK3023 otherwise.</summary>
    public Diagnostic ToDiagnostic(string? file, int line = 0) => IsUnsupportedType
        ? Diagnostic.Create(DiagnosticCatalog.Statement_UnsupportedType, file, line, file ?? "(statement)", Type, InTotoStatement.StatementTypeV1)
        : Diagnostic.Create(DiagnosticCatalog.Statement_Malformed, file, line, file ?? "(statement)", Error ?? "no error");

    internal static InTotoStatementReadResult Malformed(string error) => new(null, error, null);
}
