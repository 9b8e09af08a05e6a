using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Attestations;

/// <summary>
/// Issue 17: an attestation made at pack time still verifies the package a feed re-signed (one NuGet repository
/// signature added), by the subject's NuGet content hash, and nothing else that differs from the attested package does.
/// The signatures are real CMS made with System.Security.Cryptography.Pkcs (<see cref="TestRepositorySigner"/>).
/// </summary>
public sealed class RepositorySignedPackageTests : IDisposable
{
    private static readonly X509Certificate2 s_certificate = TestRepositorySigner.CreateCertificate();

    private readonly TestDirectory _temp = new();
    private readonly SigningKey _key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
    private readonly byte[] _unsigned;
    private readonly string _package;
    private readonly AttestationSidecars _sidecars;

    public RepositorySignedPackageTests()
    {
        _unsigned = Package();
        _package = Path.Combine(_temp.Path, "attested", "contoso.lib.1.2.3.nupkg");
        Directory.CreateDirectory(Path.GetDirectoryName(_package)!);
        File.WriteAllBytes(_package, _unsigned);
        AttestationTestHelpers.Attest(_package, _key, packageUrl: PackageUrl.NuGet("Contoso.Lib", "1.2.3"));
        _sidecars = AttestationSidecars.Of(_package);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Subject_CarriesFileDigestsContentHashAndPurl_DefinedIndependently()
    {
        var subject = AttestationWriter.CreateSubject(_package, PackageUrl.NuGet("Contoso.Lib", "1.2.3"));
        Assert.Equal(new[] { "nugetContentSha512", "sha256", "sha512" }, subject.Digest.Keys);
        Assert.Equal(Hex(SHA256.HashData(_unsigned)), subject.Digest["sha256"]);
        Assert.Equal(Hex(SHA512.HashData(_unsigned)), subject.Digest["sha512"]);

        // The content hash of an unsigned package is the SHA-512 of the file, in lowercase hex.
        Assert.Equal(Hex(SHA512.HashData(_unsigned)), subject.Digest[ResourceDescriptor.NuGetContentSha512]);
        Assert.Equal("pkg:nuget/Contoso.Lib@1.2.3", subject.Uri);
        Assert.Equal("contoso.lib.1.2.3.nupkg", subject.Name);
        Assert.True(subject.HasWellFormedDigests());
    }

    [Fact]
    public void Subject_OfAPackageSignedBeforeAttestation_HasTheContentHashOfTheUnsignedBytes()
    {
        var signed = Write("presigned", TestRepositorySigner.RepositorySign(_unsigned, s_certificate));
        var subject = AttestationWriter.CreateSubject(signed);
        Assert.Equal(Hex(SHA512.HashData(_unsigned)), subject.Digest[ResourceDescriptor.NuGetContentSha512]);
        Assert.Equal(Hex(SHA256.HashData(File.ReadAllBytes(signed))), subject.Digest["sha256"]);
    }

    [Fact]
    public void Subject_WrittenTwice_IsTheSameBytes()
    {
        var first = AttestationTestHelpers.Lines(_sidecars.Statements).Select(PayloadOf).ToArray();
        AttestationTestHelpers.Attest(_package, _key, packageUrl: PackageUrl.NuGet("Contoso.Lib", "1.2.3"));
        var second = AttestationTestHelpers.Lines(_sidecars.Statements).Select(PayloadOf).ToArray();
        Assert.Equal(first, second);
        Assert.Contains("\"uri\":\"pkg:nuget/Contoso.Lib@1.2.3\"", first[0], StringComparison.Ordinal);
        Assert.Contains("\"nugetContentSha512\":\"" + Hex(SHA512.HashData(_unsigned)) + "\"", first[0], StringComparison.Ordinal);
    }

    [Fact]
    public void TheAttestedPackage_MatchesByFileDigest()
    {
        var (result, sink) = Verify(_sidecars.Statements, _package);
        Assert.True(result.IsValid);
        Assert.All(result.Verified, v => Assert.Equal(AttestationSubjectMatch.FileDigest, v.Match));
        Assert.Empty(sink.Diagnostics);
    }

    [Fact]
    public void RepositorySignedCopy_MatchesByContentHash_InTheStatementsAndTheBundles()
    {
        var copy = Write("feed", TestRepositorySigner.RepositorySign(_unsigned, s_certificate));
        Assert.NotEqual(_unsigned, File.ReadAllBytes(copy));
        foreach (var file in new[] { _sidecars.Statements, _sidecars.ProvenanceBundle, _sidecars.SbomBundle })
        {
            var (result, sink) = Verify(file, copy);
            Assert.True(result.IsValid, string.Join(Environment.NewLine, sink.Diagnostics.Select(d => d.Message)));
            Assert.All(result.Verified, v => Assert.Equal(AttestationSubjectMatch.ContentHashAfterRepositorySignature, v.Match));
            Assert.Empty(sink.Diagnostics);
            Assert.Contains(sink.TraceMessages, m => m.Contains("(by NuGet content hash (the package has one repository signature)), signed by", StringComparison.Ordinal));
            Assert.DoesNotContain(sink.TraceMessages, m => m.Contains("by file digest", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void RepositorySignedCopy_ThroughThePublicJsonLinesApi_MatchesOnlyWhenTheInspectionIsGiven()
    {
        var copy = Write("feed", TestRepositorySigner.RepositorySign(_unsigned, s_certificate));
        var content = File.ReadAllBytes(_sidecars.Statements);
        var artifact = AttestationTestHelpers.Artifact(copy);
        var without = AttestationVerifier.VerifyJsonLines(content, _sidecars.Statements, artifact, new[] { _key.PublicKey }, new DiagnosticBag());
        Assert.False(without.IsValid);
        var with = AttestationVerifier.VerifyJsonLines(content, _sidecars.Statements, artifact, new[] { _key.PublicKey }, new DiagnosticBag(), repositorySignature: RepositorySignature.Inspect(copy));
        Assert.True(with.IsValid);
    }

    [Fact]
    public void ArtifactDescriptorCarryingAContentHash_DoesNotMatchWithoutTheSignatureInspection()
    {
        // A caller that puts the content hash into the artifact's digest set must not get a match that skipped the
        // repository-signature checks: only file digests of the artifact count.
        var artifact = new ResourceDescriptor("x.nupkg", new[] { new KeyValuePair<string, string>(ResourceDescriptor.NuGetContentSha512, Hex(SHA512.HashData(_unsigned))) });
        var sink = new DiagnosticBag();
        var result = AttestationVerifier.VerifyJsonLines(File.ReadAllBytes(_sidecars.Statements), _sidecars.Statements, artifact, new[] { _key.PublicKey }, sink);
        Assert.False(result.IsValid);
        Assert.All(sink.Diagnostics, d => Assert.Equal("SCSDK3035", d.Code));
    }

    [Fact]
    public void AuthorSignedCopy_DoesNotMatch()
        => AssertNotRepositorySigned(TestPackageSigner.AppendSignatureEntry(_unsigned, TestRepositorySigner.CreateSignature(_unsigned, s_certificate, TestSignatureKind.Author)), "author signature");

    [Fact]
    public void AuthorSignatureWithRepositoryCountersignature_DoesNotMatch()
        => AssertNotRepositorySigned(TestPackageSigner.AppendSignatureEntry(_unsigned, TestRepositorySigner.CreateSignature(_unsigned, s_certificate, TestSignatureKind.AuthorWithRepositoryCountersignature)), "countersignature");

    [Fact]
    public void TwoSignersInTheSignature_DoNotMatch()
        => AssertNotRepositorySigned(TestPackageSigner.AppendSignatureEntry(_unsigned, TestRepositorySigner.CreateSignature(_unsigned, s_certificate, TestSignatureKind.TwoRepositorySigners)), "more than one signer");

    [Fact]
    public void GarbageWhereTheSignatureBelongs_DoesNotMatch()
        => AssertNotRepositorySigned(TestPackageSigner.AppendSignatureEntry(_unsigned, RandomNumberGenerator.GetBytes(600)), "not DER-encoded CMS");

    [Fact]
    public void RepositorySignatureWithBytesHiddenAfterTheCms_DoesNotMatch()
    {
        var signature = TestRepositorySigner.CreateSignature(_unsigned, s_certificate);
        var hidden = signature.Concat(Encoding.ASCII.GetBytes("PK\u0003\u0004hidden.dll MZ payload")).ToArray();
        AssertNotRepositorySigned(TestPackageSigner.AppendSignatureEntry(_unsigned, hidden), "not DER-encoded CMS");
    }

    [Fact]
    public void RepositorySignatureEntryWithBytesHiddenInItsLocalExtraField_DoesNotMatch()
    {
        // The local header's extra field is outside the content hash: an extra field (id 0xCAFE) carrying a payload.
        var hidden = new byte[] { 0xFE, 0xCA, 8, 0, (byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0 };
        var signed = TestPackageSigner.AppendSignatureEntry(_unsigned, TestRepositorySigner.CreateSignature(_unsigned, s_certificate), TestPackageSigner.SignatureEntryName, hidden);
        AssertNotRepositorySigned(signed, "extra field");
    }

    [Fact]
    public void RepositorySignatureWhoseSignerSignatureWasAltered_DoesNotMatch()
    {
        var signature = TestRepositorySigner.CreateSignature(_unsigned, s_certificate);
        signature[^1] ^= 0x01; // the last byte of the signer's RSA signature
        AssertNotRepositorySigned(TestPackageSigner.AppendSignatureEntry(_unsigned, signature), "does not verify");
    }

    [Fact]
    public void RepositorySignatureMadeForAnotherPackage_DoesNotMatch()
    {
        var other = Package(extraFile: "other");
        AssertNotRepositorySigned(TestPackageSigner.AppendSignatureEntry(_unsigned, TestRepositorySigner.CreateSignature(_unsigned, s_certificate, content: TestRepositorySigner.SignatureContent(other))), "made for other bytes");
    }

    [Fact]
    public void RepositorySignedCopyWithOneContentByteChanged_DoesNotMatch()
    {
        // The attacker changes one byte of the package and repository-signs it with a certificate of their own.
        var changed = Package(content: "Contoso.Lib assembly bytes, version 2");
        Assert.Equal(_unsigned.Length, changed.Length);
        AssertMismatch(TestRepositorySigner.RepositorySign(changed, s_certificate));
    }

    [Fact]
    public void RepositorySignedCopyWithAByteChangedAfterSigning_DoesNotMatch()
    {
        var signed = TestRepositorySigner.RepositorySign(_unsigned, s_certificate);
        var nameLength = BitConverter.ToUInt16(signed, 26);
        var extraLength = BitConverter.ToUInt16(signed, 28);
        signed[30 + nameLength + extraLength] ^= 0x20; // the first data byte of the first entry
        AssertMismatch(signed);
    }

    [Fact]
    public void RepositorySignedCopyWithAnAddedFile_DoesNotMatch()
        => AssertMismatch(TestRepositorySigner.RepositorySign(Package(extraFile: "tools/install.ps1"), s_certificate));

    [Fact]
    public void SignatureEntryThatIsNotTheLastEntry_DoesNotMatch()
    {
        var signed = TestRepositorySigner.RepositorySign(_unsigned, s_certificate);
        var notLast = TestPackageSigner.AppendSignatureEntry(signed, Encoding.ASCII.GetBytes("after the signature"), "readme.txt");
        Assert.False(RepositorySignature.Inspect(new MemoryStream(notLast), "p.nupkg").IsRepositorySigned);
        AssertMismatch(notLast);
    }

    [Fact]
    public void TwoSignatureEntries_DoNotMatch()
    {
        var signed = TestRepositorySigner.RepositorySign(_unsigned, s_certificate);
        var twice = TestPackageSigner.AppendSignatureEntry(signed, TestRepositorySigner.CreateSignature(_unsigned, s_certificate));
        var check = RepositorySignature.Inspect(new MemoryStream(twice), "p.nupkg");
        Assert.False(check.IsRepositorySigned);
        AssertMismatch(twice);
    }

    [Theory]
    [InlineData(".SIGNATURE.P7S")]
    [InlineData(".Signature.p7s")]
    public void SignatureEntryNamedInAnotherCase_IsNotASignature(string name)
    {
        // Not NuGet's signature entry: the package is "unsigned" with an extra file, so its content hash is its file hash.
        var variant = TestPackageSigner.AppendSignatureEntry(_unsigned, TestRepositorySigner.CreateSignature(_unsigned, s_certificate), name);
        Assert.False(RepositorySignature.Inspect(new MemoryStream(variant), "p.nupkg").IsRepositorySigned);
        AssertMismatch(variant);
    }

    [Fact]
    public void RepositorySignedPackageThatAlsoHasASignatureEntryInAnotherCase_IsNotRepositorySigned()
    {
        var withVariant = TestPackageSigner.AppendSignatureEntry(_unsigned, Encoding.ASCII.GetBytes("second signature"), ".SIGNATURE.P7S");
        var signed = TestRepositorySigner.RepositorySign(withVariant, s_certificate);
        var check = RepositorySignature.Inspect(new MemoryStream(signed), "p.nupkg");
        Assert.False(check.IsRepositorySigned);
        Assert.Contains(".SIGNATURE.P7S", check.Reason, StringComparison.Ordinal);

        // The same package without the variant entry qualifies (the check above is what refused it).
        Assert.True(RepositorySignature.Inspect(new MemoryStream(TestRepositorySigner.RepositorySign(_unsigned, s_certificate)), "p.nupkg").IsRepositorySigned);
    }

    [Fact]
    public void RepositorySignedCopy_InspectionGivesTheContentHashOfTheUnsignedBytes()
    {
        var check = RepositorySignature.Inspect(new MemoryStream(TestRepositorySigner.RepositorySign(_unsigned, s_certificate)), "p.nupkg");
        Assert.True(check.IsRepositorySigned, check.Reason);
        Assert.Equal(Hex(SHA512.HashData(_unsigned)), check.ContentSha512Hex);
    }

    [Theory]
    [InlineData("NuGetContentSha512", false)]
    [InlineData("NUGETCONTENTSHA512", false)]
    [InlineData("nugetContentSha512", true)]
    public void SubjectContentHash_InAnotherCaseOrEncoding_IsRefusedWithAWarning(string key, bool base64)
    {
        var value = base64 ? Convert.ToBase64String(SHA512.HashData(_unsigned)) : Hex(SHA512.HashData(_unsigned));
        var statements = WriteStatement(new KeyValuePair<string, string>(key, value), new KeyValuePair<string, string>("sha256", Hex(SHA256.HashData(_unsigned))));
        var copy = Write("feed", TestRepositorySigner.RepositorySign(_unsigned, s_certificate));
        var (result, sink) = Verify(statements, copy);
        Assert.False(result.IsValid);
        Assert.Contains(sink.Diagnostics, d => d.Code == "SCSDK3510" && d.Severity == DiagnosticSeverity.Warning);
        Assert.Contains(sink.Diagnostics, d => d.Code == "SCSDK3035");

        // The well-formed key and value verify the same copy.
        var good = WriteStatement(new KeyValuePair<string, string>(ResourceDescriptor.NuGetContentSha512, Hex(SHA512.HashData(_unsigned))));
        Assert.True(Verify(good, copy).Result.IsValid);
    }

    [Fact]
    public void SubjectContentHash_InUpperCaseHex_IsRefused()
    {
        var statements = WriteStatement(new KeyValuePair<string, string>(ResourceDescriptor.NuGetContentSha512, Convert.ToHexString(SHA512.HashData(_unsigned))));
        var (result, sink) = Verify(statements, Write("feed", TestRepositorySigner.RepositorySign(_unsigned, s_certificate)));
        Assert.False(result.IsValid);
        Assert.Contains(sink.Diagnostics, d => d.Code == "SCSDK3510");
    }

    [Theory]
    [InlineData(140, false)]
    [InlineData(141, true)]
    [InlineData(10_000, true)]
    public void SubjectContentHash_MalformedAndLong_IsQuotedAtMost140CharactersInTheWarning(int length, bool cut)
    {
        // The value is the signer's text: a statement must not be able to put an arbitrarily long string into the
        // build log. Up to 140 characters are quoted as they are; beyond that the first 140 and "...".
        var value = string.Concat(Enumerable.Repeat("Z0123456789", (length / 11) + 1))[..length];
        var statements = WriteStatement(new KeyValuePair<string, string>(ResourceDescriptor.NuGetContentSha512, value));
        var (result, sink) = Verify(statements, Write("feed", TestRepositorySigner.RepositorySign(_unsigned, s_certificate)));

        Assert.False(result.IsValid);
        var warning = Assert.Single(sink.Diagnostics, d => d.Code == "SCSDK3510");
        var quoted = cut ? value[..140] + "..." : value;
        Assert.Contains("'" + quoted + "'", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value[..Math.Min(length, 141)] + (cut ? string.Empty : "..."), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubjectWithAnotherContentHashName_IsIgnoredAsAnUnknownAlgorithm()
    {
        var statements = WriteStatement(new KeyValuePair<string, string>("nugetContentHash", Hex(SHA512.HashData(_unsigned))));
        var (result, sink) = Verify(statements, Write("feed", TestRepositorySigner.RepositorySign(_unsigned, s_certificate)));
        Assert.False(result.IsValid);
        Assert.Equal("SCSDK3035", Assert.Single(sink.Diagnostics).Code);
    }

    private void AssertNotRepositorySigned(byte[] copyBytes, string reason)
    {
        var copy = Write("feed", copyBytes);
        var check = RepositorySignature.Inspect(copy);
        Assert.False(check.IsRepositorySigned);
        Assert.Contains(reason, check.Reason, StringComparison.Ordinal);

        // Its content hash is the attested one, so the error says why the signature does not count.
        Assert.Equal(Hex(SHA512.HashData(_unsigned)), check.ContentSha512Hex);
        var (result, sink) = Verify(_sidecars.Statements, copy);
        Assert.False(result.IsValid);
        Assert.Empty(result.Verified);
        Assert.All(sink.Diagnostics, d => Assert.Equal("SCSDK3040", d.Code));
        Assert.Equal(2, sink.Diagnostics.Count);
    }

    private void AssertMismatch(byte[] copyBytes)
    {
        var copy = Write("feed", copyBytes);
        foreach (var file in new[] { _sidecars.Statements, _sidecars.ProvenanceBundle })
        {
            var (result, sink) = Verify(file, copy);
            Assert.False(result.IsValid);
            Assert.Empty(result.Verified);
            Assert.NotEmpty(sink.Diagnostics);
            Assert.All(sink.Diagnostics, d => Assert.Equal("SCSDK3035", d.Code));
        }
    }

    private (AttestationVerificationResult Result, DiagnosticBag Sink) Verify(string attestations, string artifact)
    {
        var sink = new DiagnosticBag();
        return (AttestationVerifier.VerifyFile(attestations, artifact, new[] { _key.PublicKey }, sink), sink);
    }

    private string WriteStatement(params KeyValuePair<string, string>[] digest)
    {
        var statement = new InTotoStatement(new[] { new ResourceDescriptor("contoso.lib.1.2.3.nupkg", digest) }, PredicateTypes.SlsaProvenanceV1, AttestationTestHelpers.Predicate());
        var path = Path.Combine(_temp.Path, "custom-" + Guid.NewGuid().ToString("N") + ".intoto.jsonl");
        File.WriteAllBytes(path, statement.Sign(_key).ToJsonBytes().Concat(new[] { (byte)'\n' }).ToArray());
        return path;
    }

    private string Write(string folder, byte[] bytes)
    {
        var directory = Path.Combine(_temp.Path, folder + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "contoso.lib.1.2.3.nupkg");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string PayloadOf(string line)
    {
        var read = DsseEnvelope.Read(Encoding.UTF8.GetBytes(line));
        return Encoding.UTF8.GetString(read.Envelope!.Payload.Span);
    }

    private static byte[] Package(string content = "Contoso.Lib assembly bytes, version 1", string? extraFile = null)
    {
        var builder = new TestPackageBuilder("Contoso.Lib", "1.2.3").WithLibFile("net8.0", "Contoso.Lib.dll", content);
        if (extraFile is not null)
        {
            builder.WithFile(extraFile, "Write-Host hello");
        }

        return builder.Build();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
