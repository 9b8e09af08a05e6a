using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Diagnostics;

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
    public static IReadOnlyList<string> Suffixes { get; } = new[] { ".intoto.jsonl", ".sigstore.json" };

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

    /// <summary>Finds and verifies the provenance of a package for one requirement.</summary>
    public static ProvenanceEvidence Verify(IReadOnlyList<string> feeds, string id, string version, string nupkgPath, ProvenanceRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(requirement);
        var lookedFor = feeds.Count == 0
            ? "no attestation feed is configured (SupplyChainPolicyAttestationFeeds)"
            : $"{id}.{version}.intoto.jsonl and .sigstore.json in {string.Join(", ", feeds.Select(f => "'" + f + "'"))}";
        var refused = new List<string>();
        ProvenanceEvidence? best = null;
        foreach (var candidate in Candidates(feeds, id, version).Distinct(StringComparer.Ordinal))
        {
            var info = new FileInfo(candidate);
            if (!info.Exists)
            {
                continue;
            }

            if (info.LinkTarget is not null || (info.Directory?.LinkTarget is not null))
            {
                refused.Add(candidate + " (a symbolic link, refused)");
                continue;
            }

            var evidence = VerifyOne(candidate, nupkgPath, requirement, lookedFor);
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
        var external = predicate?["buildDefinition"]?["externalParameters"] as JsonObject;
        var source = external?["source"] as JsonObject;
        var repository = Text(source?["repository"]) ?? ResolvedGitRepository(predicate);
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
            SourceRepository = repository,
            SourceRef = Text(source?["ref"]),
            FinishedOn = finished,
        };
    }

    private static string? ResolvedGitRepository(JsonObject? predicate)
    {
        if (predicate?["buildDefinition"]?["resolvedDependencies"] is not JsonArray dependencies)
        {
            return null;
        }

        foreach (var dependency in dependencies)
        {
            if (Text(dependency?["uri"]) is { } uri && uri.StartsWith("git+", StringComparison.Ordinal))
            {
                var at = uri.LastIndexOf('@');
                return at > 4 ? uri[4..at] : uri[4..];
            }
        }

        return null;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
