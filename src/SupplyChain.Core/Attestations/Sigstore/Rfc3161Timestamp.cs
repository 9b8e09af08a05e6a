using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SupplyChain.Core.Attestations.Sigstore;

/// <summary>
/// An RFC 3161 timestamp as a Sigstore bundle carries it: the DER TimeStampResp (RFC 3161 section 2.4.2: a status
/// that must be granted, and the token, a CMS SignedData over a TSTInfo), read and verified with
/// <see cref="AsnReader"/>: the signer's signature over the signed attributes, the message-digest attribute over the
/// TSTInfo, and the message imprint over the timestamped data. Chaining the signer to a trusted authority is the
/// caller's job.
/// </summary>
internal static class Rfc3161Timestamp
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";
    private const string ContentTypeAttributeOid = "1.2.840.113549.1.9.3";
    private const string MessageDigestAttributeOid = "1.2.840.113549.1.9.4";

    /// <summary>Verifies the token over <paramref name="data"/>; returns its time and signer, or null with a reason.</summary>
    public static (DateTimeOffset Time, X509Certificate2 Signer)? Verify(byte[] token, ReadOnlySpan<byte> data, IEnumerable<X509Certificate2> extraCertificates, out string? error)
    {
        try
        {
            return VerifyCore(token, data, extraCertificates, out error);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or FormatException)
        {
            error = "it is not a well-formed DER timestamp token (" + ex.Message + ")";
            return null;
        }
    }

    private static (DateTimeOffset Time, X509Certificate2 Signer)? VerifyCore(byte[] response, ReadOnlySpan<byte> data, IEnumerable<X509Certificate2> extraCertificates, out string? error)
    {
        // TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
        var outer = new AsnReader(response, AsnEncodingRules.DER);
        var timeStampResp = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        if (!timeStampResp.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            error = "it is a bare timestamp token, not the TimeStampResp (RFC 3161 section 2.4.2) a Sigstore bundle carries";
            return null;
        }

        var statusInfo = timeStampResp.ReadSequence();
        var status = statusInfo.ReadInteger();
        if (status != 0 && status != 1)
        {
            error = $"the timestamp authority did not grant it (status {status})";
            return null;
        }

        if (!timeStampResp.HasData)
        {
            error = "the response has no timestamp token";
            return null;
        }

        var contentInfo = timeStampResp.ReadSequence();
        timeStampResp.ThrowIfNotEmpty();
        if (contentInfo.ReadObjectIdentifier() != SignedDataOid)
        {
            error = "it is not a CMS SignedData";
            return null;
        }

        var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        signedData.ReadInteger();
        signedData.ReadSetOf();
        var encap = signedData.ReadSequence();
        if (encap.ReadObjectIdentifier() != TstInfoOid)
        {
            error = "its content is not a TSTInfo";
            return null;
        }

        var tstInfoBytes = encap.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadOctetString();
        var certificates = new List<X509Certificate2>();
        if (signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            var set = signedData.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0));
            while (set.HasData)
            {
                var encoded = set.ReadEncodedValue();
                if (new AsnReader(encoded, AsnEncodingRules.DER).PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    certificates.Add(TrustedRoot.LoadCertificate(encoded.ToArray(), "timestamp token"));
                }
            }
        }

        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
        {
            signedData.ReadEncodedValue();
        }

        var signerInfos = signedData.ReadSetOf();
        signedData.ThrowIfNotEmpty();
        var signerInfo = signerInfos.ReadSequence();
        if (signerInfos.HasData)
        {
            error = "it has more than one signer";
            return null;
        }

        signerInfo.ReadInteger();
        var sid = signerInfo.ReadEncodedValue().ToArray();
        var digestAlgorithm = HashFromAlgorithm(signerInfo.ReadSequence());
        if (!signerInfo.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            error = "it has no signed attributes";
            return null;
        }

        var signedAttributesEncoded = signerInfo.ReadEncodedValue().ToArray();
        signerInfo.ReadSequence(); // signature algorithm: the key type decides
        var signature = signerInfo.ReadOctetString();

        // The signature is over the attributes re-tagged as a SET OF.
        var toVerify = (byte[])signedAttributesEncoded.Clone();
        toVerify[0] = 0x31;
        var attributes = new AsnReader(toVerify, AsnEncodingRules.DER).ReadSetOf();
        byte[]? messageDigest = null;
        string? contentType = null;
        while (attributes.HasData)
        {
            var attribute = attributes.ReadSequence();
            var oid = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            if (oid == MessageDigestAttributeOid)
            {
                messageDigest = values.ReadOctetString();
            }
            else if (oid == ContentTypeAttributeOid)
            {
                contentType = values.ReadObjectIdentifier();
            }
        }

        if (contentType != TstInfoOid || messageDigest is null || !messageDigest.AsSpan().SequenceEqual(Hash(digestAlgorithm, tstInfoBytes)))
        {
            error = "its signed attributes do not carry the TSTInfo's content type and digest";
            return null;
        }

        var signer = FindSigner(sid, certificates, extraCertificates);
        if (signer is null)
        {
            error = "its signer certificate is neither in the token nor in the trusted root";
            return null;
        }

        if (!VerifySignature(signer, toVerify, signature, digestAlgorithm))
        {
            error = "its signature does not verify with the signer's key";
            return null;
        }

        // TSTInfo: the imprint must be over the data.
        var tst = new AsnReader(tstInfoBytes, AsnEncodingRules.DER).ReadSequence();
        if (tst.ReadInteger() != 1)
        {
            error = "its TSTInfo version is not 1";
            return null;
        }

        tst.ReadObjectIdentifier();
        var imprint = tst.ReadSequence();
        var imprintHash = HashFromAlgorithm(imprint.ReadSequence());
        var hashed = imprint.ReadOctetString();
        if (!hashed.AsSpan().SequenceEqual(Hash(imprintHash, data)))
        {
            error = "it is not over the bundle's signature (the message imprint differs)";
            return null;
        }

        tst.ReadInteger();
        var time = tst.ReadGeneralizedTime();
        error = null;
        return (time, signer);
    }

    private static X509Certificate2? FindSigner(byte[] sid, List<X509Certificate2> embedded, IEnumerable<X509Certificate2> extra)
    {
        var reader = new AsnReader(sid, AsnEncodingRules.DER);
        var tag = reader.PeekTag();
        byte[]? issuer = null;
        byte[]? serial = null;
        byte[]? keyId = null;
        if (tag.HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var issuerAndSerial = reader.ReadSequence();
            issuer = issuerAndSerial.ReadEncodedValue().ToArray();
            serial = issuerAndSerial.ReadIntegerBytes().ToArray();
        }
        else
        {
            keyId = reader.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0));
        }

        var candidates = new List<X509Certificate2>(embedded);
        candidates.AddRange(extra);
        foreach (var cert in candidates)
        {
            if (issuer is not null && cert.IssuerName.RawData.AsSpan().SequenceEqual(issuer) && cert.SerialNumberBytes.Span.SequenceEqual(serial))
            {
                return cert;
            }

            if (keyId is not null && cert.Extensions["2.5.29.14"] is X509SubjectKeyIdentifierExtension ski && ski.SubjectKeyIdentifierBytes.Span.SequenceEqual(keyId))
            {
                return cert;
            }
        }

        return null;
    }

    private static bool VerifySignature(X509Certificate2 signer, byte[] data, byte[] signature, HashAlgorithmName hash)
    {
        using (var ecdsa = signer.GetECDsaPublicKey())
        {
            if (ecdsa is not null)
            {
                return ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
            }
        }

        using var rsa = signer.GetRSAPublicKey();
        return rsa is not null && rsa.KeySize >= 2048 && rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
    }

    private static HashAlgorithmName HashFromAlgorithm(AsnReader algorithm)
    {
        var oid = algorithm.ReadObjectIdentifier();
        return oid switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => throw new CryptographicException($"the hash algorithm {oid} is not supported"),
        };
    }

    private static byte[] Hash(HashAlgorithmName name, ReadOnlySpan<byte> data)
        => name == HashAlgorithmName.SHA384 ? SHA384.HashData(data) : name == HashAlgorithmName.SHA512 ? SHA512.HashData(data) : SHA256.HashData(data);
}
