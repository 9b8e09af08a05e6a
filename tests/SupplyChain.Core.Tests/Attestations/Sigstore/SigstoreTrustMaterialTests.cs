using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities.Sigstore;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>
/// What the verifier reads before it verifies anything: the trusted root (refused when a part cannot be trusted as
/// written), validity periods (inclusive at both ends), the bundle's shape and limits, and the RFC 3161 response.
/// </summary>
public sealed class SigstoreTrustMaterialTests : IClassFixture<SigstoreTestFixture>
{
    private static readonly byte[] Artifact = Encoding.UTF8.GetBytes("the package bytes");
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SigstoreTestFixture _fixture;

    public SigstoreTrustMaterialTests(SigstoreTestFixture fixture) => _fixture = fixture;

    private static string RootCode(JsonObject json)
        => Assert.Throws<SupplyChainException>(() => TrustedRoot.Parse(SigstoreTestFixture.Json(json), "root.json")).Diagnostic.Code;

    private static (SigstoreBundleDocument? Document, DiagnosticBag Sink) Read(JsonNode bundle)
    {
        var sink = new DiagnosticBag();
        return (SigstoreBundleDocument.Read(Encoding.UTF8.GetBytes(bundle.ToJsonString()), "b.sigstore.json", sink), sink);
    }

    private static void AssertReadRefused(JsonNode bundle, string code, string reason)
    {
        var (document, sink) = Read(bundle);
        Assert.Null(document);
        Assert.True(sink.Diagnostics.Any(d => d.Code == code && d.Message.Contains(reason, StringComparison.Ordinal)), string.Join(" | ", sink.Diagnostics.Select(d => d.Code + " " + d.Message)));
    }

    private JsonObject MessageBundle(TestBundleOptions? options = null) => _fixture.BuildMessageBundle(Artifact, _fixture.IssueLeaf(), options);

    // ---- validity periods ----

    [Fact]
    public void Validity_period_includes_its_first_and_last_instant_and_nothing_outside()
    {
        var period = new ValidityPeriod(Start, Start.AddDays(1));
        Assert.True(period.Contains(Start));
        Assert.True(period.Contains(Start.AddDays(1)));
        Assert.False(period.Contains(Start.AddTicks(-1)));
        Assert.False(period.Contains(Start.AddDays(1).AddTicks(1)));
    }

    [Fact]
    public void Validity_period_without_an_end_is_open_but_still_starts()
    {
        var period = new ValidityPeriod(Start, null);
        Assert.True(period.Contains(DateTimeOffset.MaxValue));
        Assert.False(period.Contains(Start.AddSeconds(-1)));
    }

    // ---- the trusted root ----

    [Fact]
    public void Trusted_root_is_read_with_each_part_and_its_validity()
    {
        var json = _fixture.TrustedRootJson();
        json["tlogs"]![0]!["publicKey"]!["validFor"]!["end"] = "2030-01-01T00:00:00Z";
        var root = TrustedRoot.Parse(SigstoreTestFixture.Json(json), "root.json");
        var log = Assert.Single(root.TransparencyLogs);
        Assert.Equal(_fixture.Log.LogId, log.LogId);
        Assert.Equal("https://rekor.test", log.BaseUrl);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), log.ValidFor.End);
        Assert.Single(root.CertificateTransparencyLogs);
        var ca = Assert.Single(root.CertificateAuthorities);
        Assert.Equal(new[] { _fixture.Intermediate.RawData, _fixture.Root.RawData }, ca.Certificates.Select(c => c.RawData));
        Assert.Null(ca.ValidFor.End);
        Assert.Single(root.TimestampAuthorities);
        Assert.Same(log, TrustedRoot.FindLog(root.TransparencyLogs, _fixture.Log.LogId));
        Assert.Null(TrustedRoot.FindLog(root.TransparencyLogs, new byte[32]));
    }

    [Fact]
    public void Trusted_root_whose_log_id_is_not_32_bytes_is_refused()
    {
        var json = _fixture.TrustedRootJson();
        json["tlogs"]![0]!["logId"]!["keyId"] = Convert.ToBase64String(_fixture.Log.LogId.Take(31).ToArray());
        Assert.Equal("SCSDK3103", RootCode(json));
    }

    [Fact]
    public void Trusted_root_authority_without_certificates_is_refused()
    {
        var json = _fixture.TrustedRootJson();
        json["certificateAuthorities"]![0]!["certChain"]!["certificates"] = new JsonArray();
        Assert.Equal("SCSDK3103", RootCode(json));
    }

    [Theory]
    [InlineData("validFor")]
    [InlineData("start")]
    public void Trusted_root_entry_without_its_validity_start_is_refused(string removed)
    {
        var json = _fixture.TrustedRootJson();
        var log = json["tlogs"]![0]!["publicKey"]!.AsObject();
        if (removed == "validFor")
        {
            log.Remove("validFor");
        }
        else
        {
            log["validFor"]!.AsObject().Remove("start");
        }

        Assert.Equal("SCSDK3103", RootCode(json));
    }

    [Fact]
    public void Trusted_root_certificate_in_pem_instead_of_der_is_refused()
    {
        var json = _fixture.TrustedRootJson();
        json["certificateAuthorities"]![0]!["certChain"]!["certificates"]![0]!["rawBytes"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(_fixture.Intermediate.ExportCertificatePem()));
        Assert.Equal("SCSDK3103", RootCode(json));
    }

    [Fact]
    public void Trusted_root_log_key_that_is_not_a_key_is_refused()
    {
        var json = _fixture.TrustedRootJson();
        json["ctlogs"]![0]!["publicKey"]!["rawBytes"] = Convert.ToBase64String(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 });
        Assert.Equal("SCSDK3103", RootCode(json));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"mediaType\":")]
    public void Trusted_root_that_is_not_a_json_object_is_refused(string text)
    {
        var ex = Assert.Throws<SupplyChainException>(() => TrustedRoot.Parse(Encoding.UTF8.GetBytes(text), "root.json"));
        Assert.Equal("SCSDK3103", ex.Diagnostic.Code);
    }

    // ---- the bundle's shape ----

    [Fact]
    public void Bundle_with_both_a_certificate_and_a_public_key_is_refused()
    {
        var bundle = MessageBundle();
        bundle["verificationMaterial"]!["publicKey"] = new JsonObject { ["hint"] = "k" };
        AssertReadRefused(bundle, "SCSDK3102", "exactly one of 'publicKey'");
    }

    [Fact]
    public void Bundle_without_a_certificate_or_key_is_refused()
    {
        var bundle = MessageBundle();
        bundle["verificationMaterial"]!.AsObject().Remove("certificate");
        AssertReadRefused(bundle, "SCSDK3102", "exactly one of 'publicKey'");
    }

    [Fact]
    public void Bundle_with_an_empty_certificate_chain_is_refused()
    {
        var bundle = MessageBundle(new TestBundleOptions { Version = "0.2", EntryKind = "hashedrekord" });
        bundle["verificationMaterial"]!["x509CertificateChain"]!["certificates"] = new JsonArray();
        AssertReadRefused(bundle, "SCSDK3102", "has no certificates");
    }

    [Fact]
    public void V02_bundle_whose_inclusion_proof_has_no_checkpoint_is_refused()
    {
        var bundle = MessageBundle(new TestBundleOptions { Version = "0.2", EntryKind = "hashedrekord" });
        bundle["verificationMaterial"]!["tlogEntries"]![0]!["inclusionProof"]!.AsObject().Remove("checkpoint");
        AssertReadRefused(bundle, "SCSDK3102", "has no checkpoint");
    }

    [Fact]
    public void V01_bundle_without_any_log_entry_is_refused()
    {
        var bundle = MessageBundle(new TestBundleOptions { Version = "0.1", EntryKind = null });
        AssertReadRefused(bundle, "SCSDK3102", "at least one transparency-log entry");
    }

    [Fact]
    public void Dsse_bundle_with_two_signatures_is_refused()
    {
        var bundle = _fixture.BuildDsseBundle(SigstoreTestFixture.Statement("a", SHA256.HashData(Artifact)), _fixture.IssueLeaf());
        var signatures = bundle["dsseEnvelope"]!["signatures"]!.AsArray();
        signatures.Add(signatures[0]!.DeepClone());
        AssertReadRefused(bundle, "SCSDK3102", "has 2 signatures");
    }

    [Fact]
    public void Bundle_with_more_log_entries_or_timestamps_than_the_limit_is_refused_and_the_limit_itself_is_read()
    {
        var bundle = MessageBundle(new TestBundleOptions { EntryKind = "hashedrekord", IncludeTimestamp = true });
        var entry = bundle["verificationMaterial"]!["tlogEntries"]![0]!;
        var stamp = bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!;
        bundle["verificationMaterial"]!["tlogEntries"] = new JsonArray(Enumerable.Range(0, SigstoreBundleDocument.MaxEntries).Select(_ => entry.DeepClone()).ToArray());
        bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"] = new JsonArray(Enumerable.Range(0, SigstoreBundleDocument.MaxEntries).Select(_ => stamp.DeepClone()).ToArray());
        var (document, _) = Read(bundle);
        Assert.NotNull(document);
        Assert.Equal(SigstoreBundleDocument.MaxEntries, document.TlogEntries.Count);
        Assert.Equal(SigstoreBundleDocument.MaxEntries, document.Rfc3161Timestamps.Count);

        var entries = bundle.DeepClone().AsObject();
        entries["verificationMaterial"]!["tlogEntries"]!.AsArray().Add(entry.DeepClone());
        AssertReadRefused(entries, "SCSDK3100", "transparency-log entries, more than");

        var stamps = bundle.DeepClone().AsObject();
        stamps["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]!.AsArray().Add(stamp.DeepClone());
        AssertReadRefused(stamps, "SCSDK3100", "timestamps, more than");
    }

    [Fact]
    public void Inclusion_proof_with_more_than_64_hashes_or_a_hash_that_is_not_a_string_is_refused()
    {
        var bundle = MessageBundle();
        var proof = bundle["verificationMaterial"]!["tlogEntries"]![0]!["inclusionProof"]!;
        proof["hashes"] = new JsonArray(Enumerable.Range(0, 64).Select(_ => (JsonNode)Convert.ToBase64String(new byte[32])).ToArray());
        Assert.NotNull(Read(bundle).Document);
        proof["hashes"]!.AsArray().Add(Convert.ToBase64String(new byte[32]));
        AssertReadRefused(bundle, "SCSDK3100", "more than 64 hashes");

        proof["hashes"] = new JsonArray(1);
        AssertReadRefused(bundle, "SCSDK3100", "not a string");
    }

    [Fact]
    public void Bundle_is_read_as_written_leaf_first_with_its_entries_and_signature()
    {
        var bundle = MessageBundle(new TestBundleOptions { Version = "0.2", EntryKind = "hashedrekord", IncludeTimestamp = true });
        var (document, _) = Read(bundle);
        Assert.NotNull(document);
        Assert.Equal(SigstoreBundleVersion.V02, document.Version);
        Assert.False(document.IsKeyBased);
        Assert.Single(document.Certificates);
        var entry = Assert.Single(document.TlogEntries);
        Assert.Equal("hashedrekord", entry.Kind);
        Assert.NotNull(entry.InclusionProof?.Checkpoint);
        Assert.Single(document.Rfc3161Timestamps);
        Assert.Equal(Convert.FromBase64String(bundle["messageSignature"]!["signature"]!.GetValue<string>()), document.SignatureBytes);
    }

    [Fact]
    public void Legacy_spelling_of_the_v03_media_type_is_read_as_v03()
    {
        var bundle = MessageBundle();
        bundle["mediaType"] = SigstoreBundleDocument.MediaTypeV03Legacy;
        var (document, _) = Read(bundle);
        Assert.Equal(SigstoreBundleVersion.V03, document?.Version);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"mediaType\":3}")]
    public void Bundle_that_is_not_an_object_with_a_media_type_is_refused_as_malformed(string text)
    {
        var sink = new DiagnosticBag();
        Assert.Null(SigstoreBundleDocument.Read(Encoding.UTF8.GetBytes(text), "b.json", sink));
        Assert.Contains(sink.Diagnostics, d => d.Code == "SCSDK3100");
    }

    // ---- the RFC 3161 response ----

    private byte[] Token(byte[] data, int status = 0) => SigstoreTestFixture.Timestamp(data, SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, _fixture.TsaKey, status);

    [Fact]
    public void Timestamp_response_is_verified_with_its_time_and_signer()
    {
        var data = Encoding.UTF8.GetBytes("signature bytes");
        var verified = Rfc3161Timestamp.Verify(Token(data), data, Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>(), out var error);
        Assert.True(verified is not null, error);
        Assert.Equal(SigstoreTestFixture.SigningTime, verified.Value.Time);
        Assert.Equal(_fixture.TsaCertificate.RawData, verified.Value.Signer.RawData);
    }

    [Fact]
    public void Timestamp_signer_not_embedded_is_found_only_among_the_trusted_roots_certificates()
    {
        var data = Encoding.UTF8.GetBytes("signature bytes");
        var token = SigstoreTestFixture.Timestamp(data, SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, _fixture.TsaKey, embedCertificate: false);
        var verified = Rfc3161Timestamp.Verify(token, data, new[] { _fixture.TsaRoot, _fixture.TsaCertificate }, out var error);
        Assert.True(verified is not null, error);
        Assert.Equal(_fixture.TsaCertificate.RawData, verified.Value.Signer.RawData);

        Assert.Null(Rfc3161Timestamp.Verify(token, data, new[] { _fixture.TsaRoot }, out error));
        Assert.Contains("neither in the token nor in the trusted root", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_response_without_a_token_is_refused()
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
        }

        Assert.Null(Rfc3161Timestamp.Verify(writer.Encode(), new byte[] { 1 }, Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>(), out var error));
        Assert.Contains("no timestamp token", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_whose_tstinfo_was_altered_after_signing_is_refused()
    {
        // The attacker swaps the imprint for the hash of the data they want stamped; the signed digest no longer matches.
        var data = Encoding.UTF8.GetBytes("signature bytes");
        var token = Token(data);
        var imprint = SHA256.HashData(data);
        var at = token.AsSpan().IndexOf(imprint);
        Assert.True(at > 0);
        var other = SHA256.HashData(Encoding.UTF8.GetBytes("other bytes"));
        other.CopyTo(token, at);
        Assert.Null(Rfc3161Timestamp.Verify(token, Encoding.UTF8.GetBytes("other bytes"), Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>(), out var error));
        Assert.Contains("do not carry the TSTInfo's content type and digest", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_with_a_broken_signature_is_refused()
    {
        var data = Encoding.UTF8.GetBytes("signature bytes");
        var token = Token(data);
        token[^1] ^= 1;
        Assert.Null(Rfc3161Timestamp.Verify(token, data, Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>(), out var error));
        Assert.Contains("signature does not verify", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_that_is_not_der_is_refused_with_a_reason()
    {
        Assert.Null(Rfc3161Timestamp.Verify(new byte[] { 0x30, 0x05, 1 }, new byte[] { 1 }, Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>(), out var error));
        Assert.Contains("not a well-formed DER", error, StringComparison.Ordinal);
    }
}
