using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using SupplyChain.Sigstore.ConformanceClient;
using SupplyChain.TestUtilities;
using SupplyChain.TestUtilities.Sigstore;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>The sigstore-conformance client protocol of <c>sigstore-conformance-client</c>.</summary>
public sealed class SigstoreConformanceClientTests : IClassFixture<SigstoreTestFixture>
{
    private static readonly byte[] Artifact = Encoding.UTF8.GetBytes("artifact for conformance");
    private readonly SigstoreTestFixture _fixture;

    public SigstoreConformanceClientTests(SigstoreTestFixture fixture) => _fixture = fixture;

    private static int Run(params string[] args) => ConformanceClient.Run(args, TextWriter.Null, TextWriter.Null);

    [Fact]
    public void Verify_bundle_with_identity_accepts_a_file_and_a_digest_and_refuses_another_identity()
    {
        using var dir = new TestDirectory();
        var artifact = dir.Combine("a.txt");
        File.WriteAllBytes(artifact, Artifact);
        var bundle = dir.Combine("a.sigstore.json");
        File.WriteAllBytes(bundle, SigstoreTestFixture.Json(_fixture.BuildMessageBundle(Artifact, _fixture.IssueLeaf())));
        var root = dir.Combine("trusted_root.json");
        File.WriteAllBytes(root, _fixture.TrustedRootBytes());
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Artifact));

        Assert.Equal(0, Run("verify-bundle", "--bundle", bundle, "--certificate-identity", SigstoreTestFixture.WorkflowIdentity, "--certificate-oidc-issuer", SigstoreTestFixture.GitHubIssuer, "--trusted-root", root, artifact));
        Assert.Equal(0, Run("verify-bundle", "--bundle", bundle, "--certificate-identity", SigstoreTestFixture.WorkflowIdentity, "--certificate-oidc-issuer", SigstoreTestFixture.GitHubIssuer, "--trusted-root", root, digest));
        Assert.Equal(1, Run("verify-bundle", "--bundle", bundle, "--certificate-identity", "https://github.com/mallory/x", "--certificate-oidc-issuer", SigstoreTestFixture.GitHubIssuer, "--trusted-root", root, artifact));
        Assert.Equal(1, Run("verify-bundle", "--bundle", bundle, "--certificate-oidc-issuer", SigstoreTestFixture.GitHubIssuer, "--certificate-identity", SigstoreTestFixture.WorkflowIdentity, "--trusted-root", root, artifact));
    }

    [Fact]
    public void Without_trusted_root_the_configured_one_is_used_and_never_the_network()
    {
        using var dir = new TestDirectory();
        var bundle = dir.Combine("a.sigstore.json");
        File.WriteAllBytes(bundle, SigstoreTestFixture.Json(_fixture.BuildMessageBundle(Artifact, _fixture.IssueLeaf())));
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Artifact));
        var previous = Environment.GetEnvironmentVariable("SUPPLYCHAIN_SIGSTORE_TRUSTED_ROOT");
        try
        {
            Environment.SetEnvironmentVariable("SUPPLYCHAIN_SIGSTORE_TRUSTED_ROOT", dir.Combine("missing.json"));
            Assert.Equal(1, Run("verify-bundle", "--bundle", bundle, "--certificate-identity", SigstoreTestFixture.WorkflowIdentity, "--certificate-oidc-issuer", SigstoreTestFixture.GitHubIssuer, digest));
            File.WriteAllBytes(dir.Combine("missing.json"), _fixture.TrustedRootBytes());
            Assert.Equal(0, Run("verify-bundle", "--bundle", bundle, "--certificate-identity", SigstoreTestFixture.WorkflowIdentity, "--certificate-oidc-issuer", SigstoreTestFixture.GitHubIssuer, digest));
        }
        finally
        {
            Environment.SetEnvironmentVariable("SUPPLYCHAIN_SIGSTORE_TRUSTED_ROOT", previous);
        }
    }

    [Fact]
    public void Verify_bundle_with_key_checks_the_key()
    {
        using var dir = new TestDirectory();
        using var key = Core.Crypto.KeyGenerator.Generate();
        var statement = SigstoreTestFixture.Statement("a.txt", SHA256.HashData(Artifact));
        var envelope = Core.Attestations.DsseEnvelope.Sign(Core.Attestations.InTotoStatement.PayloadType, statement, key);
        var bundle = dir.Combine("k.sigstore.json");
        File.WriteAllBytes(bundle, Core.Attestations.SigstoreBundle.ToJsonBytes(envelope));
        var pub = dir.WriteFile("k.pub", key.PublicKey.ExportPem());
        using var other = Core.Crypto.KeyGenerator.Generate();
        var otherPub = dir.WriteFile("o.pub", other.PublicKey.ExportPem());
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Artifact));
        Assert.Equal(0, Run("verify-bundle", "--bundle", bundle, "--key", pub, digest));
        Assert.Equal(1, Run("verify-bundle", "--bundle", bundle, "--key", otherPub, digest));
    }

    [Theory]
    [InlineData("sign-bundle")]
    [InlineData("verify-bundle", "--bundle")]
    [InlineData("verify-bundle", "--bundle", "b", "--key", "k")]
    [InlineData("verify-bundle", "--bundle", "b", "--certificate-identity", "i", "x")]
    public void Usage_errors_exit_1(params string[] args) => Assert.Equal(1, Run(args));
}
