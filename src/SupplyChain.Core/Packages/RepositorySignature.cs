using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Packages;

/// <summary>
/// Decides whether a .nupkg is an unsigned package plus exactly one NuGet repository signature, the one change a feed
/// such as nuget.org makes to a package it accepts; and if so, gives the package's NuGet content hash (the SHA-512 of
/// the package as it was before signing). It qualifies only when all of these hold:
/// <list type="bullet">
/// <item>the zip is well formed (<see cref="ZipDirectory"/>: unique names, the signature entry last in the file and in the central directory);</item>
/// <item>it has the signature entry <c>.signature.p7s</c> (ASCII name), and no other entry whose name is that in any case;</item>
/// <item>the entry is stored (not compressed), without a data descriptor or extra fields or comment, and its CRC-32 is right;</item>
/// <item>it is DER CMS SignedData with no trailing bytes, content type <c>data</c>, exactly one signer and the signer's certificate;</item>
/// <item>the signer's signed attributes are unique, have the content type <c>data</c>, a message digest of the content, the
/// commitment type <em>proof of receipt</em> (NuGet's repository signature; <em>proof of origin</em> is an author signature),
/// and the <c>nuget-v3-service-index-url</c>; its unsigned attributes hold no countersignature;</item>
/// <item>the signer's signature over the signed attributes verifies with the certificate's public key (RSA PKCS#1 v1.5 or ECDSA);</item>
/// <item>the signed content is exactly NuGet's signature content <c>Version:1\r\n\r\n&lt;hash OID&gt;-Hash:&lt;base64&gt;\r\n\r\n</c>
/// for SHA-256, SHA-384 or SHA-512, and the hash is that of the unsigned package.</item>
/// </list>
/// Whether the repository's certificate is trusted is not judged here (NuGet does that on restore): what qualifies the
/// package is that the signature is the only difference from the bytes the content hash describes.
/// </summary>
public static class RepositorySignature
{
    /// <summary>The largest signature entry read, in bytes.</summary>
    public const int MaxSignatureSize = 1 << 20;

    internal const string SignedDataOid = "1.2.840.113549.1.7.2";
    internal const string DataOid = "1.2.840.113549.1.7.1";
    internal const string ContentTypeAttributeOid = "1.2.840.113549.1.9.3";
    internal const string MessageDigestAttributeOid = "1.2.840.113549.1.9.4";
    internal const string CounterSignatureAttributeOid = "1.2.840.113549.1.9.6";
    internal const string CommitmentTypeIndicationOid = "1.2.840.113549.1.9.16.2.16";
    internal const string ProofOfOriginOid = "1.2.840.113549.1.9.16.6.1";
    internal const string ProofOfReceiptOid = "1.2.840.113549.1.9.16.6.2";
    internal const string NuGetV3ServiceIndexUrlOid = "1.3.6.1.4.1.311.84.2.1.1.1";

    private static readonly Dictionary<string, HashAlgorithmName> s_hashOids = new(StringComparer.Ordinal)
    {
        ["2.16.840.1.101.3.4.2.1"] = HashAlgorithmName.SHA256,
        ["2.16.840.1.101.3.4.2.2"] = HashAlgorithmName.SHA384,
        ["2.16.840.1.101.3.4.2.3"] = HashAlgorithmName.SHA512,
    };

    /// <summary>Inspects a .nupkg file.</summary>
    /// <exception cref="SupplyChainException">SCSDK6001 when the file cannot be read.</exception>
    public static RepositorySignatureCheck Inspect(string nupkgPath)
    {
        ArgumentNullException.ThrowIfNull(nupkgPath);
        try
        {
            using var stream = new FileStream(nupkgPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
            return Inspect(stream, nupkgPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, nupkgPath, 0, nupkgPath, ex.Message), ex);
        }
    }

    /// <summary>Inspects a .nupkg from a readable, seekable stream; <paramref name="displayPath"/> names it in messages.</summary>
    public static RepositorySignatureCheck Inspect(Stream stream, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ZipDirectory directory;
        try
        {
            directory = ZipDirectory.Read(stream, displayPath);
        }
        catch (SupplyChainException ex) when (ex.Diagnostic.Descriptor == DiagnosticCatalog.Package_Unreadable)
        {
            return RepositorySignatureCheck.No("it is not a well-formed zip: " + ex.Diagnostic.Message);
        }

        var signature = directory.SignatureEntry;
        if (signature is null)
        {
            return RepositorySignatureCheck.No($"it has no package signature entry '{ZipDirectory.SignatureEntryName}'");
        }

        foreach (var entry in directory.Entries)
        {
            if (!ReferenceEquals(entry, signature) && IsSignatureName(entry.Name))
            {
                return RepositorySignatureCheck.No($"besides '{ZipDirectory.SignatureEntryName}' it has the entry '{entry.Name}', another name of the signature file");
            }
        }

        var contentHash = PackageContentHash.HashUnsignedPackage(stream, directory, HashAlgorithmName.SHA512, displayPath);
        var contentHex = Convert.ToHexString(contentHash).ToLowerInvariant();
        var read = ReadStoredEntry(stream, signature, displayPath, out var cms);
        if (read is not null)
        {
            return RepositorySignatureCheck.No(read, contentHex);
        }

        var problem = CheckCms(cms!, out var hashAlgorithm, out var hashOid, out var signedContent);
        if (problem is not null)
        {
            return RepositorySignatureCheck.No("its signature is not one NuGet repository signature: " + problem, contentHex);
        }

        var packageHash = hashAlgorithm == HashAlgorithmName.SHA512 ? contentHash : PackageContentHash.HashUnsignedPackage(stream, directory, hashAlgorithm, displayPath);
        var expected = Encoding.UTF8.GetBytes($"Version:1\r\n\r\n{hashOid}-Hash:{Convert.ToBase64String(packageHash)}\r\n\r\n");
        if (!signedContent!.AsSpan().SequenceEqual(expected))
        {
            return RepositorySignatureCheck.No("its signature's content is not NuGet's signature content with the hash of this package without the signature (it was made for other bytes)", contentHex);
        }

        return new RepositorySignatureCheck(true, contentHex, "it is the package with exactly one NuGet repository signature");
    }

    private static bool IsSignatureName(string name)
        => string.Equals(name, ZipDirectory.SignatureEntryName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(PackageEntryNames.Unescape(name), ZipDirectory.SignatureEntryName, StringComparison.OrdinalIgnoreCase);

    private static string? ReadStoredEntry(Stream stream, ZipEntryRecord entry, string displayPath, out byte[]? data)
    {
        data = null;
        if ((entry.Flags & (1 << 3)) != 0)
        {
            return "its signature entry has a data descriptor (NuGet writes it with its sizes in the header)";
        }

        if (entry.CompressedSize != entry.UncompressedSize || entry.CompressedSize > MaxSignatureSize || entry.CompressedSize == 0)
        {
            return $"its signature entry is {entry.CompressedSize} bytes compressed and {entry.UncompressedSize} uncompressed (NuGet stores a signature of at most {MaxSignatureSize} bytes)";
        }

        var header = new byte[30];
        stream.Position = entry.LocalHeaderOffset;
        stream.ReadExactly(header);
        var method = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
        var crc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(14));
        var nameLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26));
        var extraLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
        if (method != 0)
        {
            return $"its signature entry is compressed (method {method}); NuGet stores it";
        }

        // Nothing of the entry is outside the content hash but the signature itself: no extra field in the local
        // header, and no extra field or comment in the central record (but the ZIP64 offset a package past 4 GiB needs).
        var plainRecord = 46 + entry.NameBytes.Length;
        var zip64Record = plainRecord + 12;
        if (extraLength != 0 || !(entry.CentralRecordSize == plainRecord || (entry.CentralRecordSize == zip64Record && entry.LocalHeaderOffset >= uint.MaxValue)))
        {
            return "its signature entry has an extra field or a comment (NuGet writes none; bytes there would not be covered by the content hash)";
        }

        var dataStart = entry.LocalHeaderOffset + 30 + nameLength + extraLength;
        if (dataStart + entry.CompressedSize != entry.LocalEntryEnd)
        {
            return "its signature entry's data does not fill the entry";
        }

        data = new byte[entry.CompressedSize];
        stream.Position = dataStart;
        stream.ReadExactly(data);
        if (Crc32(data) != crc)
        {
            data = null;
            return $"its signature entry's CRC-32 is wrong ({displayPath})";
        }

        return null;
    }

    private static string? CheckCms(byte[] cms, out HashAlgorithmName hashAlgorithm, out string? hashOid, out byte[]? content)
    {
        hashAlgorithm = default;
        hashOid = null;
        content = null;
        try
        {
            var outer = new AsnReader(cms, AsnEncodingRules.DER);
            var contentInfo = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            if (contentInfo.ReadObjectIdentifier() != SignedDataOid)
            {
                return "it is not CMS SignedData";
            }

            var explicitContent = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            contentInfo.ThrowIfNotEmpty();
            var signedData = explicitContent.ReadSequence();
            explicitContent.ThrowIfNotEmpty();

            signedData.ReadInteger();
            signedData.ReadSetOf();
            var encapsulated = signedData.ReadSequence();
            if (encapsulated.ReadObjectIdentifier() != DataOid)
            {
                return "its content type is not 'data'";
            }

            if (!encapsulated.HasData)
            {
                return "it is detached (it holds no signature content)";
            }

            var eContent = encapsulated.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            content = eContent.ReadOctetString();
            eContent.ThrowIfNotEmpty();
            encapsulated.ThrowIfNotEmpty();

            var certificates = new List<byte[]>();
            if (signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                var set = signedData.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0));
                while (set.HasData)
                {
                    certificates.Add(set.ReadEncodedValue().ToArray());
                }
            }

            if (signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
            {
                signedData.ReadEncodedValue();
            }

            var signerInfos = signedData.ReadSetOf();
            signedData.ThrowIfNotEmpty();
            if (!signerInfos.HasData)
            {
                return "it has no signer";
            }

            var signerInfo = signerInfos.ReadSequence();
            if (signerInfos.HasData)
            {
                return "it has more than one signer";
            }

            return CheckSigner(signerInfo, certificates, content, out hashAlgorithm, out hashOid);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or ArgumentException)
        {
            content = null;
            return "it is not DER-encoded CMS SignedData (" + ex.Message.TrimEnd('.') + ")";
        }
    }

    private static string? CheckSigner(AsnReader signerInfo, List<byte[]> certificates, byte[] content, out HashAlgorithmName hashAlgorithm, out string? hashOid)
    {
        hashAlgorithm = default;
        hashOid = null;
        signerInfo.ReadInteger();
        byte[]? issuer = null, serial = null, subjectKeyId = null;
        if (signerInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var issuerAndSerial = signerInfo.ReadSequence();
            issuer = issuerAndSerial.ReadEncodedValue().ToArray();
            serial = issuerAndSerial.ReadIntegerBytes().ToArray();
            issuerAndSerial.ThrowIfNotEmpty();
        }
        else
        {
            subjectKeyId = signerInfo.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0));
        }

        var digestAlgorithm = ReadAlgorithm(signerInfo);
        if (!s_hashOids.TryGetValue(digestAlgorithm, out var digest))
        {
            return $"its digest algorithm {digestAlgorithm} is not SHA-256, SHA-384 or SHA-512";
        }

        if (!signerInfo.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            return "its signer has no signed attributes";
        }

        var signedAttributesEncoded = signerInfo.ReadEncodedValue().ToArray();
        var signedAttributes = ReadAttributes(new AsnReader(signedAttributesEncoded, AsnEncodingRules.DER).ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0)));
        if (signedAttributes is null)
        {
            return "an attribute appears more than once among its signed attributes";
        }

        var signatureAlgorithm = ReadAlgorithm(signerInfo);
        var signature = signerInfo.ReadOctetString();
        if (signerInfo.HasData)
        {
            var unsigned = ReadAttributes(signerInfo.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 1)));
            if (unsigned is null || unsigned.ContainsKey(CounterSignatureAttributeOid))
            {
                return "its signer has a countersignature (a repository countersignature is on an author signature)";
            }
        }

        signerInfo.ThrowIfNotEmpty();

        if (!signedAttributes.TryGetValue(CommitmentTypeIndicationOid, out var commitment) || commitment.Count != 1)
        {
            return "its signer has no single commitment type (NuGet marks a repository signature 'proof of receipt')";
        }

        var commitmentReader = new AsnReader(commitment[0], AsnEncodingRules.DER).ReadSequence();
        var commitmentType = commitmentReader.ReadObjectIdentifier();
        if (commitmentType == ProofOfOriginOid)
        {
            return "it is an author signature (commitment type 'proof of origin'), not a repository signature";
        }

        if (commitmentType != ProofOfReceiptOid)
        {
            return $"its commitment type {commitmentType} is not 'proof of receipt' (a repository signature)";
        }

        if (!signedAttributes.TryGetValue(NuGetV3ServiceIndexUrlOid, out var serviceIndex) || serviceIndex.Count != 1)
        {
            return "it has no nuget-v3-service-index-url attribute (every NuGet repository signature names its feed)";
        }

        if (!signedAttributes.TryGetValue(ContentTypeAttributeOid, out var contentType) || contentType.Count != 1
            || new AsnReader(contentType[0], AsnEncodingRules.DER).ReadObjectIdentifier() != DataOid)
        {
            return "its signed content type attribute is missing or not 'data'";
        }

        if (!signedAttributes.TryGetValue(MessageDigestAttributeOid, out var messageDigest) || messageDigest.Count != 1
            || !new AsnReader(messageDigest[0], AsnEncodingRules.DER).ReadOctetString().AsSpan().SequenceEqual(Hash(digest, content)))
        {
            return "its message digest attribute is missing or is not the digest of its content";
        }

        var certificate = FindCertificate(certificates, issuer, serial, subjectKeyId);
        if (certificate is null)
        {
            return "the signer's certificate is not in the signature";
        }

        using (certificate)
        {
            // The signature is over the DER of the signed attributes as a SET OF (tag 0x31), not as [0].
            var toVerify = (byte[])signedAttributesEncoded.Clone();
            toVerify[0] = 0x31;
            if (!VerifySignature(certificate, signatureAlgorithm, digest, toVerify, signature, out var problem))
            {
                return problem;
            }
        }

        var text = Encoding.UTF8.GetString(content);
        const string Prefix = "Version:1\r\n\r\n";
        var dash = text.IndexOf("-Hash:", StringComparison.Ordinal);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || dash < Prefix.Length
            || !s_hashOids.TryGetValue(text[Prefix.Length..dash], out hashAlgorithm))
        {
            return "its content is not NuGet's signature content 'Version:1' with a SHA-256, SHA-384 or SHA-512 package hash";
        }

        hashOid = text[Prefix.Length..dash];
        return null;
    }

    private static bool VerifySignature(X509Certificate2 certificate, string algorithm, HashAlgorithmName digest, byte[] data, byte[] signature, out string? problem)
    {
        problem = null;
        switch (algorithm)
        {
            case "1.2.840.113549.1.1.1":
            case "1.2.840.113549.1.1.11" when digest == HashAlgorithmName.SHA256:
            case "1.2.840.113549.1.1.12" when digest == HashAlgorithmName.SHA384:
            case "1.2.840.113549.1.1.13" when digest == HashAlgorithmName.SHA512:
                using (var rsa = certificate.GetRSAPublicKey())
                {
                    if (rsa is not null && rsa.VerifyData(data, signature, digest, RSASignaturePadding.Pkcs1))
                    {
                        return true;
                    }
                }

                break;
            case "1.2.840.10045.4.3.2" when digest == HashAlgorithmName.SHA256:
            case "1.2.840.10045.4.3.3" when digest == HashAlgorithmName.SHA384:
            case "1.2.840.10045.4.3.4" when digest == HashAlgorithmName.SHA512:
                using (var ecdsa = certificate.GetECDsaPublicKey())
                {
                    if (ecdsa is not null && ecdsa.VerifyData(data, signature, digest, DSASignatureFormat.Rfc3279DerSequence))
                    {
                        return true;
                    }
                }

                break;
            default:
                problem = $"its signature algorithm {algorithm} is not RSA PKCS#1 v1.5 or ECDSA with its digest algorithm";
                return false;
        }

        problem = "the signer's signature does not verify with its certificate (the signature was altered or made by another key)";
        return false;
    }

    private static X509Certificate2? FindCertificate(List<byte[]> certificates, byte[]? issuer, byte[]? serial, byte[]? subjectKeyId)
    {
        foreach (var encoded in certificates)
        {
            X509Certificate2 certificate;
            try
            {
#pragma warning disable SYSLIB0057 // Core targets net8.0, which has no X509CertificateLoader.
                certificate = new X509Certificate2(encoded);
#pragma warning restore SYSLIB0057
            }
            catch (CryptographicException)
            {
                continue;
            }

            var matches = issuer is not null
                ? certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer) && certificate.SerialNumberBytes.Span.SequenceEqual(serial)
                : certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Any(e => e.SubjectKeyIdentifierBytes.Span.SequenceEqual(subjectKeyId));
            if (matches)
            {
                return certificate;
            }

            certificate.Dispose();
        }

        return null;
    }

    private static Dictionary<string, List<byte[]>>? ReadAttributes(AsnReader set)
    {
        var attributes = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        while (set.HasData)
        {
            var attribute = set.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            attribute.ThrowIfNotEmpty();
            var list = new List<byte[]>();
            while (values.HasData)
            {
                list.Add(values.ReadEncodedValue().ToArray());
            }

            if (!attributes.TryAdd(type, list))
            {
                return null;
            }
        }

        return attributes;
    }

    private static string ReadAlgorithm(AsnReader reader)
    {
        var algorithm = reader.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
        {
            algorithm.ReadNull();
        }

        algorithm.ThrowIfNotEmpty();
        return oid;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Hash(HashAlgorithmName algorithm, byte[] data)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }
}

/// <summary>The outcome of <see cref="RepositorySignature.Inspect(string)"/>.</summary>
/// <param name="IsRepositorySigned">True when the package is an unsigned package plus exactly one NuGet repository signature.</param>
/// <param name="ContentSha512Hex">
/// The NuGet content hash as 128 lowercase hex digits when the package has a signature entry and is a well-formed zip
/// (also when the signature does not qualify, for messages), otherwise null.
/// </param>
/// <param name="Reason">Why it is or is not, for messages.</param>
public sealed record RepositorySignatureCheck(bool IsRepositorySigned, string? ContentSha512Hex, string Reason)
{
    internal static RepositorySignatureCheck No(string reason, string? contentSha512Hex = null) => new(false, contentSha512Hex, reason);
}
