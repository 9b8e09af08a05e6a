using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Policy;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain policy check PATH [--policy F] [--packages D] [--attestations D] [--data D] [--tuf-root F --tuf-repo R] [--json]</c>: the
/// build's policy gate for one lock file, without a build; exit 1 when a finding is an error.
/// </summary>
internal static class PolicyCheckCommand
{
    public static Command Create(CommandContext context)
    {
        var path = new Argument<string>("path") { Description = "A packages.lock.json, a project file, or a folder with one.", DefaultValueFactory = _ => "." };
        var policy = PolicyCommand.PolicyOption();
        var packages = PolicyCommand.PackagesOption();
        var feeds = PolicyCommand.FeedsOption();
        var data = new Option<string?>("--data") { Description = "Vulnerability data, for rules with a 'vulnerabilities' section." };
        var tuf = new Option<bool>("--tuf-verified") { Description = "Treat every package as a verified TUF target (run 'supplychain tuf verify' first)." };
        var tufRoot = new Option<string?>("--tuf-root") { Description = "The trusted root.json of the TUF repository to verify requireTufTarget against and fetch attestation sidecars from (with --tuf-repo)." };
        var tufRepo = new Option<string?>("--tuf-repo") { Description = "That TUF repository: a URL or a folder (with --tuf-root)." };
        var tufState = new Option<string?>("--tuf-metadata-dir") { Description = "Where to keep the verified TUF metadata between runs (default: a temporary folder, deleted after)." };
        var json = new Option<bool>("--json") { Description = "Print each package's verdict and failed checks as JSON on stdout." };
        var command = new Command("check", "Evaluates a policy against a project's lock file, as the build does.") { path, policy, packages, feeds, data, tuf, tufRoot, tufRepo, tufState, json };
        command.SetAction(parse => context.Run(sink =>
        {
            var lockFile = VulnCommand.LockFilePath(parse.GetValue(path)!);
            var root = parse.GetValue(tufRoot);
            var repo = parse.GetValue(tufRepo);
            if (string.IsNullOrWhiteSpace(root) != string.IsNullOrWhiteSpace(repo))
            {
                sink.Report(SupplyChain.Core.Diagnostics.Diagnostic.Create(SupplyChain.Core.Diagnostics.DiagnosticCatalog.Policy_TufSettingsIncomplete, null, 0, root is null ? "--tuf-repo" : "--tuf-root", root is null ? "--tuf-root" : "--tuf-repo"));
                return ExitCode.UsageOrInput;
            }

            var temporary = root is not null && string.IsNullOrWhiteSpace(parse.GetValue(tufState)) ? Path.Combine(Path.GetTempPath(), "supplychain-policy-tuf-" + Guid.NewGuid().ToString("N")) : null;
            var request = new PolicyCheckRequest
            {
                Tuf = root is null || repo is null ? null : new PolicyTufSettings(Path.GetFullPath(root), repo, temporary ?? Path.GetFullPath(parse.GetValue(tufState)!)),
                PolicyPath = PolicyCommand.PolicyPath(parse.GetValue(policy), lockFile),
                LockFilePath = lockFile,
                PackagesFolder = PolicyCommand.PackagesFolder(parse.GetValue(packages)),
                AttestationFeeds = PolicyCommand.Full(parse.GetValue(feeds)),
                VulnerabilityDataPath = parse.GetValue(data),
                TufVerified = parse.GetValue(tuf),
                Now = DateTimeOffset.UtcNow,
            };
            PolicyCheckResult result;
            try
            {
                result = PolicyCheck.Run(request, sink);
            }
            finally
            {
                if (temporary is not null && Directory.Exists(temporary))
                {
                    Directory.Delete(temporary, recursive: true);
                }
            }

            if (parse.GetValue(json))
            {
                WriteJson(context.Out, result);
            }
            else
            {
                context.Out.WriteLine($"{lockFile}: {result.Evaluations.Count} package(s), {result.Evaluations.Count(e => e.Verdict == PolicyVerdict.Fail)} failing the policy '{result.Policy.Path}'.");
            }

            return sink.ErrorCount == 0 ? ExitCode.Success : sink.HasInputErrors ? ExitCode.UsageOrInput : ExitCode.VerificationFailed;
        }));
        return command;
    }

    private static void WriteJson(TextWriter output, PolicyCheckResult result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("policy", result.Policy.Path);
            writer.WriteBoolean("passed", result.Passed);
            writer.WriteStartArray("packages");
            foreach (var e in result.Evaluations)
            {
                writer.WriteStartObject();
                writer.WriteString("id", e.Package.Id);
                writer.WriteString("version", e.Package.Version);
                writer.WriteString("verdict", PolicyTestRunner.Text(e.Verdict));
                writer.WriteStartArray("failedChecks");
                foreach (var check in e.FailedChecks.Distinct())
                {
                    writer.WriteStringValue(check);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("findings");
                foreach (var f in e.Findings)
                {
                    writer.WriteStartObject();
                    writer.WriteString("code", f.Code);
                    writer.WriteNumber("line", f.Line);
                    writer.WriteString("message", f.Message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
