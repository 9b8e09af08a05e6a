using System;
using System.Linq;
using SupplyChain.Core.Policy;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Core.Tests.Policy;

/// <summary>The boundaries of <c>deny</c>, <c>vulnerabilities</c> and <c>requireTufTarget</c>, and what their findings and the explanation say.</summary>
public class PolicyEvaluatorFindingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static PackageEvaluation Eval(string rules, PolicyPackage package)
        => PolicyEvaluator.Evaluate(PolicyReaderTests.Parse("{\"version\":1,\"rules\":[" + rules + "]}"), package, "packages.lock.json", Now);

    private static PolicyPackage Package(string id = "Bad", string version = "1.0.0") => new(id, version, 9) { License = new DeclaredLicense("MIT", null, null) };

    [Theory]
    [InlineData("not-a-version")]
    [InlineData("1.0.0.0.0")]
    [InlineData("")]
    public void Deny_OfVersions_AVersionThatCannotBeCompared_IsDenied(string version)
    {
        // A version the ranges cannot be compared with must not walk around a deny of some versions.
        var e = Eval("{\"packages\":[\"Bad\"],\"deny\":{\"versions\":[\"[1.0.0]\"]}}", Package(version: version));
        var finding = Assert.Single(e.Findings);
        Assert.Equal("SCSDK6110", finding.Code);
        Assert.Contains("is denied by policy rule #1 ('supplychain-policy.json' line 1) (a version that cannot be compared).", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deny_Finding_NamesWhatWasHit_AndTheReasonOnlyWhenGiven()
    {
        var every = Eval("{\"packages\":[\"Bad\"],\"deny\":{}}", Package());
        Assert.Equal(
            "'Bad' 1.0.0 is denied by policy rule #1 ('supplychain-policy.json' line 1) (every version). Remove the dependency or move to a version the rule does not deny.",
            Assert.Single(every.Findings).Message);
        var ranged = Eval("{\"packages\":[\"Bad\"],\"deny\":{\"versions\":[\"[0.1.0]\",\"[1.0.0, 2.0.0)\"],\"reason\":\"CVE-2026-1\"}}", Package());
        Assert.Contains("line 1) ([1.0.0, 2.0.0): CVE-2026-1).", Assert.Single(ranged.Findings).Message, StringComparison.Ordinal);
        Assert.Contains(ranged.Explanation, l => l == "deny: rule #1 denies [1.0.0, 2.0.0)");
    }

    [Fact]
    public void Deny_OfOtherVersions_Passes_AndTheExplanationSaysWhichVersionsItDenies()
    {
        var e = Eval("{\"packages\":[\"Bad\"],\"deny\":{\"versions\":[\"[0.1.0]\",\"[3.0.0, )\"]}}", Package(version: "1.0.0"));
        Assert.Equal(PolicyVerdict.Pass, e.Verdict);
        Assert.Contains(e.Explanation, l => l == "deny: rule #1 denies [0.1.0] [3.0.0, ), not 1.0.0");
        Assert.Equal("verdict: pass", e.Explanation[^1]);
    }

    [Fact]
    public void Vulnerability_OfExactlyTheThresholdSeverity_Fails_AndTheFindingNamesAdvisoryAndSeverities()
    {
        var advisory = new Advisory("GHSA-aaaa-bbbb-cccc", Array.Empty<string>(), null, VulnerabilitySeverity.High, Array.Empty<(string, string)>(), "https://github.com/advisories/GHSA-aaaa-bbbb-cccc", null, "osv", Array.Empty<AffectedPackage>());
        var e = Eval("{\"packages\":[\"*\"],\"vulnerabilities\":{\"threshold\":\"high\"}}", Package() with { Advisories = new[] { advisory } });
        var finding = Assert.Single(e.Findings);
        Assert.Equal("SCSDK6116", finding.Code);
        Assert.Equal(
            "'Bad' 1.0.0 has the advisory GHSA-aaaa-bbbb-cccc, severity high, at or above the threshold high of policy rule #1 ('supplychain-policy.json' line 1). Update the package; see https://github.com/advisories/GHSA-aaaa-bbbb-cccc.",
            finding.Message);
        Assert.Contains(e.Explanation, l => l == "vulnerabilities: 1 advisories, threshold high");
    }

    [Fact]
    public void RequireTufTarget_TheFindingSaysWhetherNoRepositoryIsConfigured_OrThePackageIsNotATarget_OrWhatWentWrong()
    {
        const string Rules = "{\"packages\":[\"*\"],\"requireTufTarget\":true}";
        Assert.Contains("requires one: no TUF repository is configured (SupplyChainPolicyTufTrustedRoot", Assert.Single(Eval(Rules, Package()).Findings).Message, StringComparison.Ordinal);
        Assert.Contains("requires one: it is not a target of the repository.", Assert.Single(Eval(Rules, Package() with { IsTufTarget = false }).Findings).Message, StringComparison.Ordinal);
        Assert.Contains("requires one: the target's hashes differ.", Assert.Single(Eval(Rules, Package() with { IsTufTarget = false, TufProblem = "the target's hashes differ" }).Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explanation_SaysForEachRuleWhetherItMatches_AndForEachSectionWhichRuleApplies()
    {
        var e = Eval("{\"name\":\"contoso\",\"packages\":[\"Contoso.*\",\"Other\"],\"deny\":{}},{\"packages\":[\"B*\"],\"licenses\":{\"allow\":[\"MIT\"]}}", Package());
        Assert.Equal(
            new[]
            {
                "rule #1 'contoso' (line 1): does not match (patterns 'Contoso.*', 'Other')",
                "rule #2 (line 1): matches by 'B*'",
                "licenses: rule #2 (line 1) applies",
                "licenses: Allowed (allowed)",
                "vulnerabilities: no matching rule sets it",
                "requireTufTarget: no matching rule sets it",
                "requireProvenance: no matching rule sets it",
                "minimumAge: no matching rule sets it",
                "verdict: pass",
            },
            e.Explanation);
    }

    [Fact]
    public void CallerErrors_NameTheParameter()
    {
        var policy = PolicyReaderTests.Parse("{\"version\":1,\"rules\":[]}");
        Assert.Equal("policy", Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Evaluate(null!, Package(), "l", Now)).ParamName);
        Assert.Equal("package", Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Evaluate(policy, null!, "l", Now)).ParamName);
        Assert.Equal("policy", Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Applicable(null!, "A", _ => true)).ParamName);
        Assert.Equal("sets", Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Applicable(policy, "A", null!)).ParamName);
    }

    public static TheoryData<string, string, string> FailingSections => new()
    {
        { "{\"packages\":[\"*\"],\"licenses\":{\"unknown\":\"allow\"}}", "absent", "licenses" },
        { "{\"packages\":[\"*\"],\"licenses\":{\"unknown\":\"allow\"}}", "malformed", "licenses" },
        { "{\"packages\":[\"*\"],\"licenses\":{\"unknown\":\"deny\"}}", "unknown", "licenses" },
        { "{\"packages\":[\"*\"],\"vulnerabilities\":{\"threshold\":\"low\"}}", "plain", "vulnerabilities" },
        { "{\"packages\":[\"*\"],\"vulnerabilities\":{\"threshold\":\"low\"}}", "vulnerable", "vulnerabilities" },
        { "{\"packages\":[\"*\"],\"requireTufTarget\":true}", "plain", "requireTufTarget" },
        { "{\"packages\":[\"*\"],\"deny\":{}}", "plain", "deny" },
    };

    [Theory]
    [MemberData(nameof(FailingSections))]
    public void FailedCheck_IsNamedBySection_SoPolicyTestCasesCanExpectIt(string rule, string package, string check)
    {
        var advisory = new Advisory("GHSA-x", Array.Empty<string>(), null, VulnerabilitySeverity.Low, Array.Empty<(string, string)>(), "https://example.com/a", null, "osv", Array.Empty<AffectedPackage>());
        var p = package switch
        {
            "absent" => Package() with { IsAvailable = false },
            "malformed" => Package() with { License = new DeclaredLicense("MIT OR", null, null) },
            "unknown" => Package() with { License = DeclaredLicense.None },
            "vulnerable" => Package() with { Advisories = new[] { advisory } },
            _ => Package(),
        };
        var e = Eval(rule, p);
        Assert.Equal(new[] { check }, e.FailedChecks);
        Assert.Equal(PolicyVerdict.Fail, e.Verdict);
        if (package == "absent")
        {
            Assert.Contains("is not in the packages folder '(packages folder)'", e.Findings.Single().Message, StringComparison.Ordinal);
        }
    }
}
