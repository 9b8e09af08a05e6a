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
/// A DSSE envelope (secure-systems-lab/dsse v1.0): a payload, its type, and signatures over the PAE of the two.
/// JSON form: <c>{"payload":"&lt;base64&gt;","payloadType":"...","signatures":[{"keyid":"...","sig":"&lt;base64&gt;"}]}</c>,
/// written on one line so that a file of envelopes is JSON Lines.
/// </summary>
public sealed class DsseEnvelope
{
    /// <summary>The most signatures read from one envelope; more is treated as malformed (it bounds verification work).</summary>
    public const int MaxSignatures = 256;

    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly byte[] _payload;

    /// <summary>Creates an envelope from its parts.</summary>
    public DsseEnvelope(string payloadType, ReadOnlySpan<byte> payload, IEnumerable<DsseSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        ArgumentNullException.ThrowIfNull(signatures);
        PayloadType = payloadType;
        _payload = payload.ToArray();
        Signatures = signatures.ToArray();
    }

    /// <summary>The <c>payloadType</c>, a media type or URI that says how to read the payload.</summary>
    public string PayloadType { get; }

    /// <summary>The payload bytes (base64-decoded). Trust them only after <see cref="Verify"/> succeeded.</summary>
    public ReadOnlyMemory<byte> Payload => _payload;

    /// <summary>The signatures, in envelope order.</summary>
    public IReadOnlyList<DsseSignature> Signatures { get; }

    /// <summary>Signs a payload with each signer (at least one); each signature carries the signer's key id.</summary>
    public static DsseEnvelope Sign(string payloadType, ReadOnlySpan<byte> payload, IEnumerable<ISigner> signers)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        ArgumentNullException.ThrowIfNull(signers);
        var pae = Pae.Encode(payloadType, payload);
        var signatures = signers.Select(signer => new DsseSignature(signer.KeyId, signer.Sign(pae))).ToArray();
        if (signatures.Length == 0)
        {
            throw new ArgumentException("At least one signer is needed.", nameof(signers));
        }

        return new DsseEnvelope(payloadType, payload, signatures);
    }

    /// <summary>Signs a payload with one or more signers.</summary>
    public static DsseEnvelope Sign(string payloadType, ReadOnlySpan<byte> payload, params ISigner[] signers)
        => Sign(payloadType, payload, (IEnumerable<ISigner>)signers);

    /// <summary>Returns a copy with one more signature, by <paramref name="signer"/>.</summary>
    public DsseEnvelope AddSignature(ISigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var signature = new DsseSignature(signer.KeyId, signer.Sign(GetPreAuthenticationEncoding()));
        return new DsseEnvelope(PayloadType, _payload, Signatures.Append(signature));
    }

    /// <summary>The bytes the signatures are over.</summary>
    public byte[] GetPreAuthenticationEncoding() => Pae.Encode(PayloadType, _payload);

    /// <summary>
    /// Verifies the envelope against trusted keys: it is valid when at least <paramref name="threshold"/> distinct
    /// trusted keys each made a valid signature over the PAE. Key ids in the envelope are unauthenticated hints and are
    /// not relied on: every signature is tried with every trusted key, and a key is counted once however many
    /// signatures it made (the same public key listed twice counts once).
    /// </summary>
    /// <param name="trustedKeys">The keys whose signatures count.</param>
    /// <param name="threshold">How many distinct trusted keys must have signed (at least 1).</param>
    /// <param name="expectedPayloadType">When set, any other payload type fails verification.</param>
    public DsseVerificationResult Verify(IEnumerable<IVerifier> trustedKeys, int threshold = 1, string? expectedPayloadType = null)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);

        if (expectedPayloadType is not null && !string.Equals(PayloadType, expectedPayloadType, StringComparison.Ordinal))
        {
            return new DsseVerificationResult(false, threshold, Array.Empty<string>(), PayloadType, ReadOnlyMemory<byte>.Empty, DsseVerificationFailure.UnexpectedPayloadType, $"the payload type '{PayloadType}' is not the expected '{expectedPayloadType}'", expectedPayloadType);
        }

        var keys = new List<IVerifier>();
        foreach (var key in trustedKeys)
        {
            if (!keys.Any(k => k.PublicKey.Equals(key.PublicKey)))
            {
                keys.Add(key);
            }
        }

        var pae = GetPreAuthenticationEncoding();
        var verified = new List<string>();
        foreach (var key in keys)
        {
            // Try signatures whose key id names this key first; the id is a hint, so the others are tried too.
            foreach (var signature in Signatures.OrderBy(s => string.Equals(s.KeyId, key.KeyId, StringComparison.Ordinal) ? 0 : 1))
            {
                if (key.Verify(pae, signature.Signature.Span))
                {
                    verified.Add(key.KeyId);
                    break;
                }
            }
        }

        if (verified.Count >= threshold)
        {
            return new DsseVerificationResult(true, threshold, verified, PayloadType, _payload, DsseVerificationFailure.None, null, expectedPayloadType);
        }

        var reason = Signatures.Count == 0
            ? "the envelope has no signatures"
            : keys.Count == 0
                ? "no trusted key was given"
                : verified.Count == 0
                    ? $"none of the {Signatures.Count} signature(s) verifies with a trusted key"
                    : $"only {verified.Count} trusted key(s) signed";
        return new DsseVerificationResult(false, threshold, verified, PayloadType, ReadOnlyMemory<byte>.Empty, DsseVerificationFailure.ThresholdNotMet, reason, expectedPayloadType);
    }

    /// <summary>The envelope as one line of JSON, without a line end.</summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(ToJsonBytes());

    /// <summary>The envelope as one line of UTF-8 JSON, without a line end.</summary>
    public byte[] ToJsonBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("payload", Convert.ToBase64String(_payload));
            writer.WriteString("payloadType", PayloadType);
            writer.WriteStartArray("signatures");
            foreach (var signature in Signatures)
            {
                writer.WriteStartObject();
                if (!string.IsNullOrEmpty(signature.KeyId))
                {
                    writer.WriteString("keyid", signature.KeyId);
                }

                writer.WriteString("sig", Convert.ToBase64String(signature.Signature.Span));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Reads an envelope from JSON. Standard and URL-safe base64 are both accepted, padded or not.</summary>
    public static DsseEnvelopeReadResult Read(ReadOnlySpan<byte> json)
    {
        var parsed = StrictJson.Parse(json);
        if (!parsed.IsSuccess)
        {
            return DsseEnvelopeReadResult.Failure("it is not valid JSON: " + AttestationJson.DescribeError(parsed));
        }

        if (parsed.Node is not JsonObject obj)
        {
            return DsseEnvelopeReadResult.Failure("it is not a JSON object");
        }

        if (!TryGetString(obj, "payloadType", out var payloadType))
        {
            return DsseEnvelopeReadResult.Failure("'payloadType' is missing or not a string");
        }

        if (!TryGetString(obj, "payload", out var payloadText))
        {
            return DsseEnvelopeReadResult.Failure("'payload' is missing or not a string");
        }

        var payload = Base64Text.DecodeBase64(payloadText);
        if (payload is null)
        {
            return DsseEnvelopeReadResult.Failure("'payload' is not base64");
        }

        if (obj["signatures"] is not JsonArray array)
        {
            return DsseEnvelopeReadResult.Failure("'signatures' is missing or not an array");
        }

        if (array.Count > MaxSignatures)
        {
            return DsseEnvelopeReadResult.Failure($"it has {array.Count} signatures, more than {MaxSignatures}");
        }

        var signatures = new List<DsseSignature>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject entry)
            {
                return DsseEnvelopeReadResult.Failure($"signature {i + 1} is not an object");
            }

            if (!TryGetString(entry, "sig", out var sigText))
            {
                return DsseEnvelopeReadResult.Failure($"signature {i + 1} has no string 'sig'");
            }

            var sig = Base64Text.DecodeBase64(sigText);
            if (sig is null)
            {
                return DsseEnvelopeReadResult.Failure($"the 'sig' of signature {i + 1} is not base64");
            }

            string? keyId = null;
            if (entry.ContainsKey("keyid") && entry["keyid"] is not null && !TryGetString(entry, "keyid", out keyId))
            {
                return DsseEnvelopeReadResult.Failure($"the 'keyid' of signature {i + 1} is not a string");
            }

            signatures.Add(new DsseSignature(string.IsNullOrEmpty(keyId) ? null : keyId, sig));
        }

        return new DsseEnvelopeReadResult(new DsseEnvelope(payloadType, payload, signatures), null);
    }

    /// <summary>Reads an envelope from JSON, or throws.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="file">The file it came from, for the diagnostic.</param>
    /// <param name="line">The 1-based line in a JSON Lines file, or 0.</param>
    /// <exception cref="SupplyChainException">SCSDK3020 with the reason.</exception>
    public static DsseEnvelope Parse(ReadOnlySpan<byte> json, string? file = null, int line = 0)
    {
        var result = Read(json);
        return result.Envelope ?? throw new SupplyChainException(result.ToDiagnostic(file, line));
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

/// <summary>One signature of a DSSE envelope.</summary>
/// <param name="KeyId">The unauthenticated key id hint, or null.</param>
/// <param name="Signature">The signature bytes (DER for ECDSA).</param>
public sealed record DsseSignature(string? KeyId, ReadOnlyMemory<byte> Signature);

/// <summary>The outcome of <see cref="DsseEnvelope.Read"/>.</summary>
/// <param name="Envelope">The envelope, or null.</param>
/// <param name="Error">Why the JSON is not an envelope, or null.</param>
public sealed record DsseEnvelopeReadResult(DsseEnvelope? Envelope, string? Error)
{
    /// <summary>True when the envelope was read.</summary>
    public bool IsSuccess => Envelope is not null;

    /// <summary>The SCSDK3020 diagnostic of a failure.</summary>
    public Diagnostic ToDiagnostic(string? file, int line = 0)
        => Diagnostic.Create(DiagnosticCatalog.Dsse_EnvelopeMalformed, file, line, file ?? "(envelope)", Error ?? "no error");

    internal static DsseEnvelopeReadResult Failure(string error) => new(null, error);
}

/// <summary>Why a DSSE verification failed.</summary>
public enum DsseVerificationFailure
{
    /// <summary>It did not fail.</summary>
    None,

    /// <summary>The payload type is not the expected one.</summary>
    UnexpectedPayloadType,

    /// <summary>Fewer trusted keys than the threshold made valid signatures.</summary>
    ThresholdNotMet,
}

/// <summary>The outcome of <see cref="DsseEnvelope.Verify"/>.</summary>
/// <param name="IsValid">True when the threshold of trusted keys signed and the payload type is as expected.</param>
/// <param name="Threshold">The number of distinct trusted keys required.</param>
/// <param name="VerifiedKeyIds">The key ids of the trusted keys whose signatures verified.</param>
/// <param name="PayloadType">The payload type of the envelope.</param>
/// <param name="Payload">The verified payload; empty unless <paramref name="IsValid"/>.</param>
/// <param name="Failure">Why verification failed.</param>
/// <param name="Error">The reason in words, or null.</param>
/// <param name="ExpectedPayloadType">The payload type that was required, or null.</param>
public sealed record DsseVerificationResult(
    bool IsValid,
    int Threshold,
    IReadOnlyList<string> VerifiedKeyIds,
    string PayloadType,
    ReadOnlyMemory<byte> Payload,
    DsseVerificationFailure Failure,
    string? Error,
    string? ExpectedPayloadType)
{
    /// <summary>The diagnostic of a failure: SCSDK3022 for the payload type, SCSDK3021 otherwise.</summary>
    public Diagnostic ToDiagnostic(string? file, int line = 0) => Failure == DsseVerificationFailure.UnexpectedPayloadType
        ? Diagnostic.Create(DiagnosticCatalog.Dsse_UnexpectedPayloadType, file, line, file ?? "(envelope)", PayloadType, ExpectedPayloadType)
        : Diagnostic.Create(DiagnosticCatalog.Dsse_SignatureNotTrusted, file, line, file ?? "(envelope)", VerifiedKeyIds.Count, Threshold, Error ?? "no error");
}
