namespace SupplyChain.Core.Sbom;

/// <summary><c>component.type</c> (CycloneDX 1.6 and 1.7 have the same values).</summary>
public enum ComponentType
{
    /// <summary><c>application</c>.</summary>
    Application,

    /// <summary><c>framework</c>.</summary>
    Framework,

    /// <summary><c>library</c>: what a NuGet package is.</summary>
    Library,

    /// <summary><c>container</c>.</summary>
    Container,

    /// <summary><c>platform</c>.</summary>
    Platform,

    /// <summary><c>operating-system</c>.</summary>
    OperatingSystem,

    /// <summary><c>device</c>.</summary>
    Device,

    /// <summary><c>device-driver</c>.</summary>
    DeviceDriver,

    /// <summary><c>firmware</c>.</summary>
    Firmware,

    /// <summary><c>file</c>.</summary>
    File,

    /// <summary><c>machine-learning-model</c>.</summary>
    MachineLearningModel,

    /// <summary><c>data</c>.</summary>
    Data,

    /// <summary><c>cryptographic-asset</c>.</summary>
    CryptographicAsset,
}

/// <summary><c>component.scope</c>. When absent, consumers assume <see cref="Required"/>.</summary>
public enum ComponentScope
{
    /// <summary><c>required</c>: needed at run time.</summary>
    Required,

    /// <summary><c>optional</c>: not reachable at run time.</summary>
    Optional,

    /// <summary><c>excluded</c>: used for build or test only (development dependencies, analyzers).</summary>
    Excluded,
}

/// <summary>
/// <c>hash.alg</c>. The declaration order is the order hashes are written in. <see cref="Streebog256"/> and
/// <see cref="Streebog512"/> exist from CycloneDX 1.7 on and are left out of a 1.6 document.
/// </summary>
public enum CycloneDxHashAlgorithm
{
    /// <summary><c>MD5</c>, 32 hex digits.</summary>
    Md5,

    /// <summary><c>SHA-1</c>, 40 hex digits.</summary>
    Sha1,

    /// <summary><c>SHA-256</c>, 64 hex digits.</summary>
    Sha256,

    /// <summary><c>SHA-384</c>, 96 hex digits.</summary>
    Sha384,

    /// <summary><c>SHA-512</c>, 128 hex digits.</summary>
    Sha512,

    /// <summary><c>SHA3-256</c>, 64 hex digits.</summary>
    Sha3With256,

    /// <summary><c>SHA3-384</c>, 96 hex digits.</summary>
    Sha3With384,

    /// <summary><c>SHA3-512</c>, 128 hex digits.</summary>
    Sha3With512,

    /// <summary><c>BLAKE2b-256</c>, 64 hex digits.</summary>
    Blake2bWith256,

    /// <summary><c>BLAKE2b-384</c>, 96 hex digits.</summary>
    Blake2bWith384,

    /// <summary><c>BLAKE2b-512</c>, 128 hex digits.</summary>
    Blake2bWith512,

    /// <summary><c>BLAKE3</c>, any length the schema's pattern allows (32 to 128 hex digits).</summary>
    Blake3,

    /// <summary><c>Streebog-256</c> (1.7 only), 64 hex digits.</summary>
    Streebog256,

    /// <summary><c>Streebog-512</c> (1.7 only), 128 hex digits.</summary>
    Streebog512,
}

/// <summary><c>externalReference.type</c>. The four values from <see cref="Patent"/> to <see cref="Citation"/> exist from CycloneDX 1.7 on.</summary>
public enum ExternalReferenceType
{
    /// <summary><c>vcs</c>: the source repository.</summary>
    Vcs,

    /// <summary><c>issue-tracker</c>.</summary>
    IssueTracker,

    /// <summary><c>website</c>.</summary>
    Website,

    /// <summary><c>advisories</c>.</summary>
    Advisories,

    /// <summary><c>bom</c>.</summary>
    Bom,

    /// <summary><c>mailing-list</c>.</summary>
    MailingList,

    /// <summary><c>social</c>.</summary>
    Social,

    /// <summary><c>chat</c>.</summary>
    Chat,

    /// <summary><c>documentation</c>.</summary>
    Documentation,

    /// <summary><c>support</c>.</summary>
    Support,

    /// <summary><c>source-distribution</c>.</summary>
    SourceDistribution,

    /// <summary><c>distribution</c>: where the package can be downloaded.</summary>
    Distribution,

    /// <summary><c>distribution-intake</c>.</summary>
    DistributionIntake,

    /// <summary><c>license</c>.</summary>
    License,

    /// <summary><c>build-meta</c>.</summary>
    BuildMeta,

    /// <summary><c>build-system</c>.</summary>
    BuildSystem,

    /// <summary><c>release-notes</c>.</summary>
    ReleaseNotes,

    /// <summary><c>security-contact</c>.</summary>
    SecurityContact,

    /// <summary><c>model-card</c>.</summary>
    ModelCard,

    /// <summary><c>log</c>.</summary>
    Log,

    /// <summary><c>configuration</c>.</summary>
    Configuration,

    /// <summary><c>evidence</c>.</summary>
    Evidence,

    /// <summary><c>formulation</c>.</summary>
    Formulation,

    /// <summary><c>attestation</c>.</summary>
    Attestation,

    /// <summary><c>threat-model</c>.</summary>
    ThreatModel,

    /// <summary><c>adversary-model</c>.</summary>
    AdversaryModel,

    /// <summary><c>risk-assessment</c>.</summary>
    RiskAssessment,

    /// <summary><c>vulnerability-assertion</c>.</summary>
    VulnerabilityAssertion,

    /// <summary><c>exploitability-statement</c>.</summary>
    ExploitabilityStatement,

    /// <summary><c>pentest-report</c>.</summary>
    PentestReport,

    /// <summary><c>static-analysis-report</c>.</summary>
    StaticAnalysisReport,

    /// <summary><c>dynamic-analysis-report</c>.</summary>
    DynamicAnalysisReport,

    /// <summary><c>runtime-analysis-report</c>.</summary>
    RuntimeAnalysisReport,

    /// <summary><c>component-analysis-report</c>.</summary>
    ComponentAnalysisReport,

    /// <summary><c>maturity-report</c>.</summary>
    MaturityReport,

    /// <summary><c>certification-report</c>.</summary>
    CertificationReport,

    /// <summary><c>codified-infrastructure</c>.</summary>
    CodifiedInfrastructure,

    /// <summary><c>quality-metrics</c>.</summary>
    QualityMetrics,

    /// <summary><c>poam</c>.</summary>
    Poam,

    /// <summary><c>electronic-signature</c>.</summary>
    ElectronicSignature,

    /// <summary><c>digital-signature</c>.</summary>
    DigitalSignature,

    /// <summary><c>rfc-9116</c>.</summary>
    Rfc9116,

    /// <summary><c>patent</c> (1.7 only).</summary>
    Patent,

    /// <summary><c>patent-family</c> (1.7 only).</summary>
    PatentFamily,

    /// <summary><c>patent-assertion</c> (1.7 only).</summary>
    PatentAssertion,

    /// <summary><c>citation</c> (1.7 only).</summary>
    Citation,

    /// <summary><c>other</c>.</summary>
    Other,
}

/// <summary><c>metadata.lifecycles[].phase</c>.</summary>
public enum CycloneDxLifecyclePhase
{
    /// <summary><c>design</c>.</summary>
    Design,

    /// <summary><c>pre-build</c>.</summary>
    PreBuild,

    /// <summary><c>build</c>: what a restore-and-build SBOM is.</summary>
    Build,

    /// <summary><c>post-build</c>: what an SBOM of a produced package is.</summary>
    PostBuild,

    /// <summary><c>operations</c>.</summary>
    Operations,

    /// <summary><c>discovery</c>.</summary>
    Discovery,

    /// <summary><c>decommission</c>.</summary>
    Decommission,
}
