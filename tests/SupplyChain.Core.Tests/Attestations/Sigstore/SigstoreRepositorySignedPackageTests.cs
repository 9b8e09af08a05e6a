using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>
/// The Sigstore verifier's NuGet content-hash match: a package a feed repository-signed after it was attested verifies
/// against the pack-time bundle, and a copy whose extra signature is anything else is refused with SCSDK3108.
/// </summary>
public sealed class SigstoreRepositorySignedPackageTests : IDisposable
{
    private static readonly X509Certificate2 s_certificate = TestRepositorySigner.CreateCertificate();
    private readonly TestDirectory _temp = new();
    private readonly SigningKey _key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
    private readonly byte[] _unsigned = new TestPackageBuilder("Contoso.Lib", "1.2.3").WithLibFile("net8.0", "Contoso.Lib.dll", "Contoso.Lib assembly bytes").Build();
    private readonly string _bundle;

    public SigstoreRepositorySignedPackageTests()
    {
        var package = Write("attested", _unsigned);
        AttestationTestHelpers.Attest(package, _key, packageUrl: PackageUrl.NuGet("Contoso.Lib", "1.2.3"));
        _bundle = AttestationSidecars.Of(package).ProvenanceBundle;
    }

    public void Dispose() => _temp.Dispose();

    private string Write(string folder, byte[] bytes)
    {
        var directory = Path.Combine(_temp.Path, folder + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "contoso.lib.1.2.3.nupkg");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private (SigstoreVerificationResult Result, DiagnosticBag Sink) Verify(string package)
    {
        var sink = new DiagnosticBag();
        var result = SigstoreVerifier.VerifyFile(_bundle, SigstoreArtifact.FromFile(package), new SigstoreVerificationOptions { TrustedKeys = new[] { _key.PublicKey } }, sink);
        return (result, sink);
    }

    [Fact]
    public void Repository_signed_copy_verifies_by_its_content_hash_and_says_so()
    {
        var (result, sink) = Verify(Write("feed", TestRepositorySigner.RepositorySign(_unsigned, s_certificate)));
        Assert.True(result.IsValid, string.Join(" | ", sink.Diagnostics.Select(d => d.Message)));
        Assert.Equal(AttestationSubjectMatch.ContentHashAfterRepositorySignature, result.Match);

        var (attested, _) = Verify(Write("same", _unsigned));
        Assert.True(attested.IsValid);
        Assert.Equal(AttestationSubjectMatch.FileDigest, attested.Match);
    }

    [Fact]
    public void Author_signed_copy_with_the_attested_content_is_refused()
    {
        var copy = TestPackageSigner.AppendSignatureEntry(_unsigned, TestRepositorySigner.CreateSignature(_unsigned, s_certificate, TestSignatureKind.Author));
        var (result, sink) = Verify(Write("feed", copy));
        Assert.False(result.IsValid);
        Assert.Contains(sink.Diagnostics, d => d.Code == "SCSDK3108" && d.Message.Contains("not the attested one plus exactly one repository signature", StringComparison.Ordinal));
    }

    [Fact]
    public void Repository_signed_copy_of_other_content_is_refused()
    {
        var other = new TestPackageBuilder("Contoso.Lib", "1.2.3").WithLibFile("net8.0", "Contoso.Lib.dll", "Contoso.Lib assembly bytes, changed").Build();
        var (result, sink) = Verify(Write("feed", TestRepositorySigner.RepositorySign(other, s_certificate)));
        Assert.False(result.IsValid);
        Assert.Contains(sink.Diagnostics, d => d.Code == "SCSDK3108" && d.Message.Contains("no subject of the statement", StringComparison.Ordinal));
    }
}
