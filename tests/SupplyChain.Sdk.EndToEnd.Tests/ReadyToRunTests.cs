using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// The ReadyToRun copy of the task folder (tasks/net8.0/linux-x64/): MSBuild on linux-x64 loads it, runs its
/// precompiled code instead of JIT-compiling ours in every node, and SupplyChainSdkReadyToRun=false (on the command
/// line or in the project) falls back to the IL folder, which every other host loads.
/// </summary>
[Collection(ShapesCollection.Name)]
[Trait("Category", "E2E")]
public sealed partial class ReadyToRunTests
{
    private const string ReadyToRunFolder = "tasks/net8.0/linux-x64/";
    private readonly FixtureFeed _feed;

    public ReadyToRunTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    private static bool HostIsLinuxX64 => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [Fact]
    public void Package_PackedOnLinuxX64_HasTheReadyToRunCopyOfEveryFileOfTheTaskFolder()
    {
        using var archive = ZipFile.OpenRead(TestEnvironment.SdkPackagePath);
        var names = archive.Entries.Select(e => e.FullName).ToList();
        var il = names.Where(n => n.StartsWith("tasks/net8.0/", System.StringComparison.Ordinal) && !n.StartsWith(ReadyToRunFolder, System.StringComparison.Ordinal))
            .Select(n => n["tasks/net8.0/".Length..]).ToHashSet(System.StringComparer.Ordinal);
        var copy = names.Where(n => n.StartsWith(ReadyToRunFolder, System.StringComparison.Ordinal))
            .Select(n => n[ReadyToRunFolder.Length..]).ToHashSet(System.StringComparer.Ordinal);
        Xunit.Assert.Contains("SupplyChain.Sdk.dll", il);
        if (!HostIsLinuxX64)
        {
            // eng/pack.sh elsewhere packs the IL folder alone (crossgen2 is restored for linux-x64 hosts only).
            return;
        }

        // The same files at the same paths (the .deps.json resolves them relative to the task assembly) ...
        Xunit.Assert.True(il.SetEquals(copy), $"the ReadyToRun folder mirrors the IL folder; only in IL: {string.Join(", ", il.Except(copy))}; only in the copy: {string.Join(", ", copy.Except(il))}");

        // ... and ours precompiled: a ReadyToRun image has a managed native header, an IL-only assembly none.
        foreach (var name in new[] { "SupplyChain.Sdk.dll", "SupplyChain.Core.dll", "System.Text.Json.dll" })
        {
            Xunit.Assert.False(ReadyToRunImage.IsReadyToRun(archive.GetEntry("tasks/net8.0/" + name)!), $"tasks/net8.0/{name} stays IL-only");
            Xunit.Assert.True(ReadyToRunImage.IsReadyToRun(archive.GetEntry(ReadyToRunFolder + name)!), $"{ReadyToRunFolder}{name} is precompiled");
        }
    }

    [Fact]
    public void Build_OnLinuxX64_LoadsTheReadyToRunCopy_AndSupplyChainSdkReadyToRunFalseLoadsTheILFolder()
    {
        using var root = E2ERoot.Create("ReadyToRunLoad", _feed);
        // Lib opts out in its own project file (after the package's props, so the targets must decide).
        Consumer.Write(root, "Lib", new[] { ("Fixture.Alpha", (string?)"1.0.0") }, extraProperties: "<SupplyChainSdkReadyToRun>false</SupplyChainSdkReadyToRun>");
        var app = Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"1.0.0") }, projectReferences: new[] { "../Lib/Lib.csproj" });

        var build = root.DotNet("build", app, "-v:d");
        root.AssertSucceeded(build);
        var loaded = TaskAssemblies(build.Output);
        var il = Path.Combine(root.PackagesPath, "supplychain.sdk", TestEnvironment.PackageVersion, "tasks", "net8.0", "SupplyChain.Sdk.dll");
        var copy = Path.Combine(root.PackagesPath, "supplychain.sdk", TestEnvironment.PackageVersion, "tasks", "net8.0", "linux-x64", "SupplyChain.Sdk.dll");
        var expected = HostIsLinuxX64 ? new[] { il, copy } : new[] { il };
        root.Assert(loaded.SetEquals(expected), $"App loads {(HostIsLinuxX64 ? "the ReadyToRun copy" : "the IL folder")} and Lib, opted out, the IL folder (loaded: {string.Join(", ", loaded)})", build);

        var optedOut = root.DotNet("build", app, "--no-restore", "--no-incremental", "-v:d", "-p:SupplyChainSdkReadyToRun=false");
        root.AssertSucceeded(optedOut);
        loaded = TaskAssemblies(optedOut.Output);
        root.Assert(loaded.SetEquals(new[] { il }), $"SupplyChainSdkReadyToRun=false on the command line loads only the IL folder (loaded: {string.Join(", ", loaded)})", optedOut);
    }

    [Fact]
    public void Build_NoOp_OnLinuxX64_RunsTheEveryBuildCheckPrecompiled_TheJitCompilesAFractionOfWhatTheILFolderNeeds()
    {
        if (!HostIsLinuxX64)
        {
            return; // the package holds no precompiled code for this host
        }

        using var root = E2ERoot.Create("ReadyToRunJit", _feed);
        var app = Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"1.0.0") });
        root.AssertSucceeded(root.DotNet("build", app));
        System.Threading.Thread.Sleep(System.TimeSpan.FromSeconds(2.5)); // past VerifiedFileCache.RacyInterval
        root.AssertSucceeded(root.DotNet("build", app, "--no-restore"));

        // One MSBuild process (-m:1, and a no-op build starts no compiler), whose JIT names every method it compiles.
        var precompiled = JitCompiledMethodsOfOurs(root, app, "jit-readytorun.txt");
        var jitted = JitCompiledMethodsOfOurs(root, app, "jit-il.txt", "-p:SupplyChainSdkReadyToRun=false");

        root.Assert(jitted.Count >= 20, $"with the IL folder, the JIT compiles the every-build check ({jitted.Count} methods of ours: {string.Join(", ", jitted.Take(5))})");
        root.Assert(precompiled.Count * 4 <= jitted.Count, $"with the ReadyToRun copy, the runtime uses its precompiled code: {precompiled.Count} methods of ours JIT-compiled at tier 0 against {jitted.Count} with the IL folder ({string.Join(", ", precompiled.Take(10))})");
    }

    [Fact]
    public void Build_InTheDotNetTaskHost_LoadsTheReadyToRunCopyAndVerifies()
    {
        // The path .NET Framework MSBuild (Visual Studio) takes: our tasks out of process, in the .NET task host.
        using var root = E2ERoot.Create("ReadyToRunTaskHost", _feed);
        var app = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") });
        var build = root.DotNet("build", app, "-v:d", "-p:_SupplyChainTaskRuntime=TaskHost");
        root.AssertSucceeded(build);
        var loaded = TaskAssemblies(build.Output);
        var expected = Path.Combine(root.PackagesPath, "supplychain.sdk", TestEnvironment.PackageVersion, "tasks", "net8.0", HostIsLinuxX64 ? "linux-x64" : string.Empty, "SupplyChain.Sdk.dll");
        root.Assert(loaded.SetEquals(new[] { expected }), $"the task host loads {expected} (loaded: {string.Join(", ", loaded)})", build);
        root.Assert(build.Output.Contains("in an external task host", System.StringComparison.Ordinal), "the tasks ran in the .NET task host", build);

        var dll = Path.Combine(root.PackagesPath, "fixture.alpha", "1.0.0", "lib", "net8.0", "Fixture.Alpha.dll");
        File.WriteAllBytes(dll, TestAssemblyBuilder.Build("Fixture.Alpha", "poisoned", new System.Version(1, 0, 0, 0)));
        root.AssertFailedWith(root.DotNet("build", app, "-p:_SupplyChainTaskRuntime=TaskHost"), "SCSDK1008");
    }

    /// <summary>The files MSBuild says it takes our tasks from ("Using "X" task from assembly "Y"." at -v:d).</summary>
    private static HashSet<string> TaskAssemblies(string output)
        => output.Split('\n')
            .Select(l => UsingTask().Match(l))
            .Where(m => m.Success && Path.GetFileName(m.Groups["assembly"].Value) == "SupplyChain.Sdk.dll")
            .Select(m => Path.GetFullPath(m.Groups["assembly"].Value.Replace('\\', '/')))
            .ToHashSet(System.StringComparer.Ordinal);

    /// <summary>A no-op build under the JIT's summary: the methods of SupplyChain.* it compiled at tier 0 (not precompiled).</summary>
    private static List<string> JitCompiledMethodsOfOurs(E2ERoot root, string project, string file, params string[] extra)
    {
        var path = root.FullPath(file);
        root.SetEnvironment("DOTNET_JitStdOutFile", path);
        root.SetEnvironment("DOTNET_JitDisasmSummary", "1");
        try
        {
            var build = root.DotNet("build", new[] { project, "--no-restore", "-m:1" }.Concat(extra).ToArray());
            root.AssertSucceeded(build);
            root.Assert(File.Exists(path), $"the JIT wrote its summary to {path}", build);
            return File.ReadAllLines(path)
                .Select(l => JitLine().Match(l))
                .Where(m => m.Success && m.Groups["method"].Value.StartsWith("SupplyChain.", System.StringComparison.Ordinal) && m.Groups["tier"].Value.EndsWith("Tier0", System.StringComparison.Ordinal))
                .Select(m => m.Groups["method"].Value)
                .ToList();
        }
        finally
        {
            root.SetEnvironment("DOTNET_JitStdOutFile", null);
            root.SetEnvironment("DOTNET_JitDisasmSummary", null);
        }
    }

    [GeneratedRegex("Using \"(?<task>[A-Za-z.]+)\" task from assembly \"(?<assembly>[^\"]+)\"")]
    private static partial Regex UsingTask();

    [GeneratedRegex(@"JIT compiled (?<method>\S+?)(\(| \[).*\[(?<tier>[A-Za-z0-9 -]+), IL size")]
    private static partial Regex JitLine();
}
