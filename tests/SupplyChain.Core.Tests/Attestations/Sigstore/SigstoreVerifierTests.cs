using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities.Sigstore;
using static SupplyChain.Core.Tests.Attestations.Sigstore.SigstoreTestVerification;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

public sealed class SigstoreVerifierTests : IClassFixture<SigstoreTestFixture>
{
    private readonly SigstoreTestFixture _fixture;

    public SigstoreVerifierTests(SigstoreTestFixture fixture) => _fixture = fixture;

    private TrustedRoot Root => TrustedRoot.Parse(_fixture.TrustedRootBytes(), "trusted_root.json");

    private SigstoreVerificationOptions Options(SigstoreIdentity? identity = null) => OptionsFor(_fixture.TrustedRootJson(), identity);

    /// <summary>A trusted root that names no transparency log: a private instance that only timestamps.</summary>
    private SigstoreVerificationOptions OptionsWithoutLogs()
    {
        var json = _fixture.TrustedRootJson();
        json["tlogs"] = new JsonArray();
        return OptionsFor(json);
    }

    private static void AssertRefused((SigstoreVerificationResult Result, DiagnosticBag Sink) outcome, string code)
    {
        Assert.False(outcome.Result.IsValid);
        var codes = outcome.Sink.Diagnostics.Select(d => d.Code).ToArray();
        Assert.True(codes.Contains(code), $"expected {code}, got {string.Join(", ", codes)}: {string.Join(" | ", outcome.Sink.Diagnostics.Select(d => d.Message))}");
    }

    private static void AssertVerified((SigstoreVerificationResult Result, DiagnosticBag Sink) outcome)
        => Assert.True(outcome.Result.IsValid, string.Join(" | ", outcome.Sink.Diagnostics.Select(d => d.Code + " " + d.Message)));

    private JsonObject MessageBundle(TestSigningCertificate? leaf = null, TestBundleOptions? options = null)
        => _fixture.BuildMessageBundle(Artifact, leaf ?? _fixture.IssueLeaf(), options);

    private JsonObject DsseBundle(string kind = "dsse", string version = "0.3", byte[]? statement = null)
        => _fixture.BuildDsseBundle(statement ?? SigstoreTestFixture.Statement("Contoso.Lib.1.0.0.nupkg", SHA256.HashData(Artifact)), _fixture.IssueLeaf(), new TestBundleOptions { EntryKind = kind, Version = version });

    // ---- what verifies ----

    [Fact]
    public void Message_signature_bundle_v03_with_hashedrekord_entry_verifies_and_says_who_signed_when()
    {
        var outcome = Verify(MessageBundle(), Options());
        AssertVerified(outcome);
        Assert.Equal(SigstoreTestFixture.WorkflowIdentity, outcome.Result.SignerIdentity);
        Assert.Equal(SigstoreTestFixture.GitHubIssuer, outcome.Result.SignerIssuer);
        Assert.Equal(SigstoreTestFixture.SigningTime, outcome.Result.SigningTime);
        Assert.StartsWith("rekor:", outcome.Result.SigningTimeSource, StringComparison.Ordinal);
        Assert.NotNull(outcome.Result.LogIndex);
        // The build log (detailed verbosity) says the same: who, which issuer, when, and from which evidence.
        Assert.Equal(
            $"bundle.sigstore.json: signed by '{SigstoreTestFixture.WorkflowIdentity}' (issuer '{SigstoreTestFixture.GitHubIssuer}') at {SigstoreTestFixture.SigningTime:O} ({outcome.Result.SigningTimeSource}).",
            Assert.Single(outcome.Sink.TraceMessages));
    }

    [Fact]
    public void CallerErrors_NameTheParameter()
    {
        var bundle = Encoding.UTF8.GetBytes(MessageBundle().ToJsonString());
        Assert.Equal("displayPath", Assert.Throws<ArgumentNullException>(() => SigstoreVerifier.Verify(bundle, null!, ArtifactDigest(), Options(), new DiagnosticBag())).ParamName);
        Assert.Equal("artifact", Assert.Throws<ArgumentNullException>(() => SigstoreVerifier.Verify(bundle, "b.json", null!, Options(), new DiagnosticBag())).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => SigstoreVerifier.Verify(bundle, "b.json", ArtifactDigest(), null!, new DiagnosticBag())).ParamName);
        Assert.Equal("sink", Assert.Throws<ArgumentNullException>(() => SigstoreVerifier.Verify(bundle, "b.json", ArtifactDigest(), Options(), null!)).ParamName);
        Assert.Equal("bundlePath", Assert.Throws<ArgumentNullException>(() => SigstoreVerifier.VerifyFile(null!, ArtifactDigest(), Options(), new DiagnosticBag())).ParamName);
    }

    [Theory]
    [InlineData("dsse", "0.3")]
    [InlineData("intoto", "0.3")]
    [InlineData("dsse", "0.2")]
    [InlineData("dsse", "0.1")]
    public void Dsse_bundle_with_dsse_or_intoto_entry_verifies_in_each_version(string kind, string version)
    {
        var outcome = Verify(DsseBundle(kind, version), Options());
        AssertVerified(outcome);
        Assert.NotNull(outcome.Result.Statement);
    }

    [Fact]
    public void Bundle_v01_with_promise_only_and_no_proof_verifies()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { Version = "0.1", EntryKind = "hashedrekord", IncludeProof = false });
        AssertVerified(Verify(bundle, Options()));
    }

    [Fact]
    public void Artifact_file_is_hashed_and_verifies_like_its_digest()
    {
        using var dir = new SupplyChain.TestUtilities.TestDirectory();
        var path = System.IO.Path.Combine(dir.Path, "a.nupkg");
        System.IO.File.WriteAllBytes(path, Artifact);
        AssertVerified(Verify(MessageBundle(), Options(), SigstoreArtifact.FromFile(path)));
    }

    [Fact]
    public void Rfc3161_timestamp_alone_gives_the_signing_time_under_a_trusted_root_without_logs()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true });
        var outcome = Verify(bundle, OptionsWithoutLogs());
        AssertVerified(outcome);
        Assert.Equal("rfc3161", outcome.Result.SigningTimeSource);
        Assert.Null(outcome.Result.LogIndex);
    }

    [Fact]
    public void Keyless_bundle_never_logged_is_refused_when_the_trusted_root_names_a_log_even_with_a_valid_timestamp()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true });
        AssertRefused(Verify(bundle, Options()), "SCSDK3120");
    }

    [Fact]
    public void Identity_regex_is_anchored_and_matches_the_whole_name()
    {
        AssertVerified(Verify(MessageBundle(), Options(SigstoreIdentity.Pattern(@"https://github\.com/contoso/lib/\.github/workflows/.*@refs/heads/main", SigstoreTestFixture.GitHubIssuer))));
        AssertRefused(Verify(MessageBundle(), Options(SigstoreIdentity.Pattern(@"https://github\.com/contoso", SigstoreTestFixture.GitHubIssuer))), "SCSDK3105");
    }

    [Fact]
    public void Email_identity_and_legacy_issuer_extension_verify()
    {
        var leaf = _fixture.IssueLeaf(identity: "dev@contoso.test", issuer: "https://accounts.example.test", legacyIssuerOnly: true);
        AssertVerified(Verify(MessageBundle(leaf), Options(SigstoreIdentity.Exact("dev@contoso.test", "https://accounts.example.test"))));
    }

    [Fact]
    public void Our_key_based_bundle_verifies_through_the_same_entry_point()
    {
        using var key = KeyGenerator.Generate();
        var statement = new InTotoStatement(new[] { new ResourceDescriptor("a.nupkg", new[] { new System.Collections.Generic.KeyValuePair<string, string>("sha256", Convert.ToHexString(SHA256.HashData(Artifact)).ToLowerInvariant()) }) }, PredicateTypes.SlsaProvenanceV1, new JsonObject());
        var bytes = SigstoreBundle.ToJsonBytes(statement.Sign(key));
        var sink = new DiagnosticBag();
        var result = SigstoreVerifier.Verify(bytes, "b.sigstore.json", ArtifactDigest(), new SigstoreVerificationOptions { TrustedKeys = new[] { key.PublicKey } }, sink);
        Assert.True(result.IsValid, string.Join(" | ", sink.Diagnostics.Select(d => d.Message)));
        Assert.Equal(key.KeyId, result.KeyId);

        using var other = KeyGenerator.Generate();
        var refused = new DiagnosticBag();
        Assert.False(SigstoreVerifier.Verify(bytes, "b.sigstore.json", ArtifactDigest(), new SigstoreVerificationOptions { TrustedKeys = new[] { other.PublicKey } }, refused).IsValid);
        Assert.Contains(refused.Diagnostics, d => d.Code == "SCSDK3118");
    }

    // ---- bundle shape and version ----

    [Theory]
    [InlineData("application/vnd.dev.sigstore.bundle+json;version=0.4")]
    [InlineData("application/vnd.dev.sigstore.bundle.v0.4+json")]
    [InlineData("application/vnd.dev.sigstore.bundle+json")]
    [InlineData("application/json")]
    public void Unknown_bundle_version_is_refused(string mediaType)
    {
        var bundle = MessageBundle();
        bundle["mediaType"] = mediaType;
        AssertRefused(Verify(bundle, Options()), "SCSDK3101");
    }

    [Fact]
    public void V03_bundle_with_a_certificate_chain_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { Version = "0.2", EntryKind = "hashedrekord" });
        bundle["mediaType"] = SigstoreBundleDocument.MediaTypeV03;
        AssertRefused(Verify(bundle, Options()), "SCSDK3102");
    }

    [Fact]
    public void V01_bundle_with_the_v03_certificate_field_is_refused()
    {
        var bundle = MessageBundle();
        bundle["mediaType"] = SigstoreBundleDocument.MediaTypeV01;
        AssertRefused(Verify(bundle, Options()), "SCSDK3102");
    }

    [Fact]
    public void V02_bundle_without_an_inclusion_proof_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { Version = "0.2", EntryKind = "hashedrekord", IncludeProof = false });
        AssertRefused(Verify(bundle, Options()), "SCSDK3102");
    }

    [Fact]
    public void V01_bundle_without_an_inclusion_promise_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { Version = "0.1", EntryKind = "hashedrekord", IncludePromise = false });
        AssertRefused(Verify(bundle, Options()), "SCSDK3102");
    }

    [Fact]
    public void Bundle_with_both_message_signature_and_envelope_is_refused()
    {
        var bundle = MessageBundle();
        bundle["dsseEnvelope"] = DsseBundle()["dsseEnvelope"]!.DeepClone();
        AssertRefused(Verify(bundle, Options()), "SCSDK3102");
    }

    [Fact]
    public void Bundle_that_is_not_json_is_refused()
    {
        var sink = new DiagnosticBag();
        Assert.False(SigstoreVerifier.Verify("{not json"u8, "b.json", ArtifactDigest(), Options(), sink).IsValid);
        Assert.Contains(sink.Diagnostics, d => d.Code == "SCSDK3100");
    }

    // ---- certificate chain and identity ----

    [Fact]
    public void Certificate_expired_at_the_signing_time_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = "hashedrekord", IntegratedTime = SigstoreTestFixture.SigningTime.AddHours(1) });
        AssertRefused(Verify(bundle, Options()), "SCSDK3104");
    }

    [Fact]
    public void Certificate_of_a_ca_outside_the_trusted_root_is_refused()
    {
        var (ca, key) = SigstoreTestFixture.CreateUntrustedCa("CN=evil-ca");
        AssertRefused(Verify(MessageBundle(_fixture.IssueLeaf(issuerCertificate: ca, issuerKey: key)), Options()), "SCSDK3104");
    }

    [Fact]
    public void Wrong_subject_alternative_name_is_refused()
    {
        var leaf = _fixture.IssueLeaf(identity: "https://github.com/mallory/lib/.github/workflows/release.yml@refs/heads/main");
        AssertRefused(Verify(MessageBundle(leaf), Options()), "SCSDK3105");
    }

    [Fact]
    public void Wrong_oidc_issuer_is_refused()
    {
        var leaf = _fixture.IssueLeaf(issuer: "https://issuer.mallory.test");
        AssertRefused(Verify(MessageBundle(leaf), Options()), "SCSDK3106");
    }

    [Fact]
    public void Keyless_bundle_without_expected_identity_is_refused()
    {
        AssertRefused(Verify(MessageBundle(), new SigstoreVerificationOptions { TrustedRoot = Root }), "SCSDK3117");
    }

    // ---- signature and artifact ----

    [Fact]
    public void Signature_over_another_artifact_is_refused()
    {
        var outcome = Verify(MessageBundle(), Options(), ArtifactDigest(Encoding.UTF8.GetBytes("another package")));
        AssertRefused(outcome, "SCSDK3107");
        Assert.Contains(outcome.Sink.Diagnostics, d => d.Message.Contains("does not verify: the message signature over the artifact does not verify with the signing key.", StringComparison.Ordinal));
    }

    [Fact]
    public void Statement_about_another_artifact_is_refused()
    {
        var statement = SigstoreTestFixture.Statement("other.nupkg", SHA256.HashData(Encoding.UTF8.GetBytes("other")));
        AssertRefused(Verify(DsseBundle(statement: statement), Options()), "SCSDK3108");
    }

    [Fact]
    public void Tampered_dsse_payload_is_refused()
    {
        var bundle = DsseBundle();
        bundle["dsseEnvelope"]!["payload"] = Convert.ToBase64String(SigstoreTestFixture.Statement("x", SHA256.HashData(Artifact), "https://example.test/other"));
        var outcome = Verify(bundle, Options());
        AssertRefused(outcome, "SCSDK3107");
        Assert.Contains(outcome.Sink.Diagnostics, d => d.Message.Contains("does not verify: the DSSE signature over the envelope's payload does not verify with the signing key.", StringComparison.Ordinal));
    }

    // ---- transparency log ----

    [Fact]
    public void Log_entry_for_another_artifact_is_refused()
    {
        var leaf = _fixture.IssueLeaf();
        var other = SigstoreTestFixture.HashedRekordBody(SHA256.HashData(Encoding.UTF8.GetBytes("other")), new byte[] { 1, 2, 3 }, SigstoreTestFixture.PemCertificate(leaf.Certificate));
        var bundle = MessageBundle(leaf, new TestBundleOptions { EntryKind = "hashedrekord", BodyOverride = other });
        AssertRefused(Verify(bundle, Options()), "SCSDK3110");
    }

    [Fact]
    public void Dsse_entry_of_another_envelope_is_refused()
    {
        var first = DsseBundle();
        var second = DsseBundle();
        first["verificationMaterial"]!["tlogEntries"] = second["verificationMaterial"]!["tlogEntries"]!.DeepClone();
        first["verificationMaterial"]!["certificate"] = second["verificationMaterial"]!["certificate"]!.DeepClone();
        AssertRefused(Verify(first, Options()), "SCSDK3107");
        var third = DsseBundle();
        third["verificationMaterial"]!["tlogEntries"] = second["verificationMaterial"]!["tlogEntries"]!.DeepClone();
        AssertRefused(Verify(third, Options()), "SCSDK3110");
    }

    [Fact]
    public void Entry_of_a_log_outside_the_trusted_root_is_refused()
    {
        var bundle = MessageBundle();
        bundle["verificationMaterial"]!["tlogEntries"]![0]!["logId"]!["keyId"] = Convert.ToBase64String(new byte[32]);
        AssertRefused(Verify(bundle, Options()), "SCSDK3111");
    }

    [Fact]
    public void Altered_integrated_time_breaks_the_signed_entry_timestamp()
    {
        var bundle = MessageBundle();
        var entry = bundle["verificationMaterial"]!["tlogEntries"]![0]!;
        entry["integratedTime"] = (long.Parse(entry["integratedTime"]!.GetValue<string>()) + 60).ToString();
        AssertRefused(Verify(bundle, Options()), "SCSDK3112");
    }

    [Fact]
    public void Proof_for_another_tree_is_refused()
    {
        var bundle = MessageBundle();
        var proof = bundle["verificationMaterial"]!["tlogEntries"]![0]!["inclusionProof"]!;
        proof["rootHash"] = Convert.ToBase64String(_fixture.Log.RootHash(3));
        AssertRefused(Verify(bundle, Options()), "SCSDK3113");

        var resized = MessageBundle();
        var proof2 = resized["verificationMaterial"]!["tlogEntries"]![0]!["inclusionProof"]!;
        proof2["treeSize"] = (long.Parse(proof2["treeSize"]!.GetValue<string>()) + 9).ToString();
        AssertRefused(Verify(resized, Options()), "SCSDK3113");
    }

    [Fact]
    public void Tampered_checkpoint_is_refused()
    {
        var bundle = MessageBundle();
        var checkpoint = bundle["verificationMaterial"]!["tlogEntries"]![0]!["inclusionProof"]!["checkpoint"]!;
        var text = checkpoint["envelope"]!.GetValue<string>();
        checkpoint["envelope"] = text.Replace("rekor.test - 1234567890\n", "rekor.test - 1234567891\n", StringComparison.Ordinal);
        AssertRefused(Verify(bundle, Options()), "SCSDK3114");
    }

    [Fact]
    public void Checkpoint_of_another_tree_size_is_refused_even_when_signed_by_the_log()
    {
        var bundle = MessageBundle();
        var proof = bundle["verificationMaterial"]!["tlogEntries"]![0]!["inclusionProof"]!;
        proof["checkpoint"]!["envelope"] = _fixture.Log.Checkpoint(_fixture.Log.Size - 1);
        AssertRefused(Verify(bundle, Options()), "SCSDK3114");
    }

    [Fact]
    public void Checkpoint_signed_by_another_key_is_refused()
    {
        var bundle = MessageBundle();
        var proof = bundle["verificationMaterial"]!["tlogEntries"]![0]!["inclusionProof"]!;
        using var mallory = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        proof["checkpoint"]!["envelope"] = _fixture.Log.Checkpoint(int.Parse(proof["treeSize"]!.GetValue<string>()), mallory);
        AssertRefused(Verify(bundle, Options()), "SCSDK3114");
    }

    [Fact]
    public void Keyless_bundle_without_any_signing_time_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null });
        AssertRefused(Verify(bundle, Options()), "SCSDK3120");
        AssertRefused(Verify(bundle, OptionsWithoutLogs()), "SCSDK3109");
    }

    [Fact]
    public void Entry_with_proof_but_no_promise_and_no_timestamp_gives_no_signing_time()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = "hashedrekord", IncludePromise = false });
        var outcome = Verify(bundle, Options());
        AssertRefused(outcome, "SCSDK3109");
        Assert.Contains(outcome.Sink.Diagnostics, d => d.Message.Contains("has no verified signing time: it has no transparency-log entry with a verified signed entry timestamp and no verified RFC 3161 timestamp.", StringComparison.Ordinal));
    }

    // ---- SCT ----

    [Fact]
    public void Sct_by_a_log_outside_the_trusted_root_is_refused()
    {
        using var unknown = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        AssertRefused(Verify(MessageBundle(_fixture.IssueLeaf(ctLogKey: unknown)), Options()), "SCSDK3115");
    }

    [Fact]
    public void Sct_with_a_bad_signature_is_refused()
    {
        AssertRefused(Verify(MessageBundle(_fixture.IssueLeaf(tamperSct: true)), Options()), "SCSDK3115");
    }

    [Fact]
    public void Certificate_without_an_sct_is_refused()
    {
        AssertRefused(Verify(MessageBundle(_fixture.IssueLeaf(includeSct: false)), Options()), "SCSDK3115");
    }

    // ---- RFC 3161 ----

    [Fact]
    public void Timestamp_from_an_untrusted_tsa_is_refused()
    {
        var (ca, caKey) = SigstoreTestFixture.CreateUntrustedCa("CN=evil-tsa-root");
        var tsa = SigstoreTestFixture.CreateTsa("CN=evil-tsa", ca, caKey);
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true, Tsa = tsa });
        AssertRefused(Verify(bundle, Options()), "SCSDK3116");
    }

    [Fact]
    public void Timestamp_over_other_data_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true });
        var token = SigstoreTestFixture.Timestamp(new byte[] { 1, 2, 3 }, SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, _fixture.TsaKey);
        bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!["signedTimestamp"] = Convert.ToBase64String(token);
        AssertRefused(Verify(bundle, Options()), "SCSDK3116");
    }

    [Fact]
    public void Timestamp_response_whose_status_is_rejection_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true });
        var signature = Convert.FromBase64String(bundle["messageSignature"]!["signature"]!.GetValue<string>());
        var rejected = SigstoreTestFixture.Timestamp(signature, SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, _fixture.TsaKey, status: 2);
        bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!["signedTimestamp"] = Convert.ToBase64String(rejected);
        AssertRefused(Verify(bundle, Options()), "SCSDK3116");
    }

    [Fact]
    public void Bare_timestamp_token_without_the_response_is_refused_as_the_bundle_format_requires()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true });
        var signature = Convert.FromBase64String(bundle["messageSignature"]!["signature"]!.GetValue<string>());
        var token = SigstoreTestFixture.TimestampToken(signature, SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, _fixture.TsaKey);
        bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!["signedTimestamp"] = Convert.ToBase64String(token);
        var outcome = Verify(bundle, Options());
        AssertRefused(outcome, "SCSDK3116");
        Assert.Contains(outcome.Sink.Diagnostics, d => d.Message.Contains("TimeStampResp", StringComparison.Ordinal));
    }

    // ---- trusted root ----

    [Fact]
    public void Trusted_root_of_unknown_media_type_is_refused()
    {
        var json = _fixture.TrustedRootJson();
        json["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.2";
        var ex = Assert.Throws<SupplyChainException>(() => TrustedRoot.Parse(SigstoreTestFixture.Json(json), "root.json"));
        Assert.Equal("SCSDK3103", ex.Diagnostic.Code);
    }

    [Fact]
    public void Ca_whose_validity_ended_before_the_signing_time_is_not_trusted()
    {
        var json = _fixture.TrustedRootJson();
        json["certificateAuthorities"]![0]!["validFor"]!["end"] = SigstoreTestFixture.SigningTime.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        AssertRefused(Verify(MessageBundle(), OptionsFor(json)), "SCSDK3104");
    }

    // ---- the bundle file ----

    [Fact]
    public void BundleFile_IsReadAndVerified()
    {
        using var dir = new SupplyChain.TestUtilities.TestDirectory("sigstore");
        var path = dir.WriteFile("bundle.sigstore.json", MessageBundle().ToJsonString());
        var sink = new DiagnosticBag();
        Assert.True(SigstoreVerifier.VerifyFile(path, ArtifactDigest(), Options(), sink).IsValid, string.Join(" | ", sink.Diagnostics.Select(d => d.Message)));
    }

    [Fact]
    public void BundleFile_ThatIsMissingOrAFolder_IsNotFound()
    {
        using var dir = new SupplyChain.TestUtilities.TestDirectory("sigstore");
        foreach (var path in new[] { System.IO.Path.Combine(dir.Path, "missing.sigstore.json"), dir.Path })
        {
            var ex = Assert.Throws<SupplyChainException>(() => SigstoreVerifier.VerifyFile(path, ArtifactDigest(), Options(), new DiagnosticBag()));
            Assert.Equal(("SCSDK6002", path), (ex.Diagnostic.Code, ex.Diagnostic.File));
            Assert.Contains("Check the path given to --bundle.", ex.Diagnostic.Message, StringComparison.Ordinal);
        }
    }

    private static string SparseFile(SupplyChain.TestUtilities.TestDirectory dir, long length)
    {
        var path = System.IO.Path.Combine(dir.Path, "sparse.sigstore.json");
        using var stream = System.IO.File.Create(path);
        stream.SetLength(length);
        return path;
    }

    [Fact]
    public void BundleFile_LargerThanTheLimit_IsNotRead()
    {
        // A sparse file one byte over the limit: refused by its size, before a byte is read.
        using var dir = new SupplyChain.TestUtilities.TestDirectory("sigstore");
        var path = SparseFile(dir, AttestationVerifier.MaxFileSize + 1);
        var ex = Assert.Throws<SupplyChainException>(() => SigstoreVerifier.VerifyFile(path, ArtifactDigest(), Options(), new DiagnosticBag()));
        Assert.Equal("SCSDK6001", ex.Diagnostic.Code);
        Assert.Contains("it is too large", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BundleFile_OfExactlyTheLimit_IsRead()
    {
        // The limit itself is allowed: the file is read and refused for what it holds, not for its size.
        using var dir = new SupplyChain.TestUtilities.TestDirectory("sigstore");
        var path = SparseFile(dir, AttestationVerifier.MaxFileSize);

        var sink = new DiagnosticBag();
        Assert.False(SigstoreVerifier.VerifyFile(path, ArtifactDigest(), Options(), sink).IsValid);
        Assert.Equal("SCSDK3100", Assert.Single(sink.Diagnostics).Code);
    }
}
