using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities;
using SupplyChain.TestUtilities.Sigstore;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>
/// Keyless verification, differentially: every bundle below is judged by our <see cref="SigstoreVerifier"/> and by
/// sigstore-js (@sigstore/verify's Verifier, <c>tests/interop/verify-sigstore-keyless.mjs</c>) with the same trusted
/// root, identity and issuer, and both must reach the same verdict. The bundles that must verify prove that what the
/// fixture builds (Fulcio-style certificates with embedded SCTs, Rekor entries with promises, proofs and signed
/// checkpoints, RFC 3161 timestamps) is real Sigstore to an independent implementation, so the attacks that must be
/// refused are refused for what they change, not because the format is ours.
/// </summary>
public sealed class KeylessBundleInteropTests : IClassFixture<SigstoreTestFixture>, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);
    private static readonly byte[] Artifact = Encoding.UTF8.GetBytes("Contoso.Lib 1.0.0 package bytes");
    private static readonly byte[] OtherArtifact = Encoding.UTF8.GetBytes("another package");
    private const string Identity = SigstoreTestFixture.WorkflowIdentity;
    private const string Issuer = SigstoreTestFixture.GitHubIssuer;

    private readonly SigstoreTestFixture _fixture;
    private readonly TestDirectory _temp = new();

    public KeylessBundleInteropTests(SigstoreTestFixture fixture) => _fixture = fixture;

    public void Dispose() => _temp.Dispose();

    /// <summary>A case: the bundle, the artifact it is checked against, the identity expected, and the verdict both must reach.</summary>
    private sealed record Case(JsonNode Bundle, byte[] Artifact, string Identity, string Issuer, bool Valid)
    {
        /// <summary>The trusted root has no transparency log (a private instance that only timestamps).</summary>
        public bool RootWithoutLogs { get; init; }
    }

    private Case Build(string name)
    {
        var statement = SigstoreTestFixture.Statement("Contoso.Lib.1.0.0.nupkg", SHA256.HashData(Artifact));
        JsonObject Message(TestSigningCertificate? leaf = null, TestBundleOptions? options = null) => _fixture.BuildMessageBundle(Artifact, leaf ?? _fixture.IssueLeaf(), options);
        JsonObject Dsse(string kind, TestSigningCertificate? leaf = null, byte[]? payload = null) => _fixture.BuildDsseBundle(payload ?? statement, leaf ?? _fixture.IssueLeaf(), new TestBundleOptions { EntryKind = kind });
        Case Valid(JsonNode bundle) => new(bundle, Artifact, Identity, Issuer, true);
        Case Refused(JsonNode bundle, byte[]? artifact = null, string identity = Identity, string issuer = Issuer) => new(bundle, artifact ?? Artifact, identity, issuer, false);

        switch (name)
        {
            case "message signature, hashedrekord entry":
                return Valid(Message());
            case "DSSE envelope, dsse entry":
                return Valid(Dsse("dsse"));
            case "DSSE envelope, intoto entry":
                return Valid(Dsse("intoto"));
            case "signing time from an RFC 3161 timestamp as well as the log":
                return Valid(Message(options: new TestBundleOptions { EntryKind = "hashedrekord", IncludeTimestamp = true }));
            case "e-mail identity":
                return new(Message(_fixture.IssueLeaf(identity: "dev@contoso.test", issuer: "https://accounts.example.test")), Artifact, "dev@contoso.test", "https://accounts.example.test", true);
            case "another workflow's identity":
                return Refused(Message(_fixture.IssueLeaf(identity: "https://github.com/mallory/lib/.github/workflows/release.yml@refs/heads/main")));
            case "identity that only starts with the expected one":
                return Refused(Message(_fixture.IssueLeaf(identity: Identity + "-evil")));
            case "another OIDC issuer":
                return Refused(Message(_fixture.IssueLeaf(issuer: "https://issuer.mallory.test")));
            case "certificate of a CA outside the trusted root":
                var (ca, caKey) = SigstoreTestFixture.CreateUntrustedCa("CN=evil-ca");
                return Refused(Message(_fixture.IssueLeaf(issuerCertificate: ca, issuerKey: caKey)));
            case "certificate expired at the signing time":
                return Refused(Message(options: new TestBundleOptions { EntryKind = "hashedrekord", IntegratedTime = SigstoreTestFixture.SigningTime.AddHours(1) }));
            case "certificate without an SCT":
                return Refused(Message(_fixture.IssueLeaf(includeSct: false)));
            case "SCT with a bad signature":
                return Refused(Message(_fixture.IssueLeaf(tamperSct: true)));
            case "SCT of a CT log outside the trusted root":
                using (var unknown = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    return Refused(Message(_fixture.IssueLeaf(ctLogKey: unknown)));
                }

            case "signature over another artifact":
                return Refused(Message(), OtherArtifact);
            case "statement about another artifact":
                return Refused(Dsse("dsse", payload: SigstoreTestFixture.Statement("other.nupkg", SHA256.HashData(OtherArtifact))));
            case "DSSE payload swapped after signing":
                var swapped = Dsse("dsse");
                swapped["dsseEnvelope"]!["payload"] = Convert.ToBase64String(SigstoreTestFixture.Statement("Contoso.Lib.1.0.0.nupkg", SHA256.HashData(Artifact), "https://example.test/other"));
                return Refused(swapped);
            case "log entry of another envelope":
                var first = Dsse("dsse");
                var second = Dsse("dsse");
                first["verificationMaterial"]!["tlogEntries"] = second["verificationMaterial"]!["tlogEntries"]!.DeepClone();
                return Refused(first);
            case "entry of a log outside the trusted root":
                var foreignLog = Message();
                foreignLog["verificationMaterial"]!["tlogEntries"]![0]!["logId"]!["keyId"] = Convert.ToBase64String(new byte[32]);
                return Refused(foreignLog);
            case "integrated time altered after the log signed it":
                var altered = Message();
                var entry = altered["verificationMaterial"]!["tlogEntries"]![0]!;
                entry["integratedTime"] = (SigstoreTestFixture.SigningTime.ToUnixTimeSeconds() + 60).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Refused(altered);
            case "inclusion proof with a tampered checkpoint":
                var tampered = Message();
                var checkpoint = tampered["verificationMaterial"]!["tlogEntries"]![0]!["inclusionProof"]!["checkpoint"]!;
                checkpoint["envelope"] = checkpoint["envelope"]!.GetValue<string>().Replace("rekor.test", "rekor.evil", StringComparison.Ordinal);
                return Refused(tampered);
            case "RFC 3161 timestamp and no log entry, trusted root without logs":
                return Valid(Message(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true })) with { RootWithoutLogs = true };
            case "RFC 3161 timestamp and no log entry, trusted root with a log":
                return Refused(Message(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true }));
            case "no log entry and no timestamp":
                return Refused(Message(options: new TestBundleOptions { EntryKind = null }));
            case "RFC 3161 timestamp from an untrusted TSA and no log entry":
                var (tsaRoot, tsaRootKey) = SigstoreTestFixture.CreateUntrustedCa("CN=evil-tsa-root");
                return Refused(Message(options: new TestBundleOptions { EntryKind = null, IncludeTimestamp = true, Tsa = SigstoreTestFixture.CreateTsa("CN=evil-tsa", tsaRoot, tsaRootKey) }));
            default:
                throw new ArgumentException("unknown case " + name, nameof(name));
        }
    }

    public static TheoryData<string> Cases => new()
    {
        "message signature, hashedrekord entry",
        "DSSE envelope, dsse entry",
        "DSSE envelope, intoto entry",
        "signing time from an RFC 3161 timestamp as well as the log",
        "e-mail identity",
        "another workflow's identity",
        "identity that only starts with the expected one",
        "another OIDC issuer",
        "certificate of a CA outside the trusted root",
        "certificate expired at the signing time",
        "certificate without an SCT",
        "SCT with a bad signature",
        "SCT of a CT log outside the trusted root",
        "signature over another artifact",
        "statement about another artifact",
        "DSSE payload swapped after signing",
        "log entry of another envelope",
        "entry of a log outside the trusted root",
        "integrated time altered after the log signed it",
        "inclusion proof with a tampered checkpoint",
        "RFC 3161 timestamp and no log entry, trusted root without logs",
        "RFC 3161 timestamp and no log entry, trusted root with a log",
        "no log entry and no timestamp",
        "RFC 3161 timestamp from an untrusted TSA and no log entry",
    };

    [NodeTheory]
    [MemberData(nameof(Cases))]
    public void Ours_and_sigstore_js_reach_the_same_verdict(string name)
    {
        var c = Build(name);
        var rootJson = _fixture.TrustedRootJson();
        if (c.RootWithoutLogs)
        {
            rootJson["tlogs"] = new JsonArray();
        }

        var root = SigstoreTestFixture.Json(rootJson);
        var bundleBytes = Encoding.UTF8.GetBytes(c.Bundle.ToJsonString());

        var sink = new DiagnosticBag();
        var ours = SigstoreVerifier.Verify(
            bundleBytes,
            "bundle.sigstore.json",
            SigstoreArtifact.FromSha256(SHA256.HashData(c.Artifact), "Contoso.Lib.1.0.0.nupkg"),
            new SigstoreVerificationOptions { TrustedRoot = TrustedRoot.Parse(root, "trusted_root.json"), Identity = SigstoreIdentity.Exact(c.Identity, c.Issuer) },
            sink);

        var bundlePath = _temp.Combine("bundle.sigstore.json");
        var artifactPath = _temp.Combine("artifact.nupkg");
        var rootPath = _temp.Combine("trusted_root.json");
        File.WriteAllBytes(bundlePath, bundleBytes);
        File.WriteAllBytes(artifactPath, c.Artifact);
        File.WriteAllBytes(rootPath, root);
        var theirs = NodeInterop.RunScript("verify-sigstore-keyless.mjs", new[] { bundlePath, artifactPath, rootPath, c.Identity, c.Issuer }, s_timeout);
        Assert.True(theirs.ExitCode is 0 or 1, "sigstore-js could not run: " + theirs.Tail());

        var ourVerdict = ours.IsValid ? "verified" : "refused: " + string.Join(" | ", sink.Diagnostics.Select(d => d.Code + " " + d.Message));
        var theirVerdict = theirs.ExitCode == 0 ? "verified" : "refused: " + theirs.Output.Trim();
        Assert.True(c.Valid == ours.IsValid, $"ours: {ourVerdict}; expected {(c.Valid ? "verified" : "refused")}");
        Assert.True(c.Valid == (theirs.ExitCode == 0), $"sigstore-js: {theirVerdict}; expected {(c.Valid ? "verified" : "refused")}");
    }
}
