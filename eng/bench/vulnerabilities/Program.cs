// Vulnerability matching benchmark (eng/bench/vulnerabilities.sh; not part of the test suite).
// Matches a 500-package lock file (direct and transitive, with dependency edges) against every advisory of a
// database in-process: the real osv-nuget vectors plus synthetic advisories up to the size of the whole GitHub
// NuGet set (about 2,000 package/advisory entries), and prints the median and 95th percentile of many runs.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Vulnerabilities;

var advisoriesFolder = args.Length > 0 ? args[0] : throw new ArgumentException("usage: bench ADVISORIES_FOLDER [runs]");
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;

var load = Stopwatch.StartNew();
var real = VulnerabilityDatabase.Load(advisoriesFolder);
load.Stop();

// Synthetic advisories: 2,000 entries over 600 package ids, 1-3 ranges each, some prerelease bounds.
var synthetic = new List<Advisory>(real.Advisories);
for (var i = 0; i < 2000; i++)
{
    var ranges = new List<VersionInterval>();
    for (var r = 0; r <= i % 3; r++)
    {
        var min = NuGetVersionValue.ParseOrNull($"{r}.{i % 5}.0")!;
        var max = NuGetVersionValue.ParseOrNull($"{r}.{(i % 5) + 1}.{i % 3}" + (i % 11 == 0 ? "-rc.1" : string.Empty))!;
        ranges.Add(new VersionInterval(r == 0 && i % 2 == 0 ? null : min, true, max, false));
    }

    synthetic.Add(new Advisory($"GHSA-synt-{i:0000}-xxxx", new[] { $"CVE-2099-{i:00000}" }, "synthetic", (VulnerabilitySeverity)(i % 4), Array.Empty<(string, string)>(),
        "https://example.invalid/" + i, null, "osv", new[] { new AffectedPackage("Pkg" + (i % 600).ToString(CultureInfo.InvariantCulture), ranges, Array.Empty<NuGetVersionValue>()) }));
}

var database = VulnerabilityDatabase.FromAdvisories("synthetic", synthetic);

// A 500-package lock file: 50 direct packages, each pulling a chain of 9 transitive ones; two framework sections.
var json = new StringBuilder("{\n  \"version\": 1,\n  \"dependencies\": {\n");
foreach (var (section, last) in new[] { ("net10.0", false), ("net10.0/linux-x64", true) })
{
    json.Append("    \"").Append(section).Append("\": {\n");
    for (var p = 0; p < 500; p++)
    {
        var direct = p % 10 == 0;
        var version = $"{p % 3}.{p % 6}.{p % 4}";
        json.Append("      \"Pkg").Append(p).Append("\": {\n        \"type\": \"").Append(direct ? "Direct" : "Transitive").Append("\",\n");
        if (direct)
        {
            json.Append("        \"requested\": \"[").Append(version).Append(", )\",\n");
        }

        json.Append("        \"resolved\": \"").Append(version).Append("\",\n        \"contentHash\": \"aGFzaA==\"");
        if (p % 10 != 9)
        {
            json.Append(",\n        \"dependencies\": {\n          \"Pkg").Append(p + 1).Append("\": \"").Append($"{(p + 1) % 3}.{(p + 1) % 6}.{(p + 1) % 4}").Append("\"\n        }");
        }

        json.Append("\n      }").Append(p < 499 ? ",\n" : "\n");
    }

    json.Append("    }").Append(last ? "\n" : ",\n");
}

json.Append("  }\n}\n");
var lockPath = Path.Combine(Path.GetTempPath(), "supplychain-bench-" + Environment.ProcessId + ".lock.json");
File.WriteAllText(lockPath, json.ToString());
var lockFile = PackagesLockFileReader.Read(lockPath);
File.Delete(lockPath);

IReadOnlyList<VulnerabilityFinding> findings = Array.Empty<VulnerabilityFinding>();
for (var i = 0; i < 20; i++)
{
    findings = VulnerabilityMatcher.Match(lockFile, database);
}

var times = new double[runs];
for (var i = 0; i < runs; i++)
{
    var watch = Stopwatch.StartNew();
    findings = VulnerabilityMatcher.Match(lockFile, database);
    watch.Stop();
    times[i] = watch.Elapsed.TotalMilliseconds;
}

Array.Sort(times);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"real data: {real.Advisories.Count} advisories loaded from the folder in {load.Elapsed.TotalMilliseconds:0.0} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"database: {database.Advisories.Count} advisories; lock file: {lockFile.Targets.Sum(t => t.Dependencies.Count)} entries in {lockFile.Targets.Count} sections; {findings.Count} findings"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"match: median {times[runs / 2]:0.000} ms, p95 {times[(int)(runs * 0.95)]:0.000} ms, min {times[0]:0.000} ms over {runs} runs"));
