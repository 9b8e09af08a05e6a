using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Pinning;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Pinning;

/// <summary>
/// Every string in a valid assets file and lock file, replaced in turn by odd values, must give findings and never an
/// exception: the verifier's callers treat any exception as a bug (SCSDK9001).
/// </summary>
public class PinningVerifierRobustnessTests
{
    private static readonly string[] s_oddValues = { string.Empty, "..", "/", "../../etc", "a\u0000b", "[", "*", "(,)", "net10.0/", new string('x', 5000) };

    [Fact]
    public void Verify_OddStringsInTheAssetsFile_NeverThrow()
    {
        using var scenario = Scenario();
        var original = scenario.Assets.Root.DeepClone().AsObject();
        var runs = 0;
        foreach (var path in StringPaths(original).Concat(KeyPaths(original)))
        {
            foreach (var value in s_oddValues)
            {
                var mutated = original.DeepClone().AsObject();
                Set(mutated, path, value);
                File.WriteAllText(scenario.AssetsPath, mutated.ToJsonString());
                Run(scenario);
                runs++;
            }
        }

        Assert.True(runs > 100, $"Only {runs} runs.");
    }

    [Fact]
    public void Verify_OddStringsInTheLockFile_NeverThrow()
    {
        using var scenario = Scenario();
        var original = scenario.Lock.Root.DeepClone().AsObject();
        var baseline = Run(scenario).Diagnostics.Select(d => d.Code + " " + d.Message).ToHashSet(StringComparer.Ordinal);
        var runs = 0;
        var unnoticed = new List<string>();
        foreach (var path in StringPaths(original).Concat(KeyPaths(original)))
        {
            foreach (var value in s_oddValues)
            {
                var mutated = original.DeepClone().AsObject();
                Set(mutated, path, value);
                File.WriteAllText(scenario.LockPath, mutated.ToJsonString());
                var result = Run(scenario);
                runs++;
                // 'net10.0/' is NuGet's framework/RID key with an empty RID: the same target as 'net10.0', rightly no finding.
                var equivalent = path.Length == 2 && path[0] == "dependencies" && path[1] == "!" + PinningScenario.Framework && value == PinningScenario.Framework + "/";
                if (!equivalent && !result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && !baseline.Contains(d.Code + " " + d.Message)))
                {
                    unnoticed.Add(string.Join("/", path) + " = '" + (value.Length > 20 ? value[..20] + "..." : value) + "'");
                }
            }
        }

        // Every odd value in the lock file is a new finding (beyond the scenario's own), not an exception and not a pass.
        Assert.True(runs > 50, $"Only {runs} runs.");
        Assert.Empty(unnoticed);
    }

    private static PinningScenario Scenario()
    {
        var scenario = new PinningScenario();
        scenario.AddPackage(new TestPackageBuilder("Contoso.A", "1.0.0").WithDependency("net8.0", "Contoso.B", "2.0.0").WithLibFile("net8.0", "A.dll", "a").WithFile("analyzers/dotnet/cs/A.Analyzer.dll", "x"), dependencies: new Dictionary<string, string> { ["Contoso.B"] = "2.0.0" });
        scenario.AddPackage(new TestPackageBuilder("Contoso.B", "2.0.0").WithLibFile("net8.0", "B.dll", "b"), direct: false);
        scenario.Assets.AddLog("NU1603", "Contoso.B", "message", PinningScenario.Framework);
        scenario.Assets.AddCentralPackageVersion(PinningScenario.Framework, "Contoso.A", "1.0.0");
        scenario.WriteFiles();
        return scenario;
    }

    private static PinningResult Run(PinningScenario scenario)
    {
        var sink = new DiagnosticBag();
        var result = PinningVerifier.Verify(scenario.Request(r => r with { IsContinuousIntegration = true, TargetFramework = null }), sink);
        Assert.Equal(result.Diagnostics.Count, sink.Diagnostics.Count);
        return result;
    }

    private static IEnumerable<string[]> StringPaths(JsonNode node, string[]? prefix = null)
    {
        prefix ??= Array.Empty<string>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var pair in obj)
                {
                    if (pair.Value is not null)
                    {
                        foreach (var path in StringPaths(pair.Value, prefix.Append(pair.Key).ToArray()))
                        {
                            yield return path;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        foreach (var path in StringPaths(item, prefix.Append("#" + i).ToArray()))
                        {
                            yield return path;
                        }
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out _):
                yield return prefix;
                break;
        }
    }

    /// <summary>Paths of object keys (the last part marked with a leading '!'), to rename ids, versions, frameworks and sources.</summary>
    private static IEnumerable<string[]> KeyPaths(JsonNode node, string[]? prefix = null)
    {
        prefix ??= Array.Empty<string>();
        if (node is JsonObject obj)
        {
            foreach (var pair in obj)
            {
                yield return prefix.Append("!" + pair.Key).ToArray();
                if (pair.Value is not null)
                {
                    foreach (var path in KeyPaths(pair.Value, prefix.Append(pair.Key).ToArray()))
                    {
                        yield return path;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } item)
                {
                    foreach (var path in KeyPaths(item, prefix.Append("#" + i).ToArray()))
                    {
                        yield return path;
                    }
                }
            }
        }
    }

    private static void Set(JsonObject root, string[] path, string value)
    {
        JsonNode current = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            current = path[i].StartsWith('#') ? current.AsArray()[int.Parse(path[i][1..])]! : current[path[i]]!;
        }

        var last = path[^1];
        if (last.StartsWith('!'))
        {
            var obj = current.AsObject();
            var key = last[1..];
            var child = obj[key];
            obj.Remove(key);
            if (!obj.ContainsKey(value))
            {
                obj[value] = child;
            }
        }
        else if (last.StartsWith('#'))
        {
            current.AsArray()[int.Parse(last[1..])] = value;
        }
        else
        {
            current[last] = value;
        }
    }
}
