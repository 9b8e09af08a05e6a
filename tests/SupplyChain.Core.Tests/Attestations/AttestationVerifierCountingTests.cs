using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Attestations;

/// <summary>
/// <see cref="AttestationVerifier"/>: every failure counts (one cannot cancel another), the caller's predicate types
/// are the ones enforced, one matching subject is enough, and the input size limit sits exactly at
/// <see cref="AttestationVerifier.MaxFileSize"/>.
/// </summary>
public sealed class AttestationVerifierCountingTests : IDisposable
{
    private const string Display = "artifact.intoto.jsonl";
    private const string CustomPredicateType = "https://example.com/attestation/custom/v1";
    private static readonly byte[] ArtifactBytes = Encoding.UTF8.GetBytes("the artifact's bytes");
    private static readonly byte[] OtherBytes = Encoding.UTF8.GetBytes("another artifact's bytes");
    private readonly SigningKey _key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
    private readonly SigningKey _attacker = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);
    private readonly TestDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void JsonLines_AForgedEnvelopeNextToAMalformedLine_BothCountAsFailures()
    {
        // If one failure could cancel the other (a counter going down), the one valid envelope would carry the file.
        var content = Lines("{\"payload\": \"truncated", Statement(PredicateTypes.SlsaProvenanceV1, Artifact()).Sign(_attacker).ToJson(), Statement(PredicateTypes.SlsaProvenanceV1, Artifact()).Sign(_key).ToJson());

        var sink = new DiagnosticBag();
        var result = AttestationVerifier.VerifyJsonLines(content, Display, Artifact(), new[] { _key.PublicKey }, sink);

        Assert.False(result.IsValid);
        Assert.Equal(2, result.FailedCount);
        Assert.Equal(3, Assert.Single(result.Verified).Line);
        Assert.Equal(new[] { ("SCSDK3020", 1), ("SCSDK3021", 2) }, sink.Diagnostics.Select(d => (d.Code, d.Line)));
    }

    [Fact]
    public void JsonLines_TwoEnvelopesThatFailVerification_AreTwoFailures()
    {
        var content = Lines(Statement(PredicateTypes.SlsaProvenanceV1, Artifact()).Sign(_attacker).ToJson(), Statement(PredicateTypes.SlsaProvenanceV1, Other()).Sign(_key).ToJson());

        var result = AttestationVerifier.VerifyJsonLines(content, Display, Artifact(), new[] { _key.PublicKey }, new DiagnosticBag());

        Assert.Equal(2, result.FailedCount);
        Assert.Empty(result.Verified);
    }

    [Fact]
    public void JsonLines_LinesOfOnlySpacesTabsAndCarriageReturns_AreSkippedButCounted()
    {
        var content = Lines(" \t\r", Statement(PredicateTypes.SlsaProvenanceV1, Artifact()).Sign(_key).ToJson());
        var sink = new DiagnosticBag();

        var result = AttestationVerifier.VerifyJsonLines(content, Display, Artifact(), new[] { _key.PublicKey }, sink);

        Assert.True(result.IsValid);
        Assert.Equal(2, Assert.Single(result.Verified).Line);
        Assert.Empty(sink.Diagnostics);
        Assert.Contains(sink.TraceMessages, m => m.StartsWith(Display + "(2): " + PredicateTypes.SlsaProvenanceV1, StringComparison.Ordinal));
    }

    [Fact]
    public void JsonLines_APredicateTypeTheCallerAllows_IsAcceptedThoughNotADefault()
    {
        var content = Lines(Statement(CustomPredicateType, Artifact()).Sign(_key).ToJson());

        var result = AttestationVerifier.VerifyJsonLines(content, Display, Artifact(), new[] { _key.PublicKey }, new DiagnosticBag(), new[] { CustomPredicateType });

        Assert.True(result.IsValid);
        Assert.Equal(CustomPredicateType, Assert.Single(result.Verified).Statement.PredicateType);
    }

    [Fact]
    public void JsonLines_ADefaultPredicateTypeTheCallerDidNotAllow_IsRejected()
    {
        var content = Lines(Statement(PredicateTypes.SlsaProvenanceV1, Artifact()).Sign(_key).ToJson());
        var sink = new DiagnosticBag();

        var result = AttestationVerifier.VerifyJsonLines(content, Display, Artifact(), new[] { _key.PublicKey }, sink, new[] { CustomPredicateType });

        Assert.False(result.IsValid);
        var error = Assert.Single(sink.Diagnostics);
        Assert.Equal(("SCSDK3036", 1), (error.Code, error.Line));
        Assert.Contains(CustomPredicateType, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PredicateTypes.CycloneDxBom, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_ADefaultPredicateTypeTheCallerDidNotAllow_IsRejected()
    {
        var package = AttestationTestHelpers.WritePackage(_temp.Path);
        AttestationTestHelpers.Attest(package, _key);
        var sidecars = AttestationSidecars.Of(package);
        var sink = new DiagnosticBag();

        var result = AttestationVerifier.VerifyFile(sidecars.ProvenanceBundle, package, new[] { _key.PublicKey }, sink, new[] { PredicateTypes.CycloneDxBom });

        Assert.False(result.IsValid);
        Assert.Equal(1, result.FailedCount);
        Assert.Equal(("SCSDK3036", 0), (Assert.Single(sink.Diagnostics).Code, sink.Diagnostics[0].Line));
        Assert.True(AttestationVerifier.VerifyFile(sidecars.SbomBundle, package, new[] { _key.PublicKey }, new DiagnosticBag(), new[] { PredicateTypes.CycloneDxBom }).IsValid);
    }

    [Fact]
    public void Statement_WithSeveralSubjects_IsAcceptedWhenAnyOfThemIsTheArtifact()
    {
        var content = Lines(
            Statement(PredicateTypes.SlsaProvenanceV1, Other(), Artifact()).Sign(_key).ToJson(),
            Statement(PredicateTypes.CycloneDxBom, Artifact(), Other()).Sign(_key).ToJson());

        var result = AttestationVerifier.VerifyJsonLines(content, Display, Artifact(), new[] { _key.PublicKey }, new DiagnosticBag());

        Assert.True(result.IsValid);
        Assert.Equal(new[] { 1, 2 }, result.Verified.Select(v => v.Line));
    }

    [Fact]
    public void Statement_WithSeveralSubjectsNoneOfThemTheArtifact_IsRejectedNamingThem()
    {
        var content = Lines(Statement(PredicateTypes.SlsaProvenanceV1, Other(), Other("second.nupkg")).Sign(_key).ToJson());
        var sink = new DiagnosticBag();

        var result = AttestationVerifier.VerifyJsonLines(content, Display, Artifact(), new[] { _key.PublicKey }, sink);

        Assert.False(result.IsValid);
        var error = Assert.Single(sink.Diagnostics);
        Assert.Equal("SCSDK3035", error.Code);
        Assert.Contains("'other.nupkg' (sha256 " + Hex(SHA256.HashData(OtherBytes)) + ")", error.Message, StringComparison.Ordinal);
        Assert.Contains("'second.nupkg'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyFile_AnAttestationFileOneByteOverTheLimit_IsRejectedUnread()
    {
        var (attestations, artifact) = SparseAttestationFile(AttestationVerifier.MaxFileSize + 1);

        var error = Assert.Throws<SupplyChainException>(() => AttestationVerifier.VerifyFile(attestations, artifact, new[] { _key.PublicKey }, new DiagnosticBag()));

        Assert.Equal("SCSDK6001", error.Diagnostic.Code);
        Assert.Contains("larger than " + AttestationVerifier.MaxFileSize, error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyFile_AnAttestationFileOfExactlyTheLimit_IsRead()
    {
        // Zeros: read, then rejected as binary data (one SCSDK3020), not refused for its size.
        var (attestations, artifact) = SparseAttestationFile(AttestationVerifier.MaxFileSize);
        var sink = new DiagnosticBag();

        var result = AttestationVerifier.VerifyFile(attestations, artifact, new[] { _key.PublicKey }, sink);

        Assert.False(result.IsValid);
        Assert.Equal("SCSDK3020", Assert.Single(sink.Diagnostics).Code);
    }

    private (string Attestations, string Artifact) SparseAttestationFile(long length)
    {
        var artifact = Path.Combine(_temp.Path, "a.nupkg");
        File.WriteAllBytes(artifact, ArtifactBytes);
        var attestations = Path.Combine(_temp.Path, "a.intoto.jsonl");
        using (var stream = new FileStream(attestations, FileMode.Create, FileAccess.Write))
        {
            stream.SetLength(length);
        }

        return (attestations, artifact);
    }

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    private static InTotoStatement Statement(string predicateType, params ResourceDescriptor[] subjects)
        => new(subjects, predicateType, new JsonObject { ["note"] = "test" });

    private static ResourceDescriptor Artifact() => Descriptor("artifact.nupkg", ArtifactBytes);

    private static ResourceDescriptor Other(string name = "other.nupkg") => Descriptor(name, OtherBytes);

    private static ResourceDescriptor Descriptor(string name, byte[] bytes) => new(name, new[]
    {
        new KeyValuePair<string, string>("sha256", Hex(SHA256.HashData(bytes))),
        new KeyValuePair<string, string>("sha512", Hex(SHA512.HashData(bytes))),
    });

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
