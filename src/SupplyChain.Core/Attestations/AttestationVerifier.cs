using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Attestations;

/// <summary>
/// Verifies attestations of an artifact (<c>supplychain attest verify</c>): each DSSE envelope of a <c>.intoto.jsonl</c>
/// file (or the one of a Sigstore bundle) must have payload type <c>application/vnd.in-toto+json</c> and a valid
/// signature by a trusted key; its payload must be an in-toto Statement v1 of an expected predicate type (SLSA
/// provenance v1, CycloneDX BOM) with a subject whose digests match the artifact. A malformed line is reported with its
/// line number and the other lines are still checked. A <c>.nupkg</c> also matches a subject by its NuGet content hash
/// when it carries exactly one NuGet repository signature (<see cref="RepositorySignature"/>); the result says which way
/// each statement matched (<see cref="VerifiedAttestation.Match"/>). Every failure is reported; the file passes only when every
/// envelope passes and there is at least one.
/// </summary>
public static class AttestationVerifier
{
    /// <summary>The predicate types accepted when none are given.</summary>
    public static IReadOnlyList<string> DefaultPredicateTypes { get; } = new[] { PredicateTypes.SlsaProvenanceV1, PredicateTypes.CycloneDxBom };

    /// <summary>The largest attestation file read, in bytes.</summary>
    public const long MaxFileSize = 256L * 1024 * 1024;

    /// <summary>Verifies an attestation file (<c>.intoto.jsonl</c>, or a <c>.sigstore.json</c> bundle) against an artifact file.</summary>
    /// <exception cref="SupplyChainException">SCSDK6002 or SCSDK6001 when a file is missing or unreadable.</exception>
    public static AttestationVerificationResult VerifyFile(string attestationPath, string artifactPath, IReadOnlyList<PublicKey> trustedKeys, IDiagnosticSink sink, IReadOnlyList<string>? predicateTypes = null)
    {
        ArgumentNullException.ThrowIfNull(attestationPath);
        ArgumentNullException.ThrowIfNull(artifactPath);
        var content = ReadInput(attestationPath);
        if (!File.Exists(artifactPath))
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, artifactPath, 0, artifactPath, "--artifact");
        }

        var (sha256, sha512) = AttestationWriter.HashFile(artifactPath);
        var artifact = new ResourceDescriptor(Path.GetFileName(artifactPath), new[]
        {
            new KeyValuePair<string, string>("sha256", sha256),
            new KeyValuePair<string, string>("sha512", sha512),
        });
        // Inspected only when a statement's subject does not match the file digest but has a NuGet content hash.
        var repositorySignature = new Lazy<RepositorySignatureCheck?>(() => RepositorySignature.Inspect(artifactPath));
        return attestationPath.EndsWith(".sigstore.json", StringComparison.OrdinalIgnoreCase)
            ? VerifyBundleCore(content, attestationPath, artifact, trustedKeys, sink, predicateTypes, repositorySignature)
            : VerifyJsonLinesCore(content, attestationPath, artifact, trustedKeys, sink, predicateTypes, repositorySignature);
    }

    /// <summary>Verifies the envelopes of a JSON Lines file, one per line (blank lines are skipped).</summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="displayPath">The file, for diagnostics.</param>
    /// <param name="artifact">The artifact with its digests.</param>
    /// <param name="trustedKeys">The keys whose signatures count.</param>
    /// <param name="sink">Receives one diagnostic per failure.</param>
    /// <param name="predicateTypes">The accepted predicate types; <see cref="DefaultPredicateTypes"/> when null.</param>
    /// <param name="repositorySignature">
    /// When the artifact is a .nupkg: its <see cref="RepositorySignature.Inspect(string)"/> result, so that a subject whose
    /// NuGet content hash equals a repository-signed package's matches it; null to match file digests only.
    /// </param>
    public static AttestationVerificationResult VerifyJsonLines(ReadOnlySpan<byte> content, string displayPath, ResourceDescriptor artifact, IReadOnlyList<PublicKey> trustedKeys, IDiagnosticSink sink, IReadOnlyList<string>? predicateTypes = null, RepositorySignatureCheck? repositorySignature = null)
        => VerifyJsonLinesCore(content, displayPath, artifact, trustedKeys, sink, predicateTypes, new Lazy<RepositorySignatureCheck?>(repositorySignature));

    private static AttestationVerificationResult VerifyJsonLinesCore(ReadOnlySpan<byte> content, string displayPath, ResourceDescriptor artifact, IReadOnlyList<PublicKey> trustedKeys, IDiagnosticSink sink, IReadOnlyList<string>? predicateTypes, Lazy<RepositorySignatureCheck?> repositorySignature)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (DescribeBinary(content) is { } binary)
        {
            // Not a text file (most often the package given in place of its attestations): one error, not one per "line".
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Dsse_EnvelopeMalformed, displayPath, 0, displayPath, binary));
            return new AttestationVerificationResult(Array.Empty<VerifiedAttestation>(), 1);
        }

        var verifiers = Verifiers(trustedKeys);
        var verified = new List<VerifiedAttestation>();
        var failed = 0;
        var lineNumber = 0;
        var rest = content;
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlySpan<byte>.Empty : rest[(end + 1)..];
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            var read = DsseEnvelope.Read(line);
            if (!read.IsSuccess)
            {
                sink.Report(read.ToDiagnostic(displayPath, lineNumber));
                failed++;
                continue;
            }

            if (VerifyEnvelope(read.Envelope!, displayPath, lineNumber, artifact, verifiers, sink, predicateTypes, repositorySignature) is { } attestation)
            {
                verified.Add(attestation);
            }
            else
            {
                failed++;
            }
        }

        return Finish(displayPath, verified, failed, sink);
    }

    /// <summary>Verifies the DSSE envelope of a Sigstore bundle (its public key hint is not relied on).</summary>
    /// <param name="content">The bundle's bytes.</param>
    /// <param name="displayPath">The bundle, for diagnostics.</param>
    /// <param name="artifact">The artifact with its digests.</param>
    /// <param name="trustedKeys">The keys whose signatures count.</param>
    /// <param name="sink">Receives one diagnostic per failure.</param>
    /// <param name="predicateTypes">The accepted predicate types; <see cref="DefaultPredicateTypes"/> when null.</param>
    /// <param name="repositorySignature">As for <see cref="VerifyJsonLines"/>.</param>
    public static AttestationVerificationResult VerifyBundle(ReadOnlySpan<byte> content, string displayPath, ResourceDescriptor artifact, IReadOnlyList<PublicKey> trustedKeys, IDiagnosticSink sink, IReadOnlyList<string>? predicateTypes = null, RepositorySignatureCheck? repositorySignature = null)
        => VerifyBundleCore(content, displayPath, artifact, trustedKeys, sink, predicateTypes, new Lazy<RepositorySignatureCheck?>(repositorySignature));

    private static AttestationVerificationResult VerifyBundleCore(ReadOnlySpan<byte> content, string displayPath, ResourceDescriptor artifact, IReadOnlyList<PublicKey> trustedKeys, IDiagnosticSink sink, IReadOnlyList<string>? predicateTypes, Lazy<RepositorySignatureCheck?> repositorySignature)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var read = SigstoreBundle.Read(content);
        if (!read.IsSuccess)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Attestation_SigstoreBundleMalformed, displayPath, 0, displayPath, read.Error));
            return new AttestationVerificationResult(Array.Empty<VerifiedAttestation>(), 1);
        }

        var attestation = VerifyEnvelope(read.Envelope!, displayPath, 0, artifact, Verifiers(trustedKeys), sink, predicateTypes, repositorySignature);
        return attestation is null
            ? new AttestationVerificationResult(Array.Empty<VerifiedAttestation>(), 1)
            : new AttestationVerificationResult(new[] { attestation }, 0);
    }

    private static VerifiedAttestation? VerifyEnvelope(DsseEnvelope envelope, string displayPath, int line, ResourceDescriptor artifact, IReadOnlyList<IVerifier> verifiers, IDiagnosticSink sink, IReadOnlyList<string>? predicateTypes, Lazy<RepositorySignatureCheck?> repositorySignature)
    {
        // The signature first: nothing of the payload is looked at before it is known to be authentic.
        var verification = envelope.Verify(verifiers, threshold: 1, expectedPayloadType: InTotoStatement.PayloadType);
        if (!verification.IsValid)
        {
            sink.Report(verification.ToDiagnostic(displayPath, line));
            return null;
        }

        var statementRead = InTotoStatement.Read(verification.Payload.Span);
        if (!statementRead.IsSuccess)
        {
            sink.Report(statementRead.ToDiagnostic(displayPath, line));
            return null;
        }

        var statement = statementRead.Statement!;
        var expected = predicateTypes ?? DefaultPredicateTypes;
        if (!expected.Contains(statement.PredicateType, StringComparer.Ordinal))
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Attestation_UnexpectedPredicateType, displayPath, line, displayPath, statement.PredicateType, string.Join(" and ", expected.Select(t => "'" + t + "'"))));
            return null;
        }

        var match = MatchSubject(statement, displayPath, line, artifact, sink, repositorySignature);
        if (match is null)
        {
            return null;
        }

        var how = match == AttestationSubjectMatch.FileDigest ? "by file digest" : "by NuGet content hash (the package has one repository signature)";
        sink.Trace($"{Where(displayPath, line)}: {statement.PredicateType} about '{artifact.Name}' ({how}), signed by {string.Join(", ", verification.VerifiedKeyIds)}.");
        return new VerifiedAttestation(line, statement, verification.VerifiedKeyIds) { Match = match.Value };
    }

    /// <summary>
    /// How a statement's subject matches the artifact: by a file digest (<c>sha256</c>, <c>sha512</c>, ...; the NuGet
    /// content hash of the artifact's own digest set is never used for this), or else by the subject's
    /// <see cref="ResourceDescriptor.NuGetContentSha512"/> when the artifact is the package plus exactly one repository
    /// signature; null (reported) when it does not match.
    /// </summary>
    private static AttestationSubjectMatch? MatchSubject(InTotoStatement statement, string displayPath, int line, ResourceDescriptor artifact, IDiagnosticSink sink, Lazy<RepositorySignatureCheck?> repositorySignature)
    {
        var fileDigests = artifact.Digest.Where(d => d.Key != ResourceDescriptor.NuGetContentSha512).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        if (statement.Subject.Any(s => s.DigestMatches(fileDigests)))
        {
            return AttestationSubjectMatch.FileDigest;
        }

        var contentHashes = new List<string>();
        foreach (var subject in statement.Subject)
        {
            foreach (var (algorithm, value) in subject.Digest)
            {
                var isName = algorithm == ResourceDescriptor.NuGetContentSha512;
                if (isName && IsLowerHex(value, 128))
                {
                    contentHashes.Add(value);
                }
                else if (isName || string.Equals(algorithm, ResourceDescriptor.NuGetContentSha512, StringComparison.OrdinalIgnoreCase))
                {
                    sink.Report(Diagnostic.Create(DiagnosticCatalog.Attestation_ContentHashDigestMalformed, displayPath, line, displayPath, algorithm, value.Length > 140 ? value[..140] + "..." : value));
                }
            }
        }

        var check = contentHashes.Count > 0 ? repositorySignature.Value : null;
        if (check?.ContentSha512Hex is { } actual && contentHashes.Contains(actual, StringComparer.Ordinal))
        {
            if (check.IsRepositorySigned)
            {
                return AttestationSubjectMatch.ContentHashAfterRepositorySignature;
            }

            sink.Report(Diagnostic.Create(DiagnosticCatalog.Attestation_ContentHashSignatureNotRepository, displayPath, line, displayPath, artifact.Name, check.Reason));
            return null;
        }

        var subjects = string.Join(", ", statement.Subject.Select(DescribeSubject));
        var sha256 = fileDigests.TryGetValue("sha256", out var value256) ? value256 : string.Join(", ", fileDigests.Select(d => d.Key + " " + d.Value));
        sink.Report(Diagnostic.Create(DiagnosticCatalog.Attestation_SubjectMismatch, displayPath, line, displayPath, subjects, artifact.Name, sha256));
        return null;
    }

    private static bool IsLowerHex(string value, int length)
        => value.Length == length && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static AttestationVerificationResult Finish(string displayPath, List<VerifiedAttestation> verified, int failed, IDiagnosticSink sink)
    {
        if (verified.Count == 0 && failed == 0)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Attestation_Empty, displayPath, 0, displayPath));
            return new AttestationVerificationResult(verified, 1);
        }

        return new AttestationVerificationResult(verified, failed);
    }

    /// <summary>Why the content is not a JSON Lines text file (a NUL byte, or bytes that are not UTF-8), or null when it is text.</summary>
    internal static string? DescribeBinary(ReadOnlySpan<byte> content)
    {
        var isZip = content.StartsWith("PK\u0003\u0004"u8);
        if (!isZip && content.IndexOf((byte)0) < 0 && System.Text.Unicode.Utf8.IsValid(content))
        {
            return null;
        }

        return isZip
            ? "it is a zip archive (a package?), not a '.intoto.jsonl' file of JSON lines; give the attestations file as the first argument and the package with --artifact"
            : "it is binary data (a NUL byte, or bytes that are not UTF-8), not a '.intoto.jsonl' file of JSON lines; give the attestations file as the first argument and the artifact with --artifact";
    }

    private static string Where(string displayPath, int line) => line > 0 ? $"{displayPath}({line})" : displayPath;

    private static string DescribeSubject(ResourceDescriptor subject)
    {
        var digest = subject.Digest.TryGetValue("sha256", out var sha256) ? "sha256 " + sha256 : string.Join(", ", subject.Digest.Select(d => d.Key + " " + d.Value));
        return subject.Name is null ? digest : $"'{subject.Name}' ({digest})";
    }

    private static List<IVerifier> Verifiers(IReadOnlyList<PublicKey> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        return trustedKeys.Select(k => k.CreateVerifier()).ToList();
    }

    private static byte[] ReadInput(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, path, 0, path, "supplychain attest verify");
            }

            if (info.Length > MaxFileSize)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, path, 0, path, $"it is larger than {MaxFileSize} bytes");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, path, 0, path, ex.Message), ex);
        }
    }
}

/// <summary>One envelope that passed every check.</summary>
/// <param name="Line">Its 1-based line in the JSON Lines file, or 0 for a bundle.</param>
/// <param name="Statement">The verified statement.</param>
/// <param name="KeyIds">The trusted keys that signed it.</param>
public sealed record VerifiedAttestation(int Line, InTotoStatement Statement, IReadOnlyList<string> KeyIds)
{
    /// <summary>How its subject matched the artifact.</summary>
    public AttestationSubjectMatch Match { get; init; } = AttestationSubjectMatch.FileDigest;
}

/// <summary>How a statement's subject matched the artifact.</summary>
public enum AttestationSubjectMatch
{
    /// <summary>A file digest (<c>sha256</c>, <c>sha512</c>) of the subject is the artifact's: the very bytes that were attested.</summary>
    FileDigest,

    /// <summary>
    /// The artifact is a .nupkg with exactly one NuGet repository signature added, and the subject's
    /// <see cref="ResourceDescriptor.NuGetContentSha512"/> is the package's content hash: the attested package as a feed re-signed it.
    /// </summary>
    ContentHashAfterRepositorySignature,
}

/// <summary>The outcome of an attestation verification.</summary>
/// <param name="Verified">The envelopes that passed.</param>
/// <param name="FailedCount">How many envelopes (or lines) failed; each was reported.</param>
public sealed record AttestationVerificationResult(IReadOnlyList<VerifiedAttestation> Verified, int FailedCount)
{
    /// <summary>True when at least one envelope was checked and none failed.</summary>
    public bool IsValid => FailedCount == 0 && Verified.Count > 0;
}
