using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// Publishing on pack into a TUF repository (docs/tuf.md): packages at their flat-container paths with their SBOM and
/// attestations, parallel packs into one repository, and tuf-js (npm's TUF client) downloading every package from a
/// loopback HTTP server. Keys are made at test time with 'supplychain keygen'.
/// </summary>
[Collection(ShapesCollection.Name)]
[Trait("Category", "E2E")]
public sealed class TufPublishTests
{
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromMinutes(2);
    private static readonly string[] s_sidecars = { ".cdx.json", ".intoto.jsonl", ".provenance.sigstore.json", ".sbom.sigstore.json" };

    private readonly FixtureFeed _feed;

    public TufPublishTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    [Fact]
    public void Pack_EightProjectsInParallel_PublishesEveryPackageAndTufJsVerifiesThem()
    {
        using var root = E2ERoot.Create("TufParallel", _feed, registry: true);
        var keys = Keys(root, "root", "targets", "snapshot", "timestamp", "bins", "signing");
        var repo = root.FullPath("tuf");
        var init = Tool(root, "tuf", "init", repo, "--root-key", keys["root"], "--targets-key", keys["targets"], "--snapshot-key", keys["snapshot"], "--timestamp-key", keys["timestamp"], "--bins", "32", "--bins-key", keys["bins"]);
        root.Assert(init.ExitCode == 0, "tuf init", init);

        // The targets key stays offline: builds sign with the bins key, and publish with the snapshot and timestamp keys.
        var properties = $"<Version>1.0.$(TufIndex)</Version><SupplyChainTufRepository>{repo}</SupplyChainTufRepository><SupplyChainTufTargetsKey>{keys["bins"]}</SupplyChainTufTargetsKey>"
            + $"<SupplyChainTufSnapshotKey>{keys["snapshot"]}</SupplyChainTufSnapshotKey><SupplyChainTufTimestampKey>{keys["timestamp"]}</SupplyChainTufTimestampKey><SupplyChainSigningKey>{keys["signing"]}</SupplyChainSigningKey>";
        var projects = new List<string>();
        for (var i = 1; i <= 8; i++)
        {
            projects.Add(Consumer.Write(root, $"Contoso.P{i}", Array.Empty<(string, string?)>(), targetFrameworks: i == 8 ? $"{TestEnvironment.TargetFramework};net8.0" : null, extraProperties: $"<TufIndex>{i}</TufIndex>" + properties));
        }

        root.WriteFile("All.slnx", "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");
        var pack = root.DotNet("pack", "All.slnx", "-c", "Release", "-m:8", "-v:n");
        root.AssertSucceeded(pack);

        // Every package with its four sidecars, at flat-container paths; the multi-targeted project published once.
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i <= 8; i++)
        {
            var folder = root.FullPath($"src/Contoso.P{i}/bin/Release");
            var stem = $"Contoso.P{i}.1.0.{i}";
            var targetFolder = $"contoso.p{i}/1.0.{i}/contoso.p{i}.1.0.{i}";
            foreach (var suffix in s_sidecars.Prepend(".nupkg"))
            {
                var file = Path.Combine(folder, stem + suffix);
                root.Assert(File.Exists(file), $"'{stem + suffix}' was written", pack);
                expected[targetFolder + suffix] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))).ToLowerInvariant();
            }
        }

        root.Assert(Regex.Matches(pack.Output, Regex.Escape("TUF target 'contoso.p8/1.0.8/contoso.p8.1.0.8.nupkg'")).Count == 1, "the multi-targeted project is published once", pack);
        var status = Tool(root, "tuf", "status", repo);
        root.Assert(status.ExitCode == 0 && !status.Output.Contains("not published yet", StringComparison.Ordinal), "every signed bin is in the snapshot", status);
        var storedFiles = Directory.GetFiles(Path.Combine(repo, "targets"), "*", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)).ToHashSet(StringComparer.Ordinal);
        foreach (var (target, sha256) in expected)
        {
            root.Assert(storedFiles.Contains(sha256 + "." + Path.GetFileName(target)), $"'{target}' is stored under its hash-prefixed name");
        }

        if (NodeInterop.SkipReason is null)
        {
            var download = NodeInterop.RunScript("tufjs-download.mjs", new[] { "--root", Path.Combine(repo, "metadata", "1.root.json"), "--dir", repo, "--out", root.FullPath("downloads") }.Concat(expected.Keys), TimeSpan.FromMinutes(2));
            root.Assert(download.ExitCode == 0, "tuf-js verifies the repository and every target", download);
            foreach (var (target, sha256) in expected)
            {
                root.Assert(download.Output.Contains($"verified: {target} {sha256}", StringComparison.Ordinal), $"tuf-js downloaded '{target}' with the packed bytes", download);
            }

            // A replaced package file on the server is refused by tuf-js.
            var nupkg = expected.Keys.First(k => k.EndsWith(".nupkg", StringComparison.Ordinal));
            var stored = Directory.GetFiles(Path.Combine(repo, "targets"), expected[nupkg] + ".*", SearchOption.AllDirectories).Single();
            File.WriteAllBytes(stored, File.ReadAllBytes(stored).Reverse().ToArray());
            var tampered = NodeInterop.RunScript("tufjs-download.mjs", new[] { "--root", Path.Combine(repo, "metadata", "1.root.json"), "--dir", repo, "--out", root.FullPath("downloads2"), nupkg }, TimeSpan.FromMinutes(2));
            root.Assert(tampered.ExitCode == 1 && tampered.Output.Contains("failed:", StringComparison.Ordinal), "tuf-js refuses a changed package", tampered);
        }
    }

    [Fact]
    public void Pack_WithoutSnapshotKeys_SignsTheTargetsAndTufPublishReleasesThem()
    {
        using var root = E2ERoot.Create("TufPending", _feed);
        var keys = Keys(root, "root", "targets", "snapshot", "timestamp");
        var repo = root.FullPath("tuf");
        var init = Tool(root, "tuf", "init", repo, "--root-key", keys["root"], "--targets-key", keys["targets"], "--snapshot-key", keys["snapshot"], "--timestamp-key", keys["timestamp"]);
        root.Assert(init.ExitCode == 0, "tuf init", init);
        var project = Consumer.Write(root, "Lib", Array.Empty<(string, string?)>(), extraProperties: "<Version>2.0.0-Beta.1</Version><SupplyChainTufRepository>../../tuf</SupplyChainTufRepository>");

        var pack = root.DotNet("pack", project, "-c", "Release", $"-p:SupplyChainTufTargetsKey={keys["targets"]}");
        root.AssertSucceeded(pack);
        root.Assert(pack.Output.Contains("wait for 'supplychain tuf publish'", StringComparison.Ordinal), "the build says the release waits for publish", pack);
        var status = Tool(root, "tuf", "status", repo);
        root.Assert(status.Output.Contains("not published yet (1 role(s)", StringComparison.Ordinal), "targets is signed but not published", status);

        var publish = Tool(root, "tuf", "publish", repo, "--snapshot-key", keys["snapshot"], "--timestamp-key", keys["timestamp"]);
        root.Assert(publish.ExitCode == 0 && publish.Output.Contains("published: snapshot version 2", StringComparison.Ordinal), "tuf publish finishes the release", publish);
        var stored = Directory.GetFiles(Path.Combine(repo, "targets", "lib", "2.0.0-beta.1"));
        root.Assert(stored.Length == 2 && stored.Any(f => f.EndsWith(".lib.2.0.0-beta.1.nupkg", StringComparison.Ordinal)) && stored.Any(f => f.EndsWith(".lib.2.0.0-beta.1.cdx.json", StringComparison.Ordinal)), "the package and its SBOM at the flat-container path: " + string.Join(", ", stored.Select(Path.GetFileName)));
        var targetsJson = File.ReadAllText(Path.Combine(repo, "metadata", "2.targets.json"));
        root.Assert(targetsJson.Contains("\"purl\": \"pkg:nuget/Lib@2.0.0-Beta.1\"", StringComparison.Ordinal) && targetsJson.Contains("\"contentHash\"", StringComparison.Ordinal), "the entry carries the purl and NuGet's content hash");

        // A key the repository does not trust fails the pack and signs nothing.
        var wrong = root.DotNet("pack", project, "-c", "Release", $"-p:SupplyChainTufTargetsKey={keys["snapshot"]}");
        var error = root.AssertFailedWith(wrong, "SCSDK4103");
        root.Assert(error.Message.Contains(keys["snapshot"], StringComparison.Ordinal) == false, "the error names the key by id, not by path", wrong);
        root.Assert(!File.Exists(Path.Combine(repo, "metadata", "3.targets.json")), "nothing was signed", wrong);
    }

    [Fact]
    public void Pack_OfAPublishedVersionWithOtherBytes_Fails_SkipDuplicateKeepsTheFirst_AndTheSameBytesAgainChangeNothing()
    {
        using var root = E2ERoot.Create("TufImmutable", _feed);
        var keys = Keys(root, "root", "targets", "snapshot", "timestamp", "signing");
        var repo = root.FullPath("tuf");
        var init = Tool(root, "tuf", "init", repo, "--root-key", keys["root"], "--targets-key", keys["targets"], "--snapshot-key", keys["snapshot"], "--timestamp-key", keys["timestamp"]);
        root.Assert(init.ExitCode == 0, "tuf init", init);
        var project = Consumer.Write(root, "Lib", Array.Empty<(string, string?)>(), extraProperties:
            $"<Version>1.0.0</Version><SupplyChainTufRepository>{repo}</SupplyChainTufRepository><SupplyChainTufTargetsKey>{keys["targets"]}</SupplyChainTufTargetsKey>"
            + $"<SupplyChainTufSnapshotKey>{keys["snapshot"]}</SupplyChainTufSnapshotKey><SupplyChainTufTimestampKey>{keys["timestamp"]}</SupplyChainTufTimestampKey><SupplyChainSigningKey>{keys["signing"]}</SupplyChainSigningKey>");
        const string Target = "lib/1.0.0/lib.1.0.0.nupkg";
        var nupkg = root.FullPath("src/Lib/bin/Release/Lib.1.0.0.nupkg");

        var first = root.DotNet("pack", project, "-c", "Release");
        root.AssertSucceeded(first);
        var published = Sha256(nupkg);
        var metadata = MetadataFiles(repo);
        root.Assert(Listed(repo, Target) == published, "the first pack is published", first);

        // The same bytes again (a deterministic re-pack; its attestations are signed anew): nothing is re-signed.
        var again = root.DotNet("pack", project, "-c", "Release", "-v:n");
        root.AssertSucceeded(again);
        root.Assert(Sha256(nupkg) == published, "pack is deterministic", again);
        root.Assert(again.Output.Contains($"TUF target '{Target}' (unchanged)", StringComparison.Ordinal), "the same package is unchanged", again);
        root.Assert(MetadataFiles(repo).SequenceEqual(metadata), "no metadata was written for the same bytes", again);

        // Other code, same version: refused, naming the target and both hashes; the repository is untouched.
        root.WriteFile("src/Lib/Changed.cs", "namespace Lib;\n\npublic static class Changed\n{\n    public static int Value => 42;\n}\n");
        metadata = MetadataFiles(repo);
        var changed = root.DotNet("pack", project, "-c", "Release");
        var error = root.AssertFailedWith(changed, "SCSDK4115");
        var rebuilt = Sha256(nupkg);
        root.Assert(rebuilt != published, "the changed code made other bytes", changed);
        root.Assert(error.Message.Contains(Target, StringComparison.Ordinal) && error.Message.Contains(published, StringComparison.Ordinal) && error.Message.Contains(rebuilt, StringComparison.Ordinal), "the error names the target and both hashes", changed);
        root.Assert(MetadataFiles(repo).SequenceEqual(metadata) && Listed(repo, Target) == published, "nothing was signed", changed);

        // SupplyChainTufSkipDuplicate=true: a warning, and the first release stays.
        var skip = root.DotNet("pack", project, "-c", "Release", "-p:SupplyChainTufSkipDuplicate=true");
        root.AssertSucceeded(skip);
        root.Assert(skip.SupplyChainDiagnostics.Any(d => d.Code == "SCSDK4602" && !d.IsError && d.Message.Contains(Target, StringComparison.Ordinal)), "a skip-duplicate warning", skip);
        root.Assert(MetadataFiles(repo).SequenceEqual(metadata) && Listed(repo, Target) == published, "the first release stays", skip);
    }

    [Fact]
    public void Pack_PublishesOnlyThePackageTheProjectMade_NotAForeignPackageAmongItsOutputs()
    {
        using var root = E2ERoot.Create("TufForeign", _feed);
        var keys = Keys(root, "root", "targets", "snapshot", "timestamp");
        var repo = root.FullPath("tuf");
        var init = Tool(root, "tuf", "init", repo, "--root-key", keys["root"], "--targets-key", keys["targets"], "--snapshot-key", keys["snapshot"], "--timestamp-key", keys["timestamp"]);
        root.Assert(init.ExitCode == 0, "tuf init", init);

        // A target slips a package that claims another id into the pack's outputs.
        var crafted = new TestPackageBuilder("Contoso.Victim", "1.0.0").WithLibFile("net8.0", "Contoso.Victim.dll", "evil").WriteTo(root.FullPath("crafted"));
        var project = Consumer.Write(root, "Lib", Array.Empty<(string, string?)>(), extraProperties:
            $"<Version>1.0.0</Version><SupplyChainTufRepository>{repo}</SupplyChainTufRepository><SupplyChainTufTargetsKey>{keys["targets"]}</SupplyChainTufTargetsKey>");
        var text = File.ReadAllText(root.FullPath(project)).Replace("</Project>", $"""
              <Target Name="SlipInAPackage" AfterTargets="Pack" BeforeTargets="_SupplyChainTufPrepare">
                <ItemGroup>
                  <NuGetPackOutput Include="{crafted}" />
                </ItemGroup>
              </Target>
            </Project>
            """, StringComparison.Ordinal);
        File.WriteAllText(root.FullPath(project), text);

        var pack = root.DotNet("pack", project, "-c", "Release");
        var error = root.AssertFailedWith(pack, "SCSDK4116");
        root.Assert(error.Message.Contains("Contoso.Victim 1.0.0", StringComparison.Ordinal) && error.Message.Contains("Lib 1.0.0", StringComparison.Ordinal), "the error names both identities", pack);
        root.Assert(!File.Exists(Path.Combine(repo, "metadata", "2.targets.json")), "nothing was signed", pack);
    }

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

    private static string[] MetadataFiles(string repo)
        => Directory.GetFiles(Path.Combine(repo, "metadata")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>The SHA-256 the newest targets metadata lists for a target.</summary>
    private static string? Listed(string repo, string target)
    {
        var newest = Directory.GetFiles(Path.Combine(repo, "metadata"), "*.targets.json")
            .OrderByDescending(f => int.Parse(Path.GetFileName(f).Split('.')[0], System.Globalization.CultureInfo.InvariantCulture))
            .First();
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(newest))!;
        return (string?)json["signed"]!["targets"]![target]?["hashes"]?["sha256"];
    }

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
