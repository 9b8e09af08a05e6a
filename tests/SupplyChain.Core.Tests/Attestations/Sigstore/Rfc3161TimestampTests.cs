using System;
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
        Assert.Contains("the hash algorithm 1.3.14.3.2.26 is not supported", error, StringComparison.Ordinal);
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
}
