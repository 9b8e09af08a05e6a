using System;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Core.Tests.Vulnerabilities;

/// <summary>
/// A VEX statement suppresses a finding only for the vulnerability, package and version it names: a statement about
/// one package, one version or another ecosystem's artefact of the same name must leave every other finding standing.
/// </summary>
public class VexStatementScopeTests
{
    private static readonly Advisory s_advisory = new(
        "GHSA-5crp-9r3c-p9vr",
        new[] { "CVE-2024-21907" },
        null,
        VulnerabilitySeverity.High,
        Array.Empty<(string, string)>(),
        "https://github.com/advisories/GHSA-5crp-9r3c-p9vr",
        null,
        "osv",
        Array.Empty<AffectedPackage>());

    private static readonly VulnerabilityFinding s_finding = new(
        "Newtonsoft.Json", "12.0.3", s_advisory, new[] { "(, 13.0.1)" }, "13.0.1", new[] { "Newtonsoft.Json 12.0.3" }, 5, new[] { "net10.0" });

    private static VexStatement Statement(string vulnerability, params string[] products)
        => new(vulnerability, products, VexState.NotAffected, "component_not_present", "r", null, "a", DateTimeOffset.MaxValue, "vex.json", 3);

    [Theory]
    [InlineData("pkg:nuget/Newtonsoft.Json@12.0.3")]
    [InlineData("pkg:nuget/newtonsoft.json@12.0.3")]
    [InlineData("PKG:NUGET/Newtonsoft.Json@12.0.3")]
    [InlineData("pkg:nuget/Newtonsoft.Json@12.0.3.0")]
    [InlineData("pkg:nuget/Newtonsoft.Json@12.0.3+build.7")]
    [InlineData("pkg:nuget/Newtonsoft.Json@12.0.3?repository_url=https://api.nuget.org/v3/index.json")]
    [InlineData("pkg:nuget/Newtonsoft.Json@12.0.3#lib/net45")]
    [InlineData("pkg:nuget/Newtonsoft%2EJson@12.0.3")]
    [InlineData("pkg:nuget/Newtonsoft.Json")]
    public void Statement_ForTheFindingsPackageAndVersion_CoversIt(string product)
        => Assert.True(Statement("GHSA-5crp-9r3c-p9vr", product).Covers(s_finding));

    [Theory]
    [InlineData("pkg:nuget/Newtonsoft.Json.Bson@12.0.3")]
    [InlineData("pkg:nuget/Newtonsoft@12.0.3")]
    [InlineData("pkg:nuget/Newtonsoft.Json@12.0.4")]
    [InlineData("pkg:nuget/Newtonsoft.Json@12.0.3-beta")]
    [InlineData("pkg:nuget/Newtonsoft.Json@not-a-version")]
    [InlineData("pkg:maven/Newtonsoft.Json@12.0.3")]
    [InlineData("pkg:npm/xxNewtonsoft.Json@12.0.3")]
    [InlineData("Newtonsoft.Json@12.0.3")]
    public void Statement_ForAnotherPackageVersionOrEcosystem_DoesNotCoverIt(string product)
        => Assert.False(Statement("GHSA-5crp-9r3c-p9vr", product).Covers(s_finding));

    [Fact]
    public void Statement_NamingSeveralProducts_CoversTheFinding_WhenAnyOfThemIsItsPackage()
        => Assert.True(Statement("GHSA-5crp-9r3c-p9vr", "pkg:nuget/Other@1.0.0", "pkg:nuget/Newtonsoft.Json@12.0.3").Covers(s_finding));

    [Fact]
    public void Statement_ForAnotherVulnerability_DoesNotCoverIt_EvenForTheSamePackage()
        => Assert.False(Statement("GHSA-0000-0000-0000", "pkg:nuget/Newtonsoft.Json@12.0.3").Covers(s_finding));

    [Fact]
    public void Statement_ByCveAlias_CoversIt()
        => Assert.True(Statement("cve-2024-21907", "pkg:nuget/Newtonsoft.Json@12.0.3").Covers(s_finding));

    [Fact]
    public void Statement_WithoutProducts_CoversTheVulnerabilityWherever_ItIsFound()
        => Assert.True(Statement("GHSA-5crp-9r3c-p9vr").Covers(s_finding));

    [Theory]
    [InlineData(VexState.NotAffected, "not_affected")]
    [InlineData(VexState.Affected, "exploitable")]
    [InlineData(VexState.Fixed, "resolved")]
    [InlineData(VexState.UnderInvestigation, "in_triage")]
    public void State_IsWrittenInCycloneDxTerms(VexState state, string expected)
        => Assert.Equal(expected, (Statement("x") with { State = state }).CycloneDxState);

    [Theory]
    [InlineData(null, null)]
    [InlineData("component_not_present", "code_not_present")]
    [InlineData("vulnerable_code_not_present", "code_not_present")]
    [InlineData("vulnerable_code_not_in_execute_path", "code_not_reachable")]
    [InlineData("vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment")]
    [InlineData("inline_mitigations_already_exist", "protected_by_mitigating_control")]
    [InlineData("protected_at_runtime", "protected_at_runtime")]
    public void OpenVexJustification_IsWrittenInCycloneDxTerms(string? justification, string? expected)
        => Assert.Equal(expected, (Statement("x") with { Justification = justification }).CycloneDxJustification);
}
