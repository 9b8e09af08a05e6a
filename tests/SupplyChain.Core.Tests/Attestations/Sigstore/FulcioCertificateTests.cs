using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyChain.Core.Attestations.Sigstore;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>
/// What is read from a Fulcio certificate: its URI and e-mail names (no other kind), its OIDC issuer (v2 extension,
/// legacy one, never a malformed one), and its precertificate TBS without the SCT list.
/// </summary>
public sealed class FulcioCertificateTests
{
    private static X509Certificate2 Certificate(params X509Extension[] extensions)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fulcio test", key, HashAlgorithmName.SHA256);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-1), now.AddMinutes(10));
    }

    private static X509Extension Utf8Extension(string oid, string value, byte[]? trailing = null)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
        var raw = new List<byte>(writer.Encode());
        raw.AddRange(trailing ?? Array.Empty<byte>());
        return new X509Extension(oid, raw.ToArray(), false);
    }

    private static X509Extension SctExtension(byte[] list, bool critical = false, byte[]? trailing = null)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(list);
        var raw = new List<byte>(writer.Encode());
        raw.AddRange(trailing ?? Array.Empty<byte>());
        return new X509Extension(FulcioCertificate.SctListOid, raw.ToArray(), critical);
    }

    private static List<Asn1Tag> TbsTags(byte[] tbs)
    {
        var reader = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
        var tags = new List<Asn1Tag>();
        while (reader.HasData)
        {
            tags.Add(reader.PeekTag());
            reader.ReadEncodedValue();
        }

        return tags;
    }

    [Fact]
    public void Null_certificate_is_an_argument_error_for_every_reader()
    {
        Assert.Throws<ArgumentNullException>(() => FulcioCertificate.SubjectAlternativeNames(null!));
        Assert.Throws<ArgumentNullException>(() => FulcioCertificate.Issuer(null!));
        Assert.Throws<ArgumentNullException>(() => FulcioCertificate.HasCodeSigningUsage(null!));
        Assert.Throws<ArgumentNullException>(() => FulcioCertificate.SplitPrecertificate(null!));
    }

    // A DNS name or an IP address is not an identity Sigstore signs for: only URIs and e-mail addresses are names.
    [Fact]
    public void Only_uri_and_email_names_are_read_from_the_subject_alternative_names()
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("dns.example");
        san.AddUri(new Uri("https://github.com/o/r/.github/workflows/w.yml@refs/heads/main"));
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddEmailAddress("signer@example.com");
        var certificate = Certificate(san.Build());
        Assert.Equal(new[] { "https://github.com/o/r/.github/workflows/w.yml@refs/heads/main", "signer@example.com" }, FulcioCertificate.SubjectAlternativeNames(certificate));
    }

    // Bytes after the names could hide a second name list from a reader that stops at the first.
    [Fact]
    public void Subject_alternative_names_with_bytes_after_them_are_refused()
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress("signer@example.com");
        var raw = san.Build().RawData.Concat(new byte[] { 0x30, 0x00 }).ToArray();
        var certificate = Certificate(new X509Extension("2.5.29.17", raw, false));
        Assert.Throws<AsnContentException>(() => FulcioCertificate.SubjectAlternativeNames(certificate));
    }

    [Fact]
    public void Issuer_is_read_from_the_v2_extension_alone()
    {
        var certificate = Certificate(Utf8Extension(FulcioCertificate.IssuerV2Oid, "https://token.actions.githubusercontent.com"));
        Assert.Equal("https://token.actions.githubusercontent.com", FulcioCertificate.Issuer(certificate));
    }

    [Fact]
    public void Issuer_is_read_from_the_legacy_extension_alone()
    {
        var certificate = Certificate(new X509Extension(FulcioCertificate.IssuerV1Oid, Encoding.UTF8.GetBytes("https://accounts.google.com"), false));
        Assert.Equal("https://accounts.google.com", FulcioCertificate.Issuer(certificate));
    }

    [Fact]
    public void Certificate_without_an_issuer_extension_has_no_issuer()
        => Assert.Null(FulcioCertificate.Issuer(Certificate()));

    // Bytes after the issuer's UTF8String could smuggle a second value past a reader that stops early.
    [Fact]
    public void V2_issuer_extension_with_bytes_after_its_string_is_refused()
    {
        var certificate = Certificate(Utf8Extension(FulcioCertificate.IssuerV2Oid, "https://issuer.test", new byte[] { 0x0C, 0x01, 0x41 }));
        Assert.Throws<AsnContentException>(() => FulcioCertificate.Issuer(certificate));
    }

    // Invalid UTF-8 is refused rather than read with replacement characters that could be made to match.
    [Fact]
    public void Legacy_issuer_extension_that_is_not_utf8_is_refused()
    {
        var certificate = Certificate(new X509Extension(FulcioCertificate.IssuerV1Oid, new byte[] { 0x68, 0x74, 0xFF, 0x70 }, false));
        Assert.Throws<DecoderFallbackException>(() => FulcioCertificate.Issuer(certificate));
    }

    [Fact]
    public void Critical_sct_list_extension_is_read()
    {
        var certificate = Certificate(SctExtension(new byte[] { 0, 1, 2 }, critical: true), new X509BasicConstraintsExtension(false, false, 0, false));
        var (_, list) = FulcioCertificate.SplitPrecertificate(certificate);
        Assert.Equal(new byte[] { 0, 1, 2 }, list);
    }

    // Bytes after the SCT list's octet string are not part of any SCT and must not be ignored.
    [Fact]
    public void Sct_list_extension_with_bytes_after_its_list_is_refused()
    {
        var certificate = Certificate(SctExtension(new byte[] { 0, 1, 2 }, trailing: new byte[] { 0x05, 0x00 }));
        Assert.Throws<AsnContentException>(() => FulcioCertificate.SplitPrecertificate(certificate));
    }

    // The precertificate of a certificate whose only extension is the SCT list has no extensions field at all (RFC 6962 §3.2).
    [Fact]
    public void Precertificate_of_a_certificate_whose_only_extension_is_the_sct_list_has_no_extensions_field()
    {
        var certificate = Certificate(SctExtension(new byte[] { 0, 1, 2 }));
        var (tbs, list) = FulcioCertificate.SplitPrecertificate(certificate);
        Assert.Equal(new byte[] { 0, 1, 2 }, list);
        var original = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence().ReadEncodedValue().ToArray();
        var expected = TbsTags(original);
        Assert.Contains(new Asn1Tag(TagClass.ContextSpecific, 3, true), expected);
        expected.Remove(new Asn1Tag(TagClass.ContextSpecific, 3, true));
        Assert.Equal(expected, TbsTags(tbs));
    }
}
