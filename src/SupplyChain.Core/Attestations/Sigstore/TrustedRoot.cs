using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;
using PublicKey = SupplyChain.Core.Crypto.PublicKey;

namespace SupplyChain.Core.Attestations.Sigstore;

/// <summary>A period of validity (<c>validFor</c>): <see cref="End"/> null means still valid.</summary>
/// <param name="Start">The first instant.</param>
/// <param name="End">The last instant, or null.</param>
public sealed record ValidityPeriod(DateTimeOffset Start, DateTimeOffset? End)
{
    /// <summary>True when <paramref name="time"/> is inside the period.</summary>
    public bool Contains(DateTimeOffset time) => time >= Start && (End is null || time <= End.Value);
}

/// <summary>A transparency log or certificate-transparency log of a trusted root.</summary>
/// <param name="BaseUrl">The log's address (informational; never contacted).</param>
/// <param name="LogId">The log id: SHA-256 of the key's SubjectPublicKeyInfo.</param>
/// <param name="Key">The log's public key.</param>
/// <param name="ValidFor">When the key may be used.</param>
public sealed record TransparencyLogKey(string? BaseUrl, byte[] LogId, PublicKey Key, ValidityPeriod ValidFor);

/// <summary>A certificate authority or timestamp authority of a trusted root: its chain, leaf-most first, root last.</summary>
/// <param name="Uri">The authority's address (informational).</param>
/// <param name="Certificates">The chain, the issuing certificate first and the root last.</param>
/// <param name="ValidFor">When the authority may be trusted.</param>
public sealed record CertificateAuthority(string? Uri, IReadOnlyList<X509Certificate2> Certificates, ValidityPeriod ValidFor);

/// <summary>
/// A Sigstore trusted root (<c>trusted_root.json</c>, <c>application/vnd.dev.sigstore.trustedroot+json;version=0.1</c>):
/// the certificate authorities, transparency logs, certificate-transparency logs and timestamp authorities a verifier
/// trusts, each with its period of validity. Read once, used offline.
/// </summary>
public sealed class TrustedRoot
{
    /// <summary>The trusted root media type.</summary>
    public const string MediaTypeV01 = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

    /// <summary>Creates a trusted root from its parts (tests and callers that build one).</summary>
    public TrustedRoot(IReadOnlyList<CertificateAuthority> certificateAuthorities, IReadOnlyList<TransparencyLogKey> transparencyLogs, IReadOnlyList<TransparencyLogKey> certificateTransparencyLogs, IReadOnlyList<CertificateAuthority> timestampAuthorities)
    {
        CertificateAuthorities = certificateAuthorities ?? throw new ArgumentNullException(nameof(certificateAuthorities));
        TransparencyLogs = transparencyLogs ?? throw new ArgumentNullException(nameof(transparencyLogs));
        CertificateTransparencyLogs = certificateTransparencyLogs ?? throw new ArgumentNullException(nameof(certificateTransparencyLogs));
        TimestampAuthorities = timestampAuthorities ?? throw new ArgumentNullException(nameof(timestampAuthorities));
    }

    /// <summary>The Fulcio-like certificate authorities.</summary>
    public IReadOnlyList<CertificateAuthority> CertificateAuthorities { get; }

    /// <summary>The Rekor-like transparency logs.</summary>
    public IReadOnlyList<TransparencyLogKey> TransparencyLogs { get; }

    /// <summary>The certificate-transparency logs whose SCTs count.</summary>
    public IReadOnlyList<TransparencyLogKey> CertificateTransparencyLogs { get; }

    /// <summary>The RFC 3161 timestamp authorities.</summary>
    public IReadOnlyList<CertificateAuthority> TimestampAuthorities { get; }

    /// <summary>Reads a trusted root; throws SCSDK3103 when it cannot be used.</summary>
    /// <exception cref="SupplyChainException">SCSDK3103.</exception>
    public static TrustedRoot Parse(ReadOnlySpan<byte> json, string displayPath)
    {
        var parsed = StrictJson.Parse(json);
        if (!parsed.IsSuccess || parsed.Node is not JsonObject root)
        {
            throw Fail(displayPath, parsed.IsSuccess ? "it is not a JSON object" : "it is not valid JSON: " + parsed.Error);
        }

        try
        {
            var mediaType = SigstoreJson.String(root, "mediaType");
            if (!string.Equals(mediaType, MediaTypeV01, StringComparison.Ordinal))
            {
                throw new FormatException($"the media type '{mediaType}' is not '{MediaTypeV01}'");
            }

            return new TrustedRoot(
                ReadAuthorities(root, "certificateAuthorities"),
                ReadLogs(root, "tlogs"),
                ReadLogs(root, "ctlogs"),
                ReadAuthorities(root, "timestampAuthorities"));
        }
        catch (FormatException ex)
        {
            throw Fail(displayPath, ex.Message);
        }
        catch (SupplyChainException ex)
        {
            throw Fail(displayPath, "a key cannot be read: " + ex.Diagnostic.Message);
        }
    }

    /// <summary>The log whose id is <paramref name="logId"/>, or null.</summary>
    internal static TransparencyLogKey? FindLog(IReadOnlyList<TransparencyLogKey> logs, ReadOnlySpan<byte> logId)
    {
        foreach (var log in logs)
        {
            if (log.LogId.AsSpan().SequenceEqual(logId))
            {
                return log;
            }
        }

        return null;
    }

    private static SupplyChainException Fail(string displayPath, string reason)
        => SupplyChainException.Create(DiagnosticCatalog.Sigstore_TrustedRootInvalid, displayPath, 0, displayPath, reason);

    private static List<TransparencyLogKey> ReadLogs(JsonObject root, string name)
    {
        var list = new List<TransparencyLogKey>();
        foreach (var item in SigstoreJson.OptionalArray(root, name) ?? new JsonArray())
        {
            var publicKey = SigstoreJson.Object(item, "publicKey");
            var raw = SigstoreJson.Bytes(publicKey, "rawBytes");
            var key = PublicKey.FromSubjectPublicKeyInfo(raw, name);
            var logId = SigstoreJson.Bytes(SigstoreJson.Object(item, "logId"), "keyId");
            if (logId.Length != 32)
            {
                throw new FormatException($"a log id of '{name}' is not 32 bytes");
            }

            list.Add(new TransparencyLogKey(SigstoreJson.OptionalString(item, "baseUrl"), logId, key, ReadValidity(publicKey, name)));
        }

        return list;
    }

    private static List<CertificateAuthority> ReadAuthorities(JsonObject root, string name)
    {
        var list = new List<CertificateAuthority>();
        foreach (var item in SigstoreJson.OptionalArray(root, name) ?? new JsonArray())
        {
            var certificates = new List<X509Certificate2>();
            foreach (var cert in SigstoreJson.OptionalArray(SigstoreJson.Object(item, "certChain"), "certificates") ?? new JsonArray())
            {
                certificates.Add(LoadCertificate(SigstoreJson.Bytes(cert, "rawBytes"), name));
            }

            if (certificates.Count == 0)
            {
                throw new FormatException($"an authority of '{name}' has no certificates");
            }

            list.Add(new CertificateAuthority(SigstoreJson.OptionalString(item, "uri"), certificates, ReadValidity(item, name)));
        }

        return list;
    }

    internal static X509Certificate2 LoadCertificate(byte[] der, string name)
    {
        try
        {
            var certificate = new X509Certificate2(der);
            if (!certificate.RawData.AsSpan().SequenceEqual(der))
            {
                // X509Certificate2 also accepts PKCS#12 and PEM: only the exact DER certificate is accepted.
                throw new CryptographicException();
            }

            return certificate;
        }
        catch (CryptographicException)
        {
            throw new FormatException($"a certificate of '{name}' is not a DER X.509 certificate");
        }
    }

    private static ValidityPeriod ReadValidity(JsonNode? parent, string name)
    {
        var validFor = SigstoreJson.OptionalObject(parent, "validFor") ?? throw new FormatException($"an entry of '{name}' has no 'validFor'");
        var start = SigstoreJson.OptionalTime(validFor, "start") ?? throw new FormatException($"an entry of '{name}' has no 'validFor.start'");
        return new ValidityPeriod(start, SigstoreJson.OptionalTime(validFor, "end"));
    }
}
