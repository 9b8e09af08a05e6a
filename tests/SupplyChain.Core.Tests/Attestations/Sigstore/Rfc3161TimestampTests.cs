using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.TestUtilities.Sigstore;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>
/// An RFC 3161 timestamp dates a keyless signature, so the time it gives decides whether a short-lived certificate was
/// valid: a token counts only when it is a granted response holding exactly one signer's signed TSTInfo over the
/// bundle's signature. Each case below changes one part of a token the fixture signs for real.
/// </summary>
public sealed class Rfc3161TimestampTests : IClassFixture<SigstoreTestFixture>
{
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("signature bytes");
    private readonly SigstoreTestFixture _fixture;

    public Rfc3161TimestampTests(SigstoreTestFixture fixture) => _fixture = fixture;

    private byte[] Response(TestTimestampOptions options, int status = 0, bool embed = true)
        => SigstoreTestFixture.Timestamp(Data, SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, _fixture.TsaKey, status, embed, options);

    private static string Refused(byte[] response, params X509Certificate2[] trusted)
    {
        var verified = Rfc3161Timestamp.Verify(response, Data, trusted, out var error);
        Assert.Null(verified);
        return Assert.IsType<string>(error);
    }

    [Theory]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void TokenHashedWithSha384OrSha512_IsVerified_WithThatHash(string hash)
    {
        var verified = Rfc3161Timestamp.Verify(Response(new TestTimestampOptions { Hash = new HashAlgorithmName(hash) }), Data, Array.Empty<X509Certificate2>(), out var error);
        Assert.True(verified is not null, error);
        Assert.Equal(SigstoreTestFixture.SigningTime, verified.Value.Time);
    }

    [Fact]
    public void TokenThatNamesSha384_ButHashedWithSha256_IsRefused()
    {
        // The algorithm named is the one checked: a digest of another algorithm does not pass as it.
        var error = Refused(Response(new TestTimestampOptions { HashOid = "2.16.840.1.101.3.4.2.2" }));
        Assert.Equal("its signed attributes do not carry the TSTInfo's content type and digest", error);
    }

    [Fact]
    public void TokenHashedWithSha1_IsRefused_AsNotSupported()
    {
        var error = Refused(Response(new TestTimestampOptions { HashOid = "1.3.14.3.2.26" }));
        Assert.Equal("it is not a well-formed DER timestamp token (the hash algorithm 1.3.14.3.2.26 is not supported)", error);
    }

    [Fact]
    public void GrantedWithModifications_IsVerified_RejectionIsNot()
    {
        Assert.NotNull(Rfc3161Timestamp.Verify(Response(new TestTimestampOptions(), status: 1), Data, Array.Empty<X509Certificate2>(), out _));
        Assert.Equal("the timestamp authority did not grant it (status 2)", Refused(Response(new TestTimestampOptions(), status: 2)));
        Assert.Equal("the timestamp authority did not grant it (status -1)", Refused(Response(new TestTimestampOptions(), status: -1)));
    }

    [Fact]
    public void BareToken_WithoutTheResponseAroundIt_IsRefused()
        => Assert.Equal(
            "it is a bare timestamp token, not the TimeStampResp (RFC 3161 section 2.4.2) a Sigstore bundle carries",
            Refused(SigstoreTestFixture.TimestampToken(Data, SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, _fixture.TsaKey)));

    [Fact]
    public void ContentInfoOfAnotherType_IsRefused()
        => Assert.Equal("it is not a CMS SignedData", Refused(Response(new TestTimestampOptions { ContentInfoType = "1.2.840.113549.1.7.1" })));

    [Fact]
    public void SignedDataOverSomethingOtherThanATstInfo_IsRefused()
        => Assert.Equal("its content is not a TSTInfo", Refused(Response(new TestTimestampOptions { EncapsulatedContentType = "1.2.840.113549.1.7.1" })));

    [Fact]
    public void SignedContentTypeAttributeOfAnotherType_IsRefused()
    {
        // The signer signed "this is data", not "this is a timestamp": the same key's other signatures are no stamps.
        var error = Refused(Response(new TestTimestampOptions { ContentTypeAttribute = "1.2.840.113549.1.7.1" }));
        Assert.Equal("its signed attributes do not carry the TSTInfo's content type and digest", error);
    }

    [Fact]
    public void TokenWithTwoSigners_IsRefused()
        => Assert.Equal("it has more than one signer", Refused(Response(new TestTimestampOptions { SignerCount = 2 })));

    [Fact]
    public void SignerWithoutSignedAttributes_IsRefused()
        => Assert.Equal("it has no signed attributes", Refused(Response(new TestTimestampOptions { SignedAttributes = false })));

    [Fact]
    public void TstInfoOfAnotherVersion_IsRefused()
        => Assert.Equal("its TSTInfo version is not 1", Refused(Response(new TestTimestampOptions { TstInfoVersion = 2 })));

    [Fact]
    public void TokenOverOtherData_IsRefused()
    {
        var verified = Rfc3161Timestamp.Verify(Response(new TestTimestampOptions()), Encoding.UTF8.GetBytes("other signature"), Array.Empty<X509Certificate2>(), out var error);
        Assert.Null(verified);
        Assert.Equal("it is not over the bundle's signature (the message imprint differs)", error);
    }

    [Fact]
    public void SignerNamedBySubjectKeyIdentifier_IsFoundByIt_AndOnlyByIt()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=tsa-ski,O=test", key, HashAlgorithmName.SHA256);
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(ski);
        using var tsa = request.CreateSelfSigned(SigstoreTestFixture.SigningTime.AddYears(-1), SigstoreTestFixture.SigningTime.AddYears(1));
        var response = SigstoreTestFixture.Timestamp(Data, SigstoreTestFixture.SigningTime, tsa, key, embedCertificate: false, options: new TestTimestampOptions { SignerBySubjectKeyIdentifier = ski.SubjectKeyIdentifierBytes.ToArray() });

        var verified = Rfc3161Timestamp.Verify(response, Data, new[] { _fixture.TsaCertificate, tsa }, out var error);
        Assert.True(verified is not null, error);
        Assert.Equal(tsa.RawData, verified.Value.Signer.RawData);

        // The fixture's TSA has no such key identifier (and the same issuer-and-serial form is not used): not found.
        Assert.Equal("its signer certificate is neither in the token nor in the trusted root", Refused(response, _fixture.TsaCertificate));
    }

    [Fact]
    public void SignerWithTheSameIssuerButAnotherSerial_IsNotTheSigner()
    {
        // A certificate of the same authority, but another serial number, is another certificate.
        var (other, otherKey) = SigstoreTestFixture.CreateTsa("CN=tsa-test,O=test", _fixture.TsaRoot, _fixture.TsaRootKey);
        using (other)
        using (otherKey)
        {
            var response = SigstoreTestFixture.Timestamp(Data, SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, _fixture.TsaKey, embedCertificate: false);
            Assert.Equal("its signer certificate is neither in the token nor in the trusted root", Refused(response, other));
        }
    }

    [Fact]
    public void TokenSignedByAnotherKeyThanItsNamedSigner_IsRefused()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var response = SigstoreTestFixture.Timestamp(Data, SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, otherKey);
        Assert.Equal("its signature does not verify with the signer's key", Refused(response));
    }

    private static byte[] AppendToSequence(byte[] der, byte[] element)
    {
        // Re-encodes the outer SEQUENCE with one more element at its end.
        var content = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            while (content.HasData)
            {
                writer.WriteEncodedValue(content.ReadEncodedValue().Span);
            }

            writer.WriteEncodedValue(element);
        }

        return writer.Encode();
    }

    private static readonly byte[] DerNull = { 0x05, 0x00 };

    [Fact]
    public void BytesAfterTheResponse_AreRefused()
        => Assert.StartsWith("it is not a well-formed DER timestamp token (", Refused(Response(new TestTimestampOptions()).Concat(DerNull).ToArray()), StringComparison.Ordinal);

    [Fact]
    public void ElementAfterTheTokenInsideTheResponse_IsRefused()
        => Assert.StartsWith("it is not a well-formed DER timestamp token (", Refused(AppendToSequence(Response(new TestTimestampOptions()), DerNull)), StringComparison.Ordinal);

    [Fact]
    public void ElementAfterTheSignerInfosInsideTheSignedData_IsRefused()
        => Assert.StartsWith("it is not a well-formed DER timestamp token (", Refused(Response(new TestTimestampOptions { TrailingSignedDataElement = true })), StringComparison.Ordinal);

    [Fact]
    public void TokenWithACrlsField_IsVerified()
        => Assert.NotNull(Rfc3161Timestamp.Verify(Response(new TestTimestampOptions { Crls = true }), Data, Array.Empty<X509Certificate2>(), out _));

    [Fact]
    public void EmbeddedCertificateThatIsNoCertificate_IsRefused_NamingTheToken()
    {
        var notACertificate = new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 };
        Assert.Equal(
            "it is not a well-formed DER timestamp token (a certificate of 'timestamp token' is not a DER X.509 certificate)",
            Refused(Response(new TestTimestampOptions { EmbeddedCertificate = notACertificate })));
    }

    [Fact]
    public void SignerWithTheSameSerialButAnotherIssuer_IsNotTheSigner()
    {
        // Serial numbers are unique per issuer only: a certificate of another authority with the same serial is another signer.
        using var otherRootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherRoot = new CertificateRequest("CN=other-root,O=test", otherRootKey, HashAlgorithmName.SHA256).CreateSelfSigned(SigstoreTestFixture.SigningTime.AddYears(-2), SigstoreTestFixture.SigningTime.AddYears(2));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var sameSerial = new CertificateRequest("CN=tsa-test,O=test", key, HashAlgorithmName.SHA256)
            .Create(otherRoot.SubjectName, X509SignatureGenerator.CreateForECDsa(otherRootKey), SigstoreTestFixture.SigningTime.AddYears(-1), SigstoreTestFixture.SigningTime.AddYears(1), _fixture.TsaCertificate.SerialNumberBytes.ToArray());
        var response = SigstoreTestFixture.Timestamp(Data, SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, _fixture.TsaKey, embedCertificate: false);
        Assert.Equal("its signer certificate is neither in the token nor in the trusted root", Refused(response, sameSerial));
    }

    [Theory]
    [InlineData(2048, true)]
    [InlineData(1024, false)]
    public void RsaSigner_CountsFrom2048Bits(int bits, bool counts)
    {
        using var rsa = RSA.Create(bits);
        var request = new CertificateRequest("CN=tsa-rsa,O=test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var tsa = request.CreateSelfSigned(SigstoreTestFixture.SigningTime.AddYears(-1), SigstoreTestFixture.SigningTime.AddYears(1));
        using var unusedEcKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var response = SigstoreTestFixture.Timestamp(Data, SigstoreTestFixture.SigningTime, tsa, unusedEcKey, options: new TestTimestampOptions { Sign = attributes => rsa.SignData(attributes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) });
        if (counts)
        {
            var verified = Rfc3161Timestamp.Verify(response, Data, Array.Empty<X509Certificate2>(), out var error);
            Assert.True(verified is not null, error);
        }
        else
        {
            Assert.Equal("its signature does not verify with the signer's key", Refused(response));
        }
    }

    [Fact]
    public void RsaSignatureThatDoesNotVerify_IsRefused()
    {
        using var rsa = RSA.Create(2048);
        using var tsa = new CertificateRequest("CN=tsa-rsa,O=test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(SigstoreTestFixture.SigningTime.AddYears(-1), SigstoreTestFixture.SigningTime.AddYears(1));
        using var unusedEcKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var response = SigstoreTestFixture.Timestamp(Data, SigstoreTestFixture.SigningTime, tsa, unusedEcKey, options: new TestTimestampOptions { Sign = attributes => rsa.SignData(attributes.Concat(new byte[] { 0 }).ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) });
        Assert.Equal("its signature does not verify with the signer's key", Refused(response));
    }
}
