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

    /// <summary>
    /// Issue 15's end-to-end: two packages made by our pack in a real git repository (one signed with the trusted key,
    /// one with another), published to a TUF repository by our publish, consumed by a project whose policy requires
    /// provenance from the repository's main branch and a TUF target for Contoso.* only; the attestations come only
    /// through the TUF repository (no attestation feed). The first passes, the second fails naming the rule; the first's
    /// attestation replaced by the second's in the repository's storage fails; stripped fails.
    /// </summary>
    [Fact]
    public void OurPackPublishedToTuf_TrustedFromTheExpectedRefPasses_OtherKeyFails_SwappedFails_StrippedFails()
    {
        using var root = E2ERoot.Create("PolicyTuf", _feed);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        string? trustedKeyId = null;
        foreach (var name in new[] { "root", "targets", "snapshot", "timestamp", "trusted", "other" })
        {
            using var key = KeyGenerator.Generate();
            keys[name] = root.WriteFile($"keys/{name}.pem", key.ExportPkcs8Pem());
            root.WriteFile($"policy/keys/{name}.pub", key.PublicKey.ExportPem());
            trustedKeyId = name == "trusted" ? key.PublicKey.KeyId : trustedKeyId;
        }

        var repo = root.FullPath("tuf");
        var init = ProcessRunner.Run("dotnet", new[] { Path.Combine(TestEnvironment.ToolFolder, "SupplyChain.Tool.dll"), "tuf", "init", repo, "--root-key", keys["root"], "--targets-key", keys["targets"], "--snapshot-key", keys["snapshot"], "--timestamp-key", keys["timestamp"] }, root.Path, root.Environment, TimeSpan.FromMinutes(2));
        root.Assert(init.ExitCode == 0, "tuf init", init);

        // The producers: a real git repository whose origin URL carries a token (it must never reach an attestation).
        var publish = $"<SupplyChainTufRepository>{repo}</SupplyChainTufRepository><SupplyChainTufTargetsKey>{keys["targets"]}</SupplyChainTufTargetsKey><SupplyChainTufSnapshotKey>{keys["snapshot"]}</SupplyChainTufSnapshotKey><SupplyChainTufTimestampKey>{keys["timestamp"]}</SupplyChainTufTimestampKey>";
        var common = "<Version>1.0.0</Version><PublishRepositoryUrl>true</PublishRepositoryUrl><RepositoryBranch>main</RepositoryBranch><PackageOutputPath>$(MSBuildThisFileDirectory)../../feed/</PackageOutputPath>" + publish;
        var trustedProject = Consumer.Write(root, "Contoso.Trusted", Array.Empty<(string, string?)>(), extraProperties: common + $"<SupplyChainSigningKey>{keys["trusted"]}</SupplyChainSigningKey>");
        var otherProject = Consumer.Write(root, "Contoso.Other", Array.Empty<(string, string?)>(), extraProperties: common + $"<SupplyChainSigningKey>{keys["other"]}</SupplyChainSigningKey>");
        root.WriteFile("All.slnx", $"<Solution>\n  <Project Path=\"{trustedProject}\" />\n  <Project Path=\"{otherProject}\" />\n</Solution>\n");
        root.WriteFile(".gitignore", ".packages/\n.http-cache/\nlogs/\nkeys/\ntuf/\nfeed/\nbin/\nobj/\n");
        Git(root, "init", "-q", "-b", "main");
        Git(root, "remote", "add", "origin", "https://builder:ghp_s3cr3tT0ken@github.com/contoso/fixtures.git");
        Git(root, "add", "-A");
        Git(root, "-c", "user.name=E2E", "-c", "user.email=e2e@example.org", "commit", "-q", "-m", "fixtures");
        var commit = Git(root, "rev-parse", "HEAD").Output.Trim();
        var pack = root.DotNet("pack", "All.slnx", "-c", "Release");
        root.AssertSucceeded(pack);

        var feed = root.FullPath("feed");
        var statement = JsonNode.Parse(Convert.FromBase64String((string)JsonNode.Parse(File.ReadAllLines(Path.Combine(feed, "Contoso.Trusted.1.0.0.intoto.jsonl"))[0])!["payload"]!))!;
        var definition = statement["predicate"]!["buildDefinition"]!;
        root.Assert(
            (string?)definition["externalParameters"]!["source"]!["repository"] == "https://github.com/contoso/fixtures.git"
            && (string?)definition["externalParameters"]!["source"]!["ref"] == "refs/heads/main"
            && (string?)definition["externalParameters"]!["source"]!["commit"] == commit
            && (string?)definition["resolvedDependencies"]![0]!["uri"] == "git+https://github.com/contoso/fixtures.git@refs/heads/main"
            && (string?)definition["resolvedDependencies"]![0]!["digest"]!["gitCommit"] == commit,
            "our pack records the repository, the ref and the commit of the git checkout: " + definition.ToJsonString(),
            pack);
        foreach (var file in Directory.GetFiles(feed).Where(f => f.EndsWith(".intoto.jsonl", StringComparison.Ordinal) || f.EndsWith(".sigstore.json", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            root.Assert(!text.Contains("s3cr3t", StringComparison.Ordinal) && !DecodedPayloads(text).Any(p => p.Contains("s3cr3t", StringComparison.Ordinal)), $"'{Path.GetFileName(file)}' holds no credential of the origin URL");
        }

        // The consumer: Contoso.* from the feed, the policy's TUF repository only (SupplyChain.Sdk and the fixtures are
        // no TUF targets, and no rule requires them to be), no attestation feed: attestations come through TUF.
        root.WriteFile("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="supplychain" value="{TestEnvironment.PackageFolder}" />
                <add key="fixtures" value="{_feed.Path}" />
                <add key="contoso" value="{feed}" />
              </packageSources>
              <packageSourceMapping>
                <clear />
                <packageSource key="supplychain"><package pattern="SupplyChain.*" /></packageSource>
                <packageSource key="fixtures"><package pattern="Fixture.*" /></packageSource>
                <packageSource key="contoso"><package pattern="Contoso.*" /></packageSource>
              </packageSourceMapping>
            </configuration>

            """);
        File.Copy(Path.Combine(repo, "metadata", "1.root.json"), root.FullPath("trusted-root.json"));
        root.WriteFile("policy/supplychain-policy.json", """
            {
              "version": 1,
              "rules": [
                {
                  "name": "ours",
                  "packages": ["Contoso.*"],
                  "requireTufTarget": true,
                  "requireProvenance": {
                    "trustedKeys": [ { "publicKeyFile": "keys/trusted.pub" } ],
                    "sourceRepositories": ["https://github.com/contoso/fixtures"],
                    "sourceRefs": ["refs/heads/main"]
                  }
                }
              ]
            }
            """);
        root.WriteFile("src/App/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>{TestEnvironment.TargetFramework}</TargetFramework>
                <SupplyChainPolicy>../../policy/supplychain-policy.json</SupplyChainPolicy>
                <SupplyChainPolicyTufTrustedRoot>../../trusted-root.json</SupplyChainPolicyTufTrustedRoot>
                <SupplyChainPolicyTufRemote>{repo}</SupplyChainPolicyTufRemote>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Contoso.Trusted" Version="1.0.0" />
                <PackageReference Include="Contoso.Other" Version="1.0.0" />
              </ItemGroup>
            </Project>

            """);

        // 1. Trusted passes; Other (another key) fails the signature check, naming the rule and its line.
        var first = root.DotNet("build", "src/App/App.csproj", "-c", "Release");
        var error = root.AssertFailedWith(first, "SCSDK6121");
        root.Assert(error.Message.Contains("Contoso.Other", StringComparison.Ordinal) && error.Message.Contains("'ours'", StringComparison.Ordinal) && error.Message.Contains("supplychain-policy.json' line 8", StringComparison.Ordinal), "the error names the package, the rule and the line of its requireProvenance section", first);
        root.Assert(first.Errors.All(e => !e.Message.Contains("Contoso.Trusted", StringComparison.Ordinal)), "Contoso.Trusted passes: trusted key, expected repository and ref, a verified TUF target", first);
        root.Assert(first.Errors.All(e => e.Code != "SCSDK6118"), "requireTufTarget applies to Contoso.* only: SupplyChain.Sdk is no TUF target and passes", first);
        root.Assert(root.ReadFile("src/App/obj/supplychain/policy-verdicts.json").Contains(trustedKeyId!, StringComparison.Ordinal), "the verified signer is recorded", first);

        // 2. The repository's stored attestation of Trusted replaced by Other's: not the signed bytes.
        string Stored(string id, string suffix) => Directory.GetFiles(Path.Combine(repo, "targets"), $"*.{id}.1.0.0{suffix}", SearchOption.AllDirectories).Single();
        File.Copy(Stored("contoso.other", ".intoto.jsonl"), Stored("contoso.trusted", ".intoto.jsonl"), overwrite: true);
        var swapped = root.DotNet("build", "src/App/App.csproj", "-c", "Release", "--no-restore");
        root.Assert(swapped.Errors.Any(e => e.Code == "SCSDK6140" && e.Message.Contains("Contoso.Trusted", StringComparison.Ordinal) && e.Message.Contains("contoso.trusted/1.0.0/contoso.trusted.1.0.0.intoto.jsonl", StringComparison.Ordinal)), "the swapped attestation fails Trusted", swapped);

        // 3. Stripped from the repository's storage: fails too.
        File.Delete(Stored("contoso.trusted", ".intoto.jsonl"));
        File.Delete(Stored("contoso.trusted", ".provenance.sigstore.json"));
        var stripped = root.DotNet("build", "src/App/App.csproj", "-c", "Release", "--no-restore");
        root.Assert(stripped.Errors.Any(e => e.Code is "SCSDK6140" or "SCSDK6120" && e.Message.Contains("Contoso.Trusted", StringComparison.Ordinal)), "a stripped attestation fails Trusted", stripped);
    }

    private static IEnumerable<string> DecodedPayloads(string text)
    {
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, "\"(?:payload|rawBytes)\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\""))
        {
            yield return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(match.Groups[1].Value));
        }
    }

    private static ProcessResult Git(E2ERoot root, params string[] args)
    {
        var result = ProcessRunner.Run("git", args, root.Path, root.Environment, TimeSpan.FromMinutes(1));
        root.Assert(result.ExitCode == 0, "git " + string.Join(" ", args), result);
        return result;
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
