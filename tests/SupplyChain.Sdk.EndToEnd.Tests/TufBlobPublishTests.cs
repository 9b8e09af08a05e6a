using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;
using Xunit.Abstractions;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// Many CI runners publishing into one TUF repository in blob storage (Azurite, started by the test): 16
/// <c>supplychain tuf add</c> processes and two <c>dotnet pack -m</c> runs from two separate working copies, all at
/// once, into one container. Afterwards every package is a target that our client and tuf-js (npm's TUF client,
/// reading the container over the emulator's HTTP endpoint) verify.
/// </summary>
[Collection(ShapesCollection.Name)]
[Trait("Category", "E2E")]
public sealed class TufBlobPublishTests
{
    private const int Publishers = 16;
    private const int PackagesPerPublisher = 2;
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromMinutes(10);
    private static readonly string[] s_sidecars = { ".cdx.json", ".intoto.jsonl", ".provenance.sigstore.json", ".sbom.sigstore.json" };

    private readonly FixtureFeed _feed;
    private readonly ITestOutputHelper _output;

    public TufBlobPublishTests(FixtureFeed feed, ITestOutputHelper output)
    {
        _feed = feed;
        _output = output;
    }

    [AzuriteFact]
    public async Task SixteenPublishersAndTwoPacksFromTwoWorkingCopies_IntoOneContainer_EveryPackageIsATargetTufJsVerifies()
    {
        using var emulator = StorageEmulator.Start();
        new BlobContainerClient(emulator.ConnectionString, "tuf").Create(PublicAccessType.Blob);
        var repo = emulator.BlobEndpoint + "/tuf/releases";
        using var runnerA = E2ERoot.Create("TufBlobRunnerA", _feed, registry: true);
        using var runnerB = E2ERoot.Create("TufBlobRunnerB", _feed, registry: true);
        foreach (var runner in new[] { runnerA, runnerB })
        {
            runner.SetEnvironment("AZURE_STORAGE_CONNECTION_STRING", emulator.ConnectionString);
        }

        var keys = Keys(runnerA, "root", "targets", "snapshot", "timestamp", "bins", "signing");
        var init = Tool(runnerA, "tuf", "init", repo, "--root-key", keys["root"], "--targets-key", keys["targets"], "--snapshot-key", keys["snapshot"], "--timestamp-key", keys["timestamp"], "--bins", "16", "--bins-key", keys["bins"]);
        runnerA.Assert(init.ExitCode == 0, "tuf init on the blob address", init);

        // Two working copies, two projects each, packed with -m; and 16 publishers of two packages each.
        var properties = $"<SupplyChainTufRepository>{repo}</SupplyChainTufRepository><SupplyChainTufTargetsKey>{keys["bins"]}</SupplyChainTufTargetsKey>"
            + $"<SupplyChainTufSnapshotKey>{keys["snapshot"]}</SupplyChainTufSnapshotKey><SupplyChainTufTimestampKey>{keys["timestamp"]}</SupplyChainTufTimestampKey><SupplyChainSigningKey>{keys["signing"]}</SupplyChainSigningKey><SupplyChainTufLockTimeout>600</SupplyChainTufLockTimeout>";
        var packed = new List<(E2ERoot Runner, string Name)>();
        foreach (var (runner, letter) in new[] { (runnerA, "A"), (runnerB, "B") })
        {
            var projects = new List<string>();
            for (var i = 1; i <= 2; i++)
            {
                var name = $"Contoso.{letter}{i}";
                projects.Add(Consumer.Write(runner, name, Array.Empty<(string, string?)>(), extraProperties: "<Version>2.0.0</Version>" + properties));
                packed.Add((runner, name));
            }

            runner.WriteFile("All.slnx", "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");
        }

        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        var publisherArgs = new List<string[]>();
        for (var p = 1; p <= Publishers; p++)
        {
            var args = new List<string> { "tuf", "add", repo };
            for (var k = 1; k <= PackagesPerPublisher; k++)
            {
                var id = $"Fabrikam.P{p}";
                var version = $"1.0.{k}";
                var file = new TestPackageBuilder(id, version).WithLibFile("net8.0", id + ".dll", $"publisher {p} package {k}").WriteTo(runnerA.FullPath($"publishers/{p}/{k}"));
                expected[$"{id.ToLowerInvariant()}/{version}/{id.ToLowerInvariant()}.{version}.nupkg"] = Sha256(file);
                args.Add(file);
            }

            args.AddRange(new[] { "--key", keys["bins"], "--snapshot-key", keys["snapshot"], "--timestamp-key", keys["timestamp"], "--lock-timeout", "600" });
            publisherArgs.Add(args.ToArray());
        }

        var watch = Stopwatch.StartNew();
        var publishers = publisherArgs.Select(args => Task.Run(() => Tool(runnerA, args))).ToList();
        var packs = new[] { runnerA, runnerB }.Select(runner => Task.Run(() => runner.DotNet("pack", "All.slnx", "-c", "Release", "-m:2", "-v:n"))).ToList();
        var publisherResults = await Task.WhenAll(publishers);
        var packResults = await Task.WhenAll(packs);
        watch.Stop();
        foreach (var result in publisherResults)
        {
            runnerA.Assert(result.ExitCode == 0, "a publisher", result);
        }

        runnerA.AssertSucceeded(packResults[0]);
        runnerB.AssertSucceeded(packResults[1]);
        foreach (var (runner, name) in packed)
        {
            var stem = $"{name}.2.0.0";
            var targetFolder = $"{name.ToLowerInvariant()}/2.0.0/{name.ToLowerInvariant()}.2.0.0";
            foreach (var suffix in s_sidecars.Prepend(".nupkg"))
            {
                var file = runner.FullPath($"src/{name}/bin/Release/{stem}{suffix}");
                runner.Assert(File.Exists(file), $"'{stem}{suffix}' was written");
                expected[targetFolder + suffix] = Sha256(file);
            }
        }

        var packages = expected.Keys.Count(k => k.EndsWith(".nupkg", StringComparison.Ordinal));
        _output.WriteLine($"{Publishers} publishers x {PackagesPerPublisher} packages + 2 packs x 2 projects (with 4 sidecars each) = {packages} packages, {expected.Count} targets, in {watch.Elapsed.TotalSeconds:F0} s.");

        var status = Tool(runnerA, "tuf", "status", repo);
        runnerA.Assert(status.ExitCode == 0 && !status.Output.Contains("not published yet", StringComparison.Ordinal), "every signed bin is published", status);

        // tuf-js reads the public container over the emulator's HTTP endpoint, trusting root version 1.
        using var http = new HttpClient();
        var rootFile = runnerA.FullPath("trusted-root.json");
        File.WriteAllBytes(rootFile, await http.GetByteArrayAsync(repo + "/metadata/1.root.json"));
        var download = NodeInterop.RunScript("tufjs-download.mjs", new[] { "--root", rootFile, "--url", repo, "--out", runnerA.FullPath("downloads") }.Concat(expected.Keys), TimeSpan.FromMinutes(3));
        runnerA.Assert(download.ExitCode == 0, "tuf-js verifies the repository and every target", download);
        foreach (var (target, sha256) in expected)
        {
            runnerA.Assert(download.Output.Contains($"verified: {target} {sha256}", StringComparison.Ordinal), $"tuf-js downloaded '{target}' with the published bytes", download);
        }
    }

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

    private static Dictionary<string, string> Keys(E2ERoot root, params string[] names)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var path = root.FullPath($"keys/{name}.pem");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var result = Tool(root, "keygen", "--out", path);
            root.Assert(result.ExitCode == 0, "supplychain keygen", result);
            keys[name] = path;
        }

        return keys;
    }

    private static ProcessResult Tool(E2ERoot root, params string[] args)
        => ProcessRunner.Run("dotnet", new[] { Path.Combine(TestEnvironment.ToolFolder, "SupplyChain.Tool.dll") }.Concat(args), root.Path, root.Environment, s_toolTimeout);
}
