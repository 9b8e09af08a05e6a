using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Policy;
using SupplyChain.TestUtilities;
using SupplyChain.TestUtilities.Sigstore;

namespace SupplyChain.Core.Tests.Policy;

/// <summary>
/// The check over a lock file, a packages folder and a folder feed of attestation sidecars: the provenance of a
/// dependency is verified (trusted signature, subject = the .nupkg in the folder, builder and source), each failed
/// check by name.
/// </summary>
public sealed class PolicyCheckTests : IDisposable
{
    private const string Source = "https://github.com/contoso/lib";
    private const string Builder = "https://github.com/contoso/lib/.github/workflows/release.yml@refs/heads/main";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestDirectory _dir = new("policycheck");
    private readonly SigningKey _trusted = KeyGenerator.Generate();
    private readonly SigningKey _other = KeyGenerator.Generate();

    public PolicyCheckTests()
    {
        _dir.WriteFile("keys/release.pub", _trusted.PublicKey.ExportPem());
        Directory.CreateDirectory(Feed);
    }

    private string Feed => _dir.Combine("feed");

    private string Folder => _dir.Combine("packages");

    public void Dispose()
    {
        _trusted.Dispose();
        _other.Dispose();
        _dir.Dispose();
    }

    private string AddPackage(string id, string version, string license = "MIT")
    {
        var bytes = new TestPackageBuilder(id, version).WithLicenseExpression(license).WithLibFile("net8.0", id + ".dll", id + version).Build();
        var folder = Path.Combine(Folder, id.ToLowerInvariant(), version);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, TestPackageBuilder.FileNameOf(id, version));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private byte[] Attestation(string nupkgPath, SigningKey key, string source = Source, string builder = Builder, DateTimeOffset? finished = null)
    {
        var (sha256, sha512) = AttestationWriter.HashFile(nupkgPath);
        var subject = new ResourceDescriptor(Path.GetFileName(nupkgPath), new[] { new KeyValuePair<string, string>("sha256", sha256), new KeyValuePair<string, string>("sha512", sha512) });
        var predicate = new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = AttestationUris.DotNetPackBuildTypeV1,
                ["externalParameters"] = new JsonObject { ["source"] = new JsonObject { ["repository"] = source, ["commit"] = new string('a', 40) } },
            },
            ["runDetails"] = new JsonObject
            {
                ["builder"] = new JsonObject { ["id"] = builder },
                ["metadata"] = new JsonObject { ["finishedOn"] = (finished ?? Now.AddDays(-10)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) },
            },
        };
        var statement = new InTotoStatement(new[] { subject }, PredicateTypes.SlsaProvenanceV1, predicate);
        return System.Text.Encoding.UTF8.GetBytes(statement.Sign(key).ToJson() + "\n");
    }

    private string Lock(params (string Id, string Version)[] packages)
    {
        var builder = new LockFileBuilder();
        foreach (var (id, version) in packages)
        {
            builder.Add("net8.0", id, "Direct", "[" + version + "]", version, "hash");
        }

        return _dir.WriteFile("packages.lock.json", builder.Root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    private string Policy(string extra = "") => _dir.WriteFile("supplychain-policy.json", $$"""
        {
          "version": 1,
          "rules": [
            {
              "name": "contoso",
              "packages": ["Contoso.*"],
              "requireProvenance": {
                "trustedKeys": [ { "publicKeyFile": "keys/release.pub" } ],
                "builderIds": ["https://github.com/contoso/*"],
                "sourceRepositories": ["{{Source}}"]
              }{{extra}}
            }
          ]
        }
        """);

    private (PolicyCheckResult Result, DiagnosticBag Bag) Run(string policy, string lockFile, string? verdicts = null)
    {
        var bag = new DiagnosticBag();
        var result = PolicyCheck.Run(new PolicyCheckRequest { PolicyPath = policy, LockFilePath = lockFile, PackagesFolder = Folder, AttestationFeeds = new[] { Feed }, Now = Now, VerdictsPath = verdicts }, bag);
        return (result, bag);
    }

    [Fact]
    public void TrustedProvenance_FromTheExpectedSource_Passes_AndRecordsBuilderSourceSigner()
    {
        var nupkg = AddPackage("Contoso.Good", "1.0.0");
        File.WriteAllBytes(Path.Combine(Feed, "Contoso.Good.1.0.0.intoto.jsonl"), Attestation(nupkg, _trusted));
        var verdicts = _dir.Combine("obj", "policy-verdicts.json");
        var (result, bag) = Run(Policy(), Lock(("Contoso.Good", "1.0.0")), verdicts: verdicts);
        Assert.True(result.Passed, string.Join("\n", bag.Diagnostics.Select(d => d.ToCanonicalString())));
        var record = Assert.Single(PolicyVerdictsFile.Read(File.ReadAllBytes(verdicts)));
        Assert.Equal(("pass", Builder, Source, _trusted.PublicKey.KeyId), (record.Verdict, record.Builder, record.Source, record.Signer));
    }

    private string KeylessPolicy(string identity) => _dir.WriteFile("supplychain-policy.json", $$"""
        {
          "version": 1,
          "rules": [
            {
              "name": "ci",
              "packages": ["Contoso.*"],
              "requireProvenance": {
                "keyless": {
                  "certificateIdentity": "{{identity}}",
                  "certificateOidcIssuer": "{{SigstoreTestFixture.GitHubIssuer}}",
                  "trustedRoot": "keys/sigstore-trusted-root.json"
                },
                "sourceRepositories": ["{{Source}}"]
              }
            }
          ]
        }
        """);

    private string KeylessBundle(SigstoreTestFixture fixture, string nupkgPath, string identity)
    {
        var envelope = DsseEnvelope.Parse(Attestation(nupkgPath, _other).AsSpan().TrimEnd((byte)'\n'));
        var bundle = fixture.BuildDsseBundle(envelope.Payload.ToArray(), fixture.IssueLeaf(identity));
        _dir.WriteFile("keys/sigstore-trusted-root.json", System.Text.Encoding.UTF8.GetString(fixture.TrustedRootBytes()));
        return _dir.WriteFile("feed/" + Path.GetFileNameWithoutExtension(nupkgPath) + ".sigstore.json", bundle.ToJsonString());
    }

    [Fact]
    public void KeylessBundle_OfTheRulesWorkflowIdentity_Passes_AndAnotherIdentityFailsTheSignatureCheck()
    {
        using var fixture = new SigstoreTestFixture();
        var nupkg = AddPackage("Contoso.Keyless", "1.0.0");
        KeylessBundle(fixture, nupkg, SigstoreTestFixture.WorkflowIdentity);
        var verdicts = _dir.Combine("obj", "policy-verdicts.json");
        var (passed, bag) = Run(KeylessPolicy(SigstoreTestFixture.WorkflowIdentity), Lock(("Contoso.Keyless", "1.0.0")), verdicts: verdicts);
        Assert.True(passed.Passed, string.Join("\n", bag.Diagnostics.Select(d => d.ToCanonicalString())));
        Assert.Contains(SigstoreTestFixture.WorkflowIdentity, Assert.Single(PolicyVerdictsFile.Read(File.ReadAllBytes(verdicts))).Signer, StringComparison.Ordinal);

        var (failed, failures) = Run(KeylessPolicy("https://github.com/contoso/lib/.github/workflows/other.yml@refs/heads/main"), Lock(("Contoso.Keyless", "1.0.0")));
        Assert.False(failed.Passed);
        Assert.Contains(failures.Diagnostics, d => d.Code == DiagnosticCatalog.Provenance_SignatureUntrusted.Code);
    }

    [Fact]
    public void KeylessRule_DoesNotAcceptAKeySignedStatementOrAnotherPackagesBundle()
    {
        using var fixture = new SigstoreTestFixture();
        var nupkg = AddPackage("Contoso.Keyless", "1.0.0");
        var other = AddPackage("Contoso.Other", "1.0.0");
        _dir.WriteFile("keys/sigstore-trusted-root.json", System.Text.Encoding.UTF8.GetString(fixture.TrustedRootBytes()));
        File.WriteAllBytes(Path.Combine(Feed, "Contoso.Keyless.1.0.0.intoto.jsonl"), Attestation(nupkg, _trusted));
        var (keySigned, bag) = Run(KeylessPolicy(SigstoreTestFixture.WorkflowIdentity), Lock(("Contoso.Keyless", "1.0.0")));
        Assert.False(keySigned.Passed);
        Assert.Contains(bag.Diagnostics, d => d.Code == DiagnosticCatalog.Provenance_SignatureUntrusted.Code);

        File.Delete(Path.Combine(Feed, "Contoso.Keyless.1.0.0.intoto.jsonl"));
        var bundle = KeylessBundle(fixture, other, SigstoreTestFixture.WorkflowIdentity);
        File.Move(bundle, Path.Combine(Feed, "Contoso.Keyless.1.0.0.sigstore.json"));
        var (replayed, replay) = Run(KeylessPolicy(SigstoreTestFixture.WorkflowIdentity), Lock(("Contoso.Keyless", "1.0.0")));
        Assert.False(replayed.Passed);
        Assert.Contains(replay.Diagnostics, d => d.Code == DiagnosticCatalog.Provenance_SignatureUntrusted.Code && d.Message.Contains("no subject of the statement", StringComparison.Ordinal));
    }

    [Fact]
    public void SignedByAnotherKey_FailsCheckSignature_OnTheLockFileLine()
    {
        var nupkg = AddPackage("Contoso.Bad", "1.0.0");
        File.WriteAllBytes(Path.Combine(Feed, "contoso.bad.1.0.0.intoto.jsonl"), Attestation(nupkg, _other));
        var lockFile = Lock(("Contoso.Bad", "1.0.0"));
        var (result, bag) = Run(Policy(), lockFile);
        Assert.False(result.Passed);
        var d = Assert.Single(bag.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SCSDK6121", d.Code);
        Assert.Equal(lockFile, d.File);
        Assert.True(d.Line > 1);
        Assert.Contains("check 'signature'", d.Message, StringComparison.Ordinal);
        Assert.Contains("'contoso'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherPackagesAttestation_SwappedIn_FailsCheckSubject()
    {
        var good = AddPackage("Contoso.Good", "1.0.0");
        AddPackage("Contoso.Other", "1.0.0");
        File.WriteAllBytes(Path.Combine(Feed, "Contoso.Other.1.0.0.intoto.jsonl"), Attestation(good, _trusted));
        var (_, bag) = Run(Policy(), Lock(("Contoso.Other", "1.0.0"), ("Contoso.Good", "1.0.0")));
        Assert.Contains(bag.Diagnostics, d => d.Code == "SCSDK6122" && d.Message.Contains("Contoso.Other", StringComparison.Ordinal));
    }

    [Fact]
    public void ReplayedAttestationOfAnOlderVersion_FailsCheckSubject()
    {
        var old = AddPackage("Contoso.Lib", "1.0.0");
        AddPackage("Contoso.Lib", "2.0.0");
        File.WriteAllBytes(Path.Combine(Feed, "Contoso.Lib.2.0.0.intoto.jsonl"), Attestation(old, _trusted));
        var (_, bag) = Run(Policy(), Lock(("Contoso.Lib", "2.0.0")));
        Assert.Equal("SCSDK6122", Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).Code);
    }

    [Fact]
    public void PackageReplacedInTheFolder_AfterItWasAttested_FailsCheckSubject()
    {
        var nupkg = AddPackage("Contoso.Lib", "1.0.0");
        File.WriteAllBytes(Path.Combine(Feed, "Contoso.Lib.1.0.0.intoto.jsonl"), Attestation(nupkg, _trusted));
        File.WriteAllBytes(nupkg, new TestPackageBuilder("Contoso.Lib", "1.0.0").WithLicenseExpression("MIT").WithLibFile("net8.0", "evil.dll", "evil").Build());
        var (_, bag) = Run(Policy(), Lock(("Contoso.Lib", "1.0.0")));
        Assert.Equal("SCSDK6122", Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).Code);
    }

    [Fact]
    public void StrippedAttestation_FailsAsMissing()
    {
        AddPackage("Contoso.Lib", "1.0.0");
        var (_, bag) = Run(Policy(), Lock(("Contoso.Lib", "1.0.0")));
        var d = Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SCSDK6120", d.Code);
        Assert.Contains("Contoso.Lib.1.0.0.intoto.jsonl", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SymlinkedSidecar_IsRefused()
    {
        var nupkg = AddPackage("Contoso.Lib", "1.0.0");
        var elsewhere = _dir.Combine("elsewhere.intoto.jsonl");
        File.WriteAllBytes(elsewhere, Attestation(nupkg, _trusted));
        File.CreateSymbolicLink(Path.Combine(Feed, "Contoso.Lib.1.0.0.intoto.jsonl"), elsewhere);
        var (_, bag) = Run(Policy(), Lock(("Contoso.Lib", "1.0.0")));
        var d = Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SCSDK6120", d.Code);
        Assert.Contains("symbolic link", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrustedSignature_FromAnotherSourceAndBuilder_FailsEachCheckByName()
    {
        var nupkg = AddPackage("Contoso.Lib", "1.0.0");
        File.WriteAllBytes(Path.Combine(Feed, "Contoso.Lib.1.0.0.intoto.jsonl"), Attestation(nupkg, _trusted, source: "https://github.com/mallory/lib", builder: "https://github.com/contoso.evil/x"));
        var (_, bag) = Run(Policy(), Lock(("Contoso.Lib", "1.0.0")));
        Assert.Equal(new[] { "SCSDK6123", "SCSDK6125" }, bag.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Code).OrderBy(c => c, StringComparer.Ordinal));
        Assert.Contains(bag.Diagnostics, d => d.Message.Contains("check 'builderId'", StringComparison.Ordinal));
        Assert.Contains(bag.Diagnostics, d => d.Message.Contains("check 'sourceRepository'", StringComparison.Ordinal));
    }

    [Fact]
    public void SourceRef_Required_ButTheProvenanceRecordsNone_Fails()
    {
        var nupkg = AddPackage("Contoso.Lib", "1.0.0");
        File.WriteAllBytes(Path.Combine(Feed, "Contoso.Lib.1.0.0.intoto.jsonl"), Attestation(nupkg, _trusted));
        var policy = Policy().Replace("\"sourceRepositories\"", "\"sourceRefs\": [\"refs/heads/main\"], \"sourceRepositories\"", StringComparison.Ordinal);
        File.WriteAllText(_dir.Combine("supplychain-policy.json"), File.ReadAllText(policy).Replace("\"sourceRepositories\"", "\"sourceRefs\": [\"refs/heads/main\"], \"sourceRepositories\"", StringComparison.Ordinal));
        var (_, bag) = Run(policy, Lock(("Contoso.Lib", "1.0.0")));
        Assert.Equal("SCSDK6126", Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).Code);
    }

    [Fact]
    public void LicenceDeny_ReadsTheNuspecInsideTheNupkg_AndFindingIsOnTheLockLine()
    {
        AddPackage("Gpl.Lib", "1.0.0", "GPL-3.0-only");
        var policy = _dir.WriteFile("p.json", "{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"licenses\":{\"deny\":[\"GPL-3.0-only\"]}}]}");
        var lockFile = Lock(("Gpl.Lib", "1.0.0"));
        var (result, bag) = Run(policy, lockFile);
        var d = Assert.Single(bag.Diagnostics);
        Assert.Equal("SCSDK6111", d.Code);
        var lockLines = File.ReadAllLines(lockFile);
        Assert.Contains("\"Gpl.Lib\"", lockLines[d.Line - 1], StringComparison.Ordinal);
        Assert.False(result.Passed);
    }

    [Fact]
    public void RuleMatchingNothing_IsAWarning()
    {
        AddPackage("A", "1.0.0");
        var (result, bag) = Run(Policy(), Lock(("A", "1.0.0")));
        Assert.True(result.Passed);
        Assert.Equal("SCSDK6602", Assert.Single(bag.Diagnostics).Code);
    }

    [Fact]
    public void PackageMissingFromTheFolder_NeverPasses()
    {
        var (_, bag) = Run(Policy(), Lock(("Contoso.Gone", "1.0.0")));
        Assert.Equal("SCSDK6127", Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).Code);
    }
}
