using System;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SupplyChain.TestUtilities;

/// <summary>What kind of NuGet package signature <see cref="TestRepositorySigner"/> makes.</summary>
public enum TestSignatureKind
{
    /// <summary>A repository signature (commitment type proof of receipt, with the feed's service index URL), as nuget.org adds.</summary>
    Repository,

    /// <summary>An author signature (commitment type proof of origin).</summary>
    Author,

    /// <summary>An author signature with a repository countersignature on it (what a feed adds to an author-signed package).</summary>
    AuthorWithRepositoryCountersignature,

    /// <summary>Two repository signers in one SignedData.</summary>
    TwoRepositorySigners,
}

/// <summary>
/// Makes real NuGet package signatures with <c>System.Security.Cryptography.Pkcs</c> and a certificate generated at test
/// time, independently of the code under test: a CMS SignedData (DER) whose content is NuGet's signature content
/// <c>Version:1\r\n\r\n2.16.840.1.101.3.4.2.1-Hash:&lt;base64 SHA-256 of the unsigned package&gt;\r\n\r\n</c> and whose
/// signer has NuGet's signed attributes (commitment type indication, and for a repository signature
/// <c>nuget-v3-service-index-url</c> and <c>nuget-package-owners</c>); placed as NuGet places it
/// (<see cref="TestPackageSigner.AppendSignatureEntry(byte[], byte[])"/>: stored, last entry).
/// </summary>
public static class TestRepositorySigner
{
    /// <summary>The service index URL written into repository signatures.</summary>
    public const string ServiceIndexUrl = "https://api.nuget.example/v3/index.json";

    private const string CommitmentTypeIndicationOid = "1.2.840.113549.1.9.16.2.16";
    private const string ProofOfOriginOid = "1.2.840.113549.1.9.16.6.1";
    private const string ProofOfReceiptOid = "1.2.840.113549.1.9.16.6.2";
    private const string NuGetV3ServiceIndexUrlOid = "1.3.6.1.4.1.311.84.2.1.1.1";
    private const string NuGetPackageOwnersOid = "1.3.6.1.4.1.311.84.2.1.1.2";
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    /// <summary>A self-signed RSA-2048 code-signing certificate with its private key, valid around now.</summary>
    public static X509Certificate2 CreateCertificate(string subject = "CN=SupplyChain.Sdk test repository")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddHours(-1), now.AddDays(30));
    }

    /// <summary>NuGet's signature content for a package: its SHA-256 in base64 under the algorithm's OID.</summary>
    public static byte[] SignatureContent(byte[] unsignedPackage)
    {
        ArgumentNullException.ThrowIfNull(unsignedPackage);
        return Encoding.UTF8.GetBytes($"Version:1\r\n\r\n{Sha256Oid}-Hash:{Convert.ToBase64String(SHA256.HashData(unsignedPackage))}\r\n\r\n");
    }

    /// <summary>The DER CMS signature (the bytes of <c>.signature.p7s</c>) of a package, over <paramref name="content"/> when given.</summary>
    public static byte[] CreateSignature(byte[] unsignedPackage, X509Certificate2 certificate, TestSignatureKind kind = TestSignatureKind.Repository, byte[]? content = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var cms = new SignedCms(new ContentInfo(content ?? SignatureContent(unsignedPackage)), detached: false);
        switch (kind)
        {
            case TestSignatureKind.Repository:
                cms.ComputeSignature(Signer(certificate, repository: true));
                break;
            case TestSignatureKind.Author:
                cms.ComputeSignature(Signer(certificate, repository: false));
                break;
            case TestSignatureKind.AuthorWithRepositoryCountersignature:
                cms.ComputeSignature(Signer(certificate, repository: false));
                cms.SignerInfos[0].ComputeCounterSignature(Signer(certificate, repository: true));
                break;
            case TestSignatureKind.TwoRepositorySigners:
                cms.ComputeSignature(Signer(certificate, repository: true));
                cms.ComputeSignature(Signer(certificate, repository: true));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        return cms.Encode();
    }

    /// <summary>The package with a repository signature added as NuGet adds it (stored, last entry).</summary>
    public static byte[] RepositorySign(byte[] unsignedPackage, X509Certificate2 certificate)
        => TestPackageSigner.AppendSignatureEntry(unsignedPackage, CreateSignature(unsignedPackage, certificate));

    private static CmsSigner Signer(X509Certificate2 certificate, bool repository)
    {
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
        {
            DigestAlgorithm = new Oid(Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(DateTime.UtcNow));
        var commitment = new AsnWriter(AsnEncodingRules.DER);
        using (commitment.PushSequence())
        {
            commitment.WriteObjectIdentifier(repository ? ProofOfReceiptOid : ProofOfOriginOid);
        }

        signer.SignedAttributes.Add(new AsnEncodedData(CommitmentTypeIndicationOid, commitment.Encode()));
        if (repository)
        {
            var url = new AsnWriter(AsnEncodingRules.DER);
            url.WriteCharacterString(UniversalTagNumber.IA5String, ServiceIndexUrl);
            signer.SignedAttributes.Add(new AsnEncodedData(NuGetV3ServiceIndexUrlOid, url.Encode()));
            var owners = new AsnWriter(AsnEncodingRules.DER);
            using (owners.PushSequence())
            {
                owners.WriteCharacterString(UniversalTagNumber.UTF8String, "contoso");
            }

            signer.SignedAttributes.Add(new AsnEncodedData(NuGetPackageOwnersOid, owners.Encode()));
        }

        return signer;
    }
}
