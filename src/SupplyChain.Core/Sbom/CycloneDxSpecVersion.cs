using System;

namespace SupplyChain.Core.Sbom;

/// <summary>The CycloneDX specification versions we write.</summary>
public enum CycloneDxSpecVersion
{
    /// <summary>CycloneDX 1.6, the default (<c>SupplyChainSbomSpecVersion</c>).</summary>
    V16 = 16,

    /// <summary>CycloneDX 1.7.</summary>
    V17 = 17,
}

/// <summary>Text forms of <see cref="CycloneDxSpecVersion"/>.</summary>
public static class CycloneDxSpecVersions
{
    /// <summary>The default version.</summary>
    public const CycloneDxSpecVersion Default = CycloneDxSpecVersion.V16;

    /// <summary>The accepted texts, for messages: <c>1.6, 1.7</c>.</summary>
    public const string Supported = "1.6, 1.7";

    /// <summary>The <c>specVersion</c> text, <c>1.6</c> or <c>1.7</c>.</summary>
    public static string ToSpecString(this CycloneDxSpecVersion version) => version switch
    {
        CycloneDxSpecVersion.V16 => "1.6",
        CycloneDxSpecVersion.V17 => "1.7",
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Not a supported CycloneDX version."),
    };

    /// <summary>The <c>$schema</c> URL of the version.</summary>
    public static string SchemaUrl(this CycloneDxSpecVersion version) => $"http://cyclonedx.org/schema/bom-{version.ToSpecString()}.schema.json";

    /// <summary>Reads <c>1.6</c> or <c>1.7</c> (surrounding spaces ignored); false for anything else.</summary>
    public static bool TryParse(string? text, out CycloneDxSpecVersion version)
    {
        switch (text?.Trim())
        {
            case "1.6":
                version = CycloneDxSpecVersion.V16;
                return true;
            case "1.7":
                version = CycloneDxSpecVersion.V17;
                return true;
            default:
                version = Default;
                return false;
        }
    }
}
