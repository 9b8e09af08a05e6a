using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Attestations;

/// <summary>Runs only where bash and openssl are (every Linux and macOS CI image; on CI a missing one fails the test).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (!RepositoryPaths.IsCi && (OperatingSystem.IsWindows() || !ExternalSignerTests.OnPath("bash") || !ExternalSignerTests.OnPath("openssl")))
        {
            Skip = "The external-signer tests run a bash script that signs with openssl; bash or openssl is not on PATH here.";
        }
    }
}

public sealed class ExternalSignerTests : IDisposable
{
    private readonly TestDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("sign", new[] { "sign" })]
    [InlineData("  bash   sign.sh  --key k  ", new[] { "bash", "sign.sh", "--key", "k" })]
    [InlineData("\"/opt/my signer/sign\" --label 'a b' x\"y z\"", new[] { "/opt/my signer/sign", "--label", "a b", "xy z" })]
    [InlineData("prog ''", new[] { "prog", "" })]
    public void SplitCommandLine_FollowsTheDocumentedRule(string commandLine, string[] expected)
        => Assert.Equal(expected, ExternalSigner.SplitCommandLine(commandLine));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("sign \"unclosed")]
    [InlineData("''")]
    public void SplitCommandLine_Unusable_IsSCSDK3028(string commandLine)
        => CryptoTestHelpers.ExpectCode("SCSDK3028", () => ExternalSigner.SplitCommandLine(commandLine));

    [OpenSslFact]
    public void Sign_WithAnOpenSslScript_ReturnsAVerifiedDerSignature()
    {
        var (signer, key) = Signer("openssl dgst -sha256 -sign \"$1\" | base64 -w0", KeyAlgorithm.EcdsaP256);
        var data = Encoding.UTF8.GetBytes("DSSEv1 28 application/vnd.in-toto+json 2 {}");
        var signature = signer.Sign(data);
        Assert.True(key.Verify(data, signature));
        Assert.Equal(key.KeyId, signer.KeyId);
    }

    [OpenSslFact]
    public void Sign_Ed25519WithAnOpenSslScript_Verifies()
    {
        var (signer, key) = Signer("t=$(mktemp); cat > \"$t\"; openssl pkeyutl -sign -inkey \"$1\" -rawin -in \"$t\" | base64 -w0; rm -f \"$t\"", KeyAlgorithm.Ed25519);
        var data = new byte[100_000];
        Random.Shared.NextBytes(data);
        Assert.True(key.Verify(data, signer.Sign(data)));
    }

    [OpenSslFact]
    public void Sign_UsedForAttestations_WritesVerifiableSidecars()
    {
        var (signer, key) = Signer("openssl dgst -sha256 -sign \"$1\" | base64 -w0", KeyAlgorithm.EcdsaP256);
        var package = AttestationTestHelpers.WritePackage(_temp.Combine("out"));
        AttestationTestHelpers.Attest(package, signer);
        var sink = new DiagnosticBag();
        var result = AttestationVerifier.VerifyFile(AttestationSidecars.Of(package).Statements, package, new[] { key }, sink);
        Assert.True(result.IsValid, string.Join("\n", sink.Diagnostics.Select(d => d.Message)));
        Assert.Equal(2, result.Verified.Count);
    }

    [OpenSslFact]
    public void Sign_CommandFails_IsSCSDK3030WithTheLastErrorLine()
    {
        var (signer, _) = Signer("echo 'KMS: access denied for alias/release' >&2; exit 3", KeyAlgorithm.EcdsaP256);
        var ex = CryptoTestHelpers.ExpectCode("SCSDK3030", () => signer.Sign("x"u8));
        Assert.Contains("exit code 3", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("access denied", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_temp.Path, ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [OpenSslFact]
    public void Sign_CommandPrintsAKeyOnFailure_TheOutputIsNotRepeated()
    {
        var (signer, _) = Signer("cat \"$1\" >&2; exit 1", KeyAlgorithm.EcdsaP256);
        var ex = CryptoTestHelpers.ExpectCode("SCSDK3030", () => signer.Sign("x"u8));
        Assert.DoesNotContain("PRIVATE KEY", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MII", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [OpenSslFact]
    public void Sign_CommandHangs_IsStoppedAfterTheTimeoutWithSCSDK3031()
    {
        var (signer, _) = Signer("sleep 30", KeyAlgorithm.EcdsaP256, TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();
        var ex = CryptoTestHelpers.ExpectCode("SCSDK3031", () => signer.Sign("x"u8));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
        Assert.Contains("1 seconds", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [OpenSslFact]
    public void Sign_OutputIsNotBase64_IsSCSDK3032()
    {
        var (signer, _) = Signer("cat > /dev/null; echo 'signed!'", KeyAlgorithm.EcdsaP256);
        var ex = CryptoTestHelpers.ExpectCode("SCSDK3032", () => signer.Sign("x"u8));
        Assert.Contains("not base64", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [OpenSslFact]
    public void Sign_NoOutput_IsSCSDK3032()
    {
        var (signer, _) = Signer("cat > /dev/null", KeyAlgorithm.EcdsaP256);
        CryptoTestHelpers.ExpectCode("SCSDK3032", () => signer.Sign("x"u8));
    }

    [OpenSslFact]
    public void Sign_ByAnotherKeyThanThePublicKey_IsSCSDK3032()
    {
        var (signer, _) = Signer("openssl dgst -sha256 -sign \"$1\" | base64 -w0", KeyAlgorithm.EcdsaP256, publicKey: KeyGenerator.Generate(KeyAlgorithm.EcdsaP256).PublicKey);
        var ex = CryptoTestHelpers.ExpectCode("SCSDK3032", () => signer.Sign("x"u8));
        Assert.Contains("does not verify", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [OpenSslFact]
    public void Sign_RawEcdsaSignature_IsSCSDK3032SayingDerIsRequired()
    {
        // openssl's DER signature converted to r||s: the signer must write DER.
        var script = "der=$(openssl dgst -sha256 -sign \"$1\" | od -An -v -tx1 | tr -d ' \\n'); "
            + "python3 - \"$der\" <<'PY'\nimport sys, base64\nd = bytes.fromhex(sys.argv[1])\ni = 2\ndef read(i):\n    n = d[i+1]; v = d[i+2:i+2+n]; return v, i+2+n\nr, i = read(i)\ns, i = read(i)\nprint(base64.b64encode(r[-32:].rjust(32, b'\\0') + s[-32:].rjust(32, b'\\0')).decode())\nPY";
        var (signer, _) = Signer(script, KeyAlgorithm.EcdsaP256);
        var ex = CryptoTestHelpers.ExpectCode("SCSDK3032", () => signer.Sign("x"u8));
        Assert.Contains("DER is required", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_ProgramMissing_IsSCSDK3029()
    {
        var signer = new ExternalSigner("/nonexistent/signer-" + Guid.NewGuid().ToString("N"), CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256).PublicKey, TimeSpan.FromSeconds(5));
        var ex = CryptoTestHelpers.ExpectCode("SCSDK3029", () => signer.Sign("x"u8));
        Assert.StartsWith("The signing command '/nonexistent/signer-", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [OpenSslFact]
    public void Sign_RelativeProgramPath_IsRelativeToTheWorkingDirectory()
    {
        var key = KeyGenerator.GenerateToFile(KeyAlgorithm.EcdsaP256, _temp.Combine("signing.pem"));
        var script = _temp.Combine("tools", "sign.sh");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        File.WriteAllText(script, "#!/usr/bin/env bash\nset -euo pipefail\nopenssl dgst -sha256 -sign \"$1\" | base64 -w0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var signer = new ExternalSigner("tools/sign.sh signing.pem", key.PublicKey, TimeSpan.FromSeconds(30), _temp.Path);
        Assert.True(key.PublicKey.Verify("abc"u8, signer.Sign("abc"u8)));
    }

    [Fact]
    public void SignerOptions_CommandWithoutPublicKey_IsSCSDK3027()
        => CryptoTestHelpers.ExpectCode("SCSDK3027", () => new AttestationSignerOptions { Command = "sign" }.CreateSigner("App.csproj", null));

    [Fact]
    public void SignerOptions_KeyAndCommand_IsSCSDK3026()
        => CryptoTestHelpers.ExpectCode("SCSDK3026", () => new AttestationSignerOptions { KeySource = "key.pem", Command = "sign" }.CreateSigner("App.csproj", null));

    [Fact]
    public void SignerOptions_Nothing_IsSCSDK3025()
        => CryptoTestHelpers.ExpectCode("SCSDK3025", () => new AttestationSignerOptions().CreateSigner("App.csproj", null));

    [Fact]
    public void SignerOptions_PublicKeyAsSigningKey_IsSCSDK3004()
    {
        var key = KeyGenerator.GenerateToFile(KeyAlgorithm.EcdsaP256, _temp.Combine("k.pem"));
        CryptoTestHelpers.ExpectCode("SCSDK3004", () => new AttestationSignerOptions { KeySource = key.PublicKeyPath }.CreateSigner("App.csproj", null));
    }

    [Fact]
    public void SignerOptions_PemTextAsKeySource_IsSCSDK3002WithoutRepeatingIt()
    {
        var pem = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256).ExportPkcs8Pem();
        var ex = CryptoTestHelpers.ExpectCode("SCSDK3002", () => new AttestationSignerOptions { KeySource = pem }.CreateSigner("App.csproj", null));
        Assert.DoesNotContain(pem.Split('\n')[1], ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("SupplyChainSigningKey", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PemTextFromAnEnvironmentVariableNamedLikeTheProperty_IsSCSDK3002SayingTheKeyWasExposedAndMustBeRotated()
    {
        var pem = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256).ExportPkcs8Pem();
        var environment = new System.Collections.Hashtable { ["PATH"] = "/usr/bin", ["SUPPLYCHAINSIGNINGKEY"] = pem };

        var variable = AttestationSignerOptions.FindEnvironmentVariableHoldingPem("SupplyChainSigningKey", environment);
        var ex = AttestationSignerOptions.PemTextGivenAsSource("SupplyChainSigningKey", variable);

        Assert.Equal("SUPPLYCHAINSIGNINGKEY", variable);
        Assert.Equal("SCSDK3002", ex.Diagnostic.Code);
        Assert.Contains("environment variable 'SUPPLYCHAINSIGNINGKEY'", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("exposed", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("must be rotated", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("'env:", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(pem.Split('\n')[1], ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PemTextGivenAsTheProperty_IsSCSDK3002SayingTheKeyMustBeRotated()
    {
        var ex = AttestationSignerOptions.PemTextGivenAsSource("SupplyChainSigningKey");
        Assert.Contains("command line or in a project file", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("must be rotated", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SupplyChainSigningKey", "env:RELEASE_KEY")]
    [InlineData("SupplyChainSigningKey", "keys/release.pem")]
    [InlineData("OtherVariable", "-----BEGIN " + "PRIVATE KEY-----")]
    public void AnEnvironmentVariableThatIsNotPemTextNamedLikeTheProperty_IsNotReportedAsExposed(string name, string value)
        => Assert.Null(AttestationSignerOptions.FindEnvironmentVariableHoldingPem("SupplyChainSigningKey", new System.Collections.Hashtable { [name] = value }));

    internal static bool OnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, name)));

    // A bash script that gets the private key file as $1: the key stays with the signer, as with a KMS.
    private (ExternalSigner Signer, PublicKey Key) Signer(string body, KeyAlgorithm algorithm, TimeSpan? timeout = null, PublicKey? publicKey = null)
    {
        var name = "k" + Guid.NewGuid().ToString("N")[..8];
        var key = KeyGenerator.GenerateToFile(algorithm, _temp.Combine(name + ".pem"));
        var script = _temp.Combine(name + ".sh");
        File.WriteAllText(script, "set -euo pipefail\n" + body + "\n");
        return (new ExternalSigner($"bash \"{script}\" \"{key.PrivateKeyPath}\"", publicKey ?? key.PublicKey, timeout ?? TimeSpan.FromSeconds(30), _temp.Path), key.PublicKey);
    }
}
