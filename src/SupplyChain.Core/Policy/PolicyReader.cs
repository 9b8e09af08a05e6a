using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Core.Policy;

/// <summary>
/// Reads <c>supplychain-policy.json</c> strictly: RFC 8259 JSON, no key twice in an object, no unknown key, every
/// value of its type, every pattern, range, licence id and key usable. Any problem is
/// <see cref="DiagnosticCatalog.Policy_Malformed"/> with the line; nothing is skipped, because a rule that is
/// silently dropped is a check that silently does not run.
/// </summary>
public static class PolicyReader
{
    /// <summary>The largest policy file read.</summary>
    public const long MaxFileSize = 4L * 1024 * 1024;

    private static readonly string[] s_topKeys = { "$schema", "version", "rules" };
    private static readonly string[] s_ruleKeys = { "name", "packages", "requireProvenance", "requireTufTarget", "licenses", "deny", "minimumAge", "vulnerabilities" };
    private static readonly string[] s_provenanceKeys = { "trustedKeys", "keyless", "builderIds", "buildTypes", "sourceRepositories", "sourceRefs" };
    private static readonly string[] s_keylessKeys = { "certificateIdentity", "certificateIdentityRegexp", "certificateOidcIssuer", "trustedRoot" };
    private static readonly string[] s_keyKeys = { "keyId", "publicKeyFile" };
    private static readonly string[] s_licenseKeys = { "allow", "deny", "unknown" };
    private static readonly string[] s_denyKeys = { "versions", "reason" };
    private static readonly string[] s_ageKeys = { "hours", "unknown" };
    private static readonly string[] s_vulnKeys = { "threshold" };

    /// <summary>Reads a policy file.</summary>
    /// <exception cref="SupplyChainException">SCSDK6101 when missing, SCSDK6100 when not a valid policy.</exception>
    public static PolicyDocument Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Policy_NotFound, path, 0, path);
        }

        if (info.Length > MaxFileSize)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Policy_Malformed, path, 0, path, 0, $"the file is larger than {MaxFileSize} bytes");
        }

        return Parse(File.ReadAllBytes(path), path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Parses a policy; relative key files are resolved against <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="SupplyChainException">SCSDK6100 when not a valid policy.</exception>
    public static PolicyDocument Parse(ReadOnlySpan<byte> utf8, string path, string baseDirectory)
    {
        try
        {
            var root = JsonTreeParser.Parse(utf8).ExpectObject("the policy");
            CheckKeys(root, s_topKeys, "the policy");
            var version = root.Required("version", "the policy").ExpectInt32("'version'");
            if (version != 1)
            {
                throw new JsonShapeException($"'version' is {version}; this SDK reads version 1", root.Find("version")!.Value.Line);
            }

            var rulesNode = root.Required("rules", "the policy").ExpectArray("'rules'");
            var rules = new List<PolicyRule>();
            foreach (var item in rulesNode.Items)
            {
                rules.Add(ReadRule(item, rules.Count + 1, baseDirectory));
            }

            return new PolicyDocument(path, rules);
        }
        catch (JsonShapeException ex)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Policy_Malformed, path, ex.Line, path, ex.Line, ex.Message);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            throw SupplyChainException.Create(DiagnosticCatalog.Policy_Malformed, path, line, path, line, JsonErrorText.Describe(ex));
        }
    }

    private static PolicyRule ReadRule(JsonTreeNode node, int index, string baseDirectory)
    {
        var what = "rule #" + index.ToString(CultureInfo.InvariantCulture);
        node.ExpectObject(what);
        CheckKeys(node, s_ruleKeys, what);
        var name = node.OptionalString("name", what);
        var packagesNode = node.Required("packages", what).ExpectArray($"'packages' of {what}");
        if (packagesNode.Items.Count == 0)
        {
            throw new JsonShapeException($"'packages' of {what} is empty; a rule must match something (use \"*\" for every package)", packagesNode.Line);
        }

        var patterns = new List<PackagePattern>();
        foreach (var item in packagesNode.Items)
        {
            var text = item.ExpectString($"an item of 'packages' of {what}");
            if (!PackagePattern.TryParse(text, out var pattern, out var error))
            {
                throw new JsonShapeException(error!, item.Line);
            }

            patterns.Add(pattern);
        }

        var rule = new PolicyRule(index, node.Line, name, patterns);
        if (node.OptionalObject("requireProvenance", what) is { } provenance)
        {
            rule = rule with { RequireProvenance = ReadProvenance(provenance, what + " requireProvenance", baseDirectory) };
        }

        if (node.Find("requireTufTarget") is { } tuf)
        {
            rule = rule with
            {
                RequireTufTarget = tuf.Value.Kind switch
                {
                    JsonTreeKind.True => true,
                    JsonTreeKind.False => false,
                    _ => throw new JsonShapeException($"'requireTufTarget' of {what} must be true or false, not {tuf.Value.KindName}", tuf.Value.Line),
                }
            };
        }

        if (node.OptionalObject("licenses", what) is { } licenses)
        {
            var w = what + " licenses";
            CheckKeys(licenses, s_licenseKeys, w);
            rule = rule with
            {
                Licenses = new LicenseRule(licenses.Line, LicenseIds(licenses, "allow", w), LicenseIds(licenses, "deny", w), Decision(licenses, w)),
            };
        }

        if (node.OptionalObject("deny", what) is { } deny)
        {
            var w = what + " deny";
            CheckKeys(deny, s_denyKeys, w);
            var ranges = new List<VersionInterval>();
            if (deny.Find("versions") is { } versions)
            {
                versions.Value.ExpectArray($"'versions' of {w}");
                foreach (var item in versions.Value.Items)
                {
                    var text = item.ExpectString($"an item of 'versions' of {w}");
                    if (!VersionInterval.TryParse(text, out var interval))
                    {
                        throw new JsonShapeException($"'{text}' in {w} is not a NuGet version or range such as \"[1.0.0, 2.0.0)\"", item.Line);
                    }

                    ranges.Add(interval);
                }

                if (ranges.Count == 0)
                {
                    throw new JsonShapeException($"'versions' of {w} is empty; leave it out to deny every version", versions.Value.Line);
                }
            }

            rule = rule with { Deny = new DenyRule(deny.Line, ranges, deny.OptionalString("reason", w)) };
        }

        if (node.OptionalObject("minimumAge", what) is { } age)
        {
            var w = what + " minimumAge";
            CheckKeys(age, s_ageKeys, w);
            var hours = age.Required("hours", w).ExpectInt32($"'hours' of {w}");
            if (hours is < 1 or > 24 * 3660)
            {
                throw new JsonShapeException($"'hours' of {w} is {hours}; it must be between 1 and {24 * 3660}", age.Find("hours")!.Value.Line);
            }

            rule = rule with { MinimumAge = new MinimumAgeRule(age.Line, TimeSpan.FromHours(hours), Decision(age, w)) };
        }

        if (node.OptionalObject("vulnerabilities", what) is { } vulnerabilities)
        {
            var w = what + " vulnerabilities";
            CheckKeys(vulnerabilities, s_vulnKeys, w);
            var text = vulnerabilities.Required("threshold", w).ExpectString($"'threshold' of {w}");
            if (!VulnerabilitySeverityText.TryParse(text, out var threshold))
            {
                throw new JsonShapeException($"'threshold' of {w} is '{text}', which is not one of low, moderate, high, critical", vulnerabilities.Find("threshold")!.Value.Line);
            }

            rule = rule with { Vulnerabilities = new VulnerabilityRule(vulnerabilities.Line, threshold) };
        }

        return rule;
    }

    private static ProvenanceRequirement ReadProvenance(JsonTreeNode node, string what, string baseDirectory)
    {
        CheckKeys(node, s_provenanceKeys, what);
        var keyless = node.OptionalObject("keyless", what) is { } keylessNode ? ReadKeyless(keylessNode, what + " keyless", baseDirectory) : null;
        if (keyless is null && node.Find("trustedKeys") is null)
        {
            throw new JsonShapeException($"{what} needs 'trustedKeys' or 'keyless': provenance signed by nobody in particular proves nothing", node.Line);
        }

        var keysNode = node.Find("trustedKeys") is null ? null : node.Required("trustedKeys", what).ExpectArray($"'trustedKeys' of {what}");
        if (keysNode is not null && keysNode.Items.Count == 0)
        {
            throw new JsonShapeException($"'trustedKeys' of {what} is empty; provenance signed by nobody in particular proves nothing", keysNode.Line);
        }

        var keys = new List<TrustedKey>();
        foreach (var item in keysNode?.Items ?? [])
        {
            item.ExpectObject($"an item of 'trustedKeys' of {what}");
            CheckKeys(item, s_keyKeys, $"an item of 'trustedKeys' of {what}");
            var file = item.Required("publicKeyFile", $"an item of 'trustedKeys' of {what}").ExpectString("'publicKeyFile'");
            var keyId = item.OptionalString("keyId", "a trusted key");
            var full = Path.GetFullPath(Path.Combine(baseDirectory, file));
            PublicKey key;
            try
            {
                key = KeyLoader.LoadPublicKey(full);
            }
            catch (SupplyChainException ex)
            {
                throw new JsonShapeException($"the public key file '{file}' cannot be used: {ex.Diagnostic.Message}", item.Line);
            }
            catch (IOException ex)
            {
                throw new JsonShapeException($"the public key file '{file}' cannot be read: {ex.Message}", item.Line);
            }

            if (keyId is not null && !string.Equals(keyId, key.KeyId, StringComparison.OrdinalIgnoreCase))
            {
                throw new JsonShapeException($"the key in '{file}' has the key id {key.KeyId}, not {keyId}", item.Line);
            }

            keys.Add(new TrustedKey(keyId, key, item.Line) { File = full });
        }

        return new ProvenanceRequirement(
            node.Line,
            keys,
            Patterns(node, "builderIds", what),
            Patterns(node, "buildTypes", what),
            Patterns(node, "sourceRepositories", what),
            Patterns(node, "sourceRefs", what))
        {
            Keyless = keyless,
        };
    }

    private static KeylessSigner ReadKeyless(JsonTreeNode node, string what, string baseDirectory)
    {
        CheckKeys(node, s_keylessKeys, what);
        var exact = node.OptionalString("certificateIdentity", what);
        var pattern = node.OptionalString("certificateIdentityRegexp", what);
        if ((exact is null) == (pattern is null))
        {
            throw new JsonShapeException($"{what} needs exactly one of 'certificateIdentity' and 'certificateIdentityRegexp'", node.Line);
        }

        var issuer = node.Required("certificateOidcIssuer", what).ExpectString($"'certificateOidcIssuer' of {what}");
        var rootFile = node.Required("trustedRoot", what).ExpectString($"'trustedRoot' of {what}");
        if (exact?.Length == 0 || pattern?.Length == 0 || issuer.Length == 0 || rootFile.Length == 0)
        {
            throw new JsonShapeException($"{what} has an empty value", node.Line);
        }

        SupplyChain.Core.Attestations.Sigstore.SigstoreIdentity identity;
        try
        {
            identity = exact is not null
                ? SupplyChain.Core.Attestations.Sigstore.SigstoreIdentity.Exact(exact, issuer)
                : SupplyChain.Core.Attestations.Sigstore.SigstoreIdentity.Pattern(pattern!, issuer);
        }
        catch (ArgumentException ex)
        {
            throw new JsonShapeException($"'certificateIdentityRegexp' of {what} is not a valid regular expression: {ex.Message}", node.Find("certificateIdentityRegexp")!.Value.Line);
        }

        var full = Path.GetFullPath(Path.Combine(baseDirectory, rootFile));
        try
        {
            return new KeylessSigner(node.Line, identity, SupplyChain.Core.Attestations.Sigstore.SigstoreTrustedRootStore.Load(full), full);
        }
        catch (SupplyChainException ex)
        {
            throw new JsonShapeException($"the trusted root '{rootFile}' cannot be used: {ex.Diagnostic.Message}", node.Find("trustedRoot")!.Value.Line);
        }
    }

    private static IReadOnlyList<string> Patterns(JsonTreeNode node, string name, string what)
    {
        var values = node.OptionalStringArray(name, what);
        foreach (var value in values)
        {
            var star = value.IndexOf('*', StringComparison.Ordinal);
            if (value.Length == 0 || (star >= 0 && star != value.Length - 1) || value == "*")
            {
                throw new JsonShapeException($"'{value}' in '{name}' of {what} is not a value or a prefix ending in '*' (a lone '*' would accept anything; leave the list out instead)", node.Find(name)!.Value.Line);
            }
        }

        return values;
    }

    private static IReadOnlyList<string> LicenseIds(JsonTreeNode node, string name, string what)
    {
        var result = new List<string>();
        if (node.Find(name) is not { } property)
        {
            return result;
        }

        property.Value.ExpectArray($"'{name}' of {what}");
        foreach (var item in property.Value.Items)
        {
            var text = item.ExpectString($"an item of '{name}' of {what}");
            if (!LicenseEvaluator.TryNormalizeListEntry(text, out var canonical))
            {
                throw new JsonShapeException($"'{text}' in '{name}' of {what} is not an SPDX licence id (or LicenseRef-, or 'id WITH exception')", item.Line);
            }

            result.Add(canonical);
        }

        return result;
    }

    private static UnknownDecision Decision(JsonTreeNode node, string what)
    {
        var text = node.OptionalString("unknown", what);
        return text switch
        {
            null or "deny" => UnknownDecision.Deny,
            "warn" => UnknownDecision.Warn,
            "allow" => UnknownDecision.Allow,
            _ => throw new JsonShapeException($"'unknown' of {what} is '{text}', which is not one of deny, warn, allow", node.Find("unknown")!.Value.Line),
        };
    }

    private static void CheckKeys(JsonTreeNode node, string[] known, string what)
    {
        foreach (var property in node.Properties)
        {
            if (Array.IndexOf(known, property.Name) < 0)
            {
                throw new JsonShapeException($"{what} has the unknown key '{property.Name}' (known: {string.Join(", ", known)})", property.Line);
            }
        }
    }
}
