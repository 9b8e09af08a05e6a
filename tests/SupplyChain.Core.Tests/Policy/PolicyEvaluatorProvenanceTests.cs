using System;
using System.Linq;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Policy;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Policy;

/// <summary>
/// What <c>requireProvenance</c> accepts, given what the attestation lookup found: only a signature by a key (or keyless
/// identity) the rule trusts, over the package, naming accepted values, counts as verified provenance, and only verified
/// provenance gives <c>minimumAge</c> a publish time.
/// </summary>
public sealed class PolicyEvaluatorProvenanceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestDirectory _dir = new("policy-provenance");
    private readonly string _trustedKeyId;

    public PolicyEvaluatorProvenanceTests()
    {
        var key = KeyGenerator.Generate();
        _dir.WriteFile("k.pub", key.PublicKey.ExportPem());
        _trustedKeyId = key.PublicKey.KeyId;
    }

    public void Dispose() => _dir.Dispose();

    private PolicyDocument Policy(string provenanceExtra = "", string ruleExtra = "")
        => PolicyReaderTests.Parse(
            "{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"requireProvenance\":{\"trustedKeys\":[{\"publicKeyFile\":\"k.pub\"}]" + provenanceExtra + "}" + ruleExtra + "}]}",
            _dir.Path);

    private ProvenanceEvidence Signed(Func<ProvenanceEvidence, ProvenanceEvidence>? change = null)
    {
        var evidence = new ProvenanceEvidence("A.1.0.0.intoto.jsonl")
        {
            AttestationPath = "A.1.0.0.intoto.jsonl",
            PackagePath = "a.1.0.0.nupkg",
            SignatureTrusted = true,
            SubjectMatches = true,
            SignerKeyIds = new[] { _trustedKeyId },
            BuilderId = "https://github.com/actions/runner",
            BuildType = "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1",
            SourceRepository = "https://github.com/contoso/lib",
            SourceRef = "refs/heads/main",
            FinishedOn = Now.AddDays(-10),
        };
        return change is null ? evidence : change(evidence);
    }

    private static PackageEvaluation Evaluate(PolicyDocument policy, ProvenanceEvidence evidence)
        => PolicyEvaluator.Evaluate(policy, new PolicyPackage("A", "1.0.0", 5) { Provenance = _ => evidence }, "packages.lock.json", Now);

    private static PolicyDocument WithKeyless(PolicyDocument policy)
    {
        var rule = policy.Rules.Single();
        var keyless = new KeylessSigner(1, SigstoreIdentity.Exact("https://github.com/contoso/lib/.github/workflows/release.yml@refs/heads/main", "https://token.actions.githubusercontent.com"), new TrustedRoot([], [], [], []), "trusted_root.json");
        return policy with { Rules = new[] { rule with { RequireProvenance = rule.RequireProvenance! with { Keyless = keyless } } } };
    }

    [Fact]
    public void SignedByATrustedKey_OverThePackage_WithAcceptedValues_IsVerifiedProvenance()
    {
        var e = Evaluate(Policy(), Signed());
        Assert.Equal(PolicyVerdict.Pass, e.Verdict);
        Assert.NotNull(e.Provenance);
        Assert.Contains(e.Explanation, l => l.StartsWith("requireProvenance: verified ('A.1.0.0.intoto.jsonl', signer " + _trustedKeyId, StringComparison.Ordinal));
    }

    [Fact]
    public void SignatureThatDidNotVerify_IsUntrusted_EvenWhenItNamesATrustedKeyId()
    {
        // A key id is a claim anybody can write into an envelope; only a verified signature counts.
        var e = Evaluate(Policy(), Signed(s => s with { SignatureTrusted = false, SignatureProblem = "the signature does not verify" }));
        var finding = Assert.Single(e.Findings);
        Assert.Equal("SCSDK6121", finding.Code);
        Assert.EndsWith("(the signature does not verify).", finding.Message, StringComparison.Ordinal);
        Assert.Null(e.Provenance);
        Assert.Equal(new[] { "signature" }, e.FailedChecks);
    }

    [Fact]
    public void VerifiedSignature_ByNoKeyTheRuleTrusts_IsUntrusted_AndTheMessageListsTheTrustedKeys()
    {
        var none = Evaluate(Policy(), Signed(s => s with { SignerKeyIds = Array.Empty<string>() }));
        var finding = Assert.Single(none.Findings);
        Assert.Equal("SCSDK6121", finding.Code);
        Assert.EndsWith("(trusted: " + _trustedKeyId + ").", finding.Message, StringComparison.Ordinal);
        Assert.Null(none.Provenance);

        var other = Evaluate(Policy(), Signed(s => s with { SignerKeyIds = new[] { new string('0', 64) } }));
        Assert.Equal("SCSDK6121", Assert.Single(other.Findings).Code);
    }

    [Fact]
    public void SignerKeyId_InAnotherCase_IsTheTrustedKey()
        => Assert.Equal(PolicyVerdict.Pass, Evaluate(Policy(), Signed(s => s with { SignerKeyIds = new[] { _trustedKeyId.ToUpperInvariant() } })).Verdict);

    [Fact]
    public void SignedByAnUntrustedKeyAndATrustedOne_IsTrusted()
        => Assert.Equal(PolicyVerdict.Pass, Evaluate(Policy(), Signed(s => s with { SignerKeyIds = new[] { new string('0', 64), _trustedKeyId } })).Verdict);

    [Fact]
    public void KeylessBundle_CountsOnlyWhenTheRuleTrustsAKeylessIdentity()
    {
        var keylessSigned = Signed(s => s with { SignerKeyIds = Array.Empty<string>(), SignedByKeylessIdentity = true });
        Assert.Equal("SCSDK6121", Assert.Single(Evaluate(Policy(), keylessSigned).Findings).Code);
        Assert.Equal(PolicyVerdict.Pass, Evaluate(WithKeyless(Policy()), keylessSigned).Verdict);

        // A rule that trusts a keyless identity does not make a signature by an unlisted key count.
        var byOtherKey = Signed(s => s with { SignerKeyIds = new[] { new string('0', 64) } });
        var e = Evaluate(WithKeyless(Policy()), byOtherKey);
        var finding = Assert.Single(e.Findings);
        Assert.Equal("SCSDK6121", finding.Code);
        Assert.Contains("(trusted: " + _trustedKeyId + ", keyless 'https://github.com/contoso/lib/.github/workflows/release.yml@refs/heads/main' of https://token.actions.githubusercontent.com).", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://github.com/actions/runner-evil")]
    [InlineData("https://github.com/actions/runne")]
    [InlineData("https://github.com/Actions/runner")]
    public void BuilderId_OtherThanAnExactAcceptedValue_IsRefused(string builderId)
    {
        var e = Evaluate(Policy(",\"builderIds\":[\"https://github.com/actions/runner\"]"), Signed(s => s with { BuilderId = builderId }));
        var finding = Assert.Single(e.Findings);
        Assert.Equal("SCSDK6123", finding.Code);
        Assert.Equal(
            "'A' 1.0.0: check 'builderId' failed: the provenance names the builder '" + builderId + "', which policy rule #1 ('supplychain-policy.json' line 1) does not accept (accepted: https://github.com/actions/runner).",
            finding.Message);
        Assert.Null(e.Provenance);
    }

    [Fact]
    public void BuilderId_MatchingAnyOfTheAcceptedValues_OrAStarPrefix_IsAccepted()
    {
        var policy = Policy(",\"builderIds\":[\"https://example.com/other\",\"https://github.com/actions/runner\"],\"buildTypes\":[\"https://slsa-framework.github.io/*\"]");
        Assert.Equal(PolicyVerdict.Pass, Evaluate(policy, Signed()).Verdict);
    }

    [Fact]
    public void ProvenanceWithoutABuilder_IsRefused_AsNone()
    {
        var e = Evaluate(Policy(",\"builderIds\":[\"https://github.com/actions/runner\"]"), Signed(s => s with { BuilderId = null }));
        Assert.Contains("names the builder '(none)'", Assert.Single(e.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatch_LeavesNoVerifiedProvenance_SoMinimumAgeHasNoPublishTime()
    {
        var policy = Policy(",\"buildTypes\":[\"https://example.com/other\"]", ",\"minimumAge\":{\"hours\":48,\"unknown\":\"deny\"}");
        var e = Evaluate(policy, Signed());
        Assert.Equal(new[] { "buildType", "minimumAge" }, e.FailedChecks);
        Assert.Equal(new[] { "SCSDK6124", "SCSDK6115" }, e.Findings.Select(f => f.Code));
        Assert.Null(e.Provenance);
        Assert.Contains(e.Explanation, l => l.StartsWith("requireProvenance: signed but does not match", StringComparison.Ordinal));
    }

    [Fact]
    public void SourceRepository_WithoutClaims_IsTheSingleValue_AndMatchesAnyAcceptedOne()
    {
        var policy = Policy(",\"sourceRepositories\":[\"https://github.com/contoso/other\",\"https://github.com/contoso/lib\"]");
        Assert.Equal(PolicyVerdict.Pass, Evaluate(policy, Signed()).Verdict);
        Assert.Equal(PolicyVerdict.Pass, Evaluate(policy, Signed(s => s with { SourceRepository = "git+https://github.com/contoso/lib.git" })).Verdict);
        var none = Evaluate(policy, Signed(s => s with { SourceRepository = null }));
        Assert.Contains("names the source '(none)'", Assert.Single(none.Findings).Message, StringComparison.Ordinal);
        Assert.Null(none.Provenance);
    }

    [Fact]
    public void SourceRepository_ExtendingAnAcceptedOne_IsRefused()
    {
        var policy = Policy(",\"sourceRepositories\":[\"https://github.com/contoso/lib\"]");
        var e = Evaluate(policy, Signed(s => s with { SourceRepository = "https://github.com/contoso/lib-evil" }));
        Assert.Equal("SCSDK6125", Assert.Single(e.Findings).Code);
    }

    [Fact]
    public void SourceClaims_AGoodValueBesideABadOne_IsRefused_NamingTheBadOneAmongAll()
    {
        var policy = Policy(",\"sourceRepositories\":[\"https://github.com/contoso/lib\"],\"sourceRefs\":[\"refs/heads/main\"]");
        var e = Evaluate(policy, Signed(s => s with
        {
            SourceRepositoryClaims = new[] { "https://github.com/contoso/lib", "https://github.com/mallory/lib", "https://github.com/contoso/lib" },
            SourceRefClaims = new[] { "refs/heads/main", "refs/heads/main" },
        }));
        var finding = Assert.Single(e.Findings);
        Assert.Equal("SCSDK6125", finding.Code);
        Assert.Contains("names the source 'https://github.com/mallory/lib' (of 'https://github.com/contoso/lib', 'https://github.com/mallory/lib')', which", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith("(accepted: https://github.com/contoso/lib).", finding.Message, StringComparison.Ordinal);
        Assert.Null(e.Provenance);
    }

    [Fact]
    public void SourceClaims_OverrideTheSingleValue_AGoodSingleValueDoesNotExcuseABadClaim()
    {
        var e = Evaluate(Policy(",\"sourceRepositories\":[\"https://github.com/contoso/lib\"]"), Signed(s => s with { SourceRepositoryClaims = new[] { "https://github.com/evil/lib" } }));
        Assert.Equal(new[] { "sourceRepository" }, e.FailedChecks);
        Assert.Null(e.Provenance);
    }

    [Fact]
    public void SourceRef_ClaimedTheSameWayEverywhere_IsNamedOnce()
    {
        var e = Evaluate(Policy(",\"sourceRefs\":[\"refs/heads/main\"]"), Signed(s => s with { SourceRefClaims = new[] { "refs/heads/dev", "refs/heads/dev" } }));
        var finding = Assert.Single(e.Findings);
        Assert.Equal("SCSDK6126", finding.Code);
        Assert.Contains("names the ref 'refs/heads/dev', which", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MinimumAge_OfExactlyTheRequiredAge_Passes_AndOneSecondLess_IsTooNew()
    {
        var policy = Policy(ruleExtra: ",\"minimumAge\":{\"hours\":48,\"unknown\":\"deny\"}");
        Assert.Equal(PolicyVerdict.Pass, Evaluate(policy, Signed(s => s with { FinishedOn = Now.AddHours(-48) })).Verdict);
        var e = Evaluate(policy, Signed(s => s with { FinishedOn = Now.AddHours(-48).AddSeconds(1) }));
        var finding = Assert.Single(e.Findings);
        Assert.Equal("SCSDK6114", finding.Code);
        Assert.StartsWith("'A' 1.0.0 was published at 2026-11-29T12:00:01Z (from the signed provenance), less than the 48 hours policy rule #1", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachProvenanceCheck_ThatFails_IsNamed_SoPolicyTestCasesCanExpectIt()
    {
        var policy = Policy(",\"builderIds\":[\"https://github.com/actions/runner\"],\"sourceRepositories\":[\"https://github.com/contoso/lib\"],\"sourceRefs\":[\"refs/heads/main\"]", ",\"minimumAge\":{\"hours\":480,\"unknown\":\"allow\"}");
        Assert.Equal(new[] { "signature" }, Evaluate(policy, Signed(s => s with { SignatureTrusted = false })).FailedChecks);
        Assert.Equal(new[] { "subject" }, Evaluate(policy, Signed(s => s with { SubjectMatches = false })).FailedChecks);
        Assert.Equal(new[] { "minimumAge" }, Evaluate(policy, Signed()).FailedChecks);
        Assert.Equal(
            new[] { "builderId", "sourceRepository", "sourceRef" },
            Evaluate(policy, Signed(s => s with { BuilderId = "b", SourceRepository = "r", SourceRef = "f" })).FailedChecks);
        var absent = PolicyEvaluator.Evaluate(policy, new PolicyPackage("A", "1.0.0", 5) { IsAvailable = false }, "packages.lock.json", Now);
        Assert.Equal(new[] { "requireProvenance" }, absent.FailedChecks);
        Assert.Contains("is not in the packages folder '(packages folder)'", absent.Findings.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoAttestationSource_IsMissingProvenance_SayingWhereItLooked()
    {
        var e = PolicyEvaluator.Evaluate(Policy(), new PolicyPackage("A", "1.0.0", 5), "packages.lock.json", Now);
        var finding = Assert.Single(e.Findings);
        Assert.Equal("SCSDK6120", finding.Code);
        Assert.Contains("(looked for no attestation source)", finding.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "requireProvenance" }, e.FailedChecks);
    }

    [Fact]
    public void AttestationTheTufRepositoryListsWithOtherBytes_FailsThePackage_WhateverElseWasFound()
    {
        var e = Evaluate(Policy(), Signed(s => s with { TufRemote = "https://tuf.example", TufSidecarProblems = new[] { ("a/A.1.0.0.intoto.jsonl", "its length differs.") } }));
        var finding = Assert.Single(e.Findings);
        Assert.Equal("SCSDK6140", finding.Code);
        Assert.StartsWith("'A' 1.0.0: the attestation 'a/A.1.0.0.intoto.jsonl' is a target of the TUF repository 'https://tuf.example', but its length differs; policy rule #1", finding.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "tufAttestation" }, e.FailedChecks);
        Assert.Null(e.Provenance);
        Assert.Contains(e.Explanation, l => l == "requireProvenance: an attestation listed by the TUF repository does not match its target");
    }

    [Fact]
    public void UntrustedSignature_TheExplanationSaysTheStatementIsNotLookedAt()
        => Assert.Contains(
            Evaluate(Policy(), Signed(s => s with { SignatureTrusted = false })).Explanation,
            l => l == "requireProvenance: signature not by a trusted key; the statement is not looked at");

    [Fact]
    public void MessagesAndExplanation_ListEveryAcceptedValue_AndEverySigner()
    {
        var other = new string('0', 64);
        var policy = Policy(",\"builderIds\":[\"https://b1\",\"https://b2\"],\"sourceRepositories\":[\"https://r1\",\"https://r2\"]", ",\"minimumAge\":{\"hours\":1,\"unknown\":\"allow\"}");
        var e = Evaluate(policy, Signed(s => s with { SignerKeyIds = new[] { _trustedKeyId, other } }));
        Assert.EndsWith("(accepted: https://b1, https://b2).", e.Findings[0].Message, StringComparison.Ordinal);
        Assert.EndsWith("(accepted: https://r1, https://r2).", e.Findings[1].Message, StringComparison.Ordinal);
        Assert.Contains(e.Explanation, l => l.StartsWith("requireProvenance: signed but does not match ('A.1.0.0.intoto.jsonl', signer " + _trustedKeyId + ", " + other + ", builder ", StringComparison.Ordinal));
        Assert.Contains(e.Explanation, l => l == "minimumAge: no signed publish time (only verified provenance gives one)");
    }
}
