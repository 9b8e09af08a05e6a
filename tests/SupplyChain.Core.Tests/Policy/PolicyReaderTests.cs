using System;
using System.IO;
using System.Text;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Policy;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Policy;

/// <summary>The policy file is read strictly: every problem is SCSDK6100 on its line, nothing is skipped.</summary>
public class PolicyReaderTests
{
    internal static PolicyDocument Parse(string json, string? baseDirectory = null)
        => PolicyReader.Parse(Encoding.UTF8.GetBytes(json), "supplychain-policy.json", baseDirectory ?? Path.GetTempPath());

    private static Diagnostic Malformed(string json)
    {
        var ex = Assert.Throws<SupplyChainException>(() => Parse(json));
        Assert.Equal("SCSDK6100", ex.Diagnostic.Code);
        return ex.Diagnostic;
    }

    [Fact]
    public void ValidPolicy_ReadsRulesInOrder_WithLines()
    {
        var policy = Parse("""
            {
              "version": 1,
              "rules": [
                { "name": "all", "packages": ["*"], "licenses": { "allow": ["mit", "Apache-2.0"], "unknown": "warn" } },
                { "packages": ["Contoso.*", "Fabrikam.Core"], "deny": { "versions": ["[1.0.0, 2.0.0)"], "reason": "CVE" }, "minimumAge": { "hours": 48 } }
              ]
            }
            """);
        Assert.Equal(2, policy.Rules.Count);
        Assert.Equal(4, policy.Rules[0].Line);
        Assert.Equal(new[] { "MIT", "Apache-2.0" }, policy.Rules[0].Licenses!.Allow);
        Assert.Equal(UnknownDecision.Warn, policy.Rules[0].Licenses!.Unknown);
        Assert.Equal(UnknownDecision.Deny, policy.Rules[1].MinimumAge!.Unknown);
        Assert.Equal(TimeSpan.FromHours(48), policy.Rules[1].MinimumAge!.Age);
        Assert.Equal(5, policy.Rules[1].Line);
    }

    [Fact]
    public void UnknownKey_IsRejected_OnItsLine()
    {
        var d = Malformed("{\n \"version\": 1,\n \"rules\": [\n  { \"packages\": [\"*\"],\n    \"licences\": { } }\n ]\n}");
        Assert.Equal(5, d.Line);
        Assert.Contains("licences", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyInAnotherCase_IsUnknown_NotSilentlyAccepted()
    {
        var d = Malformed("{\"version\":1,\"rules\":[{\"Packages\":[\"*\"]}]}");
        Assert.Contains("Packages", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateKey_IsRejected_SoTwoReadersCannotSeeTwoPolicies()
    {
        var d = Malformed("{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\n\"licenses\":{\"deny\":[\"GPL-3.0-only\"]},\n\"licenses\":{\"allow\":[\"GPL-3.0-only\"]}}]}");
        Assert.Equal(3, d.Line);
        Assert.Contains("more than once", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"packages\":\"*\"", "must be an array")]
    [InlineData("\"packages\":[]", "is empty")]
    [InlineData("\"packages\":[\"Con*toso\"]", "not its last character")]
    [InlineData("\"packages\":[\"Contoso/**\"]", "character")]
    [InlineData("\"packages\":[\"*\"],\"requireTufTarget\":\"yes\"", "true or false")]
    [InlineData("\"packages\":[\"*\"],\"licenses\":{\"allow\":[\"MIT OR\"]}", "not an SPDX")]
    [InlineData("\"packages\":[\"*\"],\"licenses\":{\"allow\":[\"NotALicense-1.0\"]}", "not an SPDX")]
    [InlineData("\"packages\":[\"*\"],\"licenses\":{\"unknown\":\"maybe\"}", "deny, warn, allow")]
    [InlineData("\"packages\":[\"*\"],\"deny\":{\"versions\":[\"[1.0,\"]}", "not a NuGet version")]
    [InlineData("\"packages\":[\"*\"],\"deny\":{\"versions\":[]}", "is empty")]
    [InlineData("\"packages\":[\"*\"],\"minimumAge\":{\"hours\":\"48\"}", "must be an integer")]
    [InlineData("\"packages\":[\"*\"],\"minimumAge\":{\"hours\":0}", "between")]
    [InlineData("\"packages\":[\"*\"],\"vulnerabilities\":{\"threshold\":\"severe\"}", "not one of")]
    [InlineData("\"packages\":[\"*\"],\"requireProvenance\":{\"trustedKeys\":[]}", "is empty")]
    public void BadValue_IsRejected_WithTheReason(string ruleBody, string reason)
    {
        var d = Malformed("{\"version\":1,\"rules\":[{" + ruleBody + "}]}");
        Assert.Contains(reason, d.Message, StringComparison.Ordinal);
        Assert.Equal(1, d.Line);
    }

    [Theory]
    [InlineData("{\"rules\":[]}", "no 'version'")]
    [InlineData("{\"version\":2,\"rules\":[]}", "version 1")]
    [InlineData("{\"version\":1,\"rules\":[],}", "")]
    [InlineData("{\"version\":1,\"rules\":[]} {}", "")]
    [InlineData("[]", "must be an object")]
    public void BadDocument_IsRejected(string json, string reason)
        => Assert.Contains(reason, Malformed(json).Message, StringComparison.Ordinal);

    [Fact]
    public void MissingFile_IsItsOwnCode()
    {
        var ex = Assert.Throws<SupplyChainException>(() => PolicyReader.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "p.json")));
        Assert.Equal("SCSDK6101", ex.Diagnostic.Code);
    }

    [Fact]
    public void TrustedKey_IsLoadedRelativeToThePolicy_AndAKeyIdMustMatchIt()
    {
        using var dir = new TestDirectory("policy");
        var key = KeyGenerator.Generate();
        dir.WriteFile("keys/release.pub", key.PublicKey.ExportPem());
        var ok = Parse($"{{\"version\":1,\"rules\":[{{\"packages\":[\"*\"],\"requireProvenance\":{{\"trustedKeys\":[{{\"keyId\":\"{key.PublicKey.KeyId}\",\"publicKeyFile\":\"keys/release.pub\"}}]}}}}]}}", dir.Path);
        Assert.Equal(key.PublicKey, ok.Rules[0].RequireProvenance!.TrustedKeys[0].Key);

        var wrongId = new string('a', 64);
        var ex = Assert.Throws<SupplyChainException>(() => Parse($"{{\"version\":1,\"rules\":[{{\"packages\":[\"*\"],\"requireProvenance\":{{\"trustedKeys\":[{{\"keyId\":\"{wrongId}\",\"publicKeyFile\":\"keys/release.pub\"}}]}}}}]}}", dir.Path));
        Assert.Contains("key id", ex.Diagnostic.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<SupplyChainException>(() => Parse("{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"requireProvenance\":{\"trustedKeys\":[{\"publicKeyFile\":\"keys/none.pub\"}]}}]}", dir.Path));
        Assert.Equal("SCSDK6100", missing.Diagnostic.Code);
    }

    [Fact]
    public void LoneStarProvenancePattern_IsRejected_BecauseItAcceptsAnything()
    {
        using var dir = new TestDirectory("policy");
        dir.WriteFile("k.pub", KeyGenerator.Generate().PublicKey.ExportPem());
        var ex = Assert.Throws<SupplyChainException>(() => Parse("{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"requireProvenance\":{\"trustedKeys\":[{\"publicKeyFile\":\"k.pub\"}],\"builderIds\":[\"*\"]}}]}", dir.Path));
        Assert.Contains("lone", ex.Diagnostic.Message, StringComparison.Ordinal);
    }
}
