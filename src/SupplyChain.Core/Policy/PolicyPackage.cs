using System;
using System.Collections.Generic;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Core.Policy;

/// <summary>What the policy knows about one locked package.</summary>
/// <param name="Id">The package id as the lock file writes it.</param>
/// <param name="Version">The locked version.</param>
/// <param name="Line">The line of its entry in the lock file (0 when not from a lock file).</param>
public sealed record PolicyPackage(string Id, string Version, int Line)
{
    /// <summary>False when the package is not in the packages folder (licence and provenance cannot be read).</summary>
    public bool IsAvailable { get; init; } = true;

    /// <summary>The declared licence.</summary>
    public DeclaredLicense License { get; init; } = DeclaredLicense.None;

    /// <summary>Advisories matching the locked version; null when no vulnerability data was given.</summary>
    public IReadOnlyList<Advisory>? Advisories { get; init; }

    /// <summary>True when the package was verified as a TUF target; null when TUF verification did not run.</summary>
    public bool? IsTufTarget { get; init; }

    /// <summary>Why the package is not a verified TUF target, for the message.</summary>
    public string? TufProblem { get; init; }

    /// <summary>Verifies provenance for a requirement; null when none can be found (a case file with no provenance).</summary>
    public Func<ProvenanceRequirement, ProvenanceEvidence>? Provenance { get; init; }
}

/// <summary>The outcome of looking for and verifying a package's provenance against one requirement.</summary>
/// <param name="LookedFor">Where attestations were looked for, for the message.</param>
public sealed record ProvenanceEvidence(string LookedFor)
{
    /// <summary>The attestation file that was checked, or null when none was found.</summary>
    public string? AttestationPath { get; init; }

    /// <summary>True when an SLSA provenance statement is signed by a trusted key.</summary>
    public bool SignatureTrusted { get; init; }

    /// <summary>Why no signature was trusted.</summary>
    public string? SignatureProblem { get; init; }

    /// <summary>True when a trusted statement's subject is the .nupkg in the packages folder.</summary>
    public bool SubjectMatches { get; init; }

    /// <summary>The .nupkg the subject was compared with.</summary>
    public string? PackagePath { get; init; }

    /// <summary>The trusted key ids that signed the statement.</summary>
    public IReadOnlyList<string> SignerKeyIds { get; init; } = Array.Empty<string>();

    /// <summary>True when a Sigstore bundle was signed keylessly by the rule's identity (its chain, log entry and identity verified).</summary>
    public bool SignedByKeylessIdentity { get; init; }

    /// <summary><c>runDetails.builder.id</c>.</summary>
    public string? BuilderId { get; init; }

    /// <summary><c>buildDefinition.buildType</c>.</summary>
    public string? BuildType { get; init; }

    /// <summary>The source repository (the first of <see cref="SourceRepositoryClaims"/>), or null.</summary>
    public string? SourceRepository { get; init; }

    /// <summary>The source ref (the first of <see cref="SourceRefClaims"/>), or null.</summary>
    public string? SourceRef { get; init; }

    /// <summary>
    /// Every place of the statement that names the source repository: <c>externalParameters.source.repository</c>,
    /// <c>externalParameters.workflow.repository</c> (GitHub's build type), and the repository of the <c>git+</c>
    /// resolved dependency. The check passes only when every one is accepted: a good value cannot hide a bad one.
    /// </summary>
    public IReadOnlyList<string> SourceRepositoryClaims { get; init; } = Array.Empty<string>();

    /// <summary>Every place that names the source ref: <c>externalParameters.source.ref</c>, <c>externalParameters.workflow.ref</c>, and the <c>@refs/...</c> of the <c>git+</c> resolved dependency.</summary>
    public IReadOnlyList<string> SourceRefClaims { get; init; } = Array.Empty<string>();

    /// <summary><c>runDetails.metadata.finishedOn</c> of the verified statement: the signed publish time.</summary>
    public DateTimeOffset? FinishedOn { get; init; }

    /// <summary>Attestation sidecars the TUF repository lists for the package whose bytes could not be taken (target path, problem).</summary>
    public IReadOnlyList<(string TargetPath, string Problem)> TufSidecarProblems { get; init; } = Array.Empty<(string, string)>();

    /// <summary>The TUF repository the sidecars came from, for the message.</summary>
    public string? TufRemote { get; init; }

    /// <summary>True when the attestation that was checked came through the TUF repository.</summary>
    public bool FromTuf { get; init; }

    /// <summary>True when an attestation was found.</summary>
    public bool Found => AttestationPath is not null;
}
