using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Core.Policy;

/// <summary>The verdict for one package.</summary>
public enum PolicyVerdict
{
    /// <summary>Every applicable section passed (or no rule matched).</summary>
    Pass,

    /// <summary>Passed with warnings (an unknown licence or age the rule warns about).</summary>
    Warn,

    /// <summary>At least one finding is an error.</summary>
    Fail,
}

/// <summary>The evaluation of one package: verdict, findings, the explanation and verified provenance.</summary>
/// <param name="Package">The package.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Findings">One diagnostic per failed check (on the lock-file line).</param>
/// <param name="Explanation">Each rule tried and why it applied or not, each section's result.</param>
/// <param name="Provenance">The verified provenance, when a rule required it and it was verified.</param>
public sealed record PackageEvaluation(PolicyPackage Package, PolicyVerdict Verdict, IReadOnlyList<Diagnostic> Findings, IReadOnlyList<string> Explanation, ProvenanceEvidence? Provenance)
{
    /// <summary>The checks that failed, by name (<c>licenses</c>, <c>deny</c>, <c>signature</c>, <c>builderId</c>…).</summary>
    public IReadOnlyList<string> FailedChecks { get; init; } = Array.Empty<string>();
}

/// <summary>
/// Applies a <see cref="PolicyDocument"/> to a package. Which rule applies, per section: of the rules whose patterns
/// match the id (case-insensitively) and that set the section, the one with the most specific matching pattern
/// (an exact id beats a prefix, a longer prefix a shorter one, <c>*</c> is last); among equally specific ones the
/// earliest in the file. So a later rule never loosens an earlier one of the same reach, and a rule that does not set
/// a section leaves the broader rule's section in force. <c>deny</c> is the exception: every matching deny applies.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Evaluates one package.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="package">What is known about the package.</param>
    /// <param name="lockFilePath">The file the findings are reported on (the lock file, or a case file).</param>
    /// <param name="now">The reference time for <c>minimumAge</c>.</param>
    public static PackageEvaluation Evaluate(PolicyDocument policy, PolicyPackage package, string lockFilePath, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(package);
        var findings = new List<Diagnostic>();
        var failed = new List<string>();
        var explain = new List<string>();
        var matching = new List<(PolicyRule Rule, PackagePattern Pattern)>();
        foreach (var rule in policy.Rules)
        {
            var pattern = rule.Match(package.Id);
            if (pattern is null)
            {
                explain.Add($"rule {rule.DisplayName} (line {rule.Line}): does not match (patterns {string.Join(", ", rule.Packages.Select(p => "'" + p.Text + "'"))})");
            }
            else
            {
                explain.Add($"rule {rule.DisplayName} (line {rule.Line}): matches by '{pattern.Text}'");
                matching.Add((rule, pattern));
            }
        }

        void Report(string check, DiagnosticDescriptor descriptor, params object?[] args)
        {
            findings.Add(Diagnostic.Create(descriptor, lockFilePath, package.Line, args));
            failed.Add(check);
        }

        PolicyRule? Pick(Func<PolicyRule, bool> sets, string section)
        {
            var chosen = Choose(matching, sets);
            explain.Add(chosen is null ? $"{section}: no matching rule sets it" : $"{section}: rule {chosen.DisplayName} (line {chosen.Line}) applies");
            return chosen;
        }

        var file = policy.Path;
        foreach (var (rule, _) in matching.Where(m => m.Rule.Deny is not null))
        {
            var deny = rule.Deny!;
            var version = NuGetVersionValue.ParseOrNull(package.Version);
            var hit = deny.Versions.Count == 0 ? "every version" : deny.Versions.FirstOrDefault(v => version is not null && v.Contains(version))?.ToString();
            if (hit is null && version is null && deny.Versions.Count > 0)
            {
                hit = "a version that cannot be compared";
            }

            explain.Add(hit is null ? $"deny: rule {rule.DisplayName} denies {string.Join(" ", deny.Versions)}, not {package.Version}" : $"deny: rule {rule.DisplayName} denies {hit}");
            if (hit is not null)
            {
                Report("deny", DiagnosticCatalog.Policy_PackageDenied, package.Id, package.Version, rule.DisplayName, file, deny.Line, $" ({hit}{(deny.Reason is null ? string.Empty : ": " + deny.Reason)})");
            }
        }

        if (Pick(r => r.Licenses is not null, "licenses") is { } licenseRule)
        {
            var rule = licenseRule.Licenses!;
            if (!package.IsAvailable)
            {
                Report("licenses", DiagnosticCatalog.Policy_PackageNotFound, package.Id, package.Version, "(packages folder)", licenseRule.DisplayName, file, rule.Line);
            }
            else
            {
                var result = LicenseEvaluator.Evaluate(package.License, rule);
                explain.Add($"licenses: {result.Verdict} ({result.Reason})");
                switch (result.Verdict)
                {
                    case LicenseVerdict.NotAllowed:
                        Report("licenses", DiagnosticCatalog.Policy_LicenseNotAllowed, package.Id, package.Version, package.License.Expression, licenseRule.DisplayName, file, rule.Line, result.Reason);
                        break;
                    case LicenseVerdict.Malformed:
                        Report("licenses", DiagnosticCatalog.Policy_LicenseMalformed, package.Id, package.Version, package.License.Expression, result.Reason, licenseRule.DisplayName, file, rule.Line);
                        break;
                    case LicenseVerdict.Unknown when rule.Unknown == UnknownDecision.Deny:
                        Report("licenses", DiagnosticCatalog.Policy_LicenseUnknown, package.Id, package.Version, result.Reason, licenseRule.DisplayName, file, rule.Line);
                        break;
                    case LicenseVerdict.Unknown when rule.Unknown == UnknownDecision.Warn:
                        findings.Add(Diagnostic.Create(DiagnosticCatalog.Policy_LicenseUnknownWarning, lockFilePath, package.Line, package.Id, package.Version, result.Reason, licenseRule.DisplayName, file, rule.Line));
                        break;
                }
            }
        }

        if (Pick(r => r.Vulnerabilities is not null, "vulnerabilities") is { } vulnRule)
        {
            var rule = vulnRule.Vulnerabilities!;
            if (package.Advisories is null)
            {
                Report("vulnerabilities", DiagnosticCatalog.Policy_VulnerabilityDataMissing, vulnRule.DisplayName, file, rule.Line);
            }
            else
            {
                foreach (var advisory in package.Advisories.Where(a => a.Severity == VulnerabilitySeverity.Unknown || a.Severity >= rule.Threshold))
                {
                    Report("vulnerabilities", DiagnosticCatalog.Policy_Vulnerable, package.Id, package.Version, advisory.Id, VulnerabilitySeverityText.Display(advisory.Severity), VulnerabilitySeverityText.Display(rule.Threshold), vulnRule.DisplayName, file, rule.Line, advisory.Url);
                }

                explain.Add($"vulnerabilities: {package.Advisories.Count} advisories, threshold {VulnerabilitySeverityText.Display(rule.Threshold)}");
            }
        }

        if (Pick(r => r.RequireTufTarget is not null, "requireTufTarget") is { } tufRule && tufRule.RequireTufTarget == true && package.IsTufTarget != true)
        {
            Report("requireTufTarget", DiagnosticCatalog.Policy_TufTargetRequired, package.Id, package.Version, tufRule.DisplayName, file, tufRule.Line, package.TufProblem ?? (package.IsTufTarget is null ? "no TUF repository is configured (SupplyChainPolicyTufTrustedRoot and SupplyChainPolicyTufRemote, or SupplyChainTufTrustedRoot and SupplyChainTufRemote)" : "it is not a target of the repository"));
        }

        ProvenanceEvidence? verified = null;
        if (Pick(r => r.RequireProvenance is not null, "requireProvenance") is { } provenanceRule)
        {
            verified = CheckProvenance(provenanceRule, package, file, Report, explain);
        }

        if (Pick(r => r.MinimumAge is not null, "minimumAge") is { } ageRule)
        {
            var rule = ageRule.MinimumAge!;
            var published = verified?.FinishedOn;
            if (published is null)
            {
                explain.Add("minimumAge: no signed publish time (only verified provenance gives one)");
                if (rule.Unknown == UnknownDecision.Deny)
                {
                    Report("minimumAge", DiagnosticCatalog.Policy_AgeUnknown, package.Id, package.Version, ageRule.DisplayName, file, rule.Line);
                }
                else if (rule.Unknown == UnknownDecision.Warn)
                {
                    findings.Add(Diagnostic.Create(DiagnosticCatalog.Policy_AgeUnknownWarning, lockFilePath, package.Line, package.Id, package.Version, ageRule.DisplayName, file, rule.Line));
                }
            }
            else if (now - published.Value < rule.Age)
            {
                Report("minimumAge", DiagnosticCatalog.Policy_PackageTooNew, package.Id, package.Version, published.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), "the signed provenance", rule.Age.TotalHours.ToString("0", CultureInfo.InvariantCulture), ageRule.DisplayName, file, rule.Line);
            }
        }

        var verdict = findings.Any(f => f.Severity == DiagnosticSeverity.Error) ? PolicyVerdict.Fail : findings.Count > 0 ? PolicyVerdict.Warn : PolicyVerdict.Pass;
        explain.Add("verdict: " + verdict.ToString().ToLowerInvariant());
        return new PackageEvaluation(package, verdict, findings, explain, verified) { FailedChecks = failed };
    }

    /// <summary>The rule whose section applies to a package (see the class summary), or null when no matching rule sets it.</summary>
    public static PolicyRule? Applicable(PolicyDocument policy, string packageId, Func<PolicyRule, bool> sets)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(sets);
        var matching = policy.Rules.Select(r => (Rule: r, Pattern: r.Match(packageId))).Where(m => m.Pattern is not null).Select(m => (m.Rule, m.Pattern!)).ToList();
        return Choose(matching, sets);
    }

    private static PolicyRule? Choose(List<(PolicyRule Rule, PackagePattern Pattern)> matching, Func<PolicyRule, bool> sets)
        => matching.Where(m => sets(m.Rule)).OrderByDescending(m => m.Pattern.Specificity).ThenBy(m => m.Rule.Index).Select(m => m.Rule).FirstOrDefault();

    private static ProvenanceEvidence? CheckProvenance(PolicyRule rule, PolicyPackage package, string file, Action<string, DiagnosticDescriptor, object?[]> report, List<string> explain)
    {
        var requirement = rule.RequireProvenance!;
        if (!package.IsAvailable)
        {
            report("requireProvenance", DiagnosticCatalog.Policy_PackageNotFound, new object?[] { package.Id, package.Version, "(packages folder)", rule.DisplayName, file, requirement.Line });
            return null;
        }

        var evidence = package.Provenance?.Invoke(requirement) ?? new ProvenanceEvidence("no attestation source");
        if (evidence.TufSidecarProblems.Count > 0)
        {
            // An attestation the trusted channel lists but whose bytes are not the signed ones: the package fails,
            // whatever else was found (the channel was tampered with).
            foreach (var (targetPath, problem) in evidence.TufSidecarProblems)
            {
                report("tufAttestation", DiagnosticCatalog.Policy_TufSidecarMismatch, new object?[] { package.Id, package.Version, targetPath, evidence.TufRemote, problem.TrimEnd('.'), rule.DisplayName, file, requirement.Line });
            }

            explain.Add("requireProvenance: an attestation listed by the TUF repository does not match its target");
            return null;
        }

        if (!evidence.Found)
        {
            report("requireProvenance", DiagnosticCatalog.Provenance_Missing, new object?[] { package.Id, package.Version, evidence.LookedFor, rule.DisplayName, file, requirement.Line });
            return null;
        }

        var trustedIds = requirement.TrustedKeys.Select(k => k.Key.KeyId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var keys = string.Join(", ", requirement.TrustedKeys.Select(k => k.Key.KeyId).Concat(requirement.Keyless is { } keyless ? new[] { "keyless " + keyless.Identity + " of " + keyless.Identity.Issuer } : []));
        if (!evidence.SignatureTrusted || !(evidence.SignerKeyIds.Any(trustedIds.Contains) || (evidence.SignedByKeylessIdentity && requirement.Keyless is not null)))
        {
            report("signature", DiagnosticCatalog.Provenance_SignatureUntrusted, new object?[] { package.Id, package.Version, evidence.AttestationPath, rule.DisplayName, file, requirement.Line, evidence.SignatureProblem ?? "trusted: " + keys });
            explain.Add("requireProvenance: signature not by a trusted key; the statement is not looked at");
            return null;
        }

        if (!evidence.SubjectMatches)
        {
            report("subject", DiagnosticCatalog.Provenance_SubjectMismatch, new object?[] { package.Id, package.Version, evidence.AttestationPath, evidence.PackagePath, rule.DisplayName, file, requirement.Line });
            return null;
        }

        var ok = true;
        void Check(string name, DiagnosticDescriptor descriptor, string? actual, IReadOnlyList<string> accepted)
        {
            if (accepted.Count == 0)
            {
                return;
            }

            if (actual is null || !accepted.Any(a => ValueMatches(a, actual)))
            {
                ok = false;
                report(name, descriptor, new object?[] { package.Id, package.Version, actual ?? "(none)", rule.DisplayName, file, requirement.Line, "accepted: " + string.Join(", ", accepted) });
            }
        }

        Check("builderId", DiagnosticCatalog.Provenance_BuilderMismatch, evidence.BuilderId, requirement.BuilderIds);
        Check("buildType", DiagnosticCatalog.Provenance_BuildTypeMismatch, evidence.BuildType, requirement.BuildTypes);
        // Every place that names the source must be accepted: a good value beside a bad one is no match.
        void CheckClaims(string name, DiagnosticDescriptor descriptor, IReadOnlyList<string> claims, string? single, IReadOnlyList<string> accepted, Func<string, string, bool> matches)
        {
            if (accepted.Count == 0)
            {
                return;
            }

            var all = claims.Count > 0 ? claims : single is null ? Array.Empty<string>() : new[] { single };
            var refused = all.FirstOrDefault(c => !accepted.Any(a => matches(a, c)));
            if (all.Count == 0 || refused is not null)
            {
                ok = false;
                var shown = all.Count == 0 ? "(none)" : all.Distinct(StringComparer.Ordinal).Count() == 1 ? all[0] : refused + "' (of '" + string.Join("', '", all.Distinct(StringComparer.Ordinal)) + "')";
                report(name, descriptor, new object?[] { package.Id, package.Version, shown, rule.DisplayName, file, requirement.Line, "accepted: " + string.Join(", ", accepted) });
            }
        }

        CheckClaims("sourceRepository", DiagnosticCatalog.Provenance_SourceRepositoryMismatch, evidence.SourceRepositoryClaims, evidence.SourceRepository, requirement.SourceRepositories, RepositoryMatches);
        CheckClaims("sourceRef", DiagnosticCatalog.Provenance_SourceRefMismatch, evidence.SourceRefClaims, evidence.SourceRef, requirement.SourceRefs, ValueMatches);
        explain.Add($"requireProvenance: {(ok ? "verified" : "signed but does not match")} ('{evidence.AttestationPath}', signer {string.Join(", ", evidence.SignerKeyIds)}, builder {evidence.BuilderId}, source {evidence.SourceRepository})");
        return ok ? evidence : null;
    }

    /// <summary>
    /// A repository URL against an accepted one: as <see cref="ValueMatches"/>, where an exact value also matches with
    /// or without a <c>git+</c> prefix and a trailing <c>.git</c> or <c>/</c> (a clone URL and the repository's page name one repository).
    /// </summary>
    internal static bool RepositoryMatches(string accepted, string actual)
        => ValueMatches(accepted, actual)
            || (!accepted.EndsWith('*') && string.Equals(Attestations.SourceIdentity.Canonical(accepted), Attestations.SourceIdentity.Canonical(actual), StringComparison.Ordinal));

    /// <summary>Exact match, or a prefix match when the accepted value ends in <c>*</c>. Ordinal: URIs and builder ids are case-sensitive.</summary>
    internal static bool ValueMatches(string accepted, string actual)
        => accepted.EndsWith('*')
            ? actual.StartsWith(accepted[..^1], StringComparison.Ordinal)
            : string.Equals(accepted, actual, StringComparison.Ordinal);
}
