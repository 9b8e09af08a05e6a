namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK3100: a Sigstore bundle that is not valid JSON or lacks a required field.</summary>
    public static readonly DiagnosticDescriptor Sigstore_BundleMalformed = Error(
        "SCSDK3100",
        nameof(Sigstore_BundleMalformed),
        "The Sigstore bundle '{0}' cannot be read: {1}. Give the bundle exactly as the signer wrote it (cosign, actions/attest, sigstore-js, or 'supplychain' itself).");

    /// <summary>SCSDK3101: a bundle media type that is not one of the three known versions.</summary>
    public static readonly DiagnosticDescriptor Sigstore_BundleVersionUnsupported = Error(
        "SCSDK3101",
        nameof(Sigstore_BundleVersionUnsupported),
        "The Sigstore bundle '{0}' has the media type '{1}', which SupplyChain.Sdk does not verify. Bundles v0.1, v0.2 ('application/vnd.dev.sigstore.bundle+json;version=0.N') and v0.3 ('application/vnd.dev.sigstore.bundle.v0.3+json') are verified; anything else is refused rather than guessed at.");

    /// <summary>SCSDK3102: a bundle whose content does not fit the rules of its declared version.</summary>
    public static readonly DiagnosticDescriptor Sigstore_BundleShapeInvalid = Error(
        "SCSDK3102",
        nameof(Sigstore_BundleShapeInvalid),
        "The Sigstore bundle '{0}' does not have the shape its version '{1}' requires: {2}. The bundle was altered or written by a tool that does not follow the Sigstore bundle specification; sign again with a current tool.");

    /// <summary>SCSDK3103: a trusted root that cannot be read.</summary>
    public static readonly DiagnosticDescriptor Sigstore_TrustedRootInvalid = Error(
        "SCSDK3103",
        nameof(Sigstore_TrustedRootInvalid),
        "The Sigstore trusted root '{0}' cannot be used: {1}. Give a 'trusted_root.json' of the Sigstore protobuf specs (media type 'application/vnd.dev.sigstore.trustedroot+json;version=0.1'), for example the one Sigstore's TUF repository distributes ('supplychain tuf verify' fetches and verifies it).");

    /// <summary>SCSDK3104: the leaf certificate does not chain to a CA of the trusted root valid at the signing time.</summary>
    public static readonly DiagnosticDescriptor Sigstore_CertificateChainInvalid = Error(
        "SCSDK3104",
        nameof(Sigstore_CertificateChainInvalid),
        "The signing certificate of '{0}' does not chain to a certificate authority of the trusted root that was valid when it signed ({1}): {2}. The bundle was signed by a CA you do not trust, at a time the certificate or CA was not valid, or the trusted root is not the right one (production vs staging).");

    /// <summary>SCSDK3105: the certificate's subject alternative name is not the expected identity.</summary>
    public static readonly DiagnosticDescriptor Sigstore_IdentityMismatch = Error(
        "SCSDK3105",
        nameof(Sigstore_IdentityMismatch),
        "The signing certificate of '{0}' was issued to '{1}', which is not the expected identity {2}. Someone other than the expected workflow or person signed it; if the identity is right, correct --certificate-identity (or the anchored --certificate-identity-regexp).");

    /// <summary>SCSDK3106: the certificate's OIDC issuer extension is not the expected issuer.</summary>
    public static readonly DiagnosticDescriptor Sigstore_IssuerMismatch = Error(
        "SCSDK3106",
        nameof(Sigstore_IssuerMismatch),
        "The signing certificate of '{0}' names the OIDC issuer '{1}', not the expected '{2}'. An identity is only meaningful together with the issuer that vouched for it; check --certificate-oidc-issuer (GitHub Actions: 'https://token.actions.githubusercontent.com').");

    /// <summary>SCSDK3107: the signature over the artifact or the DSSE PAE does not verify.</summary>
    public static readonly DiagnosticDescriptor Sigstore_SignatureInvalid = Error(
        "SCSDK3107",
        nameof(Sigstore_SignatureInvalid),
        "The signature of '{0}' does not verify: {1}. The bundle, the artifact or the statement was altered after signing, or the bundle belongs to another artifact.");

    /// <summary>SCSDK3108: the signed content is not about the artifact.</summary>
    public static readonly DiagnosticDescriptor Sigstore_ArtifactMismatch = Error(
        "SCSDK3108",
        nameof(Sigstore_ArtifactMismatch),
        "The bundle '{0}' is not about the artifact '{1}': {2}. Give the bundle of this artifact (a bundle signs one file or the subjects of one statement).");

    /// <summary>SCSDK3109: no verified signing time.</summary>
    public static readonly DiagnosticDescriptor Sigstore_SigningTimeMissing = Error(
        "SCSDK3109",
        nameof(Sigstore_SigningTimeMissing),
        "The bundle '{0}' has no verified signing time: {1}. A keyless signature is only valid with a transparency-log entry or an RFC 3161 timestamp that proves the short-lived certificate was valid when it signed.");

    /// <summary>SCSDK3120: a keyless bundle without a transparency-log entry while the trusted root names logs.</summary>
    public static readonly DiagnosticDescriptor Sigstore_TlogEntryMissing = Error(
        "SCSDK3120",
        nameof(Sigstore_TlogEntryMissing),
        "The keyless bundle '{0}' has no transparency-log entry, and the trusted root names {1} transparency log(s). A signature that was never logged cannot be audited by its signer: sign with a client that uploads to the log (cosign, actions/attest), or verify with a trusted root that names no log (a private instance that only timestamps).");

    /// <summary>SCSDK3110: a transparency-log entry whose body does not match the bundle.</summary>
    public static readonly DiagnosticDescriptor Sigstore_TlogBodyMismatch = Error(
        "SCSDK3110",
        nameof(Sigstore_TlogBodyMismatch),
        "The transparency-log entry {1} of '{0}' does not record this signature: {2}. The entry was taken from another signing; the bundle cannot be trusted.");

    /// <summary>SCSDK3111: a transparency-log entry of a kind or log this verifier does not know.</summary>
    public static readonly DiagnosticDescriptor Sigstore_TlogEntryUnsupported = Error(
        "SCSDK3111",
        nameof(Sigstore_TlogEntryUnsupported),
        "The transparency-log entry {1} of '{0}' cannot be verified: {2}. Only Rekor v1 entries of kinds hashedrekord 0.0.1, dsse 0.0.1 and intoto 0.0.2, from a log of the trusted root, are verified.");

    /// <summary>SCSDK3112: a signed entry timestamp that does not verify.</summary>
    public static readonly DiagnosticDescriptor Sigstore_TlogPromiseInvalid = Error(
        "SCSDK3112",
        nameof(Sigstore_TlogPromiseInvalid),
        "The signed entry timestamp of the transparency-log entry {1} of '{0}' does not verify with the log's key: {2}. The entry, its integrated time or its index were altered.");

    /// <summary>SCSDK3113: an inclusion proof that does not lead to the root hash.</summary>
    public static readonly DiagnosticDescriptor Sigstore_InclusionProofInvalid = Error(
        "SCSDK3113",
        nameof(Sigstore_InclusionProofInvalid),
        "The inclusion proof of the transparency-log entry {1} of '{0}' does not verify: {2}. The entry is not in the log tree the proof claims.");

    /// <summary>SCSDK3114: a signed checkpoint that does not verify or does not agree with the proof.</summary>
    public static readonly DiagnosticDescriptor Sigstore_CheckpointInvalid = Error(
        "SCSDK3114",
        nameof(Sigstore_CheckpointInvalid),
        "The checkpoint of the transparency-log entry {1} of '{0}' is not valid: {2}. The log did not sign this tree head, or the proof is for another tree.");

    /// <summary>SCSDK3115: the embedded signed certificate timestamp does not verify.</summary>
    public static readonly DiagnosticDescriptor Sigstore_SctInvalid = Error(
        "SCSDK3115",
        nameof(Sigstore_SctInvalid),
        "The signed certificate timestamp of the signing certificate of '{0}' does not verify: {1}. The certificate was not logged by a certificate-transparency log of the trusted root, so its issuance cannot be audited.");

    /// <summary>SCSDK3116: an RFC 3161 timestamp that does not verify or whose TSA is not trusted.</summary>
    public static readonly DiagnosticDescriptor Sigstore_TimestampInvalid = Error(
        "SCSDK3116",
        nameof(Sigstore_TimestampInvalid),
        "The RFC 3161 timestamp {1} of '{0}' is not valid: {2}. Only timestamps over the bundle's signature by a timestamp authority of the trusted root count as a signing time.");

    /// <summary>SCSDK3117: verification inputs that cannot be used.</summary>
    public static readonly DiagnosticDescriptor Sigstore_VerificationInputInvalid = Error(
        "SCSDK3117",
        nameof(Sigstore_VerificationInputInvalid),
        "The Sigstore verification of '{0}' cannot start: {1}.");

    /// <summary>SCSDK3118: the bundle's key material is neither a trusted key nor a certificate.</summary>
    public static readonly DiagnosticDescriptor Sigstore_KeyNotTrusted = Error(
        "SCSDK3118",
        nameof(Sigstore_KeyNotTrusted),
        "The bundle '{0}' is signed with a public key ({1}), and none of the trusted keys verifies it. Give the signer's public key with --key, or ask for a keyless bundle and verify its identity.");

    /// <summary>SCSDK3119: a statement of the wrong kind in a DSSE bundle.</summary>
    public static readonly DiagnosticDescriptor Sigstore_StatementInvalid = Error(
        "SCSDK3119",
        nameof(Sigstore_StatementInvalid),
        "The DSSE envelope of '{0}' does not carry an acceptable in-toto statement: {1}.");

    /// <summary>SCSDK3600: transparency-log entries that were not checked because no trusted root was given.</summary>
    public static readonly DiagnosticDescriptor Sigstore_TlogNotVerified = Warning(
        "SCSDK3600",
        nameof(Sigstore_TlogNotVerified),
        "The bundle '{0}' carries {1} transparency-log entries that were not verified because no trusted root was given; the trusted key alone vouches for it. Give --trusted-root to also check the entries.");
}
