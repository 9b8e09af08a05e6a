using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Attestations;

/// <summary>docs/threat-model.md TM-A1 to TM-A3 (attestations), against <see cref="AttestationVerifier"/>.</summary>
public sealed class AttestationVerifierTests : IDisposable
{
    private readonly TestDirectory _temp = new();
    private readonly SigningKey _key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
    private readonly string _package;
    private readonly AttestationSidecars _sidecars;

    public AttestationVerifierTests()
    {
        _package = AttestationTestHelpers.WritePackage(_temp.Path);
        AttestationTestHelpers.Attest(_package, _key);
        _sidecars = AttestationSidecars.Of(_package);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Verify_WhatTheWriterWrote_Passes()
    {
        var (result, sink) = Verify(_sidecars.Statements);
        Assert.True(result.IsValid);
        Assert.Equal(new[] { 1, 2 }, result.Verified.Select(v => v.Line));
        Assert.Equal(new[] { PredicateTypes.SlsaProvenanceV1, PredicateTypes.CycloneDxBom }, result.Verified.Select(v => v.Statement.PredicateType));
        Assert.All(result.Verified, v => Assert.Equal(_key.KeyId, Assert.Single(v.KeyIds)));
        Assert.Empty(sink.Diagnostics);
    }

    [Fact]
    public void Verify_EachBundle_Passes()
    {
        Assert.True(Verify(_sidecars.ProvenanceBundle).Result.IsValid);
        Assert.True(Verify(_sidecars.SbomBundle).Result.IsValid);
    }

    [Fact]
    public void DsseSignature_OverADifferentPayload_IsRejected()
    {
        EditEnvelope(0, envelope =>
        {
            var payload = Convert.FromBase64String((string)envelope["payload"]!);
            payload[payload.Length / 2] ^= 0x01;
            envelope["payload"] = Convert.ToBase64String(payload);
        });
        AssertRejected(_sidecars.Statements, "SCSDK3021", line: 1, stillVerified: 1);
    }

    [Fact]
    public void DsseSignature_OverADifferentPayloadType_IsRejected()
    {
        EditEnvelope(1, envelope => envelope["payloadType"] = "application/vnd.in-toto.v2+json");
        AssertRejected(_sidecars.Statements, "SCSDK3022", line: 2, stillVerified: 1);
    }

    [Fact]
    public void DsseSignature_ReSignedUnderAnotherPayloadType_IsRejected()
    {
        // Validly signed, but the payload type says it is not an in-toto statement.
        var statement = File.ReadAllText(_sidecars.Statements).Split('\n')[0];
        var payload = Convert.FromBase64String((string)JsonNode.Parse(statement)!["payload"]!);
        var envelope = DsseEnvelope.Sign("application/json", payload, _key);
        File.WriteAllText(_sidecars.Statements, Encoding.UTF8.GetString(envelope.ToJsonBytes()) + "\n");
        AssertRejected(_sidecars.Statements, "SCSDK3022", line: 1, stillVerified: 0);
    }

    [Fact]
    public void DsseSignature_ByAKeyThatIsNotTheTrustedOne_IsRejected()
    {
        var other = KeyGenerator.Generate(KeyAlgorithm.EcdsaP256);
        var (result, sink) = Verify(_sidecars.Statements, other.PublicKey);
        Assert.False(result.IsValid);
        Assert.Equal(new[] { "SCSDK3021", "SCSDK3021" }, sink.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void DsseSignature_KeyIdHintOfTheTrustedKeyButSignedByAnother_IsRejected()
    {
        var other = KeyGenerator.Generate(KeyAlgorithm.EcdsaP256);
        var provenance = StatementOf(0);
        var forged = DsseEnvelope.Sign(InTotoStatement.PayloadType, provenance.ToJsonBytes(), other);
        var json = JsonNode.Parse(forged.ToJson())!;
        json["signatures"]![0]!["keyid"] = _key.KeyId;
        File.WriteAllText(_sidecars.Statements, json.ToJsonString() + "\n");
        AssertRejected(_sidecars.Statements, "SCSDK3021", line: 1, stillVerified: 0);
    }

    [Fact]
    public void Statement_AboutAnotherArtifact_IsRejected()
    {
        var other = AttestationTestHelpers.WritePackage(Path.Combine(_temp.Path, "other"));
        var sink = new DiagnosticBag();
        var result = AttestationVerifier.VerifyFile(_sidecars.Statements, other, new[] { _key.PublicKey }, sink);
        Assert.False(result.IsValid);
        Assert.Equal(new[] { "SCSDK3035", "SCSDK3035" }, sink.Diagnostics.Select(d => d.Code));
        Assert.Equal(new[] { 1, 2 }, sink.Diagnostics.Select(d => d.Line));
    }

    [Fact]
    public void Statement_WhoseSubjectDigestIsNotTheArtifacts_IsRejectedEvenWhenSignedByTheTrustedKey()
    {
        var original = StatementOf(0);
        var subject = new ResourceDescriptor("Contoso.Lib.1.2.3.nupkg", new[] { new System.Collections.Generic.KeyValuePair<string, string>("sha256", new string('0', 64)) });
        var statement = new InTotoStatement(new[] { subject }, original.PredicateType, original.Predicate);
        WriteLines(statement.Sign(_key));
        AssertRejected(_sidecars.Statements, "SCSDK3035", line: 1, stillVerified: 0);
    }

    [Fact]
    public void Statement_WithAnotherType_IsRejected()
    {
        var payload = JsonNode.Parse(StatementOf(0).ToJson())!;
        payload["_type"] = "https://in-toto.io/Statement/v0.1";
        WriteLines(DsseEnvelope.Sign(InTotoStatement.PayloadType, Encoding.UTF8.GetBytes(payload.ToJsonString()), _key));
        AssertRejected(_sidecars.Statements, "SCSDK3024", line: 1, stillVerified: 0);
    }

    [Fact]
    public void Statement_WithAnUnexpectedPredicateType_IsRejected()
    {
        var original = StatementOf(0);
        var statement = new InTotoStatement(original.Subject, "https://in-toto.io/attestation/vulns/v0.1", original.Predicate);
        WriteLines(statement.Sign(_key));
        AssertRejected(_sidecars.Statements, "SCSDK3036", line: 1, stillVerified: 0);
    }

    [Fact]
    public void Statement_ThatIsNotJson_IsRejectedAsMalformed()
    {
        WriteLines(DsseEnvelope.Sign(InTotoStatement.PayloadType, "not json"u8, _key));
        AssertRejected(_sidecars.Statements, "SCSDK3023", line: 1, stillVerified: 0);
    }

    [Fact]
    public void JsonLines_WithAMalformedLine_ReportsItsLineAndChecksTheOthers()
    {
        var lines = AttestationTestHelpers.Lines(_sidecars.Statements);
        File.WriteAllText(_sidecars.Statements, lines[0] + "\n{\"payload\": \"truncated\n\n" + lines[1] + "\n");
        var (result, sink) = Verify(_sidecars.Statements);
        Assert.False(result.IsValid);
        Assert.Equal(1, result.FailedCount);
        Assert.Equal(new[] { 1, 4 }, result.Verified.Select(v => v.Line));
        var error = Assert.Single(sink.Diagnostics);
        Assert.Equal("SCSDK3020", error.Code);
        Assert.Equal(2, error.Line);
        Assert.Equal(_sidecars.Statements, error.File);
    }

    [Fact]
    public void JsonLines_Empty_IsRejected()
    {
        File.WriteAllText(_sidecars.Statements, "\n\n");
        AssertRejected(_sidecars.Statements, "SCSDK3037", line: 0, stillVerified: 0);
    }

    [Fact]
    public void Bundle_WithTwoSignatures_IsRejected()
    {
        var json = JsonNode.Parse(File.ReadAllText(_sidecars.ProvenanceBundle))!;
        var signatures = json["dsseEnvelope"]!["signatures"]!.AsArray();
        signatures.Add(signatures[0]!.DeepClone());
        File.WriteAllText(_sidecars.ProvenanceBundle, json.ToJsonString());
        AssertRejected(_sidecars.ProvenanceBundle, "SCSDK3038", line: 0, stillVerified: 0);
    }

    [Fact]
    public void Bundle_WithATamperedPayload_IsRejected()
    {
        var json = JsonNode.Parse(File.ReadAllText(_sidecars.SbomBundle))!;
        var payload = Convert.FromBase64String((string)json["dsseEnvelope"]!["payload"]!);
        payload[10] ^= 0x20;
        json["dsseEnvelope"]!["payload"] = Convert.ToBase64String(payload);
        File.WriteAllText(_sidecars.SbomBundle, json.ToJsonString());
        AssertRejected(_sidecars.SbomBundle, "SCSDK3021", line: 0, stillVerified: 0);
    }

    [Fact]
    public void VerifyFile_MissingArtifact_IsAnInputError()
        => CryptoTestHelpers.ExpectCode("SCSDK6002", () => AttestationVerifier.VerifyFile(_sidecars.Statements, Path.Combine(_temp.Path, "missing.nupkg"), new[] { _key.PublicKey }, new DiagnosticBag()));

    [Fact]
    public void VerifyFile_MissingAttestations_IsAnInputError()
        => CryptoTestHelpers.ExpectCode("SCSDK6002", () => AttestationVerifier.VerifyFile(Path.Combine(_temp.Path, "missing.intoto.jsonl"), _package, new[] { _key.PublicKey }, new DiagnosticBag()));

    [Fact]
    public void VerifyFile_ThePackageGivenAsTheAttestations_IsOneErrorNotOnePerLine()
    {
        // A real .nupkg is a zip: thousands of "lines" of binary data. One SCSDK3020 says what happened.
        var zip = Path.Combine(_temp.Path, "Contoso.Zip.1.0.0.nupkg");
        using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
        {
            for (var i = 0; i < 50; i++)
            {
                using var entry = new StreamWriter(archive.CreateEntry($"lib/file{i}.bin").Open());
                entry.Write(string.Concat(Enumerable.Range(0, 200).Select(n => (char)('a' + ((n * i) % 26)) + "\n")));
            }
        }

        var sink = new DiagnosticBag();
        var result = AttestationVerifier.VerifyFile(zip, _package, new[] { _key.PublicKey }, sink);

        Assert.False(result.IsValid);
        var error = Assert.Single(sink.Diagnostics);
        Assert.Equal("SCSDK3020", error.Code);
        Assert.Equal(0, error.Line);
        Assert.Contains("zip archive", error.Message, StringComparison.Ordinal);
        Assert.Contains("--artifact", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyJsonLines_BinaryThatIsNotAZip_IsOneError()
    {
        var binary = Path.Combine(_temp.Path, "random.intoto.jsonl");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i += 40)
        {
            bytes[i] = (byte)'\n';
        }

        File.WriteAllBytes(binary, bytes);
        var (result, sink) = Verify(binary);

        Assert.False(result.IsValid);
        Assert.Equal("SCSDK3020", Assert.Single(sink.Diagnostics).Code);
        Assert.Contains("binary data", sink.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyJsonLines_ALineThatIsNotJson_IsReportedWithoutTheParsersDoubledFullStop()
    {
        File.WriteAllText(_sidecars.Statements, "Not JSON at all\n");
        var (_, sink) = Verify(_sidecars.Statements);

        var error = Assert.Single(sink.Diagnostics);
        Assert.Equal(("SCSDK3020", 1), (error.Code, error.Line));
        Assert.DoesNotContain("..", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", error.Message, StringComparison.Ordinal);
        Assert.Contains("(at byte 1)", error.Message, StringComparison.Ordinal);
    }

    private (AttestationVerificationResult Result, DiagnosticBag Sink) Verify(string file, PublicKey? key = null)
    {
        var sink = new DiagnosticBag();
        return (AttestationVerifier.VerifyFile(file, _package, new[] { key ?? _key.PublicKey }, sink), sink);
    }

    private void AssertRejected(string file, string code, int line, int stillVerified)
    {
        var (result, sink) = Verify(file);
        Assert.False(result.IsValid);
        var error = Assert.Single(sink.Diagnostics);
        Assert.Equal(code, error.Code);
        Assert.Equal(line, error.Line);
        Assert.Equal(stillVerified, result.Verified.Count);
    }

    private InTotoStatement StatementOf(int line)
        => InTotoStatement.Parse(DsseEnvelope.Parse(Encoding.UTF8.GetBytes(AttestationTestHelpers.Lines(_sidecars.Statements)[line])).Payload.Span);

    private void EditEnvelope(int line, Action<JsonObject> edit)
    {
        var lines = AttestationTestHelpers.Lines(_sidecars.Statements);
        var envelope = JsonNode.Parse(lines[line])!.AsObject();
        edit(envelope);
        lines[line] = envelope.ToJsonString();
        File.WriteAllText(_sidecars.Statements, string.Join("\n", lines) + "\n");
    }

    private void WriteLines(params DsseEnvelope[] envelopes)
        => File.WriteAllText(_sidecars.Statements, string.Concat(envelopes.Select(e => e.ToJson() + "\n")));
}
