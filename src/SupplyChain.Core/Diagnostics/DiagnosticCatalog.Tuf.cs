namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK4000: TUF metadata that is not valid JSON of the TUF 1.0 shape (duplicate keys included).</summary>
    public static readonly DiagnosticDescriptor Tuf_MetadataMalformed = Error(
        "SCSDK4000",
        nameof(Tuf_MetadataMalformed),
        "The TUF '{0}' metadata cannot be read: {1}. TUF metadata is one JSON object with 'signed' and 'signatures' in the TUF 1.0 format, with no key repeated in an object; nothing in it is trusted, and the repository must publish it again.");

    /// <summary>SCSDK4001: TUF metadata whose <c>_type</c> is not the role it was fetched as.</summary>
    public static readonly DiagnosticDescriptor Tuf_UnexpectedType = Error(
        "SCSDK4001",
        nameof(Tuf_UnexpectedType),
        "The TUF metadata fetched as '{0}' has '_type' '{1}', but '{2}' is required. The repository or a mirror serves another role's file in its place; it is not used.");

    /// <summary>SCSDK4002: TUF metadata of a specification version whose major version is not 1.</summary>
    public static readonly DiagnosticDescriptor Tuf_UnsupportedSpecVersion = Error(
        "SCSDK4002",
        nameof(Tuf_UnsupportedSpecVersion),
        "The TUF '{0}' metadata has 'spec_version' '{1}', which SupplyChain.Sdk does not read: only TUF 1.x ('1.MINOR' or '1.MINOR.PATCH') is supported. Ask the repository owners which client reads their metadata, or publish it in TUF 1.x.");

    /// <summary>SCSDK4003: TUF metadata without a threshold of valid signatures by the keys trusted for its role.</summary>
    public static readonly DiagnosticDescriptor Tuf_SignatureThresholdNotMet = Error(
        "SCSDK4003",
        nameof(Tuf_SignatureThresholdNotMet),
        "The TUF '{0}' metadata has {1} valid signature(s) by keys that '{2}' trusts for it, but {3} are required: {4}. It was changed after signing or signed by keys that are not trusted for the role; it is not used.");

    /// <summary>SCSDK4004: TUF metadata older than what is already trusted (rollback attack).</summary>
    public static readonly DiagnosticDescriptor Tuf_Rollback = Error(
        "SCSDK4004",
        nameof(Tuf_Rollback),
        "The TUF '{0}' metadata would roll back what is already trusted: {1}. A repository or mirror that serves older metadata than it served before may be under attack; the trusted metadata is kept, and the repository owners should be told.");

    /// <summary>SCSDK4005: a new TUF root whose version is not one more than the trusted root's.</summary>
    public static readonly DiagnosticDescriptor Tuf_RootVersionNotSequential = Error(
        "SCSDK4005",
        nameof(Tuf_RootVersionNotSequential),
        "The new TUF root has version {0}, but version {1} is required: each root must be exactly one version after the trusted root. The repository or a mirror serves the wrong root file; the trusted root is kept.");

    /// <summary>SCSDK4006: TUF metadata whose version is not the one the listing role gives (mix and match).</summary>
    public static readonly DiagnosticDescriptor Tuf_VersionMismatch = Error(
        "SCSDK4006",
        nameof(Tuf_VersionMismatch),
        "The TUF '{0}' metadata has version {1}, but '{2}' lists version {3}. Metadata files that were not published together must not be used together (mix-and-match attack); fetch again, and tell the repository owners if it lasts.");

    /// <summary>SCSDK4007: expired TUF metadata (freeze attack).</summary>
    public static readonly DiagnosticDescriptor Tuf_Expired = Error(
        "SCSDK4007",
        nameof(Tuf_Expired),
        "The TUF '{0}' metadata expired at {1}, before the time of this update ({2}). The repository has not published fresh metadata, or someone replays old metadata (freeze attack); it is not used until fresh metadata is published.");

    /// <summary>SCSDK4008: a file whose length or hashes differ from the signed metadata that lists it.</summary>
    public static readonly DiagnosticDescriptor Tuf_LengthOrHashMismatch = Error(
        "SCSDK4008",
        nameof(Tuf_LengthOrHashMismatch),
        "The file '{0}' does not match what '{1}' lists for it: {2}. It was changed, truncated or replaced after it was signed; it is not used.");

    /// <summary>SCSDK4009: a targets role that the snapshot does not list.</summary>
    public static readonly DiagnosticDescriptor Tuf_NotInSnapshot = Error(
        "SCSDK4009",
        nameof(Tuf_NotInSnapshot),
        "The TUF snapshot does not list '{0}', so no version of the '{1}' metadata can be trusted. The repository must list every targets role it delegates to in its snapshot.");

    /// <summary>SCSDK4010: a cycle in the delegations of TUF targets roles.</summary>
    public static readonly DiagnosticDescriptor Tuf_DelegationCycle = Error(
        "SCSDK4010",
        nameof(Tuf_DelegationCycle),
        "The TUF delegations for '{0}' form a cycle: {1}. The search for the target stops; the repository owners must remove the delegation that points back.");

    /// <summary>SCSDK4011: a delegation search that would visit more roles than allowed.</summary>
    public static readonly DiagnosticDescriptor Tuf_TooManyDelegations = Error(
        "SCSDK4011",
        nameof(Tuf_TooManyDelegations),
        "The search for the TUF target '{0}' visited {1} delegated roles without finding it, the most allowed, and more delegations remain. The repository delegates too deeply or too widely for '{0}'; it is not trusted.");

    /// <summary>SCSDK4012: TUF metadata larger than the limit for its role (endless data attack).</summary>
    public static readonly DiagnosticDescriptor Tuf_MetadataTooLarge = Error(
        "SCSDK4012",
        nameof(Tuf_MetadataTooLarge),
        "The TUF '{0}' metadata is {1} bytes long, more than the {2} bytes allowed for it. An endless or oversized response is refused (endless data attack); if the repository really publishes such large metadata, raise the limit.");
}
