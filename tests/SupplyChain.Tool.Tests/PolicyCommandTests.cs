using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChain.TestUtilities;

namespace SupplyChain.Tool.Tests;

/// <summary><c>supplychain policy check|explain|test</c>, over the same Core entry points as the build.</summary>
public sealed class PolicyCommandTests
{
    private static string Examples => Path.Combine(RepositoryPaths.Root, "docs", "examples", "policy");

    [Fact]
    public void Test_ShippedExampleCases_AllPass()
    {
        var (exit, output, _, diagnostics) = CommandRunner.Run("policy", "test", Path.Combine(Examples, "cases"));
        Assert.True(exit == 0, output + string.Join("\n", diagnostics.Select(d => d.Code + " " + d.Message)));
        Assert.Contains("14 of 14 case(s) passed.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_CaseWithTheWrongExpectation_FailsWithSCSDK6130_AndAMalformedCaseWithSCSDK6131()
    {
        using var dir = new TestDirectory("policy-cli");
        dir.WriteFile("cases/a.json", "{\"package\":{\"id\":\"Gpl\",\"version\":\"1.0.0\",\"license\":\"GPL-3.0-only\",\"advisories\":[]},\"expect\":\"pass\"}");
        dir.WriteFile("cases/b.json", "{\"package\":{\"id\":\"X\",\"version\":\"1.0.0\"},\n\"expected\":\"pass\"}");
        var (exit, _, _, diagnostics) = CommandRunner.Run("policy", "test", dir.Combine("cases"), "--policy", Path.Combine(Examples, "supplychain-policy.json"));
        Assert.Equal(2, exit); // the malformed case is unreadable input, which outranks a failed case
        Assert.Contains(diagnostics, d => d.Code == "SCSDK6130" && d.Message.Contains("a.json", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Code == "SCSDK6131" && d.Line == 2);
    }

    [Fact]
    public void Check_Json_ReportsVerdictAndFailedChecksPerPackage_AndExplainShowsEachRule()
    {
        using var dir = new TestDirectory("policy-cli");
        var packages = dir.Combine("packages");
        foreach (var (id, license) in new[] { ("Good.Lib", "MIT"), ("Gpl.Lib", "GPL-3.0-only") })
        {
            var folder = Path.Combine(packages, id.ToLowerInvariant(), "1.0.0");
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, TestPackageBuilder.FileNameOf(id, "1.0.0")), new TestPackageBuilder(id, "1.0.0").WithLicenseExpression(license).Build());
        }

        var lockFile = dir.WriteFile("app/packages.lock.json", new LockFileBuilder().Add("net8.0", "Good.Lib", "Direct", "[1.0.0]", "1.0.0", "h").Add("net8.0", "Gpl.Lib", "Direct", "[1.0.0]", "1.0.0", "h").Root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        dir.WriteFile("supplychain-policy.json", "{\"version\":1,\"rules\":[{\"name\":\"licences\",\"packages\":[\"*\"],\"licenses\":{\"allow\":[\"MIT\"]}}]}");
        var (exit, output, _, diagnostics) = CommandRunner.Run("policy", "check", lockFile, "--packages", packages, "--json");
        Assert.Equal(1, exit);
        Assert.Contains(diagnostics, d => d.Code == "SCSDK6111" && d.Line > 0);
        using var json = JsonDocument.Parse(output);
        var verdicts = json.RootElement.GetProperty("packages").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("verdict").GetString());
        Assert.Equal("pass", verdicts["Good.Lib"]);
        Assert.Equal("fail", verdicts["Gpl.Lib"]);

        var (explainExit, explained, _, _) = CommandRunner.Run("policy", "explain", "gpl.lib", "--lock", lockFile, "--packages", packages);
        Assert.Equal(1, explainExit);
        Assert.Contains("rule #1 'licences' (line 1): matches by '*'", explained, StringComparison.Ordinal);
        Assert.Contains("GPL-3.0-only is not in the allow list", explained, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MalformedPolicy_ExitsTwo_WithTheLine()
    {
        using var dir = new TestDirectory("policy-cli");
        var lockFile = dir.WriteFile("packages.lock.json", new LockFileBuilder().Add("net8.0", "A", "Direct", "[1.0.0]", "1.0.0", "h").Root.ToJsonString());
        dir.WriteFile("supplychain-policy.json", "{\"version\":1,\n\"rules\":[{\"packages\":[\"*\"],\"unknownRule\":{}}]}");
        var (exit, _, _, diagnostics) = CommandRunner.Run("policy", "check", lockFile, "--packages", dir.Combine("none"));
        Assert.Equal(2, exit);
        Assert.Contains(diagnostics, d => d.Code == "SCSDK6100" && d.Line == 2);
    }

    [Fact]
    public void Check_WithATufRootButNoRepository_IsAUsageErrorNamingBoth()
    {
        using var dir = new TestDirectory("policy-cli");
        var lockFile = dir.WriteFile("packages.lock.json", new LockFileBuilder().Add("net8.0", "A", "Direct", "[1.0.0]", "1.0.0", "h").Root.ToJsonString());
        dir.WriteFile("supplychain-policy.json", "{\"version\":1,\"rules\":[{\"packages\":[\"*\"],\"requireTufTarget\":true}]}");
        var (exit, _, _, diagnostics) = CommandRunner.Run("policy", "check", lockFile, "--packages", dir.Combine("none"), "--tuf-root", dir.Combine("root.json"));
        Assert.Equal(2, exit);
        var error = Assert.Single(diagnostics, d => d.Code == "SCSDK6142");
        Assert.Contains("--tuf-repo", error.Message, StringComparison.Ordinal);
    }
}
