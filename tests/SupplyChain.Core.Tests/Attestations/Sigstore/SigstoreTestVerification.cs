using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities.Sigstore;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>
/// What the Sigstore verifier tests share: the artifact the fixture's bundles sign, the fixture's workflow identity,
/// options over a trusted root the test may have edited, and one call of <see cref="SigstoreVerifier.Verify"/>.
/// </summary>
internal static class SigstoreTestVerification
{
    /// <summary>The bytes every bundle of these tests is about (a package's, by name <c>Contoso.Lib.1.0.0.nupkg</c>).</summary>
    public static readonly byte[] Artifact = Encoding.UTF8.GetBytes("the package bytes");

    public static SigstoreIdentity Identity => SigstoreIdentity.Exact(SigstoreTestFixture.WorkflowIdentity, SigstoreTestFixture.GitHubIssuer);

    public static SigstoreArtifact ArtifactDigest(byte[]? content = null) => SigstoreArtifact.FromSha256(SHA256.HashData(content ?? Artifact), "Contoso.Lib.1.0.0.nupkg");

    public static SigstoreVerificationOptions OptionsFor(JsonObject trustedRoot, SigstoreIdentity? identity = null) => new()
    {
        TrustedRoot = TrustedRoot.Parse(SigstoreTestFixture.Json(trustedRoot), "trusted_root.json"),
        Identity = identity ?? Identity,
    };

    public static (SigstoreVerificationResult Result, DiagnosticBag Sink) Verify(JsonNode bundle, SigstoreVerificationOptions options, SigstoreArtifact? artifact = null)
    {
        var sink = new DiagnosticBag();
        var result = SigstoreVerifier.Verify(Encoding.UTF8.GetBytes(bundle.ToJsonString()), "bundle.sigstore.json", artifact ?? ArtifactDigest(), options, sink);
        return (result, sink);
    }
}
