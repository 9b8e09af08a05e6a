using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// The tool as users get it: 'dotnet tool install SupplyChain.Tool' from the packed folder reads the pointer package
/// and installs SupplyChain.Tool.linux-x64 on linux-x64 (precompiled ReadyToRun: it starts without JIT-compiling
/// itself) and SupplyChain.Tool.any (IL) on every other platform.
/// </summary>
[Collection(ShapesCollection.Name)]
[Trait("Category", "E2E")]
public sealed partial class ToolPackageTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private readonly FixtureFeed _feed;

    public ToolPackageTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    private static bool HostIsLinuxX64 => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    private static string Version => TestEnvironment.PackageVersion;

    private static string ToolPackagePath(string suffix)
    {
        var path = Path.Combine(TestEnvironment.PackageFolder, $"SupplyChain.Tool{suffix}.{Version}.nupkg");
        Xunit.Assert.True(File.Exists(path), $"'{path}' is missing: run 'bash eng/pack.sh'.");
        return path;
    }

    [Fact]
    public void Install_FromTheLocalFeed_OnLinuxX64_TakesTheReadyToRunPackage_WhichHashesRightAndJitCompilesAFractionOfTheILPackage()
    {
        using var root = E2ERoot.Create("ToolInstall", _feed);
        root.SetEnvironment("SUPPLYCHAIN_DIGEST_CACHE", root.FullPath("digests"));
        var install = root.DotNet("tool", "install", "SupplyChain.Tool", "--version", Version, "--tool-path", root.FullPath("tools"));
        root.Assert(install.ExitCode == 0, "dotnet tool install SupplyChain.Tool from the local feed", install);

        // The CLI keeps the pointer package and the RID package it chose side by side in the tool's store.
        var store = root.FullPath(Path.Combine("tools", ".store", "supplychain.tool", Version));
        var chosen = Directory.GetDirectories(store).Select(Path.GetFileName).Where(n => n!.StartsWith("supplychain.tool.", StringComparison.Ordinal)).ToList();
        var rid = HostIsLinuxX64 ? "linux-x64" : "any";
        root.Assert(chosen.SequenceEqual(new[] { "supplychain.tool." + rid }), $"the CLI installs SupplyChain.Tool.{rid} on this host (installed: {string.Join(", ", chosen)})", install);
        var folder = Path.Combine(store, "supplychain.tool." + rid, Version, "tools", "net10.0", rid);
        root.Assert(ReadyToRunImage.IsReadyToRun(File.ReadAllBytes(Path.Combine(folder, "SupplyChain.Tool.dll"))) == HostIsLinuxX64, $"the installed SupplyChain.Tool.dll is {(HostIsLinuxX64 ? "precompiled" : "IL")}");

        // The command the CLI put on the tool path runs, and hashes as NuGet does (an unsigned package: base64 SHA-512).
        var command = root.FullPath(Path.Combine("tools", OperatingSystem.IsWindows() ? "supplychain.exe" : "supplychain"));
        var version = ProcessRunner.Run(command, new[] { "--version" }, root.Path, root.Environment, s_timeout);
        root.Assert(version.ExitCode == 0 && version.Output.StartsWith(Version + "+", StringComparison.Ordinal), "supplychain --version names the packed version", version);
        var package = ToolPackagePath(string.Empty);
        var hash = ProcessRunner.Run(command, new[] { "lock", "hash", package }, root.Path, root.Environment, s_timeout);
        var expected = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(package)));
        root.Assert(hash.ExitCode == 0 && hash.Output.Contains(expected + "  " + package, StringComparison.Ordinal), $"supplychain lock hash prints {expected}", hash);
        if (!HostIsLinuxX64)
        {
            return; // the any package is what runs here: nothing precompiled to compare
        }

        // The same command from the IL package (what other platforms install), both under the JIT's summary.
        var il = Extract(root, ToolPackagePath(".any"), "any");
        var precompiled = JitCompiledMethodsOfOurs(root, command, Array.Empty<string>(), package, "jit-readytorun.txt");
        var jitted = JitCompiledMethodsOfOurs(root, "dotnet", new[] { Path.Combine(il, "tools", "net10.0", "any", "SupplyChain.Tool.dll") }, package, "jit-il.txt");
        root.Assert(jitted.Count >= 40, $"from the IL package the JIT compiles the tool's start ({jitted.Count} methods of ours: {string.Join(", ", jitted.Take(5))})");
        root.Assert(precompiled.Count * 4 <= jitted.Count, $"the installed tool runs precompiled code: {precompiled.Count} methods of ours JIT-compiled at tier 0 against {jitted.Count} from the IL package ({string.Join(", ", precompiled.Take(10))})");
    }

    [Fact]
    public void Packages_ThePointerNamesLinuxX64AndAny_BothRunWithTheDotnetHost_AndTheAnyPackageRunsHere()
    {
        // The pointer: no implementation, the two RID packages (the CLI falls back to any where no RID matches).
        using (var pointer = ZipFile.OpenRead(ToolPackagePath(string.Empty)))
        {
            Xunit.Assert.DoesNotContain(pointer.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
            var packages = Settings(pointer).Descendants("RuntimeIdentifierPackage")
                .ToDictionary(p => (string)p.Attribute("RuntimeIdentifier")!, p => (string)p.Attribute("Id")!, StringComparer.Ordinal);
            Xunit.Assert.Equal(new Dictionary<string, string> { ["linux-x64"] = "SupplyChain.Tool.linux-x64", ["any"] = "SupplyChain.Tool.any" }, packages);
        }

        // Both run through the dotnet host: no apphost (a glibc executable, which the CLI would also install on
        // linux-musl-x64, whose RID falls back to linux-x64).
        foreach (var rid in new[] { "linux-x64", "any" })
        {
            using var package = ZipFile.OpenRead(ToolPackagePath("." + rid));
            var command = Settings(package).Descendants("Command").Single();
            Xunit.Assert.Equal(("supplychain", "SupplyChain.Tool.dll", "dotnet"), ((string?)command.Attribute("Name"), (string?)command.Attribute("EntryPoint"), (string?)command.Attribute("Runner")));
            Xunit.Assert.DoesNotContain(package.Entries, e => e.FullName == $"tools/net10.0/{rid}/SupplyChain.Tool" || e.FullName == $"tools/net10.0/{rid}/SupplyChain.Tool.exe");
            foreach (var name in new[] { "SupplyChain.Tool.dll", "SupplyChain.Core.dll", "System.CommandLine.dll" })
            {
                var entry = package.GetEntry($"tools/net10.0/{rid}/{name}");
                Xunit.Assert.NotNull(entry);
                var expected = rid == "linux-x64" && HostIsLinuxX64; // packed elsewhere, the linux-x64 package holds IL
                Xunit.Assert.True(ReadyToRunImage.IsReadyToRun(Read(entry!)) == expected, $"{rid}/{name} is {(expected ? "precompiled" : "IL")}");
            }
        }

        // The CLI installs the any package only on a host no other RID package matches ('--arch' does not change
        // the OS), so run its entry point the way the CLI would: with the dotnet host.
        using var root = E2ERoot.Create("ToolAny", _feed);
        root.SetEnvironment("SUPPLYCHAIN_DIGEST_CACHE", "off");
        var il = Path.Combine(Extract(root, ToolPackagePath(".any"), "any"), "tools", "net10.0", "any", "SupplyChain.Tool.dll");
        var pointerPath = ToolPackagePath(string.Empty);
        var hash = ProcessRunner.Run("dotnet", new[] { il, "lock", "hash", pointerPath }, root.Path, root.Environment, s_timeout);
        var expectedHash = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(pointerPath)));
        root.Assert(hash.ExitCode == 0 && hash.Output.Contains(expectedHash, StringComparison.Ordinal), "the any package's tool runs and hashes", hash);
    }

    private static XDocument Settings(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static string Extract(E2ERoot root, string package, string name)
    {
        var folder = root.FullPath("extracted-" + name);
        ZipFile.ExtractToDirectory(package, folder, overwriteFiles: true);
        return folder;
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = new MemoryStream();
        using (var source = entry.Open())
        {
            source.CopyTo(stream);
        }

        return stream.ToArray();
    }

    /// <summary><c>lock hash</c> of one package under the JIT's summary: the methods of SupplyChain.* it compiled at tier 0.</summary>
    private static List<string> JitCompiledMethodsOfOurs(E2ERoot root, string command, string[] prefix, string package, string file)
    {
        var path = root.FullPath(file);
        root.SetEnvironment("DOTNET_JitStdOutFile", path);
        root.SetEnvironment("DOTNET_JitDisasmSummary", "1");
        try
        {
            var run = ProcessRunner.Run(command, prefix.Concat(new[] { "lock", "hash", package }), root.Path, root.Environment, s_timeout);
            root.Assert(run.ExitCode == 0 && File.Exists(path), $"lock hash ran and the JIT wrote its summary to {path}", run);
            return File.ReadAllLines(path)
                .Select(l => JitLine().Match(l))
                .Where(m => m.Success && m.Groups["method"].Value.StartsWith("SupplyChain.", StringComparison.Ordinal) && m.Groups["tier"].Value.EndsWith("Tier0", StringComparison.Ordinal))
                .Select(m => m.Groups["method"].Value)
                .ToList();
        }
        finally
        {
            root.SetEnvironment("DOTNET_JitStdOutFile", null);
            root.SetEnvironment("DOTNET_JitDisasmSummary", null);
        }
    }

    [GeneratedRegex(@"JIT compiled (?<method>\S+?)(\(| \[).*\[(?<tier>[A-Za-z0-9 -]+), IL size")]
    private static partial Regex JitLine();
}
