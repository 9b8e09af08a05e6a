using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using SupplyChain.TestUtilities;
using SupplyChain.TestUtilities.Sigstore;

namespace SupplyChain.Tool.Tests;

/// <summary><c>supplychain attest verify</c> with a keyless Sigstore bundle (fixtures built at test time).</summary>
public sealed class AttestVerifyKeylessTests : IClassFixture<SigstoreTestFixture>
{
    private readonly SigstoreTestFixture _fixture;

    public AttestVerifyKeylessTests(SigstoreTestFixture fixture) => _fixture = fixture;

    private (TestDirectory Dir, string Bundle, string Artifact, string Root) Write()
    {
        var dir = new TestDirectory();
        var artifact = dir.Combine("Contoso.Lib.1.0.0.nupkg");
        File.WriteAllBytes(artifact, Encoding.UTF8.GetBytes("package bytes"));
        var statement = SigstoreTestFixture.Statement("Contoso.Lib.1.0.0.nupkg", SHA256.HashData(File.ReadAllBytes(artifact)));
        var bundle = dir.Combine("Contoso.Lib.1.0.0.nupkg.sigstore.json");
        File.WriteAllBytes(bundle, SigstoreTestFixture.Json(_fixture.BuildDsseBundle(statement, _fixture.IssueLeaf())));
        var root = dir.Combine("trusted_root.json");
        File.WriteAllBytes(root, _fixture.TrustedRootBytes());
        return (dir, bundle, artifact, root);
    }

    [Fact]
    public void Keyless_bundle_of_the_expected_workflow_verifies_and_names_the_signer()
    {
        var (dir, bundle, artifact, root) = Write();
        using (dir)
        {
            var result = CommandRunner.Run("attest", "verify", bundle, "--artifact", artifact, "--certificate-identity", SigstoreTestFixture.WorkflowIdentity, "--certificate-oidc-issuer", SigstoreTestFixture.GitHubIssuer, "--trusted-root", root);
            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Contains(SigstoreTestFixture.WorkflowIdentity, result.Out);
            Assert.Contains("rekor:", result.Out);
        }
    }

    [Fact]
    public void Keyless_bundle_of_another_workflow_is_refused_with_the_identity_code()
    {
        var (dir, bundle, artifact, root) = Write();
        using (dir)
        {
            var result = CommandRunner.Run("attest", "verify", bundle, "--artifact", artifact, "--certificate-identity-regexp", "https://github\\.com/contoso/other/.*", "--certificate-oidc-issuer", SigstoreTestFixture.GitHubIssuer, "--trusted-root", root);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains(result.Diagnostics, d => d.Code == "SCSDK3105");
        }
    }

    [Fact]
    public void Identity_without_issuer_is_a_usage_error()
    {
        var (dir, bundle, artifact, root) = Write();
        using (dir)
        {
            var result = CommandRunner.Run("attest", "verify", bundle, "--artifact", artifact, "--certificate-identity", SigstoreTestFixture.WorkflowIdentity, "--trusted-root", root);
            Assert.Equal(2, result.ExitCode);
        }
    }

    [Fact]
    public void Keyless_bundle_given_only_a_key_is_refused()
    {
        var (dir, bundle, artifact, _) = Write();
        using (dir)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var pub = dir.WriteFile("k.pub", key.ExportSubjectPublicKeyInfoPem());
            var result = CommandRunner.Run("attest", "verify", bundle, "--artifact", artifact, "--key", pub);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains(result.Diagnostics, d => d.Code == "SCSDK3117");
        }
    }
}
