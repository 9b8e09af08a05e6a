using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Core.Policy;

/// <summary>The outcome of one policy test case.</summary>
/// <param name="Case">The case file.</param>
/// <param name="Expected">The expected verdict.</param>
/// <param name="Evaluation">What the policy decided.</param>
/// <param name="Passed">True when the verdict (and the expected failed checks, when given) agree.</param>
public sealed record PolicyTestResult(string Case, PolicyVerdict Expected, PackageEvaluation Evaluation, bool Passed);

/// <summary>
/// Runs a policy against a folder of cases (<c>*.json</c>, in name order), so a team tests its policy in CI. A case is
/// <c>{"package":{"id","version","license","licenseUrl","licenseFile","tufTarget","advisories":[{"id","severity"}],
/// "provenance":{"signerKeyId","subjectMatches","builderId","buildType","sourceRepository","sourceRef","finishedOn"}},
/// "now":"…","expect":"pass|warn|fail","expectChecks":["licenses",…]}</c>. Provenance in a case stands for a verified
/// attestation; the trusted-key check still runs (the signer must be a key the rule trusts).
/// </summary>
public static class PolicyTestRunner
{
    private static readonly string[] s_caseKeys = { "$schema", "description", "package", "now", "expect", "expectChecks" };
    private static readonly string[] s_packageKeys = { "id", "version", "license", "licenseUrl", "licenseFile", "tufTarget", "advisories", "provenance" };
    private static readonly string[] s_provenanceKeys = { "signerKeyId", "subjectMatches", "builderId", "buildType", "sourceRepository", "sourceRef", "finishedOn" };
    private static readonly string[] s_advisoryKeys = { "id", "severity" };

    /// <summary>Runs every case; a failed case is SCSDK6130, an unreadable one SCSDK6131.</summary>
    public static IReadOnlyList<PolicyTestResult> Run(string policyPath, string casesFolder, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var policy = PolicyReader.Read(policyPath);
        if (!Directory.Exists(casesFolder))
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, casesFolder, 0, casesFolder, "supplychain policy test");
        }

        var results = new List<PolicyTestResult>();
        foreach (var file in Directory.GetFiles(casesFolder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            PolicyPackage package;
            PolicyVerdict expected;
            IReadOnlyList<string>? expectChecks;
            DateTimeOffset now;
            try
            {
                (package, expected, expectChecks, now) = ReadCase(File.ReadAllBytes(file));
            }
            catch (JsonShapeException ex)
            {
                sink.Report(Diagnostic.Create(DiagnosticCatalog.PolicyTest_CaseMalformed, file, ex.Line, file, ex.Line, ex.Message));
                continue;
            }
            catch (JsonException ex)
            {
                var line = (int)(ex.LineNumber ?? 0) + 1;
                sink.Report(Diagnostic.Create(DiagnosticCatalog.PolicyTest_CaseMalformed, file, line, file, line, JsonErrorText.Describe(ex)));
                continue;
            }

            var evaluation = PolicyEvaluator.Evaluate(policy, package, file, now);
            var passed = evaluation.Verdict == expected
                && (expectChecks is null || expectChecks.OrderBy(c => c, StringComparer.Ordinal).SequenceEqual(evaluation.FailedChecks.Distinct().OrderBy(c => c, StringComparer.Ordinal), StringComparer.Ordinal));
            if (!passed)
            {
                var detail = evaluation.FailedChecks.Count == 0 ? string.Empty : " (failed checks: " + string.Join(", ", evaluation.FailedChecks.Distinct()) + ")";
                sink.Report(Diagnostic.Create(DiagnosticCatalog.PolicyTest_CaseFailed, file, 0, Path.GetFileName(file), Text(expected) + (expectChecks is null ? string.Empty : " [" + string.Join(", ", expectChecks) + "]"), Text(evaluation.Verdict), detail));
            }

            results.Add(new PolicyTestResult(file, expected, evaluation, passed));
        }

        return results;
    }

    /// <summary>The verdict as the case files write it.</summary>
    public static string Text(PolicyVerdict verdict) => verdict.ToString().ToLowerInvariant();

    private static (PolicyPackage Package, PolicyVerdict Expected, IReadOnlyList<string>? Checks, DateTimeOffset Now) ReadCase(byte[] utf8)
    {
        var root = JsonTreeParser.Parse(utf8).ExpectObject("the case");
        Check(root, s_caseKeys, "the case");
        var p = root.Required("package", "the case").ExpectObject("'package'");
        Check(p, s_packageKeys, "'package'");
        var package = new PolicyPackage(p.Required("id", "'package'").ExpectString("'id'"), p.Required("version", "'package'").ExpectString("'version'"), p.Line)
        {
            License = new DeclaredLicense(p.OptionalString("license", "'package'"), p.OptionalString("licenseUrl", "'package'"), p.OptionalString("licenseFile", "'package'")),
            IsTufTarget = p.OptionalBoolean("tufTarget", "'package'"),
        };
        if (p.Find("advisories") is { } advisoriesNode)
        {
            var advisories = new List<Advisory>();
            foreach (var a in advisoriesNode.Value.ExpectArray("'advisories'").Items)
            {
                a.ExpectObject("an advisory");
                Check(a, s_advisoryKeys, "an advisory");
                var severityText = a.Required("severity", "an advisory").ExpectString("'severity'");
                var severity = VulnerabilitySeverityText.TryParse(severityText, out var s) ? s
                    : severityText == "unknown" ? VulnerabilitySeverity.Unknown
                    : throw new JsonShapeException($"'severity' is '{severityText}', not low, moderate, high, critical or unknown", a.Line);
                advisories.Add(new Advisory(a.Required("id", "an advisory").ExpectString("'id'"), Array.Empty<string>(), null, severity, Array.Empty<(string, string)>(), "(case)", null, "case", Array.Empty<AffectedPackage>()));
            }

            package = package with { Advisories = advisories };
        }

        if (p.OptionalObject("provenance", "'package'") is { } prov)
        {
            Check(prov, s_provenanceKeys, "'provenance'");
            DateTimeOffset? finished = null;
            if (prov.OptionalString("finishedOn", "'provenance'") is { } finishedText)
            {
                finished = DateTimeOffset.TryParse(finishedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var f) ? f : throw new JsonShapeException($"'finishedOn' is '{finishedText}', not an ISO 8601 time", prov.Line);
            }

            var signer = prov.OptionalString("signerKeyId", "'provenance'");
            var evidence = new ProvenanceEvidence("(case)")
            {
                AttestationPath = "(case)",
                SignatureTrusted = signer is not null,
                SignerKeyIds = signer is null ? Array.Empty<string>() : new[] { signer },
                SubjectMatches = prov.OptionalBoolean("subjectMatches", "'provenance'") ?? true,
                BuilderId = prov.OptionalString("builderId", "'provenance'"),
                BuildType = prov.OptionalString("buildType", "'provenance'"),
                SourceRepository = prov.OptionalString("sourceRepository", "'provenance'"),
                SourceRef = prov.OptionalString("sourceRef", "'provenance'"),
                FinishedOn = finished,
            };
            package = package with { Provenance = _ => evidence };
        }

        var expectText = root.Required("expect", "the case").ExpectString("'expect'");
        var expected = expectText switch
        {
            "pass" => PolicyVerdict.Pass,
            "warn" => PolicyVerdict.Warn,
            "fail" => PolicyVerdict.Fail,
            _ => throw new JsonShapeException($"'expect' is '{expectText}', not pass, warn or fail", root.Find("expect")!.Value.Line),
        };
        IReadOnlyList<string>? checks = root.Find("expectChecks") is null ? null : root.OptionalStringArray("expectChecks", "the case");
        var now = DateTimeOffset.UtcNow;
        if (root.OptionalString("now", "the case") is { } nowText)
        {
            now = DateTimeOffset.TryParse(nowText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var n) ? n : throw new JsonShapeException($"'now' is '{nowText}', not an ISO 8601 time", root.Line);
        }

        return (package, expected, checks, now);
    }

    private static void Check(JsonTreeNode node, string[] known, string what)
    {
        foreach (var property in node.Properties.Where(p => Array.IndexOf(known, p.Name) < 0))
        {
            throw new JsonShapeException($"{what} has the unknown key '{property.Name}' (known: {string.Join(", ", known)})", property.Line);
        }
    }
}
