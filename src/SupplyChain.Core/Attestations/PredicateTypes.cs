namespace SupplyChain.Core.Attestations;

/// <summary>The predicate types SupplyChain.Sdk writes.</summary>
public static class PredicateTypes
{
    /// <summary>SLSA Provenance v1.</summary>
    public const string SlsaProvenanceV1 = "https://slsa.dev/provenance/v1";

    /// <summary>A CycloneDX BOM (the in-toto CycloneDX predicate; the BOM's own specVersion says which version).</summary>
    public const string CycloneDxBom = "https://cyclonedx.org/bom";
}
