using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities.Sigstore;
using static SupplyChain.Core.Tests.Attestations.Sigstore.SigstoreTestVerification;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>
/// Bundles that must not verify, each changed in one way from one that does: log entries whose body, kind, key,
/// proof or checkpoint do not match; trusted-root keys used outside their validity; signing times outside the
/// certificate's validity; certificates without code signing or with disagreeing issuer extensions; message digests
/// of other data. Keys and certificates are made at test time by <see cref="SigstoreTestFixture"/>.
/// </summary>
public sealed class SigstoreVerifierAttackTests : IClassFixture<SigstoreTestFixture>
{
    private readonly SigstoreTestFixture _fixture;

    public SigstoreVerifierAttackTests(SigstoreTestFixture fixture) => _fixture = fixture;

    private static string Stamp(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private SigstoreVerificationOptions Options(Action<JsonObject>? changeRoot = null)
    {
        var json = _fixture.TrustedRootJson();
        changeRoot?.Invoke(json);
        return OptionsFor(json);
    }

    private static void AssertRefused((SigstoreVerificationResult Result, DiagnosticBag Sink) outcome, string code, string? reason = null)
    {
        Assert.False(outcome.Result.IsValid);
        var all = string.Join(" | ", outcome.Sink.Diagnostics.Select(d => d.Code + " " + d.Message));
        Assert.True(outcome.Sink.Diagnostics.Any(d => d.Code == code && (reason is null || d.Message.Contains(reason, StringComparison.Ordinal))), $"expected {code} '{reason}', got {all}");
    }

    private static void AssertVerified((SigstoreVerificationResult Result, DiagnosticBag Sink) outcome)
        => Assert.True(outcome.Result.IsValid, string.Join(" | ", outcome.Sink.Diagnostics.Select(d => d.Code + " " + d.Message)));

    private JsonObject MessageBundle(TestSigningCertificate? leaf = null, TestBundleOptions? options = null)
        => _fixture.BuildMessageBundle(Artifact, leaf ?? _fixture.IssueLeaf(), options);

    private JsonObject DsseBundle(TestBundleOptions? options = null)
        => _fixture.BuildDsseBundle(SigstoreTestFixture.Statement("Contoso.Lib.1.0.0.nupkg", SHA256.HashData(Artifact)), _fixture.IssueLeaf(), options ?? new TestBundleOptions { EntryKind = "dsse" });

    private static JsonNode Entry(JsonObject bundle) => bundle["verificationMaterial"]!["tlogEntries"]![0]!;

    private static JsonNode Proof(JsonObject bundle) => Entry(bundle)["inclusionProof"]!;

    private static byte[] MessageSignature(JsonObject bundle) => Convert.FromBase64String(bundle["messageSignature"]!["signature"]!.GetValue<string>());

    private static byte[] DsseSignature(JsonObject bundle) => Convert.FromBase64String(bundle["dsseEnvelope"]!["signatures"]![0]!["sig"]!.GetValue<string>());

    private static byte[] DssePayload(JsonObject bundle) => Convert.FromBase64String(bundle["dsseEnvelope"]!["payload"]!.GetValue<string>());

    private static string CertificatePem(JsonObject bundle)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(bundle["verificationMaterial"]!["certificate"]!["rawBytes"]!.GetValue<string>()));
        return SigstoreTestFixture.PemCertificate(certificate);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(text));

    /// <summary>Logs <paramref name="body"/> in the fixture's log (a real entry: promise, proof, checkpoint) and makes it the bundle's only entry.</summary>
    private void LogEntry(JsonObject bundle, byte[] body, string kind, string version)
        => bundle["verificationMaterial"]!["tlogEntries"] = new JsonArray(NewEntry(body, kind, version));

    /// <summary>Logs <paramref name="body"/> in the fixture's log and returns the entry (a real one: promise, proof, checkpoint).</summary>
    private JsonObject NewEntry(byte[] body, string kind, string version)
    {
        var log = _fixture.Log;
        var index = log.Append(body);
        log.Append(Encoding.UTF8.GetBytes("{\"after\":" + index + "}"));
        var size = log.Size;
        var integrated = SigstoreTestFixture.SigningTime.ToUnixTimeSeconds();
        var entry = new JsonObject
        {
            ["logIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(log.LogId) },
            ["kindVersion"] = new JsonObject { ["kind"] = kind, ["version"] = version },
            ["integratedTime"] = integrated.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["inclusionPromise"] = new JsonObject { ["signedEntryTimestamp"] = Convert.ToBase64String(log.SignEntryTimestamp(body, integrated, index)) },
            ["inclusionProof"] = new JsonObject
            {
                ["logIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["rootHash"] = Convert.ToBase64String(log.RootHash(size)),
                ["treeSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["hashes"] = new JsonArray(log.InclusionProof((int)index, size).Select(h => (JsonNode)Convert.ToBase64String(h)).ToArray()),
                ["checkpoint"] = new JsonObject { ["envelope"] = log.Checkpoint(size) },
            },
            ["canonicalizedBody"] = Convert.ToBase64String(body),
        };
        return entry;
    }

    private static byte[] DsseBody(string payloadHashAlgorithm, string payloadHash, params (byte[] Signature, string Pem)[] signatures) => SigstoreTestFixture.Json(new JsonObject
    {
        ["apiVersion"] = "0.0.1",
        ["kind"] = "dsse",
        ["spec"] = new JsonObject
        {
            ["payloadHash"] = new JsonObject { ["algorithm"] = payloadHashAlgorithm, ["value"] = payloadHash },
            ["signatures"] = new JsonArray(signatures.Select(s => (JsonNode)new JsonObject { ["signature"] = Convert.ToBase64String(s.Signature), ["verifier"] = Base64(s.Pem) }).ToArray()),
        },
    });

    private static byte[] IntotoBody(string payloadHash, params (byte[] Signature, string Pem)[] signatures) => SigstoreTestFixture.Json(new JsonObject
    {
        ["apiVersion"] = "0.0.2",
        ["kind"] = "intoto",
        ["spec"] = new JsonObject
        {
            ["content"] = new JsonObject
            {
                ["envelope"] = new JsonObject
                {
                    ["payloadType"] = "application/vnd.in-toto+json",
                    ["signatures"] = new JsonArray(signatures.Select(s => (JsonNode)new JsonObject { ["publicKey"] = Base64(s.Pem), ["sig"] = Base64(Convert.ToBase64String(s.Signature)) }).ToArray()),
                },
                ["payloadHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = payloadHash },
            },
        },
    });

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    // ---- the log entry's body must record exactly this signature, by this certificate, over this artifact ----

    [Fact]
    public void Hand_logged_entry_of_the_bundles_own_signature_verifies()
    {
        // The control for the body tests below: LogEntry itself makes acceptable entries.
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null });
        LogEntry(bundle, SigstoreTestFixture.HashedRekordBody(SHA256.HashData(Artifact), MessageSignature(bundle), CertificatePem(bundle)), "hashedrekord", "0.0.1");
        AssertVerified(Verify(bundle, Options()));

        var dsse = DsseBundle(new TestBundleOptions { EntryKind = null });
        LogEntry(dsse, DsseBody("sha256", Hex(SHA256.HashData(DssePayload(dsse))), (DsseSignature(dsse), CertificatePem(dsse))), "dsse", "0.0.1");
        AssertVerified(Verify(dsse, Options()));

        var intoto = DsseBundle(new TestBundleOptions { EntryKind = null });
        LogEntry(intoto, IntotoBody(Hex(SHA256.HashData(DssePayload(intoto))), (DsseSignature(intoto), CertificatePem(intoto))), "intoto", "0.0.2");
        AssertVerified(Verify(intoto, Options()));
    }

    [Fact]
    public void Hashedrekord_entry_recording_another_certificate_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null });
        var other = _fixture.IssueLeaf();
        LogEntry(bundle, SigstoreTestFixture.HashedRekordBody(SHA256.HashData(Artifact), MessageSignature(bundle), SigstoreTestFixture.PemCertificate(other.Certificate)), "hashedrekord", "0.0.1");
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", "another certificate or key");
    }

    [Fact]
    public void Hashedrekord_entry_recording_another_signature_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null });
        var signature = MessageSignature(bundle);
        signature[^1] ^= 1;
        LogEntry(bundle, SigstoreTestFixture.HashedRekordBody(SHA256.HashData(Artifact), signature, CertificatePem(bundle)), "hashedrekord", "0.0.1");
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", "another signature");
    }

    [Fact]
    public void Hashedrekord_entry_whose_digest_algorithm_is_not_sha256_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null });
        var body = JsonNode.Parse(SigstoreTestFixture.HashedRekordBody(SHA256.HashData(Artifact), MessageSignature(bundle), CertificatePem(bundle)))!;
        body["spec"]!["data"]!["hash"]!["algorithm"] = "sha512";
        LogEntry(bundle, SigstoreTestFixture.Json(body), "hashedrekord", "0.0.1");
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", "records the artifact digest");
    }

    [Fact]
    public void Entry_recording_the_signing_key_instead_of_the_certificate_is_refused_for_a_keyless_bundle()
    {
        var leaf = _fixture.IssueLeaf();
        var bundle = MessageBundle(leaf, new TestBundleOptions { EntryKind = null });
        var keyPem = PemEncoding.WriteString("PUBLIC KEY", leaf.Certificate.PublicKey.ExportSubjectPublicKeyInfo()) + "\n";
        LogEntry(bundle, SigstoreTestFixture.HashedRekordBody(SHA256.HashData(Artifact), MessageSignature(bundle), keyPem), "hashedrekord", "0.0.1");
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", "another certificate or key");
    }

    [Theory]
    [InlineData("EC PUBLIC KEY")]
    [InlineData("not pem")]
    public void Entry_recording_a_verifier_that_is_not_a_certificate_is_refused(string label)
    {
        var leaf = _fixture.IssueLeaf();
        var bundle = MessageBundle(leaf, new TestBundleOptions { EntryKind = null });
        var pem = label == "not pem" ? "MIIB" : PemEncoding.WriteString(label, leaf.Certificate.RawData) + "\n";
        LogEntry(bundle, SigstoreTestFixture.HashedRekordBody(SHA256.HashData(Artifact), MessageSignature(bundle), pem), "hashedrekord", "0.0.1");
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", "another certificate or key");
    }

    [Fact]
    public void Entry_whose_kind_differs_from_its_body_is_refused()
    {
        var bundle = MessageBundle();
        Entry(bundle)["kindVersion"]!["version"] = "0.0.2";
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", "its body is of kind");

        var renamed = MessageBundle();
        Entry(renamed)["kindVersion"]!["kind"] = "rekord";
        AssertRefused(Verify(renamed, Options()), "SCSDK3110", "its body is of kind");
    }

    [Fact]
    public void Entry_of_a_kind_the_verifier_does_not_check_is_refused_as_unsupported()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null });
        LogEntry(bundle, SigstoreTestFixture.Json(new JsonObject { ["apiVersion"] = "0.0.1", ["kind"] = "rekord", ["spec"] = new JsonObject() }), "rekord", "0.0.1");
        AssertRefused(Verify(bundle, Options()), "SCSDK3111", "is not verified");

        var newer = MessageBundle(options: new TestBundleOptions { EntryKind = null });
        var body = JsonNode.Parse(SigstoreTestFixture.HashedRekordBody(SHA256.HashData(Artifact), MessageSignature(newer), CertificatePem(newer)))!;
        body["apiVersion"] = "0.0.2";
        LogEntry(newer, SigstoreTestFixture.Json(body), "hashedrekord", "0.0.2");
        AssertRefused(Verify(newer, Options()), "SCSDK3111", "is not verified");
    }

    [Fact]
    public void Hashedrekord_entry_for_a_dsse_bundle_is_refused()
    {
        var bundle = DsseBundle(new TestBundleOptions { EntryKind = null });
        LogEntry(bundle, SigstoreTestFixture.HashedRekordBody(SHA256.HashData(Artifact), DsseSignature(bundle), CertificatePem(bundle)), "hashedrekord", "0.0.1");
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", "records a message signature");
    }

    [Fact]
    public void Dsse_and_intoto_entries_for_a_message_signature_bundle_are_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null });
        LogEntry(bundle, DsseBody("sha256", Hex(SHA256.HashData(Artifact)), (MessageSignature(bundle), CertificatePem(bundle))), "dsse", "0.0.1");
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", "records a DSSE envelope");

        var intoto = MessageBundle(options: new TestBundleOptions { EntryKind = null });
        LogEntry(intoto, IntotoBody(Hex(SHA256.HashData(Artifact)), (MessageSignature(intoto), CertificatePem(intoto))), "intoto", "0.0.2");
        AssertRefused(Verify(intoto, Options()), "SCSDK3110", "records a DSSE envelope");
    }

    [Theory]
    [InlineData("dsse", "sha256", false)]
    [InlineData("dsse", "sha512", true)]
    [InlineData("intoto", "sha256", false)]
    public void Dsse_entry_recording_the_hash_of_another_payload_is_refused(string kind, string algorithm, bool rightHash)
    {
        var bundle = DsseBundle(new TestBundleOptions { EntryKind = null });
        var hash = rightHash ? Hex(SHA256.HashData(DssePayload(bundle))) : Hex(SHA256.HashData(Encoding.UTF8.GetBytes("{}")));
        var signer = (DsseSignature(bundle), CertificatePem(bundle));
        LogEntry(bundle, kind == "dsse" ? DsseBody(algorithm, hash, signer) : IntotoBody(hash, signer), kind, kind == "dsse" ? "0.0.1" : "0.0.2");
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", "the hash of another payload");
    }

    [Theory]
    [InlineData("dsse")]
    [InlineData("intoto")]
    public void Dsse_entry_recording_two_signatures_is_refused(string kind)
    {
        var bundle = DsseBundle(new TestBundleOptions { EntryKind = null });
        var signer = (DsseSignature(bundle), CertificatePem(bundle));
        var hash = Hex(SHA256.HashData(DssePayload(bundle)));
        LogEntry(bundle, kind == "dsse" ? DsseBody("sha256", hash, signer, signer) : IntotoBody(hash, signer, signer), kind, kind == "dsse" ? "0.0.1" : "0.0.2");
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", "records 2 signatures");
    }

    [Theory]
    [InlineData("dsse", false)]
    [InlineData("dsse", true)]
    [InlineData("intoto", false)]
    [InlineData("intoto", true)]
    public void Dsse_entry_recording_another_signature_or_certificate_is_refused(string kind, bool otherCertificate)
    {
        var bundle = DsseBundle(new TestBundleOptions { EntryKind = null });
        var signature = DsseSignature(bundle);
        var pem = CertificatePem(bundle);
        if (otherCertificate)
        {
            pem = SigstoreTestFixture.PemCertificate(_fixture.IssueLeaf().Certificate);
        }
        else
        {
            signature[^1] ^= 1;
        }

        var hash = Hex(SHA256.HashData(DssePayload(bundle)));
        LogEntry(bundle, kind == "dsse" ? DsseBody("sha256", hash, (signature, pem)) : IntotoBody(hash, (signature, pem)), kind, kind == "dsse" ? "0.0.1" : "0.0.2");
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", otherCertificate ? "another certificate or key" : "another signature");
    }

    // ---- inclusion proof and checkpoint ----

    [Fact]
    public void Inclusion_proof_claiming_another_index_is_refused()
    {
        var bundle = MessageBundle();
        var proof = Proof(bundle);
        proof["logIndex"] = (long.Parse(proof["logIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        AssertRefused(Verify(bundle, Options()), "SCSDK3113");
    }

    [Fact]
    public void Inclusion_proof_with_its_siblings_reordered_is_refused()
    {
        var bundle = MessageBundle();
        var hashes = Proof(bundle)["hashes"]!.AsArray();
        Assert.True(hashes.Count >= 2);
        var reversed = hashes.Select(h => h!.GetValue<string>()).Reverse().Select(h => (JsonNode)h).ToArray();
        Proof(bundle)["hashes"] = new JsonArray(reversed);
        AssertRefused(Verify(bundle, Options()), "SCSDK3113");
    }

    [Fact]
    public void Checkpoint_of_the_same_size_with_another_root_is_refused_even_when_signed_by_the_log()
    {
        var bundle = MessageBundle();
        var size = int.Parse(Proof(bundle)["treeSize"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Proof(bundle)["checkpoint"]!["envelope"] = _fixture.Log.Checkpoint(size, rootOverride: SHA256.HashData(Encoding.UTF8.GetBytes("another tree")));
        AssertRefused(Verify(bundle, Options()), "SCSDK3114", "another root");
    }

    [Fact]
    public void Checkpoint_signed_by_the_log_key_under_another_key_hint_is_refused()
    {
        var bundle = MessageBundle();
        var text = Proof(bundle)["checkpoint"]!["envelope"]!.GetValue<string>();
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var line = text[(split + 2)..^1];
        var space = line.LastIndexOf(' ');
        var blob = Convert.FromBase64String(line[(space + 1)..]);
        blob[0] ^= 0xFF;
        Proof(bundle)["checkpoint"]!["envelope"] = text[..(split + 2)] + line[..(space + 1)] + Convert.ToBase64String(blob) + "\n";
        AssertRefused(Verify(bundle, Options()), "SCSDK3114", "no signature line verifies");
    }

    [Fact]
    public void Checkpoint_that_cannot_be_read_is_refused()
    {
        var bundle = MessageBundle();
        Proof(bundle)["checkpoint"]!["envelope"] = "not a signed note";
        AssertRefused(Verify(bundle, Options()), "SCSDK3114", "no blank line");
    }

    // ---- trusted-root keys are used only inside their validity ----

    [Fact]
    public void Log_key_whose_validity_ended_before_the_integrated_time_is_refused()
    {
        var options = Options(root => root["tlogs"]![0]!["publicKey"]!["validFor"]!["end"] = Stamp(SigstoreTestFixture.SigningTime.AddSeconds(-1)));
        AssertRefused(Verify(MessageBundle(), options), "SCSDK3112", "outside the log key's validity");
    }

    [Fact]
    public void Log_key_whose_validity_starts_after_the_integrated_time_is_refused()
    {
        var options = Options(root => root["tlogs"]![0]!["publicKey"]!["validFor"]!["start"] = Stamp(SigstoreTestFixture.SigningTime.AddSeconds(1)));
        AssertRefused(Verify(MessageBundle(), options), "SCSDK3112", "outside the log key's validity");
    }

    [Fact]
    public void Log_key_valid_exactly_from_and_until_the_integrated_time_is_used()
    {
        var options = Options(root =>
        {
            root["tlogs"]![0]!["publicKey"]!["validFor"]!["start"] = Stamp(SigstoreTestFixture.SigningTime);
            root["tlogs"]![0]!["publicKey"]!["validFor"]!["end"] = Stamp(SigstoreTestFixture.SigningTime);
        });
        AssertVerified(Verify(MessageBundle(), options));
    }

    [Fact]
    public void Sct_outside_its_ct_log_keys_validity_is_refused()
    {
        // The fixture's SCT is of the certificate's notBefore plus one second (a minute before the signing time).
        var options = Options(root => root["ctlogs"]![0]!["publicKey"]!["validFor"]!["end"] = Stamp(SigstoreTestFixture.SigningTime.AddMinutes(-2)));
        AssertRefused(Verify(MessageBundle(), options), "SCSDK3115", "outside its log key's validity");
    }

    [Fact]
    public void Ca_whose_validity_starts_after_the_signing_time_is_not_trusted()
    {
        var options = Options(root => root["certificateAuthorities"]![0]!["validFor"]!["start"] = Stamp(SigstoreTestFixture.SigningTime.AddSeconds(1)));
        AssertRefused(Verify(MessageBundle(), options), "SCSDK3104", "is not valid then");
    }

    [Fact]
    public void Tsa_whose_validity_starts_after_the_timestamp_is_not_trusted()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true });
        var options = Options(root =>
        {
            root["tlogs"] = new JsonArray();
            root["timestampAuthorities"]![0]!["validFor"]!["start"] = Stamp(SigstoreTestFixture.SigningTime.AddSeconds(1));
        });
        AssertRefused(Verify(bundle, options), "SCSDK3116", "does not chain to a timestamp authority");
    }

    [Fact]
    public void Timestamp_signed_by_the_tsa_root_itself_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true, Tsa = (_fixture.TsaRoot, _fixture.TsaRootKey) });
        var options = Options(root => root["tlogs"] = new JsonArray());
        AssertRefused(Verify(bundle, options), "SCSDK3116", "does not chain to a timestamp authority");
    }

    [Fact]
    public void Timestamp_granted_with_modifications_is_accepted()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true });
        var token = SigstoreTestFixture.Timestamp(MessageSignature(bundle), SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, _fixture.TsaKey, status: 1);
        bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!["signedTimestamp"] = Convert.ToBase64String(token);
        AssertVerified(Verify(bundle, Options(root => root["tlogs"] = new JsonArray())));
    }

    // ---- every signing time must be inside the certificate's validity; the earliest is reported ----

    [Fact]
    public void Timestamp_after_the_certificate_expired_is_refused_even_when_the_log_time_is_inside()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = "hashedrekord", IncludeTimestamp = true });
        var late = SigstoreTestFixture.Timestamp(MessageSignature(bundle), SigstoreTestFixture.SigningTime.AddHours(1), _fixture.TsaCertificate, _fixture.TsaKey);
        bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!["signedTimestamp"] = Convert.ToBase64String(late);
        AssertRefused(Verify(bundle, Options()), "SCSDK3104", "rfc3161");
    }

    [Fact]
    public void Earliest_of_the_log_time_and_the_timestamp_is_the_reported_signing_time()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = "hashedrekord", IncludeTimestamp = true });
        var earlier = SigstoreTestFixture.SigningTime.AddSeconds(-30);
        var token = SigstoreTestFixture.Timestamp(MessageSignature(bundle), earlier, _fixture.TsaCertificate, _fixture.TsaKey);
        bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!["signedTimestamp"] = Convert.ToBase64String(token);
        var outcome = Verify(bundle, Options());
        AssertVerified(outcome);
        Assert.Equal(earlier, outcome.Result.SigningTime);
        Assert.Equal("rfc3161", outcome.Result.SigningTimeSource);
        Assert.NotNull(outcome.Result.LogIndex);

        var later = MessageBundle(options: new TestBundleOptions { EntryKind = "hashedrekord", IncludeTimestamp = true });
        var laterToken = SigstoreTestFixture.Timestamp(MessageSignature(later), SigstoreTestFixture.SigningTime.AddSeconds(30), _fixture.TsaCertificate, _fixture.TsaKey);
        later["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!["signedTimestamp"] = Convert.ToBase64String(laterToken);
        var second = Verify(later, Options());
        AssertVerified(second);
        Assert.Equal(SigstoreTestFixture.SigningTime, second.Result.SigningTime);
        Assert.StartsWith("rekor:", second.Result.SigningTimeSource, StringComparison.Ordinal);
    }

    // ---- the certificate ----

    [Fact]
    public void Certificate_without_the_code_signing_usage_is_refused()
    {
        AssertRefused(Verify(MessageBundle(_fixture.IssueLeaf(codeSigningUsage: false)), Options()), "SCSDK3104", "(2026-03-01T12:00:00.0000000+00:00): the certificate is not for code signing (no code-signing extended key usage).");
    }

    [Fact]
    public void Certificate_whose_two_issuer_extensions_disagree_is_refused()
    {
        var leaf = _fixture.IssueLeaf(issuer: SigstoreTestFixture.GitHubIssuer, legacyIssuer: "https://issuer.mallory.test");
        var outcome = Verify(MessageBundle(leaf), Options());
        AssertRefused(outcome, "SCSDK3100", "the issuer extensions disagree");
    }

    [Fact]
    public void Issuer_is_compared_case_sensitively()
    {
        var leaf = _fixture.IssueLeaf(issuer: SigstoreTestFixture.GitHubIssuer.ToUpperInvariant());
        AssertRefused(Verify(MessageBundle(leaf), Options()), "SCSDK3106");
    }

    [Fact]
    public void Verified_result_names_the_matching_identity_and_the_certificates_issuer()
    {
        var outcome = Verify(MessageBundle(), Options());
        AssertVerified(outcome);
        Assert.Equal(SigstoreTestFixture.WorkflowIdentity, outcome.Result.SignerIdentity);
        Assert.Equal(SigstoreTestFixture.GitHubIssuer, outcome.Result.SignerIssuer);
        Assert.Null(outcome.Result.KeyId);
    }

    // ---- the message digest ----

    [Fact]
    public void Message_digest_of_other_data_is_refused_even_when_the_signature_is_over_the_artifact()
    {
        var bundle = MessageBundle();
        bundle["messageSignature"]!["messageDigest"]!["digest"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("other")));
        AssertRefused(Verify(bundle, Options()), "SCSDK3108", "the bundle's message digest");
    }

    [Fact]
    public void Message_digest_algorithm_other_than_sha256_is_refused()
    {
        var bundle = MessageBundle();
        bundle["messageSignature"]!["messageDigest"]!["algorithm"] = "SHA2_384";
        AssertRefused(Verify(bundle, Options()), "SCSDK3108", "is not SHA2_256");
    }

    [Fact]
    public void Message_signature_without_a_digest_is_verified_against_the_artifact()
    {
        var bundle = MessageBundle();
        bundle["messageSignature"]!.AsObject().Remove("messageDigest");
        AssertVerified(Verify(bundle, Options()));
    }

    // ---- the DSSE envelope and its statement ----

    [Fact]
    public void Dsse_envelope_signed_over_another_payload_type_is_refused()
    {
        // Validly signed and logged, but the payload is not declared an in-toto statement.
        var leaf = _fixture.IssueLeaf();
        var statement = SigstoreTestFixture.Statement("Contoso.Lib.1.0.0.nupkg", SHA256.HashData(Artifact));
        var bundle = _fixture.BuildDsseBundle(statement, leaf, new TestBundleOptions { EntryKind = null });
        const string otherType = "application/json";
        var signature = leaf.Key.SignData(SigstoreTestFixture.Pae(otherType, statement), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        bundle["dsseEnvelope"]!["payloadType"] = otherType;
        bundle["dsseEnvelope"]!["signatures"]![0]!["sig"] = Convert.ToBase64String(signature);
        LogEntry(bundle, DsseBody("sha256", Hex(SHA256.HashData(statement)), (signature, CertificatePem(bundle))), "dsse", "0.0.1");
        AssertRefused(Verify(bundle, Options()), "SCSDK3107", "the DSSE payload type is 'application/json'");
    }

    [Fact]
    public void Statement_of_a_predicate_type_not_asked_for_is_refused()
    {
        var json = _fixture.TrustedRootJson();
        var options = new SigstoreVerificationOptions
        {
            TrustedRoot = TrustedRoot.Parse(SigstoreTestFixture.Json(json), "trusted_root.json"),
            Identity = Identity,
            PredicateTypes = new[] { "https://example.test/other-predicate/v1", "https://example.test/third-predicate/v1" },
        };
        AssertRefused(Verify(DsseBundle(), options), "SCSDK3119", "the predicate type 'https://slsa.dev/provenance/v1' is not one of 'https://example.test/other-predicate/v1', 'https://example.test/third-predicate/v1'.");

        var accepted = new SigstoreVerificationOptions { TrustedRoot = options.TrustedRoot, Identity = Identity, PredicateTypes = new[] { "https://slsa.dev/provenance/v1" } };
        AssertVerified(Verify(DsseBundle(), accepted));
    }

    [Fact]
    public void Trusted_root_without_any_certificate_authority_trusts_no_certificate()
    {
        AssertRefused(Verify(MessageBundle(), Options(root => root["certificateAuthorities"] = new JsonArray())), "SCSDK3104", "has no certificate authority");
    }

    [Fact]
    public void Missing_bundle_file_is_reported_not_thrown_as_a_stack_trace()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sig-" + Guid.NewGuid().ToString("N") + ".sigstore.json");
        var ex = Assert.Throws<SupplyChainException>(() => SigstoreVerifier.VerifyFile(path, SigstoreArtifact.FromSha256(SHA256.HashData(Artifact), "a.nupkg"), Options(), new DiagnosticBag()));
        Assert.Equal("SCSDK6002", ex.Diagnostic.Code);
    }

    [Fact]
    public void Dsse_payload_that_is_not_an_in_toto_statement_is_refused()
    {
        var bundle = _fixture.BuildDsseBundle(Encoding.UTF8.GetBytes("{\"_type\":\"https://example.test/not-a-statement\"}"), _fixture.IssueLeaf());
        AssertRefused(Verify(bundle, Options()), "SCSDK3119");
    }

    [Fact]
    public void Log_entry_whose_body_is_not_a_json_object_is_refused()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null });
        LogEntry(bundle, Encoding.UTF8.GetBytes("[]"), "hashedrekord", "0.0.1");
        AssertRefused(Verify(bundle, Options()), "SCSDK3110", "not a JSON object");
    }

    // ---- key-based bundles ----

    [Fact]
    public void Key_based_bundle_without_any_trusted_key_is_refused()
    {
        using var key = SupplyChain.Core.Crypto.KeyGenerator.Generate();
        var statement = new SupplyChain.Core.Attestations.InTotoStatement(new[] { new SupplyChain.Core.Attestations.ResourceDescriptor("a.nupkg", new[] { new System.Collections.Generic.KeyValuePair<string, string>("sha256", Hex(SHA256.HashData(Artifact))) }) }, SupplyChain.Core.Attestations.PredicateTypes.SlsaProvenanceV1, new JsonObject());
        var bytes = SupplyChain.Core.Attestations.SigstoreBundle.ToJsonBytes(statement.Sign(key));
        var sink = new DiagnosticBag();
        Assert.False(SigstoreVerifier.Verify(bytes, "b.sigstore.json", SigstoreArtifact.FromSha256(SHA256.HashData(Artifact), "a.nupkg"), new SigstoreVerificationOptions(), sink).IsValid);
        Assert.Contains(sink.Diagnostics, d => d.Code == "SCSDK3117");
    }

    private static JsonObject KeyMessageBundle(SupplyChain.Core.Crypto.SigningKey key, byte[] signature) => new()
    {
        ["mediaType"] = SigstoreBundleDocument.MediaTypeV03,
        ["verificationMaterial"] = new JsonObject { ["publicKey"] = new JsonObject { ["hint"] = key.KeyId }, ["tlogEntries"] = new JsonArray() },
        ["messageSignature"] = new JsonObject { ["signature"] = Convert.ToBase64String(signature) },
    };

    private static (SigstoreVerificationResult Result, DiagnosticBag Sink) VerifyWithKey(JsonObject bundle, SupplyChain.Core.Crypto.SigningKey key, SigstoreArtifact artifact)
    {
        var sink = new DiagnosticBag();
        var result = SigstoreVerifier.Verify(Encoding.UTF8.GetBytes(bundle.ToJsonString()), "b.sigstore.json", artifact, new SigstoreVerificationOptions { TrustedKeys = new[] { key.PublicKey } }, sink);
        return (result, sink);
    }

    [Fact]
    public void Key_based_ed25519_message_signature_is_checked_over_the_artifact_files_bytes()
    {
        using var key = SupplyChain.Core.Crypto.KeyGenerator.Generate(SupplyChain.Core.Crypto.KeyAlgorithm.Ed25519);
        using var dir = new SupplyChain.TestUtilities.TestDirectory();
        var path = System.IO.Path.Combine(dir.Path, "a.nupkg");
        System.IO.File.WriteAllBytes(path, Artifact);
        var other = System.IO.Path.Combine(dir.Path, "b.nupkg");
        System.IO.File.WriteAllBytes(other, Encoding.UTF8.GetBytes("another package"));
        var bundle = KeyMessageBundle(key, key.Sign(Artifact));

        var outcome = VerifyWithKey(bundle, key, SigstoreArtifact.FromFile(path));
        AssertVerified(outcome);
        Assert.Equal(key.KeyId, outcome.Result.KeyId);
        AssertRefused(VerifyWithKey(bundle, key, SigstoreArtifact.FromFile(other)), "SCSDK3118");
        AssertRefused(VerifyWithKey(bundle, key, SigstoreArtifact.FromSha256(SHA256.HashData(Artifact), "a.nupkg")), "SCSDK3118");
    }

    [Fact]
    public void Key_based_ecdsa_message_signature_is_checked_over_the_artifact_digest()
    {
        using var key = SupplyChain.Core.Crypto.KeyGenerator.Generate(SupplyChain.Core.Crypto.KeyAlgorithm.EcdsaP256);
        var bundle = KeyMessageBundle(key, key.Sign(Artifact));
        AssertVerified(VerifyWithKey(bundle, key, SigstoreArtifact.FromSha256(SHA256.HashData(Artifact), "a.nupkg")));
        AssertRefused(VerifyWithKey(bundle, key, SigstoreArtifact.FromSha256(SHA256.HashData(Encoding.UTF8.GetBytes("another package")), "a.nupkg")), "SCSDK3118");
    }

    [Fact]
    public void Key_based_bundle_with_log_entries_and_no_trusted_root_verifies_with_a_warning_that_the_log_was_not_checked()
    {
        using var key = SupplyChain.Core.Crypto.KeyGenerator.Generate(SupplyChain.Core.Crypto.KeyAlgorithm.EcdsaP256);
        var bundle = KeyMessageBundle(key, key.Sign(Artifact));
        bundle["verificationMaterial"]!["tlogEntries"] = new JsonArray(Entry(MessageBundle()).DeepClone());
        var outcome = VerifyWithKey(bundle, key, SigstoreArtifact.FromSha256(SHA256.HashData(Artifact), "a.nupkg"));
        AssertVerified(outcome);
        Assert.Contains(outcome.Sink.Diagnostics, d => d.Code == "SCSDK3600");
    }

    // ---- a failed log entry is not made up for by another signing time ----

    [Theory]
    [InlineData("unknown log", "SCSDK3111", "is not a transparency log of the trusted root")]
    [InlineData("other kind", "SCSDK3110", "its body is of kind 'hashedrekord' 0.0.1, the entry says 'hashedrekord' 0.0.2")]
    [InlineData("log key expired", "SCSDK3112", "is outside the log key's validity")]
    [InlineData("altered promise", "SCSDK3112", "does not verify with the log's key: the signature does not verify.")]
    public void Bad_log_entry_is_refused_even_when_a_valid_timestamp_gives_the_signing_time(string change, string code, string reason)
    {
        // The verified RFC 3161 timestamp must not let an entry that failed pass unnoticed: the entry is the audit record.
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = "hashedrekord", IncludeTimestamp = true });
        var options = Options();
        switch (change)
        {
            case "unknown log":
                Entry(bundle)["logId"]!["keyId"] = Convert.ToBase64String(new byte[32]);
                break;
            case "other kind":
                Entry(bundle)["kindVersion"]!["version"] = "0.0.2";
                break;
            case "log key expired":
                options = Options(root => root["tlogs"]![0]!["publicKey"]!["validFor"]!["end"] = Stamp(SigstoreTestFixture.SigningTime.AddSeconds(-1)));
                break;
            default:
                Entry(bundle)["integratedTime"] = (SigstoreTestFixture.SigningTime.ToUnixTimeSeconds() + 60).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
        }

        var outcome = Verify(bundle, options);
        Assert.False(outcome.Result.IsValid);
        var diagnostic = Assert.Single(outcome.Sink.Diagnostics);
        Assert.Equal(code, diagnostic.Code);
        Assert.Contains(reason, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_with_two_log_entries_reports_the_first_entrys_index_and_time()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null });
        var body = SigstoreTestFixture.HashedRekordBody(SHA256.HashData(Artifact), MessageSignature(bundle), CertificatePem(bundle));
        var first = NewEntry(body, "hashedrekord", "0.0.1");
        var second = NewEntry(body, "hashedrekord", "0.0.1");
        bundle["verificationMaterial"]!["tlogEntries"] = new JsonArray(first, second);
        var outcome = Verify(bundle, Options());
        AssertVerified(outcome);
        var firstIndex = first["logIndex"]!.GetValue<string>();
        Assert.NotEqual(firstIndex, second["logIndex"]!.GetValue<string>());
        Assert.Equal(long.Parse(firstIndex, System.Globalization.CultureInfo.InvariantCulture), outcome.Result.LogIndex);
        Assert.Equal("rekor:" + firstIndex, outcome.Result.SigningTimeSource);
    }

    [Fact]
    public void Inclusion_proof_failure_says_why_it_does_not_verify()
    {
        var bundle = MessageBundle();
        Proof(bundle)["rootHash"] = Convert.ToBase64String(_fixture.Log.RootHash(3));
        AssertRefused(Verify(bundle, Options()), "SCSDK3113", "does not verify: the audit path does not lead to the root hash.");

        var longer = MessageBundle();
        Proof(longer)["hashes"]!.AsArray().Add(Convert.ToBase64String(new byte[32]));
        AssertRefused(Verify(longer, Options()), "SCSDK3113", "does not verify: the proof has more hashes than the tree is deep.");
    }

    [Fact]
    public void Invalid_timestamp_is_named_by_its_position_counting_from_one()
    {
        var bundle = MessageBundle(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true });
        var token = SigstoreTestFixture.Timestamp(new byte[] { 1, 2, 3 }, SigstoreTestFixture.SigningTime, _fixture.TsaCertificate, _fixture.TsaKey);
        bundle["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!["signedTimestamp"] = Convert.ToBase64String(token);
        AssertRefused(Verify(bundle, Options(root => root["tlogs"] = new JsonArray())), "SCSDK3116", "The RFC 3161 timestamp #1 of 'bundle.sigstore.json'");
    }

    [Fact]
    public void Intoto_entry_whose_signature_is_not_base64_is_a_malformed_bundle()
    {
        var bundle = DsseBundle(new TestBundleOptions { EntryKind = null });
        var body = JsonNode.Parse(IntotoBody(Hex(SHA256.HashData(DssePayload(bundle))), (DsseSignature(bundle), CertificatePem(bundle))))!;
        body["spec"]!["content"]!["envelope"]!["signatures"]![0]!["sig"] = Base64("not base64!");
        LogEntry(bundle, SigstoreTestFixture.Json(body), "intoto", "0.0.2");
        AssertRefused(Verify(bundle, Options()), "SCSDK3100", "cannot be read: a value cannot be decoded: 'sig' is not base64");
    }

    // ---- the certificate chain ----

    [Fact]
    public void Certificate_chain_failure_names_each_authority_and_why_it_refused()
    {
        var (ca, key) = SigstoreTestFixture.CreateUntrustedCa("CN=evil-ca");
        var leaf = _fixture.IssueLeaf(issuerCertificate: ca, issuerKey: key);
        var options = Options(root =>
        {
            var later = root["certificateAuthorities"]![0]!.DeepClone();
            later["validFor"]!["start"] = Stamp(SigstoreTestFixture.SigningTime.AddDays(1));
            root["certificateAuthorities"]!.AsArray().Add(later);
        });
        var outcome = Verify(MessageBundle(leaf), options);
        var subject = _fixture.Root.Subject;
        AssertRefused(outcome, "SCSDK3104", $"'{subject}': PartialChain; '{subject}' is not valid then.");
    }

    [Fact]
    public void Certificate_chain_failure_lists_every_reason_the_chain_was_refused()
    {
        // A leaf of an unknown CA that had also expired at the signing time: both faults are named, not merged.
        var (ca, key) = SigstoreTestFixture.CreateUntrustedCa("CN=evil-ca");
        var leaf = _fixture.IssueLeaf(issuerCertificate: ca, issuerKey: key, notBefore: SigstoreTestFixture.SigningTime.AddHours(-2));
        var outcome = Verify(MessageBundle(leaf), Options());
        AssertRefused(outcome, "SCSDK3104");
        var message = outcome.Sink.Diagnostics.Single(d => d.Code == "SCSDK3104").Message;
        Assert.Matches($"'{System.Text.RegularExpressions.Regex.Escape(_fixture.Root.Subject)}': (NotTimeValid, PartialChain|PartialChain, NotTimeValid)\\.", message);
    }

    [Fact]
    public void Intermediate_ca_restricted_to_another_usage_cannot_vouch_for_a_code_signing_certificate()
    {
        // An intermediate of the trusted root whose extended key usage is TLS servers only: its leaves are not for code signing.
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest("CN=tls-only-intermediate,O=test", intermediateKey, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, critical: false));
        using var intermediate = request.Create(_fixture.Root.SubjectName, X509SignatureGenerator.CreateForECDsa(_fixture.RootKey), SigstoreTestFixture.SigningTime.AddYears(-1), SigstoreTestFixture.SigningTime.AddYears(1), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        var leaf = _fixture.IssueLeaf(issuerCertificate: intermediate, issuerKey: intermediateKey);
        var options = Options(root => root["certificateAuthorities"]![0]!["certChain"]!["certificates"]![0]!["rawBytes"] = Convert.ToBase64String(intermediate.RawData));
        AssertRefused(Verify(MessageBundle(leaf), options), "SCSDK3104", "NotValidForUsage");
    }

    [Fact]
    public void Authority_root_used_as_its_own_signing_certificate_is_refused()
    {
        // A chain of the root alone has no issuing CA: the root's key must not sign artifacts as if it were a Fulcio leaf.
        var (ca, key) = SigstoreTestFixture.CreateUntrustedCa("CN=self-signing-root");
        var bundle = MessageBundle(new TestSigningCertificate(ca, key));
        var options = Options(root => root["certificateAuthorities"]![0]!["certChain"]!["certificates"] = new JsonArray(new JsonObject { ["rawBytes"] = Convert.ToBase64String(ca.RawData) }));
        AssertRefused(Verify(bundle, options), "SCSDK3104", "the chain does not end at the authority's root");
    }

    [Fact]
    public void Signing_certificate_of_another_identity_is_named_in_the_refusal()
    {
        var leaf = _fixture.IssueLeaf(identity: "https://github.com/mallory/lib/.github/workflows/release.yml@refs/heads/main");
        AssertRefused(Verify(MessageBundle(leaf), Options()), "SCSDK3105", "was issued to 'https://github.com/mallory/lib/.github/workflows/release.yml@refs/heads/main', which is not the expected identity");
    }

    // ---- statements ----

    [Fact]
    public void Statement_whose_second_subject_is_the_artifact_verifies()
    {
        var statement = JsonNode.Parse(SigstoreTestFixture.Statement("Contoso.Lib.1.0.0.nupkg", SHA256.HashData(Artifact)))!;
        statement["subject"]!.AsArray().Insert(0, new JsonObject { ["name"] = "Contoso.Other.1.0.0.nupkg", ["digest"] = new JsonObject { ["sha256"] = Hex(SHA256.HashData(Encoding.UTF8.GetBytes("other"))) } });
        var bundle = _fixture.BuildDsseBundle(SigstoreTestFixture.Json(statement), _fixture.IssueLeaf());
        var outcome = Verify(bundle, Options());
        AssertVerified(outcome);
        Assert.Equal(2, outcome.Result.Statement!.Subject.Count);
    }

    // ---- key-based bundles under a trusted root, and the messages of a verification that cannot start ----

    [Fact]
    public void Key_based_bundle_under_a_trusted_root_reports_the_earliest_of_its_log_time_and_its_timestamp()
    {
        using var key = SupplyChain.Core.Crypto.KeyGenerator.Generate(SupplyChain.Core.Crypto.KeyAlgorithm.EcdsaP256);
        var signature = key.Sign(Artifact);
        var keyPem = PemEncoding.WriteString("PUBLIC KEY", key.PublicKey.SubjectPublicKeyInfo) + "\n";
        var options = new SigstoreVerificationOptions { TrustedRoot = Options().TrustedRoot, TrustedKeys = new[] { key.PublicKey } };
        foreach (var offset in new[] { -30, 30 })
        {
            var bundle = KeyMessageBundle(key, signature);
            var entry = NewEntry(SigstoreTestFixture.HashedRekordBody(SHA256.HashData(Artifact), signature, keyPem), "hashedrekord", "0.0.1");
            bundle["verificationMaterial"]!["tlogEntries"] = new JsonArray(entry);
            var token = SigstoreTestFixture.Timestamp(signature, SigstoreTestFixture.SigningTime.AddSeconds(offset), _fixture.TsaCertificate, _fixture.TsaKey);
            bundle["verificationMaterial"]!["timestampVerificationData"] = new JsonObject { ["rfc3161Timestamps"] = new JsonArray(new JsonObject { ["signedTimestamp"] = Convert.ToBase64String(token) }) };
            var sink = new DiagnosticBag();
            var result = SigstoreVerifier.Verify(Encoding.UTF8.GetBytes(bundle.ToJsonString()), "b.sigstore.json", SigstoreArtifact.FromSha256(SHA256.HashData(Artifact), "a.nupkg"), options, sink);

            Assert.True(result.IsValid, string.Join(" | ", sink.Diagnostics.Select(d => d.Code + " " + d.Message)));
            Assert.Empty(sink.Diagnostics);
            Assert.Equal(key.KeyId, result.KeyId);
            var index = entry["logIndex"]!.GetValue<string>();
            Assert.Equal(long.Parse(index, System.Globalization.CultureInfo.InvariantCulture), result.LogIndex);
            Assert.Equal(offset < 0 ? SigstoreTestFixture.SigningTime.AddSeconds(offset) : SigstoreTestFixture.SigningTime, result.SigningTime);
            Assert.Equal(offset < 0 ? "rfc3161" : "rekor:" + index, result.SigningTimeSource);
            Assert.Contains($"b.sigstore.json: signed by the trusted key {key.KeyId}.", sink.TraceMessages);
        }
    }

    [Fact]
    public void Key_based_bundle_without_log_entries_or_trusted_root_verifies_without_a_warning_or_a_signing_time()
    {
        using var key = SupplyChain.Core.Crypto.KeyGenerator.Generate(SupplyChain.Core.Crypto.KeyAlgorithm.EcdsaP256);
        var outcome = VerifyWithKey(KeyMessageBundle(key, key.Sign(Artifact)), key, SigstoreArtifact.FromSha256(SHA256.HashData(Artifact), "a.nupkg"));
        AssertVerified(outcome);
        Assert.Empty(outcome.Sink.Diagnostics);
        Assert.Null(outcome.Result.SigningTime);
        Assert.Null(outcome.Result.SigningTimeSource);
        Assert.Null(outcome.Result.LogIndex);
    }

    [Fact]
    public void Key_based_bundle_signed_by_an_untrusted_key_names_its_key_hint_or_says_it_has_none()
    {
        using var key = SupplyChain.Core.Crypto.KeyGenerator.Generate(SupplyChain.Core.Crypto.KeyAlgorithm.EcdsaP256);
        using var other = SupplyChain.Core.Crypto.KeyGenerator.Generate(SupplyChain.Core.Crypto.KeyAlgorithm.EcdsaP256);
        var artifact = SigstoreArtifact.FromSha256(SHA256.HashData(Artifact), "a.nupkg");
        var bundle = KeyMessageBundle(key, key.Sign(Artifact));
        AssertRefused(VerifyWithKey(bundle, other, artifact), "SCSDK3118", $"is signed with a public key (hint '{key.KeyId}'), and none");

        bundle["verificationMaterial"]!["publicKey"]!.AsObject().Remove("hint");
        AssertRefused(VerifyWithKey(bundle, other, artifact), "SCSDK3118", "is signed with a public key (no key hint), and none");
    }

    [Fact]
    public void Verification_that_cannot_start_says_what_is_missing()
    {
        using var key = SupplyChain.Core.Crypto.KeyGenerator.Generate(SupplyChain.Core.Crypto.KeyAlgorithm.EcdsaP256);
        var sink = new DiagnosticBag();
        SigstoreVerifier.Verify(Encoding.UTF8.GetBytes(KeyMessageBundle(key, key.Sign(Artifact)).ToJsonString()), "b.sigstore.json", SigstoreArtifact.FromSha256(SHA256.HashData(Artifact), "a.nupkg"), new SigstoreVerificationOptions(), sink);
        Assert.Equal("SCSDK3117", Assert.Single(sink.Diagnostics).Code);
        Assert.Contains("cannot start: the bundle is signed with a public key, and no trusted key was given (--key).", sink.Diagnostics[0].Message, StringComparison.Ordinal);

        var keyless = Verify(MessageBundle(), new SigstoreVerificationOptions { TrustedRoot = Options().TrustedRoot });
        AssertRefused(keyless, "SCSDK3117", "cannot start: a keyless bundle needs a trusted root and the expected identity (--certificate-identity or --certificate-identity-regexp, and --certificate-oidc-issuer).");
    }
}
