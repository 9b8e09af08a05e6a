using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Attestations;

/// <summary>Runs where Debian's python3-securesystemslib is installed for /usr/bin/python3 (eng/test.sh installs it where apt-get can).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SecuresystemslibTheoryAttribute : TheoryAttribute
{
    public SecuresystemslibTheoryAttribute()
    {
        Skip = AttestationInteropTests.SecuresystemslibSkipReason;
    }
}

/// <summary>
/// What we write, checked by verifiers that are not ours: the Sigstore bundles by sigstore-js (@sigstore/verify's
/// Verifier) and the Bundle JSON schema of sigstore/protobuf-specs (ajv), the DSSE envelopes by securesystemslib.
/// The scripts in tests/interop only pass our files to those libraries; each test also proves the verifier rejects
/// a tampered input.
/// </summary>
[Trait("Category", "Interop")]
public sealed class AttestationInteropTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<string?> s_securesystemslib = new(() =>
    {
        if (!File.Exists(Python))
        {
            return Python + " does not exist";
        }

        var probe = ProcessRunner.Run(Python, new[] { "-c", "import securesystemslib.signer, cryptography" }, Path.GetTempPath(), ProcessRunner.CleanEnvironment(), TimeSpan.FromSeconds(30));
        return probe.ExitCode == 0 ? null : "securesystemslib is not importable by " + Python;
    });

    private readonly TestDirectory _temp = new("scsdk-attest-interop");

    public static string? SecuresystemslibSkipReason => s_securesystemslib.Value is { } reason
        ? $"The DSSE interop test verifies with securesystemslib (Debian python3-securesystemslib): {reason}. Install it with 'apt-get install python3-securesystemslib'."
        : null;

    public void Dispose() => _temp.Dispose();

    [NodeTheory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.Ed25519)]
    public void SigstoreVerify_AcceptsBothBundles(KeyAlgorithm algorithm)
    {
        var (package, key, publicKeyPath) = Attested(algorithm);
        var sidecars = AttestationSidecars.Of(package);
        foreach (var bundle in new[] { sidecars.ProvenanceBundle, sidecars.SbomBundle })
        {
            var result = VerifyBundle(bundle, package, publicKeyPath, key.KeyId);
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Contains("verified: ", result.Output, StringComparison.Ordinal);
        }
    }

    [NodeFact]
    public void SigstoreVerify_AcceptsBundlesWhoseSubjectAlsoCarriesTheNuGetContentHashAndPurl()
    {
        // A real .nupkg (a zip), so the subject has the extra digest 'nugetContentSha512' and the 'uri'; sigstore-js
        // must still verify the bundle, and the digest it sees must be the hex SHA-512 of the unsigned package,
        // computed here independently.
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        var publicKeyPath = _temp.Combine("content-hash.pub");
        File.WriteAllText(publicKeyPath, key.PublicKey.ExportPem());
        var package = new TestPackageBuilder("Contoso.Lib", "1.2.3").WithLibFile("net8.0", "Contoso.Lib.dll", "assembly").WriteTo(_temp.Combine("zip"));
        AttestationTestHelpers.Attest(package, key, packageUrl: "pkg:nuget/Contoso.Lib@1.2.3");
        var expected = Convert.ToHexString(System.Security.Cryptography.SHA512.HashData(File.ReadAllBytes(package))).ToLowerInvariant();
        var sidecars = AttestationSidecars.Of(package);
        foreach (var bundle in new[] { sidecars.ProvenanceBundle, sidecars.SbomBundle })
        {
            var result = NodeInterop.RunScript("verify-sigstore-bundle.mjs", new[] { bundle, package, publicKeyPath, key.KeyId, expected }, s_timeout);
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Contains("digests: nugetContentSha512,sha256,sha512", result.Output, StringComparison.Ordinal);
        }

        var wrong = NodeInterop.RunScript("verify-sigstore-bundle.mjs", new[] { sidecars.ProvenanceBundle, package, publicKeyPath, key.KeyId, new string('0', 128) }, s_timeout);
        AssertInvalid(wrong, "nugetContentSha512");
    }

    [NodeFact]
    public void SigstoreVerify_RejectsATamperedPayloadAnotherArtifactAnotherKeyAndAnotherHint()
    {
        var (package, key, publicKeyPath) = Attested(KeyAlgorithm.EcdsaP256);
        var bundle = AttestationSidecars.Of(package).ProvenanceBundle;

        var tampered = _temp.Combine("tampered.sigstore.json");
        var json = JsonNode.Parse(File.ReadAllText(bundle))!;
        var payload = Convert.FromBase64String((string)json["dsseEnvelope"]!["payload"]!);
        payload[payload.Length / 2] ^= 0x01;
        json["dsseEnvelope"]!["payload"] = Convert.ToBase64String(payload);
        File.WriteAllText(tampered, json.ToJsonString());
        AssertInvalid(VerifyBundle(tampered, package, publicKeyPath, key.KeyId), "SIGNATURE_ERROR");

        var otherPackage = AttestationTestHelpers.WritePackage(_temp.Combine("other"));
        AssertInvalid(VerifyBundle(bundle, otherPackage, publicKeyPath, key.KeyId), "no subject has the artifact's sha256");

        var otherKey = KeyGenerator.GenerateToFile(KeyAlgorithm.EcdsaP256, _temp.Combine("other.pem"));
        AssertInvalid(VerifyBundle(bundle, package, otherKey.PublicKeyPath, key.KeyId), "SIGNATURE_ERROR");

        AssertInvalid(VerifyBundle(bundle, package, publicKeyPath, otherKey.KeyId), "key not found");
    }

    [NodeFact(requiresVectors: true)]
    public void BundleSchema_AcceptsOurBundlesAndRejectsABrokenOne()
    {
        var (package, _, _) = Attested(KeyAlgorithm.EcdsaP256);
        var sidecars = AttestationSidecars.Of(package);
        var schema = RepositoryPaths.Vector("sigstore-protobuf-specs", "jsonschema", "Bundle.schema.json");

        var valid = NodeInterop.RunScript("validate-sigstore-bundle-schema.mjs", new[] { schema, sidecars.ProvenanceBundle, sidecars.SbomBundle }, s_timeout);
        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.Equal(2, valid.Output.Split('\n').Count(l => l.StartsWith("valid: ", StringComparison.Ordinal)));

        var broken = _temp.Combine("broken.sigstore.json");
        var json = JsonNode.Parse(File.ReadAllText(sidecars.ProvenanceBundle))!;
        json["dsseEnvelope"]!["signatures"]![0]!["sig"] = "not base64!";
        json["verificationMaterial"]!["publicKey"]!["keyHint"] = "unknown field";
        File.WriteAllText(broken, json.ToJsonString());
        var invalid = NodeInterop.RunScript("validate-sigstore-bundle-schema.mjs", new[] { schema, broken }, s_timeout);
        Assert.True(invalid.ExitCode == 1, invalid.Output);
        Assert.Contains("invalid: ", invalid.Output, StringComparison.Ordinal);
    }

    [SecuresystemslibTheory]
    [InlineData(KeyAlgorithm.EcdsaP256, "ecdsa-sha2-nistp256")]
    [InlineData(KeyAlgorithm.EcdsaP384, "ecdsa-sha2-nistp384")]
    [InlineData(KeyAlgorithm.Ed25519, "ed25519")]
    [InlineData(KeyAlgorithm.Rsa, "rsassa-pss-sha256")]
    public void Securesystemslib_VerifiesEveryEnvelopeAndRejectsTamperedOnes(KeyAlgorithm algorithm, string scheme)
    {
        var (package, key, publicKeyPath) = Attested(algorithm);
        var statements = AttestationSidecars.Of(package).Statements;

        var valid = VerifyDsse(statements, publicKeyPath, scheme);
        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.Equal(2, valid.Output.Split('\n').Count(l => l.StartsWith("verified: ", StringComparison.Ordinal) && l.EndsWith(" " + key.KeyId, StringComparison.Ordinal)));

        var lines = File.ReadAllText(statements).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var envelope = JsonNode.Parse(lines[1])!;
        var payload = Convert.FromBase64String((string)envelope["payload"]!);
        payload[^3] ^= 0x01;
        envelope["payload"] = Convert.ToBase64String(payload);
        var tampered = _temp.Combine("tampered.intoto.jsonl");
        File.WriteAllText(tampered, lines[0] + "\n" + envelope.ToJsonString() + "\n");
        var rejected = VerifyDsse(tampered, publicKeyPath, scheme);
        Assert.True(rejected.ExitCode == 1, rejected.Output);
        Assert.Contains(":1 " + key.KeyId, rejected.Output, StringComparison.Ordinal);
        Assert.Contains("invalid: " + tampered + ":2: UnverifiedSignatureError", rejected.Output, StringComparison.Ordinal);
    }

    private (string Package, SigningKey Key, string PublicKeyPath) Attested(KeyAlgorithm algorithm)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);
        var publicKeyPath = _temp.Combine(algorithm.ToName() + ".pub");
        File.WriteAllText(publicKeyPath, key.PublicKey.ExportPem());
        var package = AttestationTestHelpers.WritePackage(_temp.Combine("out-" + algorithm.ToName()));
        AttestationTestHelpers.Attest(package, key);
        return (package, key, publicKeyPath);
    }

    private static ProcessResult VerifyBundle(string bundle, string artifact, string publicKeyPath, string hint)
        => NodeInterop.RunScript("verify-sigstore-bundle.mjs", new[] { bundle, artifact, publicKeyPath, hint }, s_timeout);

    private static ProcessResult VerifyDsse(string file, string publicKeyPath, string scheme)
        => ProcessRunner.Run(Python, new[] { Path.Combine(NodeInterop.InteropDirectory, "verify_dsse.py"), file, publicKeyPath, scheme }, NodeInterop.InteropDirectory, ProcessRunner.CleanEnvironment(), s_timeout);

    private static void AssertInvalid(ProcessResult result, string reason)
    {
        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains(reason, result.Output, StringComparison.Ordinal);
    }
}
