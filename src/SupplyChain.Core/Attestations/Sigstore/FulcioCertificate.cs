using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SupplyChain.Core.Attestations.Sigstore;

/// <summary>Reads what a Fulcio certificate says about its subject, and rebuilds its precertificate (RFC 6962 §3.2).</summary>
public static class FulcioCertificate
{
    /// <summary>The Fulcio OIDC issuer extension (v2, DER UTF8String).</summary>
    public const string IssuerV2Oid = "1.3.6.1.4.1.57264.1.8";

    /// <summary>The legacy Fulcio OIDC issuer extension (raw string bytes).</summary>
    public const string IssuerV1Oid = "1.3.6.1.4.1.57264.1.1";

    /// <summary>The embedded SCT list extension.</summary>
    public const string SctListOid = "1.3.6.1.4.1.11129.2.4.2";

    /// <summary>The code-signing extended key usage.</summary>
    public const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";

    /// <summary>The URIs and e-mail addresses of the subject alternative name extension.</summary>
    public static IReadOnlyList<string> SubjectAlternativeNames(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != "2.5.29.17")
            {
                continue;
            }

            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && (tag.TagValue == 1 || tag.TagValue == 6))
                {
                    names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                }
                else
                {
                    sequence.ReadEncodedValue();
                }
            }
        }

        return names;
    }

    /// <summary>The OIDC issuer: the v2 extension when present, else the legacy one, else null.</summary>
    public static string? Issuer(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string? v1 = null;
        string? v2 = null;
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == IssuerV2Oid)
            {
                var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
                v2 = reader.ReadCharacterString(UniversalTagNumber.UTF8String);
                reader.ThrowIfNotEmpty();
            }
            else if (extension.Oid?.Value == IssuerV1Oid)
            {
                v1 = new UTF8Encoding(false, true).GetString(extension.RawData);
            }
        }

        if (v1 is not null && v2 is not null && !string.Equals(v1, v2, StringComparison.Ordinal))
        {
            throw new CryptographicException($"the issuer extensions disagree ('{v2}' and '{v1}')");
        }

        return v2 ?? v1;
    }

    /// <summary>True when the certificate's extended key usage includes code signing.</summary>
    public static bool HasCodeSigningUsage(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension eku)
            {
                foreach (var oid in eku.EnhancedKeyUsages)
                {
                    if (oid.Value == CodeSigningOid)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The DER TBSCertificate of the certificate without its SCT list extension (the precertificate's TBS), and the extension's value.</summary>
    public static (byte[] PrecertificateTbs, byte[]? SctList) SplitPrecertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var reader = new AsnReader(certificate.RawData, AsnEncodingRules.DER);
        var cert = reader.ReadSequence();
        var tbs = cert.ReadSequence();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        byte[]? sctList = null;
        using (writer.PushSequence())
        {
            while (tbs.HasData)
            {
                var tag = tbs.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 3)
                {
                    var explicitExtensions = tbs.ReadSequence(tag);
                    var extensions = explicitExtensions.ReadSequence();
                    var kept = new List<byte[]>();
                    while (extensions.HasData)
                    {
                        var encoded = extensions.ReadEncodedValue().ToArray();
                        var extension = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence();
                        var oid = extension.ReadObjectIdentifier();
                        if (oid == SctListOid)
                        {
                            if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                            {
                                extension.ReadBoolean();
                            }

                            var octets = extension.ReadOctetString();
                            var inner = new AsnReader(octets, AsnEncodingRules.DER);
                            sctList = inner.ReadOctetString();
                            inner.ThrowIfNotEmpty();
                        }
                        else
                        {
                            kept.Add(encoded);
                        }
                    }

                    if (kept.Count > 0)
                    {
                        using (writer.PushSequence(tag))
                        using (writer.PushSequence())
                        {
                            foreach (var e in kept)
                            {
                                writer.WriteEncodedValue(e);
                            }
                        }
                    }
                }
                else
                {
                    writer.WriteEncodedValue(tbs.ReadEncodedValue().Span);
                }
            }
        }

        return (writer.Encode(), sctList);
    }
}
