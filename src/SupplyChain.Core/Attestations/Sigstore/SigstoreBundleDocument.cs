using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Attestations.Sigstore;

/// <summary>The bundle versions that are verified.</summary>
public enum SigstoreBundleVersion
{
    /// <summary><c>application/vnd.dev.sigstore.bundle+json;version=0.1</c>.</summary>
    V01,

    /// <summary><c>application/vnd.dev.sigstore.bundle+json;version=0.2</c>.</summary>
    V02,

    /// <summary><c>application/vnd.dev.sigstore.bundle.v0.3+json</c> (or its older spelling <c>...+json;version=0.3</c>).</summary>
    V03,
}

/// <summary>A transparency-log entry of a bundle (<c>TransparencyLogEntry</c>), as read; nothing of it is verified yet.</summary>
public sealed record SigstoreTlogEntry(
    long LogIndex,
    byte[] LogId,
    string Kind,
    string KindVersion,
    long IntegratedTime,
    byte[]? SignedEntryTimestamp,
    SigstoreInclusionProof? InclusionProof,
    byte[] CanonicalizedBody);

/// <summary>An inclusion proof of a log entry, with its checkpoint.</summary>
public sealed record SigstoreInclusionProof(long LogIndex, byte[] RootHash, long TreeSize, IReadOnlyList<byte[]> Hashes, string? Checkpoint);

/// <summary>A message signature: a digest of the artifact (optional) and the signature over the artifact.</summary>
public sealed record SigstoreMessageSignature(string? DigestAlgorithm, byte[]? Digest, byte[] Signature);

/// <summary>
/// A Sigstore bundle as read and checked for the shape its version requires (<see cref="Read"/>); its content is
/// verified by <see cref="SigstoreVerifier"/>.
/// </summary>
public sealed class SigstoreBundleDocument
{
    /// <summary>The v0.1 media type.</summary>
    public const string MediaTypeV01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";

    /// <summary>The v0.2 media type.</summary>
    public const string MediaTypeV02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";

    /// <summary>The v0.3 media type.</summary>
    public const string MediaTypeV03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>The older spelling of the v0.3 media type, which the specification also accepts.</summary>
    public const string MediaTypeV03Legacy = "application/vnd.dev.sigstore.bundle+json;version=0.3";

    /// <summary>The most log entries or timestamps read from a bundle (bounds verification work).</summary>
    public const int MaxEntries = 32;

    private SigstoreBundleDocument()
    {
    }

    /// <summary>The media type as written.</summary>
    public string MediaType { get; private init; } = string.Empty;

    /// <summary>The version.</summary>
    public SigstoreBundleVersion Version { get; private init; }

    /// <summary>The signing certificate chain, leaf first (empty for a key-based bundle).</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; private init; } = Array.Empty<X509Certificate2>();

    /// <summary>The public key hint of a key-based bundle, or null.</summary>
    public string? PublicKeyHint { get; private init; }

    /// <summary>True when the verification material is a public key (not a certificate).</summary>
    public bool IsKeyBased { get; private init; }

    /// <summary>The transparency-log entries.</summary>
    public IReadOnlyList<SigstoreTlogEntry> TlogEntries { get; private init; } = Array.Empty<SigstoreTlogEntry>();

    /// <summary>The DER RFC 3161 timestamp tokens.</summary>
    public IReadOnlyList<byte[]> Rfc3161Timestamps { get; private init; } = Array.Empty<byte[]>();

    /// <summary>The message signature, or null for a DSSE bundle.</summary>
    public SigstoreMessageSignature? MessageSignature { get; private init; }

    /// <summary>The DSSE envelope, or null for a message-signature bundle.</summary>
    public DsseEnvelope? Envelope { get; private init; }

    /// <summary>The signature bytes the timestamps and log entries are about.</summary>
    public byte[] SignatureBytes => MessageSignature?.Signature ?? Envelope!.Signatures[0].Signature.ToArray();

    /// <summary>Reads a bundle and checks its version's shape; reports SCSDK3100, SCSDK3101 or SCSDK3102 and returns null on failure.</summary>
    public static SigstoreBundleDocument? Read(ReadOnlySpan<byte> json, string displayPath, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var parsed = StrictJson.Parse(json);
        if (!parsed.IsSuccess || parsed.Node is not JsonObject root)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Sigstore_BundleMalformed, displayPath, 0, displayPath, parsed.IsSuccess ? "it is not a JSON object" : "it is not valid JSON: " + parsed.Error));
            return null;
        }

        string mediaType;
        try
        {
            mediaType = SigstoreJson.String(root, "mediaType");
        }
        catch (FormatException ex)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Sigstore_BundleMalformed, displayPath, 0, displayPath, ex.Message));
            return null;
        }

        SigstoreBundleVersion version;
        switch (mediaType)
        {
            case MediaTypeV01:
                version = SigstoreBundleVersion.V01;
                break;
            case MediaTypeV02:
                version = SigstoreBundleVersion.V02;
                break;
            case MediaTypeV03:
            case MediaTypeV03Legacy:
                version = SigstoreBundleVersion.V03;
                break;
            default:
                sink.Report(Diagnostic.Create(DiagnosticCatalog.Sigstore_BundleVersionUnsupported, displayPath, 0, displayPath, mediaType));
                return null;
        }

        try
        {
            return ReadContent(root, mediaType, version, displayPath, sink);
        }
        catch (FormatException ex)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Sigstore_BundleMalformed, displayPath, 0, displayPath, ex.Message));
            return null;
        }
    }

    private static SigstoreBundleDocument? ReadContent(JsonObject root, string mediaType, SigstoreBundleVersion version, string displayPath, IDiagnosticSink sink)
    {
        var shapeErrors = new List<string>();
        var material = SigstoreJson.Object(root, "verificationMaterial");
        var publicKey = SigstoreJson.OptionalObject(material, "publicKey");
        var chain = SigstoreJson.OptionalObject(material, "x509CertificateChain");
        var certificate = SigstoreJson.OptionalObject(material, "certificate");
        var contentCount = (publicKey is null ? 0 : 1) + (chain is null ? 0 : 1) + (certificate is null ? 0 : 1);
        if (contentCount != 1)
        {
            shapeErrors.Add("'verificationMaterial' must have exactly one of 'publicKey', 'x509CertificateChain' and 'certificate'");
        }

        if (version == SigstoreBundleVersion.V03 && chain is not null)
        {
            shapeErrors.Add("a v0.3 bundle carries the leaf in 'certificate', not an 'x509CertificateChain'");
        }

        if (version != SigstoreBundleVersion.V03 && certificate is not null)
        {
            shapeErrors.Add("'certificate' is a v0.3 field; a v0.1 or v0.2 bundle carries an 'x509CertificateChain'");
        }

        var certificates = new List<X509Certificate2>();
        if (chain is not null)
        {
            foreach (var cert in SigstoreJson.OptionalArray(chain, "certificates") ?? new JsonArray())
            {
                certificates.Add(TrustedRoot.LoadCertificate(SigstoreJson.Bytes(cert, "rawBytes"), "x509CertificateChain"));
            }

            if (certificates.Count == 0)
            {
                shapeErrors.Add("'x509CertificateChain' has no certificates");
            }
        }
        else if (certificate is not null)
        {
            certificates.Add(TrustedRoot.LoadCertificate(SigstoreJson.Bytes(certificate, "rawBytes"), "certificate"));
        }

        var entries = new List<SigstoreTlogEntry>();
        var entryArray = SigstoreJson.OptionalArray(material, "tlogEntries") ?? new JsonArray();
        if (entryArray.Count > MaxEntries)
        {
            throw new FormatException($"it has {entryArray.Count} transparency-log entries, more than {MaxEntries}");
        }

        foreach (var item in entryArray)
        {
            var entry = ReadEntry(item);
            if (version == SigstoreBundleVersion.V01 && entry.SignedEntryTimestamp is null)
            {
                shapeErrors.Add($"the log entry {entry.LogIndex} has no 'inclusionPromise', which a v0.1 bundle requires");
            }

            if (version != SigstoreBundleVersion.V01 && entry.InclusionProof is null)
            {
                shapeErrors.Add($"the log entry {entry.LogIndex} has no 'inclusionProof', which a v0.2 or later bundle requires");
            }

            if (entry.InclusionProof is { Checkpoint: null } && version != SigstoreBundleVersion.V01)
            {
                shapeErrors.Add($"the inclusion proof of the log entry {entry.LogIndex} has no checkpoint");
            }

            entries.Add(entry);
        }

        if (version == SigstoreBundleVersion.V01 && entries.Count == 0)
        {
            shapeErrors.Add("a v0.1 bundle must have at least one transparency-log entry");
        }

        var timestamps = new List<byte[]>();
        var tsData = SigstoreJson.OptionalObject(material, "timestampVerificationData");
        var tsArray = SigstoreJson.OptionalArray(tsData, "rfc3161Timestamps") ?? new JsonArray();
        if (tsArray.Count > MaxEntries)
        {
            throw new FormatException($"it has {tsArray.Count} timestamps, more than {MaxEntries}");
        }

        foreach (var ts in tsArray)
        {
            timestamps.Add(SigstoreJson.Bytes(ts, "signedTimestamp"));
        }

        var messageNode = SigstoreJson.OptionalObject(root, "messageSignature");
        var envelopeNode = SigstoreJson.OptionalObject(root, "dsseEnvelope");
        SigstoreMessageSignature? message = null;
        DsseEnvelope? envelope = null;
        if ((messageNode is null) == (envelopeNode is null))
        {
            shapeErrors.Add("it must have exactly one of 'messageSignature' and 'dsseEnvelope'");
        }
        else if (messageNode is not null)
        {
            var digestNode = SigstoreJson.OptionalObject(messageNode, "messageDigest");
            message = new SigstoreMessageSignature(
                digestNode is null ? null : SigstoreJson.String(digestNode, "algorithm"),
                digestNode is null ? null : SigstoreJson.Bytes(digestNode, "digest"),
                SigstoreJson.Bytes(messageNode, "signature"));
        }
        else
        {
            var read = DsseEnvelope.Read(System.Text.Encoding.UTF8.GetBytes(envelopeNode!.ToJsonString()));
            if (!read.IsSuccess)
            {
                throw new FormatException("its DSSE envelope cannot be read: " + read.Error);
            }

            envelope = read.Envelope!;
            if (envelope.Signatures.Count != 1)
            {
                shapeErrors.Add($"its DSSE envelope has {envelope.Signatures.Count} signatures, not exactly one");
            }
        }

        if (shapeErrors.Count > 0)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Sigstore_BundleShapeInvalid, displayPath, 0, displayPath, mediaType, string.Join("; ", shapeErrors)));
            return null;
        }

        return new SigstoreBundleDocument
        {
            MediaType = mediaType,
            Version = version,
            Certificates = certificates,
            IsKeyBased = publicKey is not null,
            PublicKeyHint = SigstoreJson.OptionalString(publicKey, "hint"),
            TlogEntries = entries,
            Rfc3161Timestamps = timestamps,
            MessageSignature = message,
            Envelope = envelope,
        };
    }

    private static SigstoreTlogEntry ReadEntry(JsonNode? item)
    {
        var kindVersion = SigstoreJson.Object(item, "kindVersion");
        var promise = SigstoreJson.OptionalObject(item, "inclusionPromise");
        var proofNode = SigstoreJson.OptionalObject(item, "inclusionProof");
        SigstoreInclusionProof? proof = null;
        if (proofNode is not null)
        {
            var hashes = new List<byte[]>();
            var hashArray = SigstoreJson.OptionalArray(proofNode, "hashes") ?? new JsonArray();
            if (hashArray.Count > 64)
            {
                throw new FormatException("an inclusion proof has more than 64 hashes");
            }

            foreach (var hash in hashArray)
            {
                hashes.Add(hash is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
                    ? SigstoreJson.DecodeBase64(v.GetValue<string>(), "hashes")
                    : throw new FormatException("'hashes' holds a value that is not a string"));
            }

            var checkpoint = SigstoreJson.OptionalObject(proofNode, "checkpoint");
            proof = new SigstoreInclusionProof(
                SigstoreJson.Int64(proofNode, "logIndex"),
                SigstoreJson.Bytes(proofNode, "rootHash"),
                SigstoreJson.Int64(proofNode, "treeSize"),
                hashes,
                SigstoreJson.OptionalString(checkpoint, "envelope"));
        }

        return new SigstoreTlogEntry(
            SigstoreJson.Int64(item, "logIndex"),
            SigstoreJson.Bytes(SigstoreJson.Object(item, "logId"), "keyId"),
            SigstoreJson.String(kindVersion, "kind"),
            SigstoreJson.String(kindVersion, "version"),
            SigstoreJson.OptionalInt64(item, "integratedTime") ?? 0,
            SigstoreJson.OptionalBytes(promise, "signedEntryTimestamp"),
            proof,
            SigstoreJson.Bytes(item, "canonicalizedBody"));
    }
}
