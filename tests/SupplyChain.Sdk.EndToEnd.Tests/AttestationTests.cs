using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// Signed in-toto attestations of real packs (docs/attestations.md), checked with 'supplychain attest verify'. Keys
/// are made at test time with 'supplychain keygen' inside the temporary root. Few packs, many assertions each.
/// </summary>
[Collection(PinningCollection.Name)]
[Trait("Category", "E2E")]
public sealed class AttestationTests
{
    private const string Commit = "89abcdef0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromMinutes(2);

    private readonly FixtureFeed _feed;

    public AttestationTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    [Fact]
    public void Pack_WithKey_WritesAttestationsThatVerifyAndRejectTampering()
    {
        using var root = E2ERoot.Create("AttestPack", _feed);
        var key = Keygen(root, "keys/release.pem");
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") }, extraProperties:
            $"<PackageId>Contoso.App</PackageId><Version>2.1.0</Version><RepositoryUrl>https://builder:s3cr3t-token@example.org/contoso/app.git</RepositoryUrl><RepositoryCommit>{Commit}</RepositoryCommit>");

        var pack = root.DotNet("pack", project, "-c", "Release", "-v:d", "-p:SupplyChainSigningKey=" + key);
        root.AssertSucceeded(pack);
        root.Assert(CountTaskRuns(pack.Output, "AttestPackage") == 1, "the attestation task ran once", pack);
        root.Assert(!pack.Output.Contains("PRIVATE KEY", StringComparison.Ordinal) && !pack.Output.Contains(File.ReadAllLines(key)[1], StringComparison.Ordinal), "no key material in the log", pack);

        var output = root.FullPath("src/App/bin/Release");
        var nupkg = Path.Combine(output, "Contoso.App.2.1.0.nupkg");
        var statements = Path.Combine(output, "Contoso.App.2.1.0.intoto.jsonl");
        foreach (var file in new[] { nupkg, statements, Path.Combine(output, "Contoso.App.2.1.0.provenance.sigstore.json"), Path.Combine(output, "Contoso.App.2.1.0.sbom.sigstore.json"), Path.Combine(output, "Contoso.App.2.1.0.cdx.json") })
        {
            root.Assert(File.Exists(file), $"'{Path.GetFileName(file)}' is next to the package", pack);
        }

        // Both statements are about the final package bytes.
        var sha256 = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(nupkg))).ToLowerInvariant();
        var payloads = File.ReadAllLines(statements).Where(l => l.Length > 0).Select(l => JsonNode.Parse(Convert.FromBase64String((string)JsonNode.Parse(l)!["payload"]!))!).ToArray();
        root.Assert(payloads.Length == 2, "two statements: provenance and SBOM");
        root.Assert(!payloads[0].ToJsonString().Contains("s3cr3t-token", StringComparison.Ordinal), "the provenance holds no credential of the repository URL");
        root.Assert(payloads.All(p => (string?)p["subject"]![0]!["digest"]!["sha256"] == sha256 && (string?)p["subject"]![0]!["name"] == "Contoso.App.2.1.0.nupkg"), "the subject is the nupkg with its SHA-256");
        root.Assert((string?)payloads[0]["predicateType"] == "https://slsa.dev/provenance/v1" && (string?)payloads[1]["predicateType"] == "https://cyclonedx.org/bom", "provenance first, then the SBOM");
        var sbom = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "Contoso.App.2.1.0.cdx.json")))!;
        root.Assert(JsonNode.DeepEquals(sbom, payloads[1]["predicate"]), "the SBOM statement carries the SBOM sidecar");

        // The provenance names the project, the source and every locked package with the SHA-512 of its file.
        var definition = payloads[0]["predicate"]!["buildDefinition"]!;
        root.Assert((string?)definition["externalParameters"]!["project"] == "App.csproj" && (string?)definition["externalParameters"]!["configuration"] == "Release", "external parameters: " + definition["externalParameters"]!.ToJsonString());
        var dependencies = definition["resolvedDependencies"]!.AsArray();
        root.Assert((string?)dependencies[0]!["uri"] == $"git+https://example.org/contoso/app.git@{Commit}" && (string?)dependencies[0]!["digest"]!["gitCommit"] == Commit, "the source commit comes first, without the URL's credentials: " + dependencies[0]!.ToJsonString());
        var alpha = dependencies.FirstOrDefault(d => (string?)d!["uri"] == "pkg:nuget/Fixture.Alpha@1.0.0");
        var alphaFile = File.ReadAllBytes(Path.Combine(root.PackagesPath, "fixture.alpha", "1.0.0", "fixture.alpha.1.0.0.nupkg"));
        root.Assert(alpha is not null && (string?)alpha["digest"]!["sha512"] == Convert.ToHexString(SHA512.HashData(alphaFile)).ToLowerInvariant(), "Fixture.Alpha with the SHA-512 of its .nupkg: " + dependencies.ToJsonString());
        root.Assert(dependencies.Any(d => ((string?)d!["uri"])?.StartsWith("pkg:nuget/SupplyChain.Sdk@", StringComparison.Ordinal) == true), "the SDK package itself is a resolved dependency");
        root.Assert((string?)payloads[0]["predicate"]!["runDetails"]!["builder"]!["id"] == "https://github.com/supplychain-sdk/supplychain-sdk/blob/main/docs/attestations.md#builder-local", "a local build names the local builder");

        // supplychain attest verify: the files pass; tampered variants fail with exit code 1.
        var publicKey = key + ".pub";
        var verified = Tool(root, "attest", "verify", statements, "--key", publicKey, "--artifact", nupkg);
        root.Assert(verified.ExitCode == 0 && verified.Output.Contains("2 of 2 attestation(s)", StringComparison.Ordinal), "attest verify accepts the statements", verified);
        foreach (var bundle in new[] { "provenance", "sbom" })
        {
            var result = Tool(root, "attest", "verify", Path.Combine(output, $"Contoso.App.2.1.0.{bundle}.sigstore.json"), "--key", publicKey, "--artifact", nupkg);
            root.Assert(result.ExitCode == 0, $"attest verify accepts the {bundle} bundle", result);
        }

        var otherArtifact = Path.Combine(root.PackagesPath, "fixture.alpha", "1.0.0", "fixture.alpha.1.0.0.nupkg");
        var wrongArtifact = Tool(root, "attest", "verify", statements, "--key", publicKey, "--artifact", otherArtifact);
        root.Assert(wrongArtifact.ExitCode == 1 && wrongArtifact.Errors.Count(e => e.Code == "SCSDK3035") == 2, "another artifact is rejected with SCSDK3035", wrongArtifact);

        var tampered = root.FullPath("tampered.intoto.jsonl");
        var lines = File.ReadAllLines(statements).Where(l => l.Length > 0).ToArray();
        var envelope = JsonNode.Parse(lines[0])!;
        var payload = Convert.FromBase64String((string)envelope["payload"]!);
        payload[payload.Length / 2] ^= 0x01;
        envelope["payload"] = Convert.ToBase64String(payload);
        File.WriteAllText(tampered, envelope.ToJsonString() + "\n" + lines[1] + "\n");
        var flipped = Tool(root, "attest", "verify", tampered, "--key", publicKey, "--artifact", nupkg);
        root.Assert(flipped.ExitCode == 1 && flipped.Errors.Any(e => e.Code == "SCSDK3021" && e.Line == 1) && flipped.Output.Contains("1 of 2 attestation(s)", StringComparison.Ordinal), "a flipped payload byte is rejected on its line; the other line still verifies", flipped);

        var otherKey = Keygen(root, "keys/other.pem");
        var wrongKey = Tool(root, "attest", "verify", statements, "--key", otherKey + ".pub", "--artifact", nupkg);
        root.Assert(wrongKey.ExitCode == 1 && wrongKey.Errors.Count(e => e.Code == "SCSDK3021") == 2, "another key is rejected with SCSDK3021", wrongKey);

        // The package given in place of its attestations: one error that says so, not one per "line" of the zip.
        var packageAsAttestations = Tool(root, "attest", "verify", nupkg, "--key", publicKey, "--artifact", nupkg);
        root.Assert(packageAsAttestations.ExitCode == 1 && packageAsAttestations.Errors.Count == 1 && packageAsAttestations.Errors.Single().Code == "SCSDK3020" && packageAsAttestations.Errors.Single().Message.Contains("zip archive", StringComparison.Ordinal) && !packageAsAttestations.Output.Contains("..", StringComparison.Ordinal), "the .nupkg as attestations file is one SCSDK3020", packageAsAttestations);

        var privateAsPublic = Tool(root, "attest", "verify", statements, "--key", key, "--artifact", nupkg);
        root.Assert(privateAsPublic.ExitCode == 2 && privateAsPublic.Errors.Any(e => e.Code == "SCSDK3012"), "a private key given as --key is a usage error", privateAsPublic);
    }

    [Fact]
    public void Pack_WithExternalSigner_SignsPackageAndSymbolsKeepsItsTokenOffDiskAndLeavesNothingUnsignedWhenItFails()
    {
        using var root = E2ERoot.Create("AttestSigner", _feed);
        var key = Keygen(root, "signer/key.pem");
        // The signer holds the private key; the build knows only the command and the public key. The command carries a
        // token in its arguments (as a KMS client's often does); it comes from the environment, so that no project file
        // holds it and any file that does was written by the build.
        const string Token = "kmsT0kenInTheCommandLine";
        var script = root.WriteFile("signer/sign.sh", "set -euo pipefail\nif [ \"${SIGNER_FAIL:-}\" = 1 ]; then echo 'signer: HSM not reachable' >&2; exit 4; fi\nopenssl dgst -sha256 -sign \"$1\" | base64 -w0\n");
        root.SetEnvironment("SupplyChainSigningCommand", $"bash \"{script}\" \"{key}\" --token={Token}");
        var project = Consumer.Write(root, "Lib", Array.Empty<(string, string?)>(), extraProperties:
            $"<Version>1.0.0</Version><IncludeSymbols>true</IncludeSymbols><SymbolPackageFormat>snupkg</SymbolPackageFormat><SupplyChainSigningPublicKey>{key}.pub</SupplyChainSigningPublicKey>");

        var pack = root.DotNet("pack", project, "-c", "Release");
        root.AssertSucceeded(pack);
        var output = root.FullPath("src/Lib/bin/Release");
        var nupkg = Path.Combine(output, "Lib.1.0.0.nupkg");
        var snupkg = Path.Combine(output, "Lib.1.0.0.snupkg");
        var verified = Tool(root, "attest", "verify", Path.Combine(output, "Lib.1.0.0.intoto.jsonl"), "--key", key + ".pub", "--artifact", nupkg);
        root.Assert(verified.ExitCode == 0, "the external signer's attestations verify", verified);

        // The symbol package, published beside the package, has its own provenance about its own bytes.
        root.Assert(File.Exists(snupkg) && File.Exists(snupkg + ".intoto.jsonl") && File.Exists(snupkg + ".provenance.sigstore.json"), "the .snupkg gets <name>.snupkg.intoto.jsonl and .provenance.sigstore.json", pack);
        var symbols = Tool(root, "attest", "verify", snupkg + ".intoto.jsonl", "--key", key + ".pub", "--artifact", snupkg);
        root.Assert(symbols.ExitCode == 0 && symbols.Output.Contains("1 of 1 attestation(s) of 'Lib.1.0.0.snupkg'", StringComparison.Ordinal), "the symbol package's provenance verifies", symbols);
        var crossed = Tool(root, "attest", "verify", snupkg + ".intoto.jsonl", "--key", key + ".pub", "--artifact", nupkg);
        root.Assert(crossed.ExitCode == 1 && crossed.Errors.Any(e => e.Code == "SCSDK3035"), "the symbol package's provenance is not about the package", crossed);

        // The signing command (and its token) is stored nowhere: obj/ holds its SHA-256 only.
        var settings = File.ReadAllText(root.FullPath("src/Lib/obj/supplychain/attestations.settings"));
        root.Assert(settings.Contains("CommandHash=" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"bash \"{script}\" \"{key}\" --token={Token}"))).ToLowerInvariant(), StringComparison.Ordinal), "the settings file holds the command's SHA-256: " + settings);
        // (The test's own binary logs under logs/ are left out: they record the environment-derived property.)
        var testLogs = Path.Combine(root.Path, "logs") + Path.DirectorySeparatorChar;
        var holders = Directory.EnumerateFiles(root.Path, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(testLogs, StringComparison.Ordinal) && File.ReadAllText(f).Contains(Token, StringComparison.Ordinal)).ToArray();
        root.Assert(holders.Length == 0, "no file in the tree holds the signing command's token: " + string.Join(", ", holders), pack);
        root.Assert(!pack.Output.Contains(Token, StringComparison.Ordinal), "the log does not show the token", pack);

        root.SetEnvironment("SIGNER_FAIL", "1");
        File.AppendAllText(root.FullPath("src/Lib/Uses.cs"), "\n// changed\n");
        var failed = root.DotNet("pack", project, "-c", "Release");
        var error = root.AssertFailedWith(failed, "SCSDK3030");
        root.Assert(error.Message.Contains("HSM not reachable", StringComparison.Ordinal) && !error.Message.Contains(key, StringComparison.Ordinal) && !failed.Output.Contains(Token, StringComparison.Ordinal), "the error names the failure, not the command's arguments", failed);
        root.Assert(Directory.GetFiles(output, "*.intoto.jsonl").Length == 0 && Directory.GetFiles(output, "*.sigstore.json").Length == 0, "no attestation is left next to the package", failed);
        // Nothing unsigned that a later CI step could publish: the packages and the SBOM sidecar of this pack are gone.
        var left = Directory.GetFiles(output).Select(Path.GetFileName).ToArray();
        root.Assert(!left.Any(f => f!.EndsWith(".nupkg", StringComparison.Ordinal) || f.EndsWith(".snupkg", StringComparison.Ordinal) || f.EndsWith(".cdx.json", StringComparison.Ordinal)), "no .nupkg, .snupkg or SBOM sidecar is left in bin/: " + string.Join(", ", left), failed);
        root.Assert(failed.Output.Contains("were deleted", StringComparison.Ordinal), "the log says the unsigned packages were deleted", failed);
    }

    [Fact]
    public void Pack_AttestationsWithoutKeyOrWithAWrongPassword_FailsAndLeavesNoAttestation()
    {
        using var root = E2ERoot.Create("AttestNoKey", _feed);
        var project = Consumer.Write(root, "Lib", Array.Empty<(string, string?)>(), extraProperties: "<Version>1.0.0</Version>");
        var output = root.FullPath("src/Lib/bin/Release");

        var noKey = root.DotNet("pack", project, "-c", "Release", "-p:SupplyChainAttestationsEnabled=true");
        var error = root.AssertFailedWith(noKey, "SCSDK3025");
        root.Assert(error.File == root.FullPath(project) || error.Message.Contains("Lib.csproj", StringComparison.Ordinal), "SCSDK3025 names the project", noKey);

        root.SetEnvironment("RELEASE_KEY_PASSWORD", "correct horse battery staple");
        root.SetEnvironment("WRONG_KEY_PASSWORD", "Tr0ub4dor&3");
        var key = Keygen(root, "keys/encrypted.pem", "RELEASE_KEY_PASSWORD");
        var good = root.DotNet("pack", project, "-c", "Release", "-p:SupplyChainSigningKey=" + key, "-p:SupplyChainSigningKeyPassword=env:RELEASE_KEY_PASSWORD");
        root.AssertSucceeded(good);
        root.Assert(File.Exists(Path.Combine(output, "Lib.1.0.0.intoto.jsonl")), "the encrypted key signs with its password", good);

        var wrong = root.DotNet("pack", project, "-c", "Release", "-p:SupplyChainSigningKey=" + key, "-p:SupplyChainSigningKeyPassword=env:WRONG_KEY_PASSWORD");
        root.AssertFailedWith(wrong, "SCSDK3005");
        root.Assert(!wrong.Output.Contains("Tr0ub4dor", StringComparison.Ordinal) && !wrong.Output.Contains("correct horse", StringComparison.Ordinal), "no password in the log", wrong);
        root.Assert(Directory.GetFiles(output, "*.intoto.jsonl").Length == 0 && Directory.GetFiles(output, "*.sigstore.json").Length == 0, "no attestation is left, not even the earlier one", wrong);

        // Secrets put where a source belongs are refused without being repeated, in the log or under obj/.
        var typedPassword = root.DotNet("pack", project, "-c", "Release", "-v:d", "-p:SupplyChainSigningKey=" + key, "-p:SupplyChainSigningKeyPassword=correct horse battery staple");
        root.AssertFailedWith(typedPassword, "SCSDK3007");
        root.Assert(!typedPassword.Output.Contains("correct horse", StringComparison.Ordinal) || typedPassword.Output.Split('\n').Where(l => l.Contains("correct horse", StringComparison.Ordinal)).All(l => l.Contains("SupplyChainSigningKeyPassword=correct horse", StringComparison.Ordinal)), "the password appears only where the user typed it (the command line MSBuild echoes)", typedPassword);
        root.Assert(!Directory.EnumerateFiles(root.FullPath("src/Lib/obj"), "*", SearchOption.AllDirectories).Any(f => File.ReadAllText(f).Contains("correct horse", StringComparison.Ordinal)), "no file under obj/ holds the password", typedPassword);

        var unencrypted = Keygen(root, "keys/plain.pem");
        root.SetEnvironment("SupplyChainSigningKey", File.ReadAllText(unencrypted));
        var pemText = root.DotNet("pack", project, "-c", "Release");
        root.SetEnvironment("SupplyChainSigningKey", null);
        var pemError = root.AssertFailedWith(pemText, "SCSDK3002");
        root.Assert(pemError.Message.Contains("PEM text", StringComparison.Ordinal) && !pemText.Output.Contains(File.ReadAllLines(unencrypted)[1], StringComparison.Ordinal), "PEM text in SupplyChainSigningKey is refused without being logged", pemText);
        root.Assert(pemError.Message.Contains("environment variable 'SupplyChainSigningKey'", StringComparison.Ordinal) && pemError.Message.Contains("exposed", StringComparison.Ordinal) && pemError.Message.Contains("must be rotated", StringComparison.Ordinal), "SCSDK3002 says the key came from the environment, was exposed to build logs and must be rotated", pemText);
        root.Assert(!Directory.EnumerateFiles(output, "*.nupkg").Any(), "the unsigned package of the failed pack is not left in bin/", pemText);
        root.Assert(pemText.BinaryLogPath is not null && BinaryLogText(pemText.BinaryLogPath).Contains(File.ReadAllLines(unencrypted)[1], StringComparison.Ordinal), "why it must be rotated: the binary log holds the key, read as a property from the environment", pemText);

        // A relative key path is resolved against the project folder, and the message says so with the full path.
        var relative = root.DotNet("pack", project, "-c", "Release", "-p:SupplyChainSigningKey=keys/absent.pem");
        var relativeError = root.AssertFailedWith(relative, "SCSDK3000");
        root.Assert(relativeError.Message.Contains(Path.Combine(Path.GetDirectoryName(root.FullPath(project))!, "keys", "absent.pem"), StringComparison.Ordinal) && relativeError.Message.Contains("resolved against the project folder", StringComparison.Ordinal), "SCSDK3000 shows the resolved path and how relative paths resolve", relative);
    }

    private static string Keygen(E2ERoot root, string relativePath, string? passwordEnv = null)
    {
        var path = root.FullPath(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var args = new List<string> { "keygen", "--type", "ecdsa-p256", "--out", path };
        if (passwordEnv is not null)
        {
            args.AddRange(new[] { "--password-env", passwordEnv });
        }

        var result = Tool(root, args.ToArray());
        root.Assert(result.ExitCode == 0 && File.Exists(path) && File.Exists(path + ".pub"), "supplychain keygen wrote the key pair", result);
        root.Assert(result.Output.Split('\n').Any(l => l.Trim().Length == 64 && l.Trim().All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')), "keygen prints the key id on a line of its own", result);
        return path;
    }

    private static ProcessResult Tool(E2ERoot root, params string[] args)
        => ProcessRunner.Run("dotnet", new[] { Path.Combine(TestEnvironment.ToolFolder, "SupplyChain.Tool.dll") }.Concat(args), root.Path, root.Environment, s_toolTimeout);

    // A binary log is a gzip stream of records whose strings are UTF-8.
    private static string BinaryLogText(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static int CountTaskRuns(string output, string task)
        => output.Split('\n').Count(l => l.Contains($"Task \"{task}\"", StringComparison.Ordinal) && !l.Contains("skipped", StringComparison.OrdinalIgnoreCase));
}
