using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Tool;

/// <summary>What MSBuild evaluation says about a project: the properties and items the checks need.</summary>
internal sealed record ProjectEvaluation(
    string ProjectPath,
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> Items)
{
    public string? Property(string name) => Properties.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    public IReadOnlyList<IReadOnlyDictionary<string, string>> ItemsOf(string type)
        => Items.TryGetValue(type, out var list) ? list : Array.Empty<IReadOnlyDictionary<string, string>>();
}

/// <summary>
/// Evaluates a project with 'dotnet msbuild -getProperty/-getItem'. Package build files are kept out
/// (ImportProjectExtensionProps/Targets=false), so a tampered package cannot take part in its own verification.
/// </summary>
internal static class ProjectEvaluator
{
    private static int s_processCount;

    /// <summary>How many 'dotnet msbuild' evaluation processes this process started (a regression guard: a solution needs none, or at most one).</summary>
    public static int ProcessCount => s_processCount;

    /// <summary>Evaluates in-process where the SDK's MSBuild can be loaded (<see cref="InProcessProjectEvaluator"/>), else with one 'dotnet msbuild' process.</summary>
    public static ProjectEvaluation EvaluateAnyWay(string projectPath, IEnumerable<string> properties, IEnumerable<string> itemTypes, TimeSpan timeout)
    {
        var propertyList = properties.ToArray();
        var itemList = itemTypes.ToArray();
        return InProcessProjectEvaluator.TryEvaluate(projectPath, propertyList, itemList) ?? Evaluate(projectPath, propertyList, itemList, timeout);
    }

    public static ProjectEvaluation Evaluate(string projectPath, IEnumerable<string> properties, IEnumerable<string> itemTypes, TimeSpan timeout)
    {
        System.Threading.Interlocked.Increment(ref s_processCount);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(projectPath)!,
        };
        foreach (var arg in new[] { "msbuild", projectPath, "-nologo", "-p:ImportProjectExtensionProps=false", "-p:ImportProjectExtensionTargets=false" }
            .Concat(properties.Select(p => "-getProperty:" + p))
            .Concat(itemTypes.Select(i => "-getItem:" + i)))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("'dotnet' could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw Unreadable(projectPath, $"'dotnet msbuild' did not finish within {timeout.TotalSeconds:0} s");
        }

        var output = stdout.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            var reason = (output + stderr.GetAwaiter().GetResult()).Trim();
            throw Unreadable(projectPath, "MSBuild could not evaluate it: " + FirstLines(reason, 5));
        }

        return Parse(projectPath, output);
    }

    internal static ProjectEvaluation Parse(string projectPath, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("Properties", out var props))
            {
                foreach (var p in props.EnumerateObject())
                {
                    properties[p.Name] = p.Value.GetString() ?? string.Empty;
                }
            }

            var items = new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("Items", out var itemGroups))
            {
                foreach (var group in itemGroups.EnumerateObject())
                {
                    items[group.Name] = group.Value.EnumerateArray()
                        .Select(item => (IReadOnlyDictionary<string, string>)item.EnumerateObject()
                            .ToDictionary(m => m.Name, m => m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.ToString(), StringComparer.OrdinalIgnoreCase))
                        .ToArray();
                }
            }

            return new ProjectEvaluation(projectPath, properties, items);
        }
        catch (JsonException ex)
        {
            throw Unreadable(projectPath, "MSBuild printed something other than the expected JSON: " + ex.Message);
        }
    }

    private static SupplyChainException Unreadable(string projectPath, string reason)
        => SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, projectPath, 0, projectPath, reason);

    private static string FirstLines(string text, int count)
        => string.Join(" ", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(count));
}
