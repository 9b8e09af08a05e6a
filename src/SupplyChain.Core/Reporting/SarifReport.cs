using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;

namespace SupplyChain.Core.Reporting;

/// <summary>What one check adds to the SARIF report of the build.</summary>
public sealed record SarifReportRequest
{
    /// <summary><c>SupplyChainSarifOutput</c>: the report, which several projects and checks may share.</summary>
    public required string OutputPath { get; init; }

    /// <summary>The project whose check reported the findings.</summary>
    public required string ProjectPath { get; init; }

    /// <summary>The check: <c>pinning</c>, <c>tuf</c>, <c>vulnerabilities</c>, <c>policy</c>.</summary>
    public required string Category { get; init; }

    /// <summary>The folder locations are relative to (<c>%SRCROOT%</c>); by default the git work tree of the project, else its folder.</summary>
    public string? RootDirectory { get; init; }

    /// <summary>The SDK version, the tool version of the report.</summary>
    public string ToolVersion { get; init; } = "0.0.0";

    /// <summary>How long to wait for another build writing the same report.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(120);
}

/// <summary>
/// The one SARIF report of a build (pinning, TUF, vulnerabilities and policy findings, of every project that names the
/// same file): each check replaces its own results — those whose <see cref="SarifLogWriter.SourceProperty"/> names its
/// project and category — and keeps everyone else's, under a cross-process lock, written atomically. A check that found
/// nothing still writes, so a fixed finding leaves the report and CI always finds a valid log.
/// </summary>
public static class SarifReport
{
    private const string ToolName = "SupplyChain.Sdk";

    /// <summary>Replaces the results of the request's check in the report with <paramref name="diagnostics"/>.</summary>
    /// <exception cref="SupplyChainException">SCSDK6003 when the report cannot be written.</exception>
    public static void Merge(SarifReportRequest request, IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var output = Path.GetFullPath(request.OutputPath);
        var project = Path.GetFullPath(request.ProjectPath);
        var root = Path.GetFullPath(request.RootDirectory ?? FindRoot(Path.GetDirectoryName(project)!, Path.GetDirectoryName(output)!));
        var source = Path.GetRelativePath(root, project).Replace(Path.DirectorySeparatorChar, '/') + "#" + request.Category;
        try
        {
            var folder = Path.GetDirectoryName(output)!;
            Directory.CreateDirectory(folder);
            using var gate = FileLock.Acquire(Path.Combine(folder, "." + Path.GetFileName(output) + ".lock"), request.LockTimeout);
            var fresh = JsonNode.Parse(SarifLogWriter.Write(diagnostics, request.ToolVersion, root, source))!.AsObject();
            var merged = Combine(TryRead(output), fresh, source);
            AtomicFile.WriteAllBytes(output, Serialize(merged));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Report_WriteFailed, null, 0, output, ex.Message, ((int)request.LockTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// The git work tree that holds <paramref name="projectDirectory"/> (a <c>.git</c> folder or file); outside git, the
    /// deepest folder that holds both the project and the report, so the projects that share a report share a root.
    /// </summary>
    public static string FindRoot(string projectDirectory, string reportDirectory)
    {
        for (var current = new DirectoryInfo(Path.GetFullPath(projectDirectory)); current is not null; current = current.Parent)
        {
            var marker = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(marker) || File.Exists(marker))
            {
                return current.FullName;
            }
        }

        var project = Path.GetFullPath(projectDirectory).TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var report = Path.GetFullPath(reportDirectory).TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var common = project.Zip(report).TakeWhile(p => string.Equals(p.First, p.Second, StringComparison.Ordinal)).Count();
        var joined = string.Join(Path.DirectorySeparatorChar, project.Take(common));
        return joined.Length == 0 ? Path.GetPathRoot(Path.GetFullPath(projectDirectory))! : joined;
    }

    private static JsonObject Combine(JsonObject? existing, JsonObject fresh, string source)
    {
        var freshRun = Run(fresh)!;
        var oldRun = existing is null ? null : Run(existing);
        var kept = new List<JsonNode>();
        var keptRules = new List<JsonNode>();
        if (oldRun is not null && oldRun["tool"]?["driver"]?["name"]?.GetValue<string>() == ToolName)
        {
            var oldRoot = RootOf(oldRun);
            var newRoot = RootOf(freshRun);
            foreach (var result in (oldRun["results"] as JsonArray ?? new JsonArray())
                .Where(r => r is JsonObject && SourceOf(r) is { } s && !string.Equals(s, source, StringComparison.Ordinal)))
            {
                var copy = result!.DeepClone();
                Rebase(copy, oldRoot, newRoot);
                kept.Add(copy);
            }

            keptRules.AddRange((oldRun["tool"]?["driver"]?["rules"] as JsonArray ?? new JsonArray()).Where(r => r is JsonObject).Select(r => r!.DeepClone()));
        }

        var results = kept.Concat((freshRun["results"] as JsonArray)!.Select(r => r!.DeepClone()))
            .OrderBy(r => SourceOf(r), StringComparer.Ordinal)
            .ToList();
        var used = results.Select(r => r["ruleId"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var rules = (freshRun["tool"]!["driver"]!["rules"] as JsonArray)!.Select(r => r!.DeepClone()).Concat(keptRules)
            .Where(r => r["id"]?.GetValue<string>() is { } id && used.Contains(id))
            .DistinctBy(r => r["id"]!.GetValue<string>())
            .OrderBy(r => r["id"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToList();
        var driver = freshRun["tool"]!["driver"]!.AsObject();
        driver["rules"] = new JsonArray(rules.ToArray());
        freshRun["results"] = new JsonArray(results.ToArray());
        return fresh;
    }

    private static Uri? RootOf(JsonObject run)
        => run["originalUriBaseIds"]?["%SRCROOT%"]?["uri"] is JsonValue value && value.TryGetValue<string>(out var text) && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;

    /// <summary>Another check saw another root: its relative locations are made relative to this one (or absolute).</summary>
    private static void Rebase(JsonNode result, Uri? oldRoot, Uri? newRoot)
    {
        if (oldRoot == newRoot || result["locations"] is not JsonArray locations)
        {
            return;
        }

        foreach (var location in locations.OfType<JsonObject>())
        {
            if (location["physicalLocation"]?["artifactLocation"] is not JsonObject artifact
                || artifact["uriBaseId"]?.GetValue<string>() != "%SRCROOT%"
                || artifact["uri"]?.GetValue<string>() is not { } relative)
            {
                continue;
            }

            if (oldRoot is null)
            {
                artifact.Remove("uriBaseId");
                continue;
            }

            var absolute = new Uri(oldRoot, relative);
            if (newRoot is not null && newRoot.IsBaseOf(absolute))
            {
                artifact["uri"] = newRoot.MakeRelativeUri(absolute).OriginalString;
            }
            else
            {
                artifact["uri"] = absolute.AbsoluteUri;
                artifact.Remove("uriBaseId");
            }
        }
    }

    private static JsonObject? Run(JsonObject log) => log["runs"] is JsonArray { Count: 1 } runs ? runs[0] as JsonObject : null;

    private static string? SourceOf(JsonNode? result)
        => result?["properties"]?[SarifLogWriter.SourceProperty] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static JsonObject? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject;
        }
        catch (JsonException)
        {
            // Not a report of ours (or not JSON): the checks rewrite it whole.
            return null;
        }
    }

    private static byte[] Serialize(JsonObject log)
    {
        var text = log.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return Encoding.UTF8.GetBytes(text + "\n");
    }
}
