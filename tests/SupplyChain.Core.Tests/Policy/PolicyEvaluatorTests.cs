using System;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Policy;
using SupplyChain.Core.Vulnerabilities;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Policy;

/// <summary>Which rule applies to a package, and what each section decides.</summary>
public class PolicyEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static PackageEvaluation Eval(string json, PolicyPackage package)
        => PolicyEvaluator.Evaluate(PolicyReaderTests.Parse(json), package, "packages.lock.json", Now);

    private static PolicyPackage Mit(string id, string version = "1.0.0") => new(id, version, 7) { License = new DeclaredLicense("MIT", null, null) };

    [Fact]
    public void Finding_IsOnTheLockFileLine_AndNamesRuleFileAndLine()
    {
        var e = Eval("{\"version\":1,\"rules\":[\n{\"name\":\"no-mit\",\"packages\":[\"*\"],\n\"licenses\":{\"deny\":[\"MIT\"]}}]}", Mit("A"));
        var d = Assert.Single(e.Findings);
        Assert.Equal("SCSDK6111", d.Code);
        Assert.Equal("packages.lock.json", d.File);
        Assert.Equal(7, d.Line);
        Assert.Contains("#1 'no-mit' ('supplychain-policy.json' line 3)", d.Message, StringComparison.Ordinal);
        Assert.Equal(PolicyVerdict.Fail, e.Verdict);
        Assert.Equal(new[] { "licenses" }, e.FailedChecks);
    }

    [Fact]
    public void PrefixPattern_MatchesCaseInsensitively_SoContosoStarCoversContosoEvil()
    {
        var e = Eval("{\"version\":1,\"rules\":[{\"packages\":[\"Contoso.*\"],\"deny\":{}}]}", Mit("contoso.evil"));
        Assert.Equal("SCSDK6110", Assert.Single(e.Findings).Code);
    }

    [Fact]
    public void PrefixPattern_IsAPlainPrefix_LikeSourceMapping()
    {
        // NuGet's source mapping: "Contoso.*" is the prefix "Contoso." — "ContosoEvil" does not start with it.
        var e = Eval("{\"version\":1,\"rules\":[{\"packages\":[\"Contoso.*\"],\"deny\":{}}]}", Mit("ContosoEvil"));
        Assert.Equal(PolicyVerdict.Pass, e.Verdict);
    }

    [Fact]
    public void LaterPermissiveRule_OfTheSameReach_DoesNotWin()
    {
        var e = Eval("{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"licenses\":{\"allow\":[\"Apache-2.0\"]}},{\"packages\":[\"*\"],\"licenses\":{\"allow\":[\"MIT\"]}}]}", Mit("A"));
        Assert.Equal(PolicyVerdict.Fail, e.Verdict);
        Assert.Contains(e.Explanation, l => l.Contains("licenses: rule #1", StringComparison.Ordinal));
    }

    [Fact]
    public void MoreSpecificRule_SetsItsSection_ButLeavesTheBroaderRulesOtherSections()
    {
        var json = "{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"licenses\":{\"allow\":[\"Apache-2.0\"]},\"deny\":{\"versions\":[\"[1.0.0]\"]}},{\"packages\":[\"Contoso.Lib\"],\"licenses\":{\"allow\":[\"MIT\"]}}]}";
        var e = Eval(json, Mit("contoso.lib"));
        Assert.Equal(new[] { "deny" }, e.FailedChecks);
        Assert.Equal(PolicyVerdict.Pass, Eval(json, Mit("Contoso.Lib", "1.0.1")).Verdict);
    }

    [Fact]
    public void MoreSpecificRule_WithoutProvenance_DoesNotExemptFromTheBroaderRequirement()
    {
        using var dir = new TestDirectory("policy");
        dir.WriteFile("k.pub", KeyGenerator.Generate().PublicKey.ExportPem());
        var policy = PolicyReaderTests.Parse("{\"version\":1,\"rules\":[{\"packages\":[\"Contoso.*\"],\"requireProvenance\":{\"trustedKeys\":[{\"publicKeyFile\":\"k.pub\"}]}},{\"packages\":[\"Contoso.Evil\"],\"licenses\":{\"allow\":[\"MIT\"]}}]}", dir.Path);
        var e = PolicyEvaluator.Evaluate(policy, Mit("Contoso.Evil"), "l", Now);
        Assert.Equal(new[] { "requireProvenance" }, e.FailedChecks);
        Assert.Equal("SCSDK6120", e.Findings.Single().Code);
    }

    [Theory]
    [InlineData("1.0.0", true)]
    [InlineData("1.5.0", true)]
    [InlineData("2.0.0", false)]
    [InlineData("0.9.0", false)]
    [InlineData("1.0.0-beta", false)]
    public void Deny_VersionRange_UsesNuGetOrdering(string version, bool denied)
    {
        var e = Eval("{\"version\":1,\"rules\":[{\"packages\":[\"Bad\"],\"deny\":{\"versions\":[\"[1.0.0, 2.0.0)\"],\"reason\":\"compromised\"}}]}", Mit("bad", version));
        Assert.Equal(denied, e.Verdict == PolicyVerdict.Fail);
        if (denied)
        {
            Assert.Contains("compromised", e.Findings.Single().Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("not-a-version")]
    [InlineData("")]
    public void Deny_OfVersionRanges_DeniesAVersionThatCannotBeCompared(string version)
    {
        // A locked version the range cannot be compared with must not walk around the deny.
        var e = Eval("{\"version\":1,\"rules\":[{\"packages\":[\"Bad\"],\"deny\":{\"versions\":[\"[1.0.0, 2.0.0)\"]}}]}", Mit("bad", version));
        Assert.Equal(PolicyVerdict.Fail, e.Verdict);
        Assert.Contains("a version that cannot be compared", Assert.Single(e.Findings).Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "deny" }, e.FailedChecks);
    }

    [Fact]
    public void EveryMatchingDeny_Applies_WhateverTheOrderOrSpecificity()
    {
        var e = Eval("{\"version\":1,\"rules\":[{\"packages\":[\"Bad\"],\"deny\":{\"versions\":[\"[9.0.0]\"]}},{\"packages\":[\"*\"],\"deny\":{\"versions\":[\"[1.0.0]\"]}}]}", Mit("Bad"));
        Assert.Equal(PolicyVerdict.Fail, e.Verdict);
    }

    [Theory]
    [InlineData("deny", PolicyVerdict.Fail, "SCSDK6112")]
    [InlineData("warn", PolicyVerdict.Warn, "SCSDK6600")]
    [InlineData("allow", PolicyVerdict.Pass, null)]
    public void UnknownLicence_IsItsOwnDecision(string decision, PolicyVerdict verdict, string? code)
    {
        var e = Eval("{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"licenses\":{\"allow\":[\"MIT\"],\"unknown\":\"" + decision + "\"}}]}", new PolicyPackage("A", "1.0.0", 3) { License = new DeclaredLicense(null, "https://example.com/license", null) });
        Assert.Equal(verdict, e.Verdict);
        Assert.Equal(code, e.Findings.SingleOrDefault()?.Code);
    }

    [Fact]
    public void MalformedLicence_FailsEvenWhenUnknownIsAllowed()
    {
        var e = Eval("{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"licenses\":{\"unknown\":\"allow\"}}]}", new PolicyPackage("A", "1.0.0", 3) { License = new DeclaredLicense("MIT OR", null, null) });
        Assert.Equal("SCSDK6113", e.Findings.Single().Code);
    }

    [Fact]
    public void PackageNotInFolder_FailsTheLicenceRule()
    {
        var e = Eval("{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"licenses\":{\"unknown\":\"allow\"}}]}", new PolicyPackage("A", "1.0.0", 3) { IsAvailable = false });
        Assert.Equal("SCSDK6127", e.Findings.Single().Code);
    }

    [Fact]
    public void Vulnerabilities_AtOrAboveThreshold_Fail_Below_Pass_NoData_Fails()
    {
        static Advisory Adv(VulnerabilitySeverity s) => new("GHSA-x", Array.Empty<string>(), null, s, Array.Empty<(string, string)>(), "https://example.com/a", null, "osv", Array.Empty<AffectedPackage>());
        const string Json = "{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"vulnerabilities\":{\"threshold\":\"high\"}}]}";
        Assert.Equal("SCSDK6116", Eval(Json, Mit("A") with { Advisories = new[] { Adv(VulnerabilitySeverity.Critical) } }).Findings.Single().Code);
        Assert.Equal("SCSDK6116", Eval(Json, Mit("A") with { Advisories = new[] { Adv(VulnerabilitySeverity.Unknown) } }).Findings.Single().Code);
        Assert.Equal(PolicyVerdict.Pass, Eval(Json, Mit("A") with { Advisories = new[] { Adv(VulnerabilitySeverity.Moderate) } }).Verdict);
        Assert.Equal("SCSDK6117", Eval(Json, Mit("A")).Findings.Single().Code);
    }

    [Theory]
    [InlineData(null, "deny", "SCSDK6115")]
    [InlineData(null, "warn", "SCSDK6601")]
    [InlineData(null, "allow", null)]
    [InlineData(10, "deny", "SCSDK6114")]
    [InlineData(100, "deny", null)]
    public void MinimumAge_UsesTheSignedPublishTime_AndUnknownIsItsOwnDecision(int? hoursAgo, string unknown, string? code)
    {
        using var dir = new TestDirectory("policy");
        var key = KeyGenerator.Generate();
        dir.WriteFile("k.pub", key.PublicKey.ExportPem());
        var provenance = hoursAgo is null ? string.Empty : ",\"requireProvenance\":{\"trustedKeys\":[{\"publicKeyFile\":\"k.pub\"}]}";
        var policy = PolicyReaderTests.Parse("{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"minimumAge\":{\"hours\":48,\"unknown\":\"" + unknown + "\"}" + provenance + "}]}", dir.Path);
        var package = Mit("A") with
        {
            Provenance = _ => new ProvenanceEvidence("x") { AttestationPath = "a.intoto.jsonl", SignatureTrusted = true, SubjectMatches = true, SignerKeyIds = new[] { key.PublicKey.KeyId }, FinishedOn = Now.AddHours(-(hoursAgo ?? 0)) },
        };
        var e = PolicyEvaluator.Evaluate(policy, package, "l", Now);
        Assert.Equal(code, e.Findings.SingleOrDefault()?.Code);
    }

    [Fact]
    public void RequireTufTarget_FailsWhenNotVerified_OrNotConfigured_AndAMoreSpecificFalseExempts()
    {
        const string Json = "{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"requireTufTarget\":true},{\"packages\":[\"Local.Tool\"],\"requireTufTarget\":false}]}";
        Assert.Equal("SCSDK6118", Eval(Json, Mit("A")).Findings.Single().Code);
        Assert.Equal("SCSDK6118", Eval(Json, Mit("A") with { IsTufTarget = false }).Findings.Single().Code);
        Assert.Equal(PolicyVerdict.Pass, Eval(Json, Mit("A") with { IsTufTarget = true }).Verdict);
        Assert.Equal(PolicyVerdict.Pass, Eval(Json, Mit("Local.Tool")).Verdict);
    }

    [Fact]
    public void NoMatchingRule_Passes_AndTheExplanationSaysEachRuleDidNotMatch()
    {
        var e = Eval("{\"version\":1,\"rules\":[{\"packages\":[\"Contoso.*\"],\"deny\":{}}]}", Mit("Other"));
        Assert.Equal(PolicyVerdict.Pass, e.Verdict);
        Assert.Contains(e.Explanation, l => l.Contains("does not match", StringComparison.Ordinal));
    }
}
