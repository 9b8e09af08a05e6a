using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Policy;
using SupplyChain.Core.Tests.Tuf.Repository;
using SupplyChain.Core.Tuf.Repository;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Policy;

/// <summary>
/// The provenance our own pack writes (source repository, ref and commit) against a policy's sourceRepositories and
/// sourceRefs, and a policy check through a TUF repository: attestations delivered as TUF targets (fetched and checked
/// against their signed length and hashes), requireTufTarget per package pattern.
/// </summary>
public sealed class PolicyTufAndSourceTests : IDisposable
{
    private const string Commit = "c27d339ee6075c1f744c5d4b200f7901aad2c369";
    private readonly TestDirectory _dir = new("policytuf");
    private readonly SigningKey _trusted = KeyGenerator.Generate();
    private readonly SigningKey _other = KeyGenerator.Generate();
    private readonly RepositoryTestKit _kit = new();

    public PolicyTufAndSourceTests()
    {
        _dir.WriteFile("keys/release.pub", _trusted.PublicKey.ExportPem());
        _kit.Init();
    }

    private string Folder => _dir.Combine("packages");

    public void Dispose()
    {
        _kit.Dispose();
        _trusted.Dispose();
        _other.Dispose();
        _dir.Dispose();
    }

    /// <summary>A package packed in "bin", attested as our pack attests it, and restored into the packages folder.</summary>
    private (string Packed, string Restored, IReadOnlyList<string> Sidecars) Pack(string id, SigningKey key, string? repository = "https://builder:ghp_s3cr3t@github.com/contoso/lib.git", string? branch = "main")
    {
        var bin = _dir.Combine("bin", id);
        Directory.CreateDirectory(bin);
        var packed = Path.Combine(bin, id + ".1.0.0.nupkg");
        File.WriteAllBytes(packed, new TestPackageBuilder(id, "1.0.0").WithLicenseExpression("MIT").WithLibFile("net8.0", id + ".dll", id).Build());
        var source = SourceIdentity.Resolve(repository, Commit, branch, _ => null, new DiagnosticBag());
        var predicate = SlsaProvenanceBuilder.BuildPredicate(new SlsaProvenanceRequest
        {
            ProjectPath = "src/" + id + "/" + id + ".csproj",
            PackageId = id,
            PackageVersion = "1.0.0",
            RepositoryUrl = source.RepositoryUrl,
            RepositoryCommit = source.Commit,
            RepositoryRef = source.Ref,
            Builder = BuilderIdentity.Local(),
            StartedOn = _kit.Clock.GetUtcNow().AddMinutes(-2),
            FinishedOn = _kit.Clock.GetUtcNow().AddMinutes(-1),
        });
        var written = AttestationWriter.Write(new AttestationWriteRequest(packed, predicate), key, new DiagnosticBag());
        var restored = Path.Combine(Folder, id.ToLowerInvariant(), "1.0.0", id.ToLowerInvariant() + ".1.0.0.nupkg");
        Directory.CreateDirectory(Path.GetDirectoryName(restored)!);
        File.Copy(packed, restored, overwrite: true);
        return (packed, restored, written.Files);
    }

    private void Publish(string packed, IEnumerable<string> sidecars)
    {
        using var editor = _kit.Open();
        editor.AddTargets(PackageTargets.ForPackage(packed, sidecars), new[] { _kit.AddKey });
        editor.Publish(new[] { _kit.SnapshotKey }, new[] { _kit.TimestampKey });
    }

    private string Lock(params string[] ids)
    {
        var builder = new LockFileBuilder();
        foreach (var id in ids)
        {
            builder.Add("net8.0", id, "Direct", "[1.0.0]", "1.0.0", "hash");
        }

        return _dir.WriteFile("packages.lock.json", builder.Root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    private string Policy(string provenanceExtra = "", string ruleExtra = "") => _dir.WriteFile("supplychain-policy.json", $$"""
        {
          "version": 1,
          "rules": [
            {
              "name": "contoso",
              "packages": ["Contoso.*"],
              "requireProvenance": {
                "trustedKeys": [ { "publicKeyFile": "keys/release.pub" } ],
                "sourceRepositories": ["https://github.com/contoso/lib"],
                "sourceRefs": ["refs/heads/main"]{{provenanceExtra}}
              }{{ruleExtra}}
            }
          ]
        }
        """);

    private (PolicyCheckResult Result, DiagnosticBag Bag) Run(string policy, string lockFile, bool tuf = true, IReadOnlyList<string>? feeds = null)
    {
        var bag = new DiagnosticBag();
        var settings = new PolicyTufSettings(Path.Combine(_kit.Path, "metadata", "1.root.json"), _kit.Path, _dir.Combine("obj", "policy-tuf")) { TimeProvider = _kit.Clock };
        var result = PolicyCheck.Run(new PolicyCheckRequest { PolicyPath = policy, LockFilePath = lockFile, PackagesFolder = Folder, AttestationFeeds = feeds ?? Array.Empty<string>(), Now = _kit.Clock.GetUtcNow(), Tuf = tuf ? settings : null }, bag);
        return (result, bag);
    }

    private static string Codes(DiagnosticBag bag) => string.Join("\n", bag.Diagnostics.Select(d => d.ToCanonicalString()));

    private string StoredTarget(string suffix, string id = "contoso.good")
        => Directory.GetFiles(Path.Combine(_kit.Path, "targets"), "*." + id + ".1.0.0" + suffix, SearchOption.AllDirectories).Single();

    [Fact]
    public void OurPacksProvenance_DeliveredAsTufTargets_PassesSourceRepositoryAndRef()
    {
        var (packed, _, sidecars) = Pack("Contoso.Good", _trusted);
        Publish(packed, sidecars);

        var (result, bag) = Run(Policy(), Lock("Contoso.Good"));

        Assert.True(result.Passed, Codes(bag));
        var evidence = Assert.Single(result.Evaluations).Provenance!;
        Assert.True(evidence.FromTuf);
        Assert.Equal("https://github.com/contoso/lib.git", evidence.SourceRepository);
        Assert.Equal("refs/heads/main", evidence.SourceRef);
        Assert.True(result.TufUsed);
        Assert.NotNull(result.TufValidUntil);
    }

    [Fact]
    public void OurPacksProvenance_FromAnotherRef_FailsCheckSourceRef()
    {
        var (packed, _, sidecars) = Pack("Contoso.Good", _trusted, branch: "refs/heads/experiment");
        Publish(packed, sidecars);

        var (result, bag) = Run(Policy(), Lock("Contoso.Good"));

        Assert.False(result.Passed);
        var finding = Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SCSDK6126", finding.Code);
        Assert.Contains("refs/heads/experiment", finding.Message, StringComparison.Ordinal);
        Assert.Contains("'contoso'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SidecarReplacedInTheTufRepository_FailsWithSCSDK6140_EvenThoughItIsSignedByATrustedKey()
    {
        var (packed, _, sidecars) = Pack("Contoso.Good", _trusted);
        Publish(packed, sidecars);

        // A signed attestation of the same package from another ref, put in place of the published one's bytes.
        var (_, _, other) = Pack("Contoso.Good", _trusted, branch: "refs/heads/experiment");
        File.Copy(other.Single(f => f.EndsWith(".intoto.jsonl", StringComparison.Ordinal)), StoredTarget(".intoto.jsonl"), overwrite: true);

        var (result, bag) = Run(Policy(), Lock("Contoso.Good"));

        Assert.False(result.Passed);
        var finding = Assert.Single(bag.Diagnostics, d => d.Code == "SCSDK6140");
        Assert.Contains("contoso.good/1.0.0/contoso.good.1.0.0.intoto.jsonl", finding.Message, StringComparison.Ordinal);
        Assert.Contains("'contoso'", finding.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.Combine("packages.lock.json"), finding.File, StringComparison.Ordinal);
    }

    [Fact]
    public void SidecarDeletedFromTheTufRepository_FailsWithSCSDK6140()
    {
        var (packed, _, sidecars) = Pack("Contoso.Good", _trusted);
        Publish(packed, sidecars);
        File.Delete(StoredTarget(".intoto.jsonl"));

        var (result, bag) = Run(Policy(), Lock("Contoso.Good"));

        Assert.False(result.Passed);
        Assert.Contains(bag.Diagnostics, d => d.Code == "SCSDK6140");
    }

    [Fact]
    public void TufTargetsWithoutSidecars_FallBackToTheFolderFeed()
    {
        var (packed, _, sidecars) = Pack("Contoso.Good", _trusted);
        Publish(packed, Array.Empty<string>());

        var (withoutFeed, bag) = Run(Policy(), Lock("Contoso.Good"));
        Assert.Equal("SCSDK6120", Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).Code);
        Assert.False(withoutFeed.Passed);

        var (withFeed, bag2) = Run(Policy(), Lock("Contoso.Good"), feeds: new[] { Path.GetDirectoryName(packed)! });
        Assert.True(withFeed.Passed, Codes(bag2));
        Assert.False(Assert.Single(withFeed.Evaluations).Provenance!.FromTuf);
        Assert.NotEmpty(sidecars);
    }

    [Fact]
    public void RequireTufTarget_AppliesPerPattern_NamingTheRule()
    {
        var (good, _, _) = Pack("Contoso.Good", _trusted);
        Pack("Contoso.Unpublished", _trusted);
        Pack("Other.Lib", _other);
        Publish(good, Array.Empty<string>());
        var policy = _dir.WriteFile("tuf-policy.json", """
            {
              "version": 1,
              "rules": [
                { "name": "ours", "packages": ["Contoso.*"], "requireTufTarget": true }
              ]
            }
            """);

        var (result, bag) = Run(policy, Lock("Contoso.Good", "Contoso.Unpublished", "Other.Lib"));

        Assert.False(result.Passed);
        var finding = Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SCSDK6118", finding.Code);
        Assert.Contains("Contoso.Unpublished", finding.Message, StringComparison.Ordinal);
        Assert.Contains("'ours'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("tuf-policy.json' line 4", finding.Message, StringComparison.Ordinal);
        Assert.Contains("contoso.unpublished/1.0.0/contoso.unpublished.1.0.0.nupkg", finding.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "Contoso.Good" }, result.TufVerified.Select(v => v.Id));
    }

    [Fact]
    public void RequireTufTarget_PackageReplacedInThePackagesFolder_Fails()
    {
        var (good, restored, _) = Pack("Contoso.Good", _trusted);
        Publish(good, Array.Empty<string>());
        File.WriteAllBytes(restored, new TestPackageBuilder("Contoso.Good", "1.0.0").WithLibFile("net8.0", "Contoso.Good.dll", "evil").Build());
        var policy = _dir.WriteFile("tuf-policy.json", """{ "version": 1, "rules": [ { "packages": ["Contoso.*"], "requireTufTarget": true } ] }""");

        var (result, bag) = Run(policy, Lock("Contoso.Good"));

        Assert.False(result.Passed);
        var finding = Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SCSDK6118", finding.Code);
        Assert.Contains("is not the target", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireTufTarget_WithoutATufRepository_FailsSayingSo()
    {
        Pack("Contoso.Good", _trusted);
        var policy = _dir.WriteFile("tuf-policy.json", """{ "version": 1, "rules": [ { "packages": ["Contoso.*"], "requireTufTarget": true } ] }""");

        var (result, bag) = Run(policy, Lock("Contoso.Good"), tuf: false);

        Assert.False(result.Passed);
        Assert.Contains("SupplyChainPolicyTufRemote", Assert.Single(bag.Diagnostics, d => d.Code == "SCSDK6118").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TufRepositoryThatFailsACheck_IsSCSDK6141_AndRequiredTargetsFail()
    {
        Pack("Contoso.Good", _trusted);
        File.WriteAllText(Path.Combine(_kit.Path, "metadata", "timestamp.json"), "{}");
        var policy = _dir.WriteFile("tuf-policy.json", """{ "version": 1, "rules": [ { "packages": ["Contoso.*"], "requireTufTarget": true } ] }""");

        var (result, bag) = Run(policy, Lock("Contoso.Good"));

        Assert.False(result.Passed);
        Assert.Contains(bag.Diagnostics, d => d.Code == "SCSDK6141");
        Assert.Contains(bag.Diagnostics, d => d.Code == "SCSDK6118");
        Assert.False(result.TufUsed);
    }

    [Fact]
    public void PackagesNoRuleNeedsTufFor_DoNotRunTheTufClient()
    {
        Pack("Other.Lib", _other);
        File.WriteAllText(Path.Combine(_kit.Path, "metadata", "timestamp.json"), "{}");
        var policy = _dir.WriteFile("tuf-policy.json", """{ "version": 1, "rules": [ { "packages": ["Contoso.*"], "requireTufTarget": true } ] }""");

        var (result, bag) = Run(policy, Lock("Other.Lib"));

        Assert.DoesNotContain(bag.Diagnostics, d => d.Code is "SCSDK6141" or "SCSDK6118");
        Assert.True(result.Passed);
        Assert.False(result.TufUsed);
    }

    [Fact]
    public void ConflictingSourceClaims_AGoodRepositoryBesideABadOne_FailCheckSourceRepository()
    {
        // A statement whose external parameters name our repository but whose resolved git dependency is another's.
        var (_, restored, _) = Pack("Contoso.Good", _trusted);
        var predicate = Predicate("https://github.com/contoso/lib", "refs/heads/main", "git+https://github.com/evil/lib@refs/heads/main");
        var feed = WriteAttestation(restored, predicate);

        var (result, bag) = Run(Policy(), Lock("Contoso.Good"), tuf: false, feeds: new[] { feed });

        Assert.False(result.Passed);
        var finding = Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SCSDK6125", finding.Code);
        Assert.Contains("https://github.com/evil/lib", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConflictingRefClaims_FailCheckSourceRef()
    {
        var (_, restored, _) = Pack("Contoso.Good", _trusted);
        var predicate = Predicate("https://github.com/contoso/lib", "refs/heads/main", "git+https://github.com/contoso/lib@refs/heads/experiment");
        var feed = WriteAttestation(restored, predicate);

        var (_, bag) = Run(Policy(), Lock("Contoso.Good"), tuf: false, feeds: new[] { feed });

        Assert.Equal("SCSDK6126", Assert.Single(bag.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).Code);
    }

    [Fact]
    public void GitHubsBuildTypeWorkflowParameters_AreReadAsSourceAndRef()
    {
        var (_, restored, _) = Pack("Contoso.Good", _trusted);
        var predicate = new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = "https://actions.github.io/buildtypes/workflow/v1",
                ["externalParameters"] = new JsonObject { ["workflow"] = new JsonObject { ["ref"] = "refs/heads/main", ["repository"] = "https://github.com/contoso/lib", ["path"] = ".github/workflows/release.yml" } },
                ["resolvedDependencies"] = new JsonArray(new JsonObject { ["uri"] = "git+https://github.com/contoso/lib@refs/heads/main", ["digest"] = new JsonObject { ["gitCommit"] = Commit } }),
            },
            ["runDetails"] = new JsonObject { ["builder"] = new JsonObject { ["id"] = "https://github.com/actions/runner/github-hosted" } },
        };
        var feed = WriteAttestation(restored, predicate);

        var (result, bag) = Run(Policy(), Lock("Contoso.Good"), tuf: false, feeds: new[] { feed });

        Assert.True(result.Passed, Codes(bag));
    }

    [Theory]
    [InlineData("git+ssh://git@github.com/contoso/lib.git@refs/heads/main", "ssh://git@github.com/contoso/lib.git", "refs/heads/main")]
    [InlineData("git+https://github.com/contoso/lib@refs/heads/user@work", "https://github.com/contoso/lib", "refs/heads/user@work")]
    [InlineData("git+https://github.com/contoso/lib", "https://github.com/contoso/lib", null)]
    public void GitDependencyUri_IsSplitAtTheFirstAtOfThePath(string uri, string repository, string? gitRef)
    {
        var predicate = new JsonObject { ["buildDefinition"] = new JsonObject { ["resolvedDependencies"] = new JsonArray(new JsonObject { ["uri"] = uri }) } };
        var (repositories, refs) = ProvenanceLocator.SourceClaims(predicate);
        Assert.Equal(new[] { repository }, repositories);
        Assert.Equal(gitRef is null ? Array.Empty<string>() : new[] { gitRef }, refs);
    }

    private static JsonObject Predicate(string repository, string gitRef, string dependencyUri) => new()
    {
        ["buildDefinition"] = new JsonObject
        {
            ["buildType"] = AttestationUris.DotNetPackBuildTypeV1,
            ["externalParameters"] = new JsonObject { ["source"] = new JsonObject { ["repository"] = repository, ["ref"] = gitRef, ["commit"] = Commit } },
            ["resolvedDependencies"] = new JsonArray(new JsonObject { ["uri"] = dependencyUri, ["digest"] = new JsonObject { ["gitCommit"] = Commit } }),
        },
        ["runDetails"] = new JsonObject { ["builder"] = new JsonObject { ["id"] = BuilderIdentity.LocalBuilderId } },
    };

    private string WriteAttestation(string nupkg, JsonObject predicate)
    {
        var feed = _dir.Combine("feed-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(feed);
        var (sha256, sha512) = AttestationWriter.HashFile(nupkg);
        var subject = new ResourceDescriptor(Path.GetFileName(nupkg), new[] { new KeyValuePair<string, string>("sha256", sha256), new KeyValuePair<string, string>("sha512", sha512) });
        var statement = new InTotoStatement(new[] { subject }, PredicateTypes.SlsaProvenanceV1, predicate);
        File.WriteAllText(Path.Combine(feed, "Contoso.Good.1.0.0.intoto.jsonl"), statement.Sign(_trusted).ToJson() + "\n");
        return feed;
    }
}
