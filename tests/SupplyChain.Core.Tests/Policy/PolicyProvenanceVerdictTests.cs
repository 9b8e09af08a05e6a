using System;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Policy;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Policy;

/// <summary>
/// The requireProvenance verdict from evidence made at test time: a package whose attestation is not signed by a key
/// the rule trusts, or whose signed statement names a builder or source the rule does not accept (or none), never passes.
/// </summary>
public sealed class PolicyProvenanceVerdictTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestDirectory _dir = new("policy");
    private readonly string _keyId;

    public PolicyProvenanceVerdictTests()
    {
        var key = KeyGenerator.Generate();
        _dir.WriteFile("k.pub", key.PublicKey.ExportPem());
        _keyId = key.PublicKey.KeyId;
    }

    public void Dispose() => _dir.Dispose();

    private ProvenanceEvidence Trusted => new("x")
    {
        AttestationPath = "a.intoto.jsonl",
        SignatureTrusted = true,
        SubjectMatches = true,
        SignerKeyIds = new[] { _keyId.ToUpperInvariant() },
        BuilderId = "https://github.com/actions/runner",
        SourceRepository = "https://github.com/contoso/lib",
    };

    private PackageEvaluation Eval(string requirement, ProvenanceEvidence evidence)
    {
        var policy = PolicyReaderTests.Parse("{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"requireProvenance\":{\"trustedKeys\":[{\"publicKeyFile\":\"k.pub\"}]" + requirement + "}}]}", _dir.Path);
        var package = new PolicyPackage("Contoso.Lib", "1.0.0", 7) { Provenance = _ => evidence };
        return PolicyEvaluator.Evaluate(policy, package, "packages.lock.json", Now);
    }

    [Fact]
    public void SignatureByATrustedKey_WithAcceptedBuilderAndSource_Passes()
    {
        var e = Eval(",\"builderIds\":[\"https://github.com/actions/*\"],\"sourceRepositories\":[\"https://github.com/contoso/lib\"]", Trusted);
        Assert.Equal(PolicyVerdict.Pass, e.Verdict);
        Assert.NotNull(e.Provenance);
    }

    [Fact]
    public void ValidSignature_ByAKeyTheRuleDoesNotTrust_Fails_NamingTheTrustedKeys()
    {
        var e = Eval(string.Empty, Trusted with { SignerKeyIds = new[] { "0000000000000000" } });
        Assert.Equal(new[] { "signature" }, e.FailedChecks);
        Assert.Contains("trusted: " + _keyId, Assert.Single(e.Findings).Message, StringComparison.Ordinal);
        Assert.Null(e.Provenance);
    }

    [Fact]
    public void TrustedKeyId_OnASignatureThatDidNotVerify_Fails_WithTheProblem()
    {
        var e = Eval(string.Empty, Trusted with { SignatureTrusted = false, SignatureProblem = "the signature does not verify" });
        Assert.Equal(new[] { "signature" }, e.FailedChecks);
        Assert.Contains("the signature does not verify", e.Findings.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeylessSignature_UnderARuleWithOnlyKeys_Fails()
    {
        var e = Eval(string.Empty, Trusted with { SignerKeyIds = Array.Empty<string>(), SignedByKeylessIdentity = true });
        Assert.Equal(new[] { "signature" }, e.FailedChecks);
    }

    [Fact]
    public void RequiredBuilder_MissingFromTheStatement_Fails_AsNone()
    {
        var e = Eval(",\"builderIds\":[\"https://github.com/actions/runner\"]", Trusted with { BuilderId = null });
        Assert.Equal(new[] { "builderId" }, e.FailedChecks);
        Assert.Contains("'(none)'", e.Findings.Single().Message, StringComparison.Ordinal);
        Assert.Null(e.Provenance);
    }

    [Fact]
    public void RequiredSource_MissingFromTheStatement_Fails_AsNone()
    {
        var e = Eval(",\"sourceRepositories\":[\"https://github.com/contoso/*\"]", Trusted with { SourceRepository = null });
        Assert.Equal(new[] { "sourceRepository" }, e.FailedChecks);
        Assert.Contains("(none)", e.Findings.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptedSourceBesideAnotherOne_InTheClaims_Fails_NamingTheOther()
    {
        var e = Eval(",\"sourceRepositories\":[\"https://github.com/contoso/lib\"]", Trusted with { SourceRepositoryClaims = new[] { "https://github.com/contoso/lib", "https://github.com/evil/lib" } });
        Assert.Equal(new[] { "sourceRepository" }, e.FailedChecks);
        Assert.Contains("https://github.com/evil/lib", e.Findings.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_OverrideTheSingleSource()
    {
        // The single value is the first claim when there are claims; a good single value does not excuse a bad claim.
        var e = Eval(",\"sourceRepositories\":[\"https://github.com/contoso/lib\"]", Trusted with { SourceRepositoryClaims = new[] { "https://github.com/evil/lib" } });
        Assert.Equal(new[] { "sourceRepository" }, e.FailedChecks);
    }
}
