using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Core.Policy;

/// <summary>What a rule does with a package whose licence or age cannot be known.</summary>
public enum UnknownDecision
{
    /// <summary>A finding that fails the build (the default).</summary>
    Deny,

    /// <summary>A warning.</summary>
    Warn,

    /// <summary>Accepted; the trace says so.</summary>
    Allow,
}

/// <summary>A parsed <c>supplychain-policy.json</c>.</summary>
/// <param name="Path">The file.</param>
/// <param name="Rules">The rules, in file order.</param>
public sealed record PolicyDocument(string Path, IReadOnlyList<PolicyRule> Rules)
{
    /// <summary>The public key files the policy reads (full paths, ordinal order): with the policy, what its reading depends on.</summary>
    public IReadOnlyList<string> KeyFiles => Rules
        .SelectMany(r => r.RequireProvenance?.TrustedKeys ?? [])
        .Select(k => k.File)
        .Concat(Rules.Select(r => r.RequireProvenance?.Keyless?.TrustedRootFile))
        .OfType<string>()
        .Distinct(System.StringComparer.Ordinal)
        .Order(System.StringComparer.Ordinal)
        .ToArray();
}

/// <summary>One rule: the packages it matches and the sections it sets (each optional).</summary>
/// <param name="Index">The 1-based position of the rule in <c>rules</c>.</param>
/// <param name="Line">The 1-based line where the rule starts.</param>
/// <param name="Name">The rule's name, or null.</param>
/// <param name="Packages">The package patterns.</param>
public sealed record PolicyRule(int Index, int Line, string? Name, IReadOnlyList<PackagePattern> Packages)
{
    /// <summary>The requirement for signed provenance, or null.</summary>
    public ProvenanceRequirement? RequireProvenance { get; init; }

    /// <summary>True when matched packages must be verified TUF targets; null when the rule does not say.</summary>
    public bool? RequireTufTarget { get; init; }

    /// <summary>The licence lists, or null.</summary>
    public LicenseRule? Licenses { get; init; }

    /// <summary>Denied version ranges (an empty list of ranges denies every version), or null.</summary>
    public DenyRule? Deny { get; init; }

    /// <summary>The minimum age, or null.</summary>
    public MinimumAgeRule? MinimumAge { get; init; }

    /// <summary>The vulnerability threshold, or null.</summary>
    public VulnerabilityRule? Vulnerabilities { get; init; }

    /// <summary>How a diagnostic names the rule: <c>#2 "contoso"</c>.</summary>
    public string DisplayName => Name is null ? "#" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture) : "#" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + " '" + Name + "'";

    /// <summary>The most specific of the rule's patterns that matches the id, or null.</summary>
    public PackagePattern? Match(string packageId)
    {
        PackagePattern? best = null;
        foreach (var pattern in Packages)
        {
            if (pattern.Matches(packageId) && (best is null || pattern.Specificity > best.Specificity))
            {
                best = pattern;
            }
        }

        return best;
    }
}

/// <summary>A trusted signer of provenance.</summary>
/// <param name="KeyId">The key id the key must have (TUF key id, hex), or null.</param>
/// <param name="Key">The public key.</param>
/// <param name="Line">The line of the entry.</param>
public sealed record TrustedKey(string? KeyId, PublicKey Key, int Line)
{
    /// <summary>The public key file it was read from (full path), an input of the build's incremental check.</summary>
    public string? File { get; init; }
}

/// <summary><c>requireProvenance</c>.</summary>
/// <param name="Line">The line of the section.</param>
/// <param name="TrustedKeys">Keys whose signature counts (at least one).</param>
/// <param name="BuilderIds">Accepted builder ids (exact, or prefix ending in <c>*</c>); empty = any.</param>
/// <param name="BuildTypes">Accepted build types; empty = any.</param>
/// <param name="SourceRepositories">Accepted source repository URIs (exact, or prefix ending in <c>*</c>); empty = any.</param>
/// <param name="SourceRefs">Accepted source refs (exact, or prefix ending in <c>*</c>); empty = any.</param>
public sealed record ProvenanceRequirement(int Line, IReadOnlyList<TrustedKey> TrustedKeys, IReadOnlyList<string> BuilderIds, IReadOnlyList<string> BuildTypes, IReadOnlyList<string> SourceRepositories, IReadOnlyList<string> SourceRefs)
{
    /// <summary>The keyless signer whose Sigstore bundles count (a CI workflow identity), or null for keys only.</summary>
    public KeylessSigner? Keyless { get; init; }
}

/// <summary>
/// <c>requireProvenance.keyless</c>: Sigstore bundles signed keylessly by this identity (cosign's and
/// <c>gh attestation verify</c>'s names), verified offline against the trusted root file.
/// </summary>
/// <param name="Line">The line of the section.</param>
/// <param name="Identity">The certificate identity (exact or an anchored pattern) and OIDC issuer.</param>
/// <param name="TrustedRoot">The Sigstore trusted root it chains to.</param>
/// <param name="TrustedRootFile">The trusted root's file (full path), an input of the build's incremental check.</param>
public sealed record KeylessSigner(int Line, SupplyChain.Core.Attestations.Sigstore.SigstoreIdentity Identity, SupplyChain.Core.Attestations.Sigstore.TrustedRoot TrustedRoot, string TrustedRootFile);

/// <summary><c>licenses</c>.</summary>
/// <param name="Line">The line of the section.</param>
/// <param name="Allow">Allowed licence ids (canonical case); empty = every licence not denied.</param>
/// <param name="Deny">Denied licence ids (canonical case).</param>
/// <param name="Unknown">What a missing, URL-only, file or unreadable licence gets.</param>
public sealed record LicenseRule(int Line, IReadOnlyList<string> Allow, IReadOnlyList<string> Deny, UnknownDecision Unknown);

/// <summary><c>deny</c>.</summary>
/// <param name="Line">The line of the section.</param>
/// <param name="Versions">The denied ranges; empty = every version.</param>
/// <param name="Reason">Why, for the message, or null.</param>
public sealed record DenyRule(int Line, IReadOnlyList<VersionInterval> Versions, string? Reason);

/// <summary><c>minimumAge</c>.</summary>
/// <param name="Line">The line of the section.</param>
/// <param name="Age">The minimum age.</param>
/// <param name="Unknown">What a package without a known publish time gets.</param>
public sealed record MinimumAgeRule(int Line, TimeSpan Age, UnknownDecision Unknown);

/// <summary><c>vulnerabilities</c>.</summary>
/// <param name="Line">The line of the section.</param>
/// <param name="Threshold">Advisories at or above this severity (and of unknown severity) fail.</param>
public sealed record VulnerabilityRule(int Line, VulnerabilitySeverity Threshold);
