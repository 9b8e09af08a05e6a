using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain vuln check PATH [--data D] [--vex F] [--severity S] [--json] [--sarif FILE]</c>: the build's
/// vulnerability gate for one lock file, offline, with the same diagnostics; exit 1 when a finding is an error.
/// </summary>
internal static class VulnCheckCommand
{
    public static Command Create(CommandContext context)
    {
        var path = new Argument<string>("path") { Description = "A packages.lock.json, a project file, or a folder with one.", DefaultValueFactory = _ => "." };
        var data = new Option<string?>("--data") { Description = "The vulnerability data: a folder or zip of OSV records, or the folder 'vuln update' wrote (default: the nearest " + VulnCommand.DefaultDataFolder + ")." };
        var vex = new Option<string?>("--vex") { Description = "An OpenVEX or CycloneDX VEX document." };
        var severity = new Option<string?>("--severity") { Description = "The lowest severity that fails: low, moderate, high (default), critical." };
        var warnOnly = new Option<bool>("--warn-only") { Description = "Report every finding as a warning (exit 0)." };
        var maxAge = new Option<string?>("--max-age") { Description = "Days the data may be old before a warning (default 7)." };
        var now = new Option<string?>("--now") { Description = "The date to judge expiries and the data's age by (ISO 8601; default: the clock)." };
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON on stdout." };
        var sarif = new Option<string?>("--sarif") { Description = "Write a SARIF 2.1.0 log of the findings to FILE." };
        var command = new Command("check", "Matches a lock file against the vulnerability data, as the build does.") { path, data, vex, severity, warnOnly, maxAge, now, json, sarif };
        command.SetAction(parse => context.Run(sink => Run(
            parse.GetValue(path)!, parse.GetValue(data), parse.GetValue(vex), parse.GetValue(severity), parse.GetValue(warnOnly),
            parse.GetValue(maxAge), parse.GetValue(now), parse.GetValue(json), parse.GetValue(sarif), sink, context)));
        return command;
    }

    internal static ExitCode Run(string path, string? data, string? vex, string? severity, bool warnOnly, string? maxAge, string? now, bool json, string? sarif, ConsoleDiagnosticSink sink, CommandContext context)
    {
        var lockFile = VulnCommand.LockFilePath(path);
        var clock = now is null ? DateTimeOffset.UtcNow
            : DateTimeOffset.TryParse(now, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed
            : throw SupplyChainException.Create(DiagnosticCatalog.Vulnerability_InvalidSetting, null, 0, "--now", now, "an ISO 8601 date");
        var request = new VulnerabilityCheckRequest
        {
            LockFilePath = lockFile,
            DataPath = VulnCommand.DataPath(data, Path.GetDirectoryName(lockFile)!),
            VexPath = vex,
            Mode = warnOnly ? VulnerabilityMode.Warning : VulnerabilityMode.Error,
            Threshold = VulnerabilityCheck.ParseThreshold(severity),
            MaxDataAge = VulnerabilityCheck.ParseMaxAge(maxAge),
            Now = clock,
            SarifPath = sarif,
            SarifBaseDirectory = Directory.GetCurrentDirectory(),
            ToolVersion = VulnCommand.ToolVersion,
        };
        var result = VulnerabilityCheck.Run(request, sink);
        if (json)
        {
            WriteJson(context.Out, result);
        }
        else
        {
            var open = result.Findings.Count(f => !f.IsSuppressed);
            context.Out.WriteLine($"{lockFile}: {result.Findings.Count} finding(s), {open} not covered by a VEX statement ({result.Database.Advisories.Count} advisories as of {result.Database.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "an unknown date"}).");
        }

        return sink.ErrorCount == 0 ? ExitCode.Success : sink.HasInputErrors ? ExitCode.UsageOrInput : ExitCode.VerificationFailed;
    }

    private static void WriteJson(TextWriter output, VulnerabilityCheckResult result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("data", result.Database.Path);
            if (result.Database.AsOf is { } asOf)
            {
                writer.WriteString("dataAsOf", asOf.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }

            writer.WriteStartArray("findings");
            foreach (var item in result.Findings)
            {
                var f = item.Finding;
                writer.WriteStartObject();
                writer.WriteString("package", f.PackageId);
                writer.WriteString("version", f.Version);
                writer.WriteString("advisory", f.Advisory.Id);
                writer.WriteStartArray("aliases");
                foreach (var alias in f.Advisory.Aliases)
                {
                    writer.WriteStringValue(alias);
                }

                writer.WriteEndArray();
                writer.WriteString("severity", VulnerabilitySeverityText.Display(f.Advisory.Severity));
                writer.WriteString("url", f.Advisory.Url);
                writer.WriteStartArray("ranges");
                foreach (var range in f.MatchedRanges)
                {
                    writer.WriteStringValue(range);
                }

                writer.WriteEndArray();
                if (f.FirstFixed is not null)
                {
                    writer.WriteString("firstFixed", f.FirstFixed);
                }

                writer.WriteStartArray("path");
                foreach (var step in f.Path)
                {
                    writer.WriteStringValue(step);
                }

                writer.WriteEndArray();
                writer.WriteNumber("line", f.Line);
                if (item.Statement is { } s)
                {
                    writer.WriteStartObject("vex");
                    writer.WriteString("state", VulnerabilityCheck.StateText(s.State));
                    writer.WriteString("justification", s.Justification);
                    writer.WriteString("reason", s.Reason);
                    writer.WriteString("author", s.Author);
                    writer.WriteString("expires", s.Expires?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
