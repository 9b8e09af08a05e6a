using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf.Repository;

namespace SupplyChain.Core.Policy;

/// <summary>
/// Finds a package's attestation sidecars (<c>&lt;id&gt;.&lt;version&gt;.intoto.jsonl</c>, <c>.sigstore.json</c>) in folder
/// feeds (flat, or NuGet's hierarchical <c>id/version/</c> layout) and verifies them with
/// <see cref="AttestationVerifier.VerifyFile"/> against the .nupkg in the packages folder: a trusted signature, then
/// a subject whose SHA-256 and SHA-512 are that file's. A sidecar that is a symbolic link is refused (it is reported
/// as not found, with the reason): a link can make one package's attestation appear beside another, and the feed is
/// the place that must hold it.
/// </summary>
public static class ProvenanceLocator
{
    /// <summary>The sidecar suffixes looked for, in order.</summary>
    public static IReadOnlyList<string> Suffixes { get; } = new[] { ".intoto.jsonl", ".provenance.sigstore.json", ".sigstore.json" };

    /// <summary>The candidate sidecar files of a package in the feeds, existing or not.</summary>
    public static IEnumerable<string> Candidates(IReadOnlyList<string> feeds, string id, string version)
    {
        foreach (var feed in feeds)
        {
            foreach (var name in new[] { id + "." + version, id.ToLowerInvariant() + "." + version.ToLowerInvariant() }.Distinct(StringComparer.Ordinal))
            {
                foreach (var suffix in Suffixes)
                {
                    yield return Path.Combine(feed, name + suffix);
                    yield return Path.Combine(feed, id.ToLowerInvariant(), version.ToLowerInvariant(), name + suffix);
                }
            }
        }
    }

    /// <summary>Finds and verifies the provenance of a package for one requirement, from the folder feeds.</summary>
    public static ProvenanceEvidence Verify(IReadOnlyList<string> feeds, string id, string version, string nupkgPath, ProvenanceRequirement requirement)
        => Verify(feeds, id, version, nupkgPath, requirement, Array.Empty<PolicyTufSidecar>(), null);

    /// <summary>
    /// Finds and verifies the provenance of a package for one requirement: first the sidecars the TUF repository
    /// delivered (verified copies), then the folder feeds. A TUF sidecar whose bytes could not be taken is returned as
    /// a problem (<see cref="ProvenanceEvidence.TufSidecarProblems"/>), which fails the package.
    /// </summary>
    public static ProvenanceEvidence Verify(IReadOnlyList<string> feeds, string id, string version, string nupkgPath, ProvenanceRequirement requirement, IReadOnlyList<PolicyTufSidecar> tufSidecars, string? tufRemote)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(tufSidecars);
        var places = new List<string>();
        if (tufRemote is not null)
        {
            places.Add($"{TargetPaths.NuGetPackageFolder(id, version)}/{TargetPaths.NuGetFileStem(id, version)}{Alternatives(PolicyTufSource.SidecarSuffixes)} as targets of the TUF repository '{tufRemote}'");
        }

        if (feeds.Count > 0)
        {
            places.Add($"{id}.{version}{Alternatives(Suffixes)} in {string.Join(", ", feeds.Select(f => "'" + f + "'"))}");
        }

        var lookedFor = places.Count == 0
            ? "no attestation feed is configured (SupplyChainPolicyAttestationFeeds) and no TUF repository (SupplyChainPolicyTufRemote)"
            : string.Join("; ", places);
        var problems = tufSidecars.Where(s => s.Problem is not null).Select(s => (s.TargetPath, s.Problem!)).ToArray();
        if (problems.Length > 0)
        {
            return new ProvenanceEvidence(lookedFor) { TufSidecarProblems = problems, TufRemote = tufRemote };
        }

        var refused = new List<string>();
        ProvenanceEvidence? best = null;
        var candidates = tufSidecars.Where(s => s.LocalPath is not null).Select(s => (Path: s.LocalPath!, FromTuf: true))
            .Concat(Candidates(feeds, id, version).Distinct(StringComparer.Ordinal).Select(c => (Path: c, FromTuf: false)));
        foreach (var (candidate, fromTuf) in candidates)
        {
            var info = new FileInfo(candidate);
            if (!info.Exists)
            {
                continue;
            }

            if (!fromTuf && (info.LinkTarget is not null || (info.Directory?.LinkTarget is not null)))
            {
                refused.Add(candidate + " (a symbolic link, refused)");
                continue;
            }

            var evidence = VerifyOne(candidate, nupkgPath, requirement, lookedFor) with { FromTuf = fromTuf, TufRemote = fromTuf ? tufRemote : null };
            if (evidence.SignatureTrusted && evidence.SubjectMatches)
            {
                return evidence;
            }

            // Report the attestation that got furthest: a trusted signature over another subject says more than an untrusted one.
            if (best is null || (evidence.SignatureTrusted && !best.SignatureTrusted))
            {
                best = evidence;
            }
        }

        return best ?? new ProvenanceEvidence(refused.Count == 0 ? lookedFor : lookedFor + "; " + string.Join("; ", refused));
    }

    // ".intoto.jsonl, .provenance.sigstore.json or .sigstore.json": the first name whole, so a reader can search for it.
    private static string Alternatives(IReadOnlyList<string> suffixes)
        => suffixes[0] + (suffixes.Count > 1 ? ", " + string.Join(", ", suffixes.Skip(1).Take(suffixes.Count - 2)) + (suffixes.Count > 2 ? " or " : string.Empty) + suffixes[^1] : string.Empty);

    private static ProvenanceEvidence VerifyOne(string attestation, string nupkgPath, ProvenanceRequirement requirement, string lookedFor)
    {
        if (requirement.Keyless is { } keyless && attestation.EndsWith(".sigstore.json", StringComparison.OrdinalIgnoreCase))
        {
            return VerifyBundle(attestation, nupkgPath, requirement, keyless, lookedFor);
        }

        var bag = new DiagnosticBag();
        AttestationVerificationResult result;
        try
        {
            result = AttestationVerifier.VerifyFile(attestation, nupkgPath, requirement.TrustedKeys.Select(k => k.Key).ToArray(), bag);
        }
        catch (SupplyChainException ex)
        {
            return new ProvenanceEvidence(lookedFor) { AttestationPath = attestation, SignatureProblem = ex.Diagnostic.Message, PackagePath = nupkgPath };
        }

        var provenance = result.Verified.FirstOrDefault(v => string.Equals(v.Statement.PredicateType, PredicateTypes.SlsaProvenanceV1, StringComparison.Ordinal));
        if (provenance is null)
        {
            // Signature failures come first in the verifier; a subject failure means the signature was trusted.
            var subjectFailed = bag.Diagnostics.Any(d => d.Code == DiagnosticCatalog.Attestation_SubjectMismatch.Code);
            var problem = bag.Diagnostics.FirstOrDefault(d => d.Code != DiagnosticCatalog.Attestation_SubjectMismatch.Code)?.Message ?? "no SLSA provenance statement is signed by a trusted key";
            return new ProvenanceEvidence(lookedFor)
            {
                AttestationPath = attestation,
                PackagePath = nupkgPath,
                SignatureTrusted = subjectFailed,
                SignerKeyIds = subjectFailed ? requirement.TrustedKeys.Select(k => k.Key.KeyId).ToArray() : Array.Empty<string>(),
                SubjectMatches = false,
                SignatureProblem = subjectFailed ? null : problem,
            };
        }

        return Evidence(provenance.Statement, provenance.KeyIds, attestation, nupkgPath, lookedFor);
    }

    /// <summary>A Sigstore bundle, keyless by the rule's identity or key-based by its trusted keys, through <see cref="SigstoreVerifier"/>.</summary>
    private static ProvenanceEvidence VerifyBundle(string attestation, string nupkgPath, ProvenanceRequirement requirement, KeylessSigner keyless, string lookedFor)
    {
        var bag = new DiagnosticBag();
        SigstoreVerificationResult result;
        try
        {
            result = SigstoreVerifier.VerifyFile(
                attestation,
                SigstoreArtifact.FromFile(nupkgPath),
                new SigstoreVerificationOptions
                {
                    TrustedRoot = keyless.TrustedRoot,
                    Identity = keyless.Identity,
                    TrustedKeys = requirement.TrustedKeys.Select(k => k.Key).ToArray(),
                    PredicateTypes = new[] { PredicateTypes.SlsaProvenanceV1 },
                },
                bag);
        }
        catch (SupplyChainException ex)
        {
            return new ProvenanceEvidence(lookedFor) { AttestationPath = attestation, SignatureProblem = ex.Diagnostic.Message, PackagePath = nupkgPath };
        }

        if (!result.IsValid || result.Statement is null)
        {
            // The Sigstore verifier stops at its first failing step, and reads the statement before it checks a keyless
            // chain and identity: a failure never says the signer was trusted, and its message names the step.
            return new ProvenanceEvidence(lookedFor)
            {
                AttestationPath = attestation,
                PackagePath = nupkgPath,
                SignatureTrusted = false,
                SubjectMatches = false,
                SignatureProblem = bag.Diagnostics.FirstOrDefault()?.Message ?? "the bundle is not signed by the rule's identity or keys",
            };
        }

        var signer = result.SignerIdentity is { } identity ? new[] { identity + " (" + result.SignerIssuer + ")" } : new[] { result.KeyId ?? "unknown key" };
        return Evidence(result.Statement, signer, attestation, nupkgPath, lookedFor) with { SignedByKeylessIdentity = result.SignerIdentity is not null };
    }

    private static ProvenanceEvidence Evidence(InTotoStatement statement, IReadOnlyList<string> signers, string attestation, string nupkgPath, string lookedFor)
    {
        var predicate = statement.Predicate;
        var (repositories, refs) = SourceClaims(predicate);
        DateTimeOffset? finished = null;
        if (Text(predicate?["runDetails"]?["metadata"]?["finishedOn"]) is { } finishedText && DateTimeOffset.TryParse(finishedText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
        {
            finished = parsed;
        }

        return new ProvenanceEvidence(lookedFor)
        {
            AttestationPath = attestation,
            PackagePath = nupkgPath,
            SignatureTrusted = true,
            SubjectMatches = true,
            SignerKeyIds = signers,
            BuilderId = Text(predicate?["runDetails"]?["builder"]?["id"]),
            BuildType = Text(predicate?["buildDefinition"]?["buildType"]),
            SourceRepository = repositories.FirstOrDefault(),
            SourceRef = refs.FirstOrDefault(),
            SourceRepositoryClaims = repositories,
            SourceRefClaims = refs,
            FinishedOn = finished,
        };
    }

    /// <summary>
    /// Every repository and ref the predicate names, in this order: <c>externalParameters.source</c> (our build
    /// type), <c>externalParameters.workflow</c> (GitHub's), the first <c>git+URL@REF</c> resolved dependency (both
    /// write it; the part after the <c>@</c> is a ref when it starts with <c>refs/</c>, else a commit).
    /// </summary>
    public static (IReadOnlyList<string> Repositories, IReadOnlyList<string> Refs) SourceClaims(JsonObject? predicate)
    {
        var repositories = new List<string>();
        var refs = new List<string>();
        var external = predicate?["buildDefinition"]?["externalParameters"] as JsonObject;
        foreach (var name in new[] { "source", "workflow" })
        {
            if (external?[name] is JsonObject section)
            {
                if (Text(section["repository"]) is { } repository)
                {
                    repositories.Add(repository);
                }

                if (Text(section["ref"]) is { } sourceRef)
                {
                    refs.Add(sourceRef);
                }
            }
        }

        if (predicate?["buildDefinition"]?["resolvedDependencies"] is JsonArray dependencies)
        {
            foreach (var dependency in dependencies)
            {
                if (Text(dependency?["uri"]) is { } uri && uri.StartsWith("git+", StringComparison.Ordinal))
                {
                    var (repository, version) = SplitGitUri(uri[4..]);
                    repositories.Add(repository);
                    if (version is not null && version.StartsWith("refs/", StringComparison.Ordinal))
                    {
                        refs.Add(version);
                    }

                    break;
                }
            }
        }

        return (repositories, refs);
    }

    /// <summary>
    /// <c>URL@VERSION</c> split at the first <c>@</c> of the path (the <c>@</c> of <c>ssh://git@host</c> is the user,
    /// and a ref may itself hold an <c>@</c>); the version is null when there is none.
    /// </summary>
    internal static (string Repository, string? Version) SplitGitUri(string uri)
    {
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        var pathStart = scheme < 0 ? 0 : uri.IndexOf('/', scheme + 3);
        var at = pathStart < 0 ? -1 : uri.IndexOf('@', pathStart);
        return at < 0 ? (uri, null) : (uri[..at], uri[(at + 1)..]);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
