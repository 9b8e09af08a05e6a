using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// The consumption policy in real builds (docs/policy.md): SupplyChainPolicy names a supplychain-policy.json; the
/// provenance of dependencies is verified from attestation sidecars in a folder feed against the .nupkg restore put
/// in the packages folder; licences are read from the nuspec in the .nupkg. Findings are on the lock-file line.
/// </summary>
[Collection(PinningCollection.Name)]
[Trait("Category", "E2E")]
public sealed class PolicyTests
{
    private const string Source = "https://github.com/contoso/fixtures";
    private readonly FixtureFeed _feed;

    public PolicyTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    [Fact]
    public void TrustedProvenancePasses_OtherKeyFails_SwappedFails_StrippedFails_NamingTheRule()
    {
        using var root = E2ERoot.Create("PolicyProvenance", _feed);
        using var trusted = KeyGenerator.Generate();
        using var other = KeyGenerator.Generate();
        root.WriteFile("policy/keys/release.pub", trusted.PublicKey.ExportPem());
        root.WriteFile("policy/supplychain-policy.json", $$"""
            {
              "version": 1,
              "rules": [
                {
                  "name": "fixtures",
                  "packages": ["Fixture.*"],
                  "requireProvenance": {
                    "trustedKeys": [ { "keyId": "{{trusted.PublicKey.KeyId}}", "publicKeyFile": "keys/release.pub" } ],
                    "sourceRepositories": ["{{Source}}"]
                  }
                }
              ]
            }
            """);
        WriteApp(root, "../../policy/supplychain-policy.json", "../../attestations");
        root.AssertSucceeded(root.DotNet("restore", "src/App/App.csproj"));
        var alpha = Nupkg(root, "Fixture.Alpha");
        var gamma = Nupkg(root, "Fixture.Gamma");
        var alphaSidecar = root.FullPath("attestations/Fixture.Alpha.1.0.0.intoto.jsonl");
        var gammaSidecar = root.FullPath("attestations/Fixture.Gamma.1.0.0.intoto.jsonl");
        Directory.CreateDirectory(root.FullPath("attestations"));
        File.WriteAllBytes(alphaSidecar, Attestation(alpha, trusted));
        File.WriteAllBytes(gammaSidecar, Attestation(gamma, other));

        // 1. Alpha (trusted key, expected source) passes; Gamma (another key) fails, naming the check and the rule.
        var first = root.DotNet("build", "src/App/App.csproj", "-c", "Release");
        var error = root.AssertFailedWith(first, "SCSDK6121");
        root.Assert(error.Message.Contains("Fixture.Gamma", StringComparison.Ordinal) && error.Message.Contains("'fixtures'", StringComparison.Ordinal) && error.Message.Contains("supplychain-policy.json' line 7", StringComparison.Ordinal), "the error names the package, the rule and the line of its requireProvenance section", first);
        var lockPath = root.FullPath("src/App/packages.lock.json");
        root.Assert(error.Line > 0 && File.ReadAllLines(lockPath)[error.Line - 1].Contains("\"Fixture.Gamma\"", StringComparison.Ordinal), "the error is on Gamma's lock-file line", first);
        root.Assert(!first.Errors.Any(e => e.Message.Contains("Fixture.Alpha", StringComparison.Ordinal)), "Alpha passes", first);

        // 2. Gamma's attestation (another key) swapped in for Alpha's: Alpha fails the signature check too.
        File.Copy(gammaSidecar, alphaSidecar, overwrite: true);
        File.Delete(gammaSidecar);
        var swapped = root.DotNet("build", "src/App/App.csproj", "-c", "Release");
        root.Assert(swapped.Errors.Any(e => e.Code == "SCSDK6121" && e.Message.Contains("Fixture.Alpha", StringComparison.Ordinal)), "the swapped attestation fails Alpha", swapped);

        // 3. A trusted attestation of Gamma's package given as Alpha's: the subject check fails.
        File.WriteAllBytes(alphaSidecar, Attestation(gamma, trusted));
        var replayed = root.DotNet("build", "src/App/App.csproj", "-c", "Release");
        root.Assert(replayed.Errors.Any(e => e.Code == "SCSDK6122" && e.Message.Contains("Fixture.Alpha", StringComparison.Ordinal)), "another package's trusted attestation fails the subject check", replayed);

        // 4. Stripped: no attestation at all.
        File.Delete(alphaSidecar);
        var stripped = root.DotNet("build", "src/App/App.csproj", "-c", "Release");
        root.Assert(stripped.Errors.Any(e => e.Code == "SCSDK6120" && e.Message.Contains("Fixture.Alpha", StringComparison.Ordinal)), "a stripped attestation fails", stripped);

        // 5. Both trusted: the build passes, and a second build does not run the check again.
        File.WriteAllBytes(alphaSidecar, Attestation(alpha, trusted));
        File.WriteAllBytes(gammaSidecar, Attestation(gamma, trusted));
        root.AssertSucceeded(root.DotNet("build", "src/App/App.csproj", "-c", "Release"));
        var verdicts = root.ReadFile("src/App/obj/supplychain/policy-verdicts.json");
        root.Assert(verdicts.Contains(trusted.PublicKey.KeyId, StringComparison.Ordinal) && verdicts.Contains(Source, StringComparison.Ordinal), "the verdicts file records the signer and source");
        var sbomPath = Directory.GetFiles(root.FullPath("src/App/obj"), "App.cdx.json", SearchOption.AllDirectories).Single();
        using (var sbom = JsonDocument.Parse(File.ReadAllText(sbomPath)))
        {
            var alphaComponent = sbom.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Fixture.Alpha");
            var properties = alphaComponent.GetProperty("properties").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("value").GetString());
            root.Assert(
                properties.GetValueOrDefault("supplychain:policy:verdict") == "pass"
                && properties.GetValueOrDefault("supplychain:provenance:source") == Source
                && properties.GetValueOrDefault("supplychain:provenance:signer") == trusted.PublicKey.KeyId
                && properties.ContainsKey("supplychain:provenance:builder"),
                "the SBOM records the policy verdict and the verified provenance of the component: " + string.Join(", ", properties));
        }

        var again = root.DotNet("build", "src/App/App.csproj", "-c", "Release", "-v:d");
        root.AssertSucceeded(again);
        root.Assert(again.Output.Contains("Skipping target \"_SupplyChainCheckPolicy\"", StringComparison.Ordinal), "a no-op build skips the policy check", again);
    }

    [Fact]
    public void DeniedLicence_FailsOnTheLockFileLine_NamingTheRule()
    {
        using var root = E2ERoot.Create("PolicyLicence", _feed);
        root.WriteFile("supplychain-policy.json", """
            {
              "version": 1,
              "rules": [
                { "name": "licences", "packages": ["*"], "licenses": { "allow": ["Apache-2.0"] } }
              ]
            }
            """);
        WriteApp(root, "../../supplychain-policy.json", null);
        var result = root.DotNet("build", "src/App/App.csproj", "-c", "Release", "-p:SupplyChainSarifOutput=policy.sarif");
        var error = root.AssertFailedWith(result, "SCSDK6111");
        var sarif = root.ReadFile("src/App/policy.sarif");
        root.Assert(sarif.Contains("\"ruleId\": \"SCSDK6111\"", StringComparison.Ordinal) && sarif.Contains("App.csproj#policy", StringComparison.Ordinal), "the build's SARIF report has the policy finding that failed it", result);
        var lockPath = root.FullPath("src/App/packages.lock.json");
        root.Assert(error.Message.Contains("'MIT'", StringComparison.Ordinal) && error.Message.Contains("'licences'", StringComparison.Ordinal) && error.Message.Contains("line 4", StringComparison.Ordinal), "the error names the licence and the rule", result);
        root.Assert(error.Line > 0 && File.ReadAllLines(lockPath)[error.Line - 1].Contains("\"Fixture.", StringComparison.Ordinal), "the error is on a lock-file line", result);
    }

    private static string Nupkg(E2ERoot root, string id)
        => Path.Combine(root.PackagesPath, id.ToLowerInvariant(), "1.0.0", id.ToLowerInvariant() + ".1.0.0.nupkg");

    private static byte[] Attestation(string nupkgPath, SigningKey key)
    {
        var (sha256, sha512) = AttestationWriter.HashFile(nupkgPath);
        var subject = new ResourceDescriptor(Path.GetFileName(nupkgPath), new[] { new KeyValuePair<string, string>("sha256", sha256), new KeyValuePair<string, string>("sha512", sha512) });
        var predicate = new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = AttestationUris.DotNetPackBuildTypeV1,
                ["externalParameters"] = new JsonObject { ["source"] = new JsonObject { ["repository"] = Source, ["commit"] = new string('a', 40) } },
            },
            ["runDetails"] = new JsonObject { ["builder"] = new JsonObject { ["id"] = "https://github.com/contoso/fixtures/actions" } },
        };
        return System.Text.Encoding.UTF8.GetBytes(new InTotoStatement(new[] { subject }, PredicateTypes.SlsaProvenanceV1, predicate).Sign(key).ToJson() + "\n");
    }

    private static void WriteApp(E2ERoot root, string policy, string? feeds)
    {
        root.WriteFile("src/App/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>{TestEnvironment.TargetFramework}</TargetFramework>
                <SupplyChainPolicy>{policy}</SupplyChainPolicy>
                <SupplyChainPolicyAttestationFeeds>{feeds}</SupplyChainPolicyAttestationFeeds>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Fixture.Alpha" Version="1.0.0" />
                <PackageReference Include="Fixture.Gamma" Version="1.0.0" />
              </ItemGroup>
            </Project>

            """);
    }
}
