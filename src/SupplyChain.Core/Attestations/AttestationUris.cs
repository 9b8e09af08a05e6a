namespace SupplyChain.Core.Attestations;

/// <summary>The URIs and media types of the attestations SupplyChain.Sdk writes; each is documented in <c>docs/attestations.md</c>.</summary>
public static class AttestationUris
{
    /// <summary>The page that documents the attestations, their build type and the local builder.</summary>
    public const string Documentation = "https://github.com/supplychain-sdk/supplychain-sdk/blob/main/docs/attestations.md";

    /// <summary>The SLSA <c>buildType</c> of a <c>dotnet pack</c> with SupplyChain.Sdk, version 1.</summary>
    public const string DotNetPackBuildTypeV1 = Documentation + "#buildtype-dotnet-pack-v1";

    /// <summary>The media type of a Sigstore bundle v0.3 in JSON.</summary>
    public const string SigstoreBundleV03MediaType = "application/vnd.dev.sigstore.bundle.v0.3+json";
}
