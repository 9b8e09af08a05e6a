using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.Core.Tuf.Repository;
using SupplyChain.TestUtilities;

namespace SupplyChain.Tool.Tests;

public sealed class TufRepositoryCommandTests
{
    [Fact]
    public void InitAddPublishStatus_WithHashedBins_PublishesPackagesThatVerify()
    {
        using var dir = new TestDirectory("tufcli");
        var keys = TufKeys.Make(dir);
        var repo = dir.Combine("repo");

        var init = CommandRunner.Run("tuf", "init", repo, "--root-key", keys.Root, "--targets-key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp, "--bins", "16", "--bins-key", keys.Bins, "--expires", "timestamp=2");
        Assert.True(init.ExitCode == 0, init.Error);
        Assert.Contains("16 hashed bins 'bins-*'", init.Out, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(repo, "metadata", "1.root.json"), init.Out, StringComparison.Ordinal);

        // A package with its SBOM: the build's layout. Without snapshot and timestamp keys nothing is published yet.
        var nupkg = new TestPackageBuilder("Contoso.App", "2.1.0").WithLibFile("net8.0", "Contoso.App.dll", "code").WriteTo(dir.Path);
        var packageFile = dir.Combine("Contoso.App.2.1.0.nupkg");
        File.Move(nupkg, packageFile);
        var sbom = dir.WriteFile("Contoso.App.2.1.0.cdx.json", "{\"bomFormat\":\"CycloneDX\"}");
        var add = CommandRunner.Run("tuf", "add", repo, packageFile, sbom, "--key", keys.Bins);
        Assert.True(add.ExitCode == 0, add.Error);
        Assert.Contains("added: contoso.app/2.1.0/contoso.app.2.1.0.nupkg", add.Out, StringComparison.Ordinal);
        Assert.Contains("added: contoso.app/2.1.0/contoso.app.2.1.0.cdx.json", add.Out, StringComparison.Ordinal);
        Assert.Contains("wait for 'supplychain tuf publish'", add.Out, StringComparison.Ordinal);
        Assert.Empty(TufRepositoryAssert.Verify(repo));

        var status = CommandRunner.Run("tuf", "status", repo);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("not published yet", status.Out, StringComparison.Ordinal);
        Assert.Contains("16 succinct hashed bins 'bins-*' (4 bits)", status.Out, StringComparison.Ordinal);
        Assert.Contains("timestamp 2", status.Out, StringComparison.Ordinal);

        var publish = CommandRunner.Run("tuf", "publish", repo, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.True(publish.ExitCode == 0, publish.Error);
        Assert.Contains("published: snapshot version 2", publish.Out, StringComparison.Ordinal);

        var targets = TufRepositoryAssert.Verify(repo);
        Assert.Equal(new[] { "contoso.app/2.1.0/contoso.app.2.1.0.cdx.json", "contoso.app/2.1.0/contoso.app.2.1.0.nupkg" }, targets.Keys.OrderBy(k => k, StringComparer.Ordinal));
        var package = targets["contoso.app/2.1.0/contoso.app.2.1.0.nupkg"];
        Assert.Equal("pkg:nuget/Contoso.App@2.1.0", (string?)package.Custom!["purl"]);
        Assert.Equal(Core.Packages.PackageContentHash.Compute(packageFile).ContentHash, (string?)package.Custom!["nuget"]!["contentHash"]);

        // add with the snapshot and timestamp keys publishes at once; a folder adds every file at its relative path.
        var folder = dir.Combine("site");
        Directory.CreateDirectory(Path.Combine(folder, "docs"));
        File.WriteAllText(Path.Combine(folder, "index.html"), "<html/>");
        File.WriteAllText(Path.Combine(folder, "docs", "a.md"), "# a");
        var addFolder = CommandRunner.Run("tuf", "add", repo, folder, "--path", "site/", "--key", keys.Bins, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.True(addFolder.ExitCode == 0, addFolder.Error);
        Assert.Contains("site/docs/a.md", TufRepositoryAssert.Verify(repo).Keys);
        var single = CommandRunner.Run("tuf", "add", repo, sbom, "--path", "extra/bom.json", "--key", keys.Bins, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.True(single.ExitCode == 0, single.Error);
        Assert.Contains("extra/bom.json", TufRepositoryAssert.Verify(repo).Keys);
    }

    [Fact]
    public void Rotate_RootThenTargets_ClientsFollowTheNewRoots()
    {
        using var dir = new TestDirectory("tufcli");
        var keys = TufKeys.Make(dir);
        var repo = dir.Combine("repo");
        Assert.Equal(0, CommandRunner.Run("tuf", "init", repo, "--root-key", keys.Root, "--targets-key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp).ExitCode);
        var root2 = TufKeys.Keygen(dir, "root2.pem");
        var targets2 = TufKeys.Keygen(dir, "targets2.pem");

        // A second root key and threshold 2: the new root needs the old key and both new-root keys.
        var missing = CommandRunner.Run("tuf", "rotate", repo, "--role", "root", "--threshold", "2", "--root-key", keys.Root);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("SCSDK4114", Assert.Single(missing.Diagnostics).Code);
        var rotated = CommandRunner.Run("tuf", "rotate", repo, "--role", "root", "--add-key", root2, "--threshold", "2", "--root-key", keys.Root);
        Assert.True(rotated.ExitCode == 0, rotated.Error);
        Assert.Contains("'root' now trusts 2 key(s), threshold 2", rotated.Out, StringComparison.Ordinal);

        // The targets key: removed by its public key file, the old key signs too (every step verifies).
        var targets = CommandRunner.Run("tuf", "rotate", repo, "--role", "targets", "--add-key", targets2, "--remove-key", keys.Targets + ".pub", "--key", keys.Targets,
            "--root-key", keys.Root, "--root-key", root2, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.True(targets.ExitCode == 0, targets.Error);
        TufRepositoryAssert.Verify(repo);
        Assert.True(File.Exists(Path.Combine(repo, "metadata", "3.root.json")));

        var oldKey = CommandRunner.Run("tuf", "add", repo, keys.Root + ".pub", "--key", keys.Targets);
        Assert.Equal(2, oldKey.ExitCode);
        Assert.Equal("SCSDK4103", Assert.Single(oldKey.Diagnostics).Code);
        Assert.Equal(0, CommandRunner.Run("tuf", "add", repo, keys.Root + ".pub", "--key", targets2, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp).ExitCode);
        Assert.Single(TufRepositoryAssert.Verify(repo));
    }

    [Fact]
    public void Errors_UsageIsExitCodeTwo_MetadataThatDoesNotVerifyIsExitCodeOne()
    {
        using var dir = new TestDirectory("tufcli");
        var keys = TufKeys.Make(dir);
        var repo = dir.Combine("repo");

        var noRepo = CommandRunner.Run("tuf", "publish", repo, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.Equal(2, noRepo.ExitCode);
        Assert.Equal("SCSDK4100", Assert.Single(noRepo.Diagnostics).Code);

        Assert.Equal(0, CommandRunner.Run("tuf", "init", repo, "--root-key", keys.Root, "--targets-key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp).ExitCode);
        var again = CommandRunner.Run("tuf", "init", repo, "--root-key", keys.Root, "--targets-key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal("SCSDK4101", Assert.Single(again.Diagnostics).Code);

        var swapped = CommandRunner.Run("tuf", "publish", repo, "--snapshot-key", keys.Timestamp, "--timestamp-key", keys.Snapshot);
        Assert.Equal(2, swapped.ExitCode);
        Assert.Equal("SCSDK4103", Assert.Single(swapped.Diagnostics).Code);

        var badPath = CommandRunner.Run("tuf", "add", repo, keys.Root + ".pub", "--path", "../escape.pem", "--key", keys.Targets);
        Assert.Equal(2, badPath.ExitCode);
        Assert.Equal("SCSDK4105", Assert.Single(badPath.Diagnostics).Code);

        // Someone rewrote the timestamp without the key: the tooling refuses to sign over it.
        var timestamp = Path.Combine(repo, "metadata", "timestamp.json");
        var json = JsonNode.Parse(File.ReadAllText(timestamp))!;
        json["signed"]!["version"] = 99;
        File.WriteAllText(timestamp, json.ToJsonString());
        var tampered = CommandRunner.Run("tuf", "publish", repo, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Equal("SCSDK4003", Assert.Single(tampered.Diagnostics).Code);
    }

    [Fact]
    public void EncryptedKeys_AreReadWithThePasswordVariable()
    {
        using var dir = new TestDirectory("tufcli");
        const string Variable = "SCSDK_TUF_TEST_PASSWORD";
        Environment.SetEnvironmentVariable(Variable, "correct horse battery staple");
        try
        {
            var key = TufKeys.Keygen(dir, "all.pem", Variable);
            var repo = dir.Combine("repo");
            var init = CommandRunner.Run("tuf", "init", repo, "--root-key", key, "--targets-key", key, "--snapshot-key", key, "--timestamp-key", key, "--password-env", Variable);
            Assert.True(init.ExitCode == 0, init.Error);
            var noPassword = CommandRunner.Run("tuf", "publish", repo, "--snapshot-key", key, "--timestamp-key", key);
            Assert.Equal(2, noPassword.ExitCode);
            Assert.StartsWith("SCSDK30", Assert.Single(noPassword.Diagnostics).Code, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }
}

/// <summary>Key files for a repository, made with 'supplychain keygen' at test time.</summary>
internal sealed record TufKeys(string Root, string Targets, string Snapshot, string Timestamp, string Bins)
{
    public static TufKeys Make(TestDirectory dir)
        => new(Keygen(dir, "root.pem"), Keygen(dir, "targets.pem"), Keygen(dir, "snapshot.pem"), Keygen(dir, "timestamp.pem"), Keygen(dir, "bins.pem"));

    public static string Keygen(TestDirectory dir, string name, string? passwordVariable = null)
    {
        var path = dir.Combine("keys", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var args = new List<string> { "keygen", "--out", path };
        if (passwordVariable is not null)
        {
            args.AddRange(new[] { "--password-env", passwordVariable });
        }

        var result = CommandRunner.Run(args.ToArray());
        Assert.True(result.ExitCode == 0, result.Error);
        return path;
    }
}

/// <summary>Verifies a repository folder as a client that trusts its <c>1.root.json</c>, target bytes included.</summary>
internal static class TufRepositoryAssert
{
    public static IReadOnlyDictionary<string, TargetFile> Verify(string path)
    {
        var metadata = Path.Combine(path, "metadata");
        var set = new TrustedMetadataSet(File.ReadAllBytes(Path.Combine(metadata, "1.root.json")), DateTimeOffset.UtcNow);
        for (var version = 2; File.Exists(Path.Combine(metadata, version + ".root.json")); version++)
        {
            set.UpdateRoot(File.ReadAllBytes(Path.Combine(metadata, version + ".root.json")));
        }

        set.UpdateTimestamp(File.ReadAllBytes(Path.Combine(metadata, "timestamp.json")));
        set.UpdateSnapshot(File.ReadAllBytes(Path.Combine(metadata, set.Timestamp!.Signed.SnapshotMeta.Version + ".snapshot.json")));
        var targets = set.UpdateTargets(File.ReadAllBytes(Path.Combine(metadata, set.Snapshot!.Signed.FindRole("targets")!.Version + ".targets.json")));
        var all = new Dictionary<string, TargetFile>(targets.Signed.TargetFiles, StringComparer.Ordinal);
        if (targets.Signed.Delegations?.SuccinctRoles is { } bins)
        {
            foreach (var name in bins.GetRoles())
            {
                var bin = set.UpdateDelegatedTargets(File.ReadAllBytes(TufRoleNames.PathInFolder(metadata, name, set.Snapshot.Signed.FindRole(name)!.Version)), name, "targets");
                foreach (var (targetPath, entry) in bin.Signed.TargetFiles)
                {
                    all[targetPath] = entry;
                }
            }
        }

        var layout = new RepositoryLayout(path);
        foreach (var (targetPath, entry) in all)
        {
            using var stream = File.OpenRead(layout.TargetFile(targetPath, entry.Hashes["sha256"]));
            Assert.True(entry.CheckLengthAndHashes(stream).IsMatch, targetPath);
        }

        return all;
    }
}
