using System;
using System.Collections.Generic;

namespace SupplyChain.Core.Sbom;

/// <summary>
/// The JSON spelling of every enumerated value we write, and which spec version has it. One place, checked against
/// the official schemas by <c>CycloneDxNamesTests</c>.
/// </summary>
public static class CycloneDxNames
{
    private static readonly string[] s_componentTypes =
    [
        "application", "framework", "library", "container", "platform", "operating-system", "device",
        "device-driver", "firmware", "file", "machine-learning-model", "data", "cryptographic-asset",
    ];

    private static readonly string[] s_scopes = ["required", "optional", "excluded"];

    private static readonly string[] s_hashAlgorithms =
    [
        "MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512", "SHA3-256", "SHA3-384", "SHA3-512",
        "BLAKE2b-256", "BLAKE2b-384", "BLAKE2b-512", "BLAKE3", "Streebog-256", "Streebog-512",
    ];

    private static readonly string[] s_externalReferenceTypes =
    [
        "vcs", "issue-tracker", "website", "advisories", "bom", "mailing-list", "social", "chat", "documentation",
        "support", "source-distribution", "distribution", "distribution-intake", "license", "build-meta",
        "build-system", "release-notes", "security-contact", "model-card", "log", "configuration", "evidence",
        "formulation", "attestation", "threat-model", "adversary-model", "risk-assessment",
        "vulnerability-assertion", "exploitability-statement", "pentest-report", "static-analysis-report",
        "dynamic-analysis-report", "runtime-analysis-report", "component-analysis-report", "maturity-report",
        "certification-report", "codified-infrastructure", "quality-metrics", "poam", "electronic-signature",
        "digital-signature", "rfc-9116", "patent", "patent-family", "patent-assertion", "citation", "other",
    ];

    private static readonly string[] s_lifecyclePhases = ["design", "pre-build", "build", "post-build", "operations", "discovery", "decommission"];

    /// <summary>The JSON value of a component type.</summary>
    public static string ToJson(this ComponentType value) => Lookup(s_componentTypes, (int)value, value);

    /// <summary>The JSON value of a scope.</summary>
    public static string ToJson(this ComponentScope value) => Lookup(s_scopes, (int)value, value);

    /// <summary>The JSON value of a hash algorithm.</summary>
    public static string ToJson(this CycloneDxHashAlgorithm value) => Lookup(s_hashAlgorithms, (int)value, value);

    /// <summary>The JSON value of an external reference type.</summary>
    public static string ToJson(this ExternalReferenceType value) => Lookup(s_externalReferenceTypes, (int)value, value);

    /// <summary>The JSON value of a lifecycle phase.</summary>
    public static string ToJson(this CycloneDxLifecyclePhase value) => Lookup(s_lifecyclePhases, (int)value, value);

    /// <summary>True when the hash algorithm exists in the spec version (the Streebog ones only from 1.7 on).</summary>
    public static bool IsSupportedIn(this CycloneDxHashAlgorithm value, CycloneDxSpecVersion version)
        => version >= CycloneDxSpecVersion.V17 || value is not (CycloneDxHashAlgorithm.Streebog256 or CycloneDxHashAlgorithm.Streebog512);

    /// <summary>True when the external reference type exists in the spec version (patents and citations only from 1.7 on).</summary>
    public static bool IsSupportedIn(this ExternalReferenceType value, CycloneDxSpecVersion version)
        => version >= CycloneDxSpecVersion.V17 || value is not (ExternalReferenceType.Patent or ExternalReferenceType.PatentFamily or ExternalReferenceType.PatentAssertion or ExternalReferenceType.Citation);

    /// <summary>The lengths in hex digits a digest of the algorithm may have.</summary>
    public static IReadOnlyList<int> HexLengths(this CycloneDxHashAlgorithm value) => value switch
    {
        CycloneDxHashAlgorithm.Md5 => [32],
        CycloneDxHashAlgorithm.Sha1 => [40],
        CycloneDxHashAlgorithm.Sha256 or CycloneDxHashAlgorithm.Sha3With256 or CycloneDxHashAlgorithm.Blake2bWith256 or CycloneDxHashAlgorithm.Streebog256 => [64],
        CycloneDxHashAlgorithm.Sha384 or CycloneDxHashAlgorithm.Sha3With384 or CycloneDxHashAlgorithm.Blake2bWith384 => [96],
        CycloneDxHashAlgorithm.Sha512 or CycloneDxHashAlgorithm.Sha3With512 or CycloneDxHashAlgorithm.Blake2bWith512 or CycloneDxHashAlgorithm.Streebog512 => [128],
        CycloneDxHashAlgorithm.Blake3 => [32, 40, 64, 96, 128],
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a CycloneDX hash algorithm."),
    };

    internal static IReadOnlyList<string> ComponentTypes => s_componentTypes;

    internal static IReadOnlyList<string> Scopes => s_scopes;

    internal static IReadOnlyList<string> HashAlgorithms => s_hashAlgorithms;

    internal static IReadOnlyList<string> ExternalReferenceTypes => s_externalReferenceTypes;

    internal static IReadOnlyList<string> LifecyclePhases => s_lifecyclePhases;

    private static string Lookup<T>(string[] names, int index, T value)
        where T : struct, Enum
        => (uint)index < (uint)names.Length ? names[index] : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a value of {typeof(T).Name}.");
}
