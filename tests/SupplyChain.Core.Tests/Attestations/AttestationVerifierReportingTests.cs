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
/// <see cref="AttestationVerifier"/>: what its findings say (the subjects, the allowed types, where), which inputs are
/// recognised as binary, that a subject may name the artifact by its SHA-512 alone, and the caller errors.
/// </summary>
public sealed class AttestationVerifierReportingTests : IDisposable
{
    private const string Display = "artifact.intoto.jsonl";
    private static readonly string[] s_custom = { "https://example.com/custom/v1" };
    private static readonly byte[] ArtifactBytes = Encoding.UTF8.GetBytes("the artifact's bytes");
    private readonly SigningKey _key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
    private readonly TestDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void VerifyFile_ASubjectNamingTheArtifactBySha512Only_Matches()
    {
        var artifact = Path.Combine(_temp.Path, "a.nupkg");
        File.WriteAllBytes(artifact, ArtifactBytes);
        var subject = new ResourceDescriptor("a.nupkg", new[] { new KeyValuePair<string, string>("sha512", Hex(SHA512.HashData(ArtifactBytes))) });
        var attestations = Path.Combine(_temp.Path, "a.intoto.jsonl");
        File.WriteAllText(attestations, Statement(subject).Sign(_key).ToJson() + "\n");

        var result = AttestationVerifier.VerifyFile(attestations, artifact, new[] { _key.PublicKey }, new DiagnosticBag(), s_custom);

        Assert.True(result.IsValid);
    }

    [Fact]
    public void SubjectMismatch_NamesSubjectsWithoutANameOrASha256ByTheirDigests()
    {
        var unnamed = new ResourceDescriptor(null, new[] { new KeyValuePair<string, string>("sha256", new string('a', 64)) });
        var sha512Only = new ResourceDescriptor("b.nupkg", new[] { new KeyValuePair<string, string>("sha512", new string('b', 128)) });
        var sink = new DiagnosticBag();

        AttestationVerifier.VerifyJsonLines(Lines(Statement(unnamed, sha512Only).Sign(_key).ToJson()), Display, Artifact(), new[] { _key.PublicKey }, sink, s_custom);

        var message = Assert.Single(sink.Diagnostics).Message;
        Assert.Contains("sha256 " + new string('a', 64) + ", 'b.nupkg' (sha512 " + new string('b', 128) + ")", message, StringComparison.Ordinal);
        Assert.Contains("'artifact.nupkg'", message, StringComparison.Ordinal);
        Assert.Contains(Artifact().Digest["sha256"], message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnexpectedPredicateType_ListsEveryAllowedType()
    {
        var sink = new DiagnosticBag();

        AttestationVerifier.VerifyJsonLines(Lines(Statement(Artifact()).Sign(_key).ToJson()), Display, Artifact(), new[] { _key.PublicKey }, sink, new[] { "https://a/v1", "https://b/v1" });

        var message = Assert.Single(sink.Diagnostics).Message;
        Assert.Contains("'https://a/v1' and 'https://b/v1'", message, StringComparison.Ordinal);
        Assert.Contains("https://example.com/custom/v1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_Verified_IsTracedWithoutALineNumber()
    {
        var package = AttestationTestHelpers.WritePackage(_temp.Path);
        AttestationTestHelpers.Attest(package, _key);
        var bundle = AttestationSidecars.Of(package).ProvenanceBundle;
        var sink = new DiagnosticBag();

        Assert.True(AttestationVerifier.VerifyFile(bundle, package, new[] { _key.PublicKey }, sink).IsValid);

        Assert.Contains(sink.TraceMessages, m => m.StartsWith(bundle + ": " + PredicateTypes.SlsaProvenanceV1 + " about '" + Path.GetFileName(package) + "' (by file digest), signed by " + _key.KeyId, StringComparison.Ordinal));
        Assert.Equal(0, AttestationVerifier.VerifyFile(bundle, package, new[] { _key.PublicKey }, new DiagnosticBag()).Verified.Single().Line);
    }

    [Theory]
    [InlineData(new byte[] { 0, (byte)'{', (byte)'}' })] // a NUL first
    [InlineData(new byte[] { (byte)'{', 0, (byte)'}' })] // a NUL inside valid UTF-8
    [InlineData(new byte[] { (byte)'{', 0xC3, (byte)'}' })] // not UTF-8, no NUL
    public void VerifyJsonLines_BinaryContent_IsOneErrorSayingSo(byte[] content)
    {
        var sink = new DiagnosticBag();

        var result = AttestationVerifier.VerifyJsonLines(content, Display, Artifact(), new[] { _key.PublicKey }, sink);

        Assert.Equal(1, result.FailedCount);
        var error = Assert.Single(sink.Diagnostics);
        Assert.Equal(("SCSDK3020", 0), (error.Code, error.Line));
        Assert.Contains("binary data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyJsonLines_TextThatIsNotUtf8Ascii_IsStillText()
    {
        var sink = new DiagnosticBag();

        AttestationVerifier.VerifyJsonLines(Encoding.UTF8.GetBytes("{\"é\": 1}\n"), Display, Artifact(), new[] { _key.PublicKey }, sink);

        Assert.DoesNotContain("binary data", Assert.Single(sink.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyFile_MissingInputs_NameTheFileAndWhatToGive()
    {
        var artifact = Path.Combine(_temp.Path, "missing.nupkg");
        var attestations = Path.Combine(_temp.Path, "a.intoto.jsonl");
        File.WriteAllText(attestations, "\n");

        var noArtifact = Assert.Throws<SupplyChainException>(() => AttestationVerifier.VerifyFile(attestations, artifact, new[] { _key.PublicKey }, new DiagnosticBag()));
        var noAttestations = Assert.Throws<SupplyChainException>(() => AttestationVerifier.VerifyFile(artifact + ".intoto.jsonl", attestations, new[] { _key.PublicKey }, new DiagnosticBag()));

        Assert.Contains("--artifact", noArtifact.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(artifact, noArtifact.Diagnostic.File);
        Assert.Contains("supplychain attest verify", noAttestations.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CallerErrors_AreArgumentExceptions()
    {
        var keys = new[] { _key.PublicKey };
        Assert.Throws<ArgumentNullException>(() => AttestationVerifier.VerifyFile(null!, "a", keys, new DiagnosticBag()));
        Assert.Throws<ArgumentNullException>(() => AttestationVerifier.VerifyFile("a", null!, keys, new DiagnosticBag()));
        Assert.Throws<ArgumentNullException>(() => AttestationVerifier.VerifyJsonLines("{}\n"u8, Display, Artifact(), keys, null!));
        Assert.Throws<ArgumentNullException>(() => AttestationVerifier.VerifyJsonLines(Lines(Statement(Artifact()).Sign(_key).ToJson()), Display, Artifact(), null!, new DiagnosticBag()));
        Assert.Throws<ArgumentNullException>(() => AttestationVerifier.VerifyBundle("{}"u8, Display, Artifact(), keys, null!));
    }

    [Fact]
    public void VerifyFile_ASubjectNamingTheArtifactBySha256Only_Matches()
    {
        // The artifact's SHA-256 is one of the digests a subject may name it by, on its own.
        var artifact = Path.Combine(_temp.Path, "a.nupkg");
        File.WriteAllBytes(artifact, ArtifactBytes);
        var subject = new ResourceDescriptor("a.nupkg", new[] { new KeyValuePair<string, string>("sha256", Hex(SHA256.HashData(ArtifactBytes))) });
        var attestations = Path.Combine(_temp.Path, "a.intoto.jsonl");
        File.WriteAllText(attestations, Statement(subject).Sign(_key).ToJson() + "\n");

        var result = AttestationVerifier.VerifyFile(attestations, artifact, new[] { _key.PublicKey }, new DiagnosticBag(), s_custom);

        Assert.True(result.IsValid);
    }

    [Fact]
    public void JsonLines_TheLastLineWithoutALineEnd_IsCheckedLikeTheOthers()
    {
        var good = Statement(Artifact()).Sign(_key).ToJson();
        var forged = Statement(Artifact()).Sign(CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519)).ToJson();

        var alone = AttestationVerifier.VerifyJsonLines(Encoding.UTF8.GetBytes(good), Display, Artifact(), new[] { _key.PublicKey }, new DiagnosticBag(), s_custom);
        var sink = new DiagnosticBag();
        var forgedLast = AttestationVerifier.VerifyJsonLines(Encoding.UTF8.GetBytes(good + "\n" + forged), Display, Artifact(), new[] { _key.PublicKey }, sink, s_custom);

        Assert.True(alone.IsValid);
        Assert.Equal(1, Assert.Single(alone.Verified).Line);
        Assert.False(forgedLast.IsValid);
        Assert.Equal(1, forgedLast.FailedCount);
        Assert.Equal(("SCSDK3021", 2), (Assert.Single(sink.Diagnostics).Code, sink.Diagnostics[0].Line));
    }

    [Fact]
    public void Verified_IsTracedWithEveryTrustedKeyThatSigned()
    {
        var second = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);
        var sink = new DiagnosticBag();

        var result = AttestationVerifier.VerifyJsonLines(Lines(Statement(Artifact()).Sign(_key, second).ToJson()), Display, Artifact(), new[] { _key.PublicKey, second.PublicKey }, sink, s_custom);

        Assert.True(result.IsValid);
        Assert.Equal(new[] { _key.KeyId, second.KeyId }, Assert.Single(result.Verified).KeyIds);
        Assert.Contains(sink.TraceMessages, m => m.EndsWith("(by file digest), signed by " + _key.KeyId + ", " + second.KeyId + ".", StringComparison.Ordinal));
    }

    [Fact]
    public void SubjectMismatch_NamesTheArtifactByItsSha256Alone()
    {
        var sink = new DiagnosticBag();

        AttestationVerifier.VerifyJsonLines(Lines(Statement(Other()).Sign(_key).ToJson()), Display, Artifact(), new[] { _key.PublicKey }, sink, s_custom);

        Assert.Contains("not about the artifact 'artifact.nupkg' (sha256 " + Artifact().Digest["sha256"] + ")", Assert.Single(sink.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubjectMismatch_AnArtifactOrSubjectWithoutASha256_IsNamedByAllItsDigests()
    {
        var artifact = new ResourceDescriptor("artifact.nupkg", new[]
        {
            new KeyValuePair<string, string>("sha384", Hex(SHA384.HashData(ArtifactBytes))),
            new KeyValuePair<string, string>("sha512", Hex(SHA512.HashData(ArtifactBytes))),
        });
        var subject = new ResourceDescriptor("b.nupkg", new[]
        {
            new KeyValuePair<string, string>("sha384", new string('c', 96)),
            new KeyValuePair<string, string>("sha512", new string('b', 128)),
        });
        var sink = new DiagnosticBag();

        AttestationVerifier.VerifyJsonLines(Lines(Statement(subject).Sign(_key).ToJson()), Display, artifact, new[] { _key.PublicKey }, sink, s_custom);

        var message = Assert.Single(sink.Diagnostics).Message;
        Assert.Contains("'b.nupkg' (sha384 " + new string('c', 96) + ", sha512 " + new string('b', 128) + ")", message, StringComparison.Ordinal);
        Assert.Contains("sha384 " + artifact.Digest["sha384"] + ", sha512 " + artifact.Digest["sha512"], message, StringComparison.Ordinal);
    }

    [Fact]
    public void CallerErrors_NameTheParameter()
    {
        var keys = new[] { _key.PublicKey };
        Assert.Equal("attestationPath", Assert.Throws<ArgumentNullException>(() => AttestationVerifier.VerifyFile(null!, "a", keys, new DiagnosticBag())).ParamName);
        Assert.Equal("trustedKeys", Assert.Throws<ArgumentNullException>(() => AttestationVerifier.VerifyJsonLines(Lines(Statement(Artifact()).Sign(_key).ToJson()), Display, Artifact(), null!, new DiagnosticBag())).ParamName);
    }

    [Fact]
    public void VerifyFile_AnAttestationFileAnotherProcessHoldsExclusively_IsUnreadableNotACrash()
    {
        var artifact = Path.Combine(_temp.Path, "a.nupkg");
        File.WriteAllBytes(artifact, ArtifactBytes);
        var attestations = Path.Combine(_temp.Path, "a.intoto.jsonl");
        File.WriteAllText(attestations, Statement(Artifact()).Sign(_key).ToJson() + "\n");

        using (new FileStream(attestations, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var error = Assert.Throws<SupplyChainException>(() => AttestationVerifier.VerifyFile(attestations, artifact, new[] { _key.PublicKey }, new DiagnosticBag()));
            Assert.Equal(("SCSDK6001", attestations), (error.Diagnostic.Code, error.Diagnostic.File));
        }
    }

    [Fact]
    public void Result_WithNeitherVerifiedNorFailedEnvelopes_IsNotValid()
    {
        Assert.False(new AttestationVerificationResult(Array.Empty<VerifiedAttestation>(), 0).IsValid);
    }

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    private static InTotoStatement Statement(params ResourceDescriptor[] subjects)
        => new(subjects, "https://example.com/custom/v1", new JsonObject { ["note"] = "test" });

    private static ResourceDescriptor Artifact() => new("artifact.nupkg", new[]
    {
        new KeyValuePair<string, string>("sha256", Hex(SHA256.HashData(ArtifactBytes))),
        new KeyValuePair<string, string>("sha512", Hex(SHA512.HashData(ArtifactBytes))),
    });

    private static ResourceDescriptor Other() => new("other.nupkg", new[]
    {
        new KeyValuePair<string, string>("sha256", new string('d', 64)),
    });

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
