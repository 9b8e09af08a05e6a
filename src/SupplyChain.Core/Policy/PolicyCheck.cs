using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Xml;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Core.Policy;

/// <summary>What the build task and <c>supplychain policy check</c> give the policy check.</summary>
public sealed record PolicyCheckRequest
{
    /// <summary>The <c>supplychain-policy.json</c>.</summary>
    public required string PolicyPath { get; init; }

    /// <summary>The <c>packages.lock.json</c>.</summary>
    public required string LockFilePath { get; init; }

    /// <summary>The global packages folder the restore used.</summary>
    public required string PackagesFolder { get; init; }

    /// <summary>Folder feeds where attestation sidecars are looked for.</summary>
    public IReadOnlyList<string> AttestationFeeds { get; init; } = Array.Empty<string>();

    /// <summary>The vulnerability data (<c>SupplyChainVulnerabilityData</c>), or null.</summary>
    public string? VulnerabilityDataPath { get; init; }

    /// <summary>True when the build verified every locked package as a TUF target (the TufVerify target ran); false when TUF is not configured.</summary>
    public bool TufVerified { get; init; }

    /// <summary>
    /// The TUF repository the check verifies packages through (those a rule requires to be TUF targets) and fetches
    /// attestation sidecars from (for those a rule requires provenance for), or null.
    /// </summary>
    public PolicyTufSettings? Tuf { get; init; }

    /// <summary>The reference time.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>The per-package verdicts and verified provenance the SBOM records, or null.</summary>
    public string? VerdictsPath { get; init; }
}

/// <summary>The evaluations of every locked package.</summary>
public sealed record PolicyCheckResult(PolicyDocument Policy, IReadOnlyList<PackageEvaluation> Evaluations)
{
    /// <summary>True when no package failed.</summary>
    public bool Passed => Evaluations.All(e => e.Verdict != PolicyVerdict.Fail);

    /// <summary>True when the check used the TUF repository (and it passed its checks).</summary>
    public bool TufUsed { get; init; }

    /// <summary>When the first of the TUF metadata used expires (the check must run again then), or null.</summary>
    public DateTimeOffset? TufValidUntil { get; init; }

    /// <summary>The packages verified as TUF targets by the check.</summary>
    public IReadOnlyList<Tuf.Client.VerifiedPackageTarget> TufVerified { get; init; } = Array.Empty<Tuf.Client.VerifiedPackageTarget>();
}

/// <summary>
/// Evaluates a policy against every package of a lock file (one evaluation per id and version, on the line of its
/// first entry), reads each package's licence from the nuspec inside the .nupkg (the file whose hash the pinning
/// check verifies, not the extracted copy), verifies provenance from the attestation feeds, and reports every
/// finding to the sink.
/// </summary>
public static class PolicyCheck
{
    /// <summary>Runs the check.</summary>
    /// <exception cref="SupplyChainException">The policy, the lock file or the vulnerability data cannot be read.</exception>
    public static PolicyCheckResult Run(PolicyCheckRequest request, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        var tuf = request.Tuf is null ? null : new PolicyTufSource(request.Tuf, Path.GetDirectoryName(Path.GetFullPath(request.LockFilePath))!, sink);
        var result = RunCore(request, tuf, sink);
        if (request.VerdictsPath is { } verdicts)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(verdicts))!);
            AtomicFile.WriteAllBytes(verdicts, PolicyVerdictsFile.Write(result.Evaluations));
        }

        result = result with { TufValidUntil = tuf?.ValidUntil, TufVerified = tuf?.Verified ?? Array.Empty<Tuf.Client.VerifiedPackageTarget>(), TufUsed = tuf?.Used == true };
        return result;
    }

    private static PolicyCheckResult RunCore(PolicyCheckRequest request, PolicyTufSource? tuf, IDiagnosticSink sink)
    {
        var policy = PolicyReader.Read(request.PolicyPath);
        var lockFile = PackagesLockFileReader.Read(request.LockFilePath);
        var database = string.IsNullOrEmpty(request.VulnerabilityDataPath) ? null : VulnerabilityDatabase.Load(request.VulnerabilityDataPath);
        var evaluations = new List<PackageEvaluation>();
        foreach (var package in Packages(lockFile))
        {
            var facts = Describe(request, package.Id, package.Version, package.Line, database, policy, tuf);
            evaluations.Add(PolicyEvaluator.Evaluate(policy, facts, request.LockFilePath, request.Now));
        }

        foreach (var evaluation in evaluations)
        {
            foreach (var finding in evaluation.Findings)
            {
                sink.Report(finding);
            }

            sink.Trace($"policy: '{evaluation.Package.Id}' {evaluation.Package.Version}: {string.Join("; ", evaluation.Explanation)}");
        }

        foreach (var rule in policy.Rules.Where(r => !evaluations.Any(e => r.Match(e.Package.Id) is not null)))
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Policy_RuleUnused, policy.Path, rule.Line, rule.DisplayName, policy.Path, rule.Line, request.LockFilePath));
        }

        return new PolicyCheckResult(policy, evaluations);
    }

    /// <summary>Each locked package once (first entry's line), ordered by id and version.</summary>
    public static IReadOnlyList<(string Id, string Version, int Line)> Packages(PackagesLockFile lockFile)
    {
        ArgumentNullException.ThrowIfNull(lockFile);
        var seen = new Dictionary<string, (string Id, string Version, int Line)>(StringComparer.OrdinalIgnoreCase);
        foreach (var dependency in lockFile.Targets.SelectMany(t => t.Dependencies).Where(d => d.IsPackage && d.Resolved is not null))
        {
            seen.TryAdd(dependency.Id + "/" + dependency.Resolved, (dependency.Id, dependency.Resolved!, dependency.Line));
        }

        return seen.Values.OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Version, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// What the packages folder, the feeds, the TUF repository and the data say about one package. The TUF repository
    /// is asked only about a package whose applicable rule requires a TUF target or provenance (per pattern, as
    /// <see cref="PolicyEvaluator"/> picks the rule): a package no rule requires it for is not looked up.
    /// </summary>
    public static PolicyPackage Describe(PolicyCheckRequest request, string id, string version, int line, VulnerabilityDatabase? database, PolicyDocument? policy = null, PolicyTufSource? tuf = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var normalized = NuGetVersionValue.ParseOrNull(version)?.Normalized ?? version;
        var nupkg = Path.Combine(request.PackagesFolder, id.ToLowerInvariant(), normalized.ToLowerInvariant(), id.ToLowerInvariant() + "." + normalized.ToLowerInvariant() + ".nupkg");
        var available = File.Exists(nupkg);
        bool? isTufTarget = request.TufVerified ? true : null;
        string? tufProblem = null;
        if (tuf is not null && policy is not null && PolicyEvaluator.Applicable(policy, id, r => r.RequireTufTarget is not null)?.RequireTufTarget == true)
        {
            var check = tuf.CheckPackage(id, normalized, nupkg);
            isTufTarget = check.IsTarget;
            tufProblem = check.Problem;
        }

        Func<ProvenanceRequirement, ProvenanceEvidence>? provenance = null;
        if (available)
        {
            IReadOnlyList<PolicyTufSidecar>? sidecars = null;
            provenance = requirement =>
            {
                sidecars ??= tuf is null ? Array.Empty<PolicyTufSidecar>() : tuf.Sidecars(id, normalized);
                return ProvenanceLocator.Verify(request.AttestationFeeds, id, normalized, nupkg, requirement, sidecars, tuf?.RemoteDisplay);
            };
        }

        return new PolicyPackage(id, version, line)
        {
            IsAvailable = available,
            License = available ? ReadLicense(nupkg) : DeclaredLicense.None,
            IsTufTarget = isTufTarget,
            TufProblem = tufProblem,
            Advisories = database is null ? null : Advisories(database, id, version),
            Provenance = provenance,
        };
    }

    private static IReadOnlyList<Advisory> Advisories(VulnerabilityDatabase database, string id, string version)
    {
        // A version no range can be compared with gets every advisory for the package: none would let it pass unchecked.
        var parsed = NuGetVersionValue.ParseOrNull(version);
        return database.For(id).Where(a => parsed is null || a.Package.Matching(parsed).Count > 0).Select(a => a.Advisory).Distinct().ToList();
    }

    /// <summary>The licence declared by the nuspec at the root of the .nupkg.</summary>
    internal static DeclaredLicense ReadLicense(string nupkgPath)
    {
        try
        {
            using var archive = ZipFile.OpenRead(nupkgPath);
            var entry = archive.Entries.FirstOrDefault(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            if (entry is null)
            {
                return DeclaredLicense.None;
            }

            using var stream = entry.Open();
            var metadata = NuspecMetadata.Parse(stream);
            return metadata.License is { } license
                ? string.Equals(license.Type, "expression", StringComparison.OrdinalIgnoreCase)
                    ? new DeclaredLicense(license.Value, metadata.LicenseUrl, null)
                    : new DeclaredLicense(null, metadata.LicenseUrl, license.Value)
                : new DeclaredLicense(null, metadata.LicenseUrl, null);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or XmlException or UnauthorizedAccessException)
        {
            return DeclaredLicense.None;
        }
    }
}
