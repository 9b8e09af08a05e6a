using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Attestations;

/// <summary>
/// A Sigstore bundle v0.3 (<c>application/vnd.dev.sigstore.bundle.v0.3+json</c>, sigstore/protobuf-specs) that carries
/// one DSSE envelope signed by a key the verifier knows out of band: <c>verificationMaterial.publicKey.hint</c> is the
/// TUF key id of the key (the same as the envelope signature's <c>keyid</c>), there are no transparency-log entries and
/// no timestamps. Verifiers such as sigstore-js accept it with the public key as trust material and their log and
/// timestamp thresholds at 0.
/// </summary>
public static class SigstoreBundle
{
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the bundle of an envelope with exactly one signature, as compact UTF-8 JSON ending in a newline.</summary>
    /// <exception cref="ArgumentException">The envelope does not have exactly one signature, or it has no key id.</exception>
    public static byte[] ToJsonBytes(DsseEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Signatures.Count != 1)
        {
            throw new ArgumentException("A Sigstore bundle carries a DSSE envelope with exactly one signature.", nameof(envelope));
        }

        var signature = envelope.Signatures[0];
        if (string.IsNullOrEmpty(signature.KeyId))
        {
            throw new ArgumentException("The signature needs a key id: it is the bundle's public key hint.", nameof(envelope));
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("mediaType", AttestationUris.SigstoreBundleV03MediaType);
            writer.WriteStartObject("verificationMaterial");
            writer.WriteStartObject("publicKey");
            writer.WriteString("hint", signature.KeyId);
            writer.WriteEndObject();
            writer.WriteStartArray("tlogEntries");
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartObject("dsseEnvelope");
            writer.WriteString("payload", Convert.ToBase64String(envelope.Payload.Span));
            writer.WriteString("payloadType", envelope.PayloadType);
            writer.WriteStartArray("signatures");
            writer.WriteStartObject();
            writer.WriteString("sig", Convert.ToBase64String(signature.Signature.Span));
            writer.WriteString("keyid", signature.KeyId);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>
    /// Reads a bundle that carries a DSSE envelope: the media type must be a Sigstore bundle's, the envelope must have
    /// exactly one signature, and a public key hint, when present, must equal the signature's key id.
    /// </summary>
    public static SigstoreBundleReadResult Read(ReadOnlySpan<byte> json)
    {
        var parsed = StrictJson.Parse(json);
        if (!parsed.IsSuccess)
        {
            return SigstoreBundleReadResult.Failure("it is not valid JSON: " + AttestationJson.DescribeError(parsed));
        }

        if (parsed.Node is not JsonObject obj)
        {
            return SigstoreBundleReadResult.Failure("it is not a JSON object");
        }

        if (obj["mediaType"] is not JsonValue mediaTypeNode || mediaTypeNode.GetValueKind() != JsonValueKind.String)
        {
            return SigstoreBundleReadResult.Failure("'mediaType' is missing or not a string");
        }

        var mediaType = mediaTypeNode.GetValue<string>();
        if (!mediaType.StartsWith("application/vnd.dev.sigstore.bundle", StringComparison.Ordinal))
        {
            return SigstoreBundleReadResult.Failure($"'mediaType' is '{mediaType}', not a Sigstore bundle's");
        }

        if (obj["verificationMaterial"] is not JsonObject material)
        {
            return SigstoreBundleReadResult.Failure("'verificationMaterial' is missing or not an object");
        }

        string? hint = null;
        if (material["publicKey"] is JsonObject publicKey && publicKey["hint"] is JsonValue hintNode && hintNode.GetValueKind() == JsonValueKind.String)
        {
            hint = hintNode.GetValue<string>();
        }

        if (obj["dsseEnvelope"] is not JsonObject envelopeObject)
        {
            return SigstoreBundleReadResult.Failure("it has no 'dsseEnvelope' (a message-signature bundle is not an attestation)");
        }

        var envelope = DsseEnvelope.Read(System.Text.Encoding.UTF8.GetBytes(envelopeObject.ToJsonString()));
        if (!envelope.IsSuccess)
        {
            return SigstoreBundleReadResult.Failure("its DSSE envelope cannot be read: " + envelope.Error);
        }

        if (envelope.Envelope!.Signatures.Count != 1)
        {
            return SigstoreBundleReadResult.Failure($"its DSSE envelope has {envelope.Envelope.Signatures.Count} signatures, not exactly one");
        }

        if (hint is not null && !string.Equals(hint, envelope.Envelope.Signatures[0].KeyId, StringComparison.Ordinal))
        {
            return SigstoreBundleReadResult.Failure("the public key hint is not the key id of the envelope's signature");
        }

        return new SigstoreBundleReadResult(envelope.Envelope, hint, mediaType, null);
    }
}

/// <summary>The outcome of <see cref="SigstoreBundle.Read"/>.</summary>
/// <param name="Envelope">The DSSE envelope, or null.</param>
/// <param name="KeyHint">The public key hint, or null.</param>
/// <param name="MediaType">The bundle's media type, or null.</param>
/// <param name="Error">Why the bundle cannot be read, or null.</param>
public sealed record SigstoreBundleReadResult(DsseEnvelope? Envelope, string? KeyHint, string? MediaType, string? Error)
{
    /// <summary>True when the bundle was read.</summary>
    public bool IsSuccess => Envelope is not null;

    internal static SigstoreBundleReadResult Failure(string error) => new(null, null, null, error);
}
