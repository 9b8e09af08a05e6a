using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Repository;

namespace SupplyChain.Core.Tests.Tuf.Repository;

public sealed class RepositoryEditorTests
{
    [Fact]
    public void Init_WritesAVerifyingRepositoryWithConsistentSnapshotsAndDefaultExpiry()
    {
        using var kit = new RepositoryTestKit();
        var result = kit.Init();

        Assert.Equal(new[]
        {
            ".supplychain-tuf/lock", ".supplychain-tuf/settings.json",
            "metadata/1.root.json", "metadata/1.snapshot.json", "metadata/1.targets.json", "metadata/root.json", "metadata/timestamp.json",
        }, kit.Files());
        Assert.True(Directory.Exists(Path.Combine(kit.Path, "targets")));
        Assert.Empty(kit.Verify());
        Assert.Equal(Path.Combine(kit.Path, "metadata", "1.root.json"), result.RootPath);
        Assert.Equal(new[] { kit.RootKey.KeyId }, result.KeyIds["root"]);

        using var editor = kit.Open();
        Assert.True(editor.Root.Signed.ConsistentSnapshot);
        Assert.Equal(RepositoryTestKit.Now.AddDays(365), editor.Root.Signed.Expires);
        Assert.Equal(RepositoryTestKit.Now.AddDays(90), editor.Targets.Signed.Expires);
        Assert.Equal(RepositoryTestKit.Now.AddDays(7), editor.Snapshot.Signed.Expires);
        Assert.Equal(RepositoryTestKit.Now.AddDays(1), editor.Timestamp.Signed.Expires);
        // The timestamp lists the snapshot with its length and hash.
        Assert.Equal(result.SnapshotLength, editor.Timestamp.Signed.SnapshotMeta.Length);
        Assert.NotNull(editor.Timestamp.Signed.SnapshotMeta.Hashes);
    }

    [Fact]
    public void Init_ExpiryOverridesAreStoredAndUsedByLaterWrites()
    {
        using var kit = new RepositoryTestKit();
        kit.Init(new[] { "timestamp=2", "snapshot=3" });
        kit.AddAndPublish(kit.File("a.txt", "a"));
        using var editor = kit.Open();
        Assert.Equal(RepositoryTestKit.Now.AddDays(2), editor.Timestamp.Signed.Expires);
        Assert.Equal(RepositoryTestKit.Now.AddDays(3), editor.Snapshot.Signed.Expires);
    }

    [Fact]
    public void Init_RefusesAFolderWithMetadataAndBadSettings()
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        var again = Assert.Throws<SupplyChainException>(() => kit.Init());
        Assert.Equal("SCSDK4101", again.Diagnostic.Code);

        using var other = new RepositoryTestKit();
        var threshold = Assert.Throws<SupplyChainException>(() => RepositoryEditor.Initialize(other.Path, new RepositoryInitRequest
        {
            RootKeys = new[] { other.RootKey },
            RootThreshold = 2,
            TargetsKeys = new[] { other.TargetsKey },
            SnapshotKeys = new[] { other.SnapshotKey },
            TimestampKeys = new[] { other.TimestampKey },
        }));
        Assert.Equal("SCSDK4106", threshold.Diagnostic.Code);
        var bins = Assert.Throws<SupplyChainException>(() => RepositoryEditor.Initialize(other.Path, new RepositoryInitRequest
        {
            RootKeys = new[] { other.RootKey },
            TargetsKeys = new[] { other.TargetsKey },
            SnapshotKeys = new[] { other.SnapshotKey },
            TimestampKeys = new[] { other.TimestampKey },
            Bins = 12,
            BinsKeys = new[] { other.BinsKey },
        }));
        Assert.Equal("SCSDK4106", bins.Diagnostic.Code);
        var expiry = Assert.Throws<SupplyChainException>(() => other.Init(new[] { "timestamp=0" }));
        Assert.Equal("SCSDK4106", expiry.Diagnostic.Code);
        Assert.False(Directory.Exists(Path.Combine(other.Path, "metadata")));
    }

    [Fact]
    public void Init_WithBins_DelegatesEveryPathToOneSuccinctBinListedByVersionOnly()
    {
        using var kit = new RepositoryTestKit(bins: 16);
        var result = kit.Init();
        Assert.Equal(16, result.Bins);
        Assert.Equal(16, kit.Files().Count(f => f.StartsWith("metadata/1.bins-", StringComparison.Ordinal)));

        using var editor = kit.Open();
        var bins = editor.Bins!;
        Assert.Equal(4, bins.BitLength);
        Assert.Equal("bins", bins.NamePrefix);
        Assert.Equal(new[] { kit.BinsKey.KeyId }, bins.KeyIds);
        Assert.All(editor.Snapshot.Signed.Meta.Values, m => Assert.True(m.Length is null && m.Hashes is null));
        Assert.Equal(17, editor.Snapshot.Signed.Meta.Count);
        Assert.Empty(kit.Verify());
    }

    [Fact]
    public void Snapshot_OfTheMostBins_StaysWellUnderTheTwoMegabytesClientsAccept()
    {
        // The snapshot the editor writes for 16,384 bins, each already at a seven-digit version.
        var bins = new SuccinctRoles(new[] { "k" }, 1, 14, RepositoryEditor.BinNamePrefix);
        Assert.Equal(RepositoryEditor.MaxBins, bins.NumberOfBins);
        var snapshot = new Metadata<Snapshot>(new Snapshot(RepositoryTestKit.Now) { Version = 1_000_000 });
        foreach (var name in bins.GetRoles())
        {
            snapshot.Signed.Meta[TufRoleNames.MetaFileName(name)] = new MetaFile(1_000_000);
        }

        using var key = RepositoryTestKit.NewKey(KeyAlgorithm.Rsa);
        snapshot.Sign(key);
        var length = snapshot.ToBytes().Length;
        Assert.InRange(length, 700_000, 1_000_000);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void AddThenPublish_ListsTheTargetWithItsHashAndStoresItUnderTheHashPrefixedName(string storage)
    {
        using var kit = new RepositoryTestKit(storage: storage);
        kit.Init();
        var custom = new JsonObject { ["purl"] = "pkg:nuget/A@1.0.0" };
        using (var editor = kit.Open())
        {
            var added = editor.AddTargets(new[] { kit.File("a/1.0.0/a.1.0.0.nupkg", "package") with { Custom = custom } }, new[] { kit.TargetsKey });
            Assert.Single(added.SignedRoles);
            Assert.Equal("targets", added.Targets[0].RoleName);
            Assert.Equal(7, added.Targets[0].Length);

            // Not published yet: clients still see the empty release; the pending list remembers the new version.
            Assert.Empty(kit.Verify());
            Assert.Equal(2, editor.PendingRoles["targets"]);
            var published = editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
            Assert.Equal(2, published.Snapshot.Version);
            Assert.Equal(2, published.Timestamp.Version);
            Assert.Empty(editor.PendingRoles);
        }

        var targets = kit.Verify();
        var entry = Assert.Single(targets).Value;
        Assert.Equal("a/1.0.0/a.1.0.0.nupkg", entry.Path);
        Assert.Equal(new[] { "sha256" }, entry.Hashes.Keys);
        Assert.True(JsonNode.DeepEquals(custom, entry.Custom));
        Assert.Contains($"targets/a/1.0.0/{entry.Hashes["sha256"]}.a.1.0.0.nupkg", kit.Files());
        Assert.DoesNotContain(".supplychain-tuf/pending.json", kit.Files());
    }

    [Fact]
    public void OpenRoleAndCloseRole_EditARoleThePythonTufWay()
    {
        using var kit = new RepositoryTestKit(bins: 4);
        kit.Init();
        using (var editor = kit.Open())
        {
            var bin = editor.Bins!.GetRoleForTarget("raw.txt");
            var metadata = editor.OpenRole(bin);
            Assert.Equal(1, metadata.Signed.Version);
            var entry = TargetFile.FromBytes("raw.txt", "raw"u8);
            entry.Hashes.Remove("sha512");
            metadata.Signed.AddTarget(entry);
            var written = editor.CloseRole(bin, metadata, new[] { kit.BinsKey });
            Assert.Equal(2, written.Version);
            Assert.Equal(RepositoryTestKit.Now.AddDays(90), written.Expires);
            Assert.Equal("SCSDK4112", Assert.Throws<SupplyChainException>(() => editor.OpenRole("bins-99")).Diagnostic.Code);
            Assert.Equal("SCSDK4103", Assert.Throws<SupplyChainException>(() => editor.CloseRole("targets", editor.OpenRole("targets"), new[] { kit.BinsKey })).Diagnostic.Code);
            // The caller stores the file itself (AddTargets does both).
            var stored = editor.Layout!.TargetFile("raw.txt", entry.Hashes["sha256"]);
            Directory.CreateDirectory(Path.GetDirectoryName(stored)!);
            File.WriteAllText(stored, "raw");
            editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
        }

        Assert.Equal(3, kit.Verify()["raw.txt"].Length);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Add_InAPendingState_IsBuiltOnThePendingVersionAndSurvivesReopening(string storage)
    {
        using var kit = new RepositoryTestKit(storage: storage);
        kit.Init();
        using (var editor = kit.Open())
        {
            editor.AddTargets(new[] { kit.File("one.txt", "1") }, new[] { kit.TargetsKey });
        }

        using (var editor = kit.Open())
        {
            Assert.Equal(2, editor.PendingRoles["targets"]);
            editor.AddTargets(new[] { kit.File("two.txt", "2") }, new[] { kit.TargetsKey });
            Assert.Equal(3, editor.PendingRoles["targets"]);
        }

        using (var editor = kit.Open())
        {
            editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
        }

        Assert.Equal(new[] { "one.txt", "two.txt" }, kit.Verify().Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Add_TheSameEntryAgain_SignsNothing_AndNewContentReplacesTheEntryButKeepsTheOldFile(string storage)
    {
        using var kit = new RepositoryTestKit(storage: storage);
        kit.Init();
        kit.AddAndPublish(kit.File("x.txt", "first"));
        using (var editor = kit.Open())
        {
            var same = editor.AddTargets(new[] { kit.File("x.txt", "first") }, new[] { kit.TargetsKey });
            Assert.Empty(same.SignedRoles);
            Assert.False(same.Targets[0].IsChanged);
        }

        var before = kit.Verify()["x.txt"].Hashes["sha256"];
        kit.AddAndPublish(kit.File("x.txt", "second"));
        var after = kit.Verify()["x.txt"].Hashes["sha256"];
        Assert.NotEqual(before, after);
        // Clients still holding the previous snapshot can fetch the file it lists.
        Assert.Contains($"targets/{before}.x.txt", kit.Files());
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Add_WithBins_RewritesOnlyTheBinTheTargetHashesInto(string storage)
    {
        using var kit = new RepositoryTestKit(bins: 64, storage: storage);
        kit.Init();
        var before = kit.Files();
        var request = kit.File("contoso.app/1.0.0/contoso.app.1.0.0.nupkg", "pkg");
        string bin;
        using (var editor = kit.Open())
        {
            bin = editor.Bins!.GetRoleForTarget(request.TargetPath);
            var added = editor.AddTargets(new[] { request }, new[] { kit.BinsKey });
            Assert.Equal(bin, Assert.Single(added.SignedRoles).RoleName);
            editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
        }

        var created = kit.Files().Except(before).ToArray();
        Assert.Equal(3, created.Length);
        Assert.Contains($"metadata/2.{bin}.json", created);
        Assert.Contains("metadata/2.snapshot.json", created);
        Assert.Single(created, f => f.StartsWith("targets/contoso.app/1.0.0/", StringComparison.Ordinal));
        Assert.Equal(new[] { request.TargetPath }, kit.Verify().Keys);
    }

    [Fact]
    public void Add_WithAKeyTheRoleDoesNotTrust_FailsBeforeCopyingAnything()
    {
        using var kit = new RepositoryTestKit(bins: 4);
        kit.Init();
        using var editor = kit.Open();
        // The top-level targets key stays offline in a hashed-bin repository: builds sign with the bins key.
        var wrong = Assert.Throws<SupplyChainException>(() => editor.AddTargets(new[] { kit.File("a.txt", "a") }, new[] { kit.TargetsKey }));
        Assert.Equal("SCSDK4103", wrong.Diagnostic.Code);
        Assert.Contains(kit.TargetsKey.KeyId, wrong.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(kit.BinsKey.KeyId, wrong.Diagnostic.Message, StringComparison.Ordinal);
        var none = Assert.Throws<SupplyChainException>(() => editor.AddTargets(new[] { kit.File("a.txt", "a") }, Array.Empty<ISigner>()));
        Assert.Equal("SCSDK4104", none.Diagnostic.Code);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(kit.Path, "targets")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs.txt")]
    [InlineData("a//b.txt")]
    [InlineData("a/../b.txt")]
    [InlineData("./b.txt")]
    [InlineData("a\\b.txt")]
    [InlineData("a:b.txt")]
    [InlineData("dir./b.txt")]
    [InlineData("tab\there.txt")]
    public void TargetPaths_RejectsPathsThatAreNotPortableRelativeFileNames(string path)
    {
        Assert.NotNull(TargetPaths.Validate(path));
        var ex = Assert.Throws<SupplyChainException>(() => TargetPaths.Require(path));
        Assert.Equal("SCSDK4105", ex.Diagnostic.Code);
    }

    [Fact]
    public void TargetPaths_AcceptsFlatContainerPathsAndRejectsNamesTooLongWithTheirHashPrefix()
    {
        Assert.Null(TargetPaths.Validate("newtonsoft.json/13.0.3/newtonsoft.json.13.0.3.nupkg"));
        Assert.Null(TargetPaths.Validate("ö/ü.txt"));
        Assert.Equal("contoso.app/2.1.0-beta.1/contoso.app.2.1.0-beta.1.nupkg", TargetPaths.NuGetPackagePath("Contoso.App", "2.1.0-Beta.1"));
        Assert.Null(TargetPaths.Validate(new string('a', 190)));
        Assert.Contains("255", TargetPaths.Validate(new string('a', 191)), StringComparison.Ordinal);
    }

    [Fact]
    public void Add_TwoFilesAtOnePath_IsRefused()
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        using var editor = kit.Open();
        var ex = Assert.Throws<SupplyChainException>(() => editor.AddTargets(new[] { kit.File("a.txt", "1"), kit.File("a.txt", "2") }, new[] { kit.TargetsKey }));
        Assert.Equal("SCSDK4110", ex.Diagnostic.Code);
    }

    [Fact]
    public void Open_RefusesAFolderThatIsNoRepository()
    {
        using var kit = new RepositoryTestKit();
        var ex = Assert.Throws<SupplyChainException>(() => kit.Open());
        Assert.Equal("SCSDK4100", ex.Diagnostic.Code);
    }

    [Fact]
    public void Open_RefusesMetadataChangedOnDisk_SoTheEditorNeverSignsOverIt()
    {
        using var kit = new RepositoryTestKit(bins: 4);
        kit.Init();
        var request = kit.File("evil.txt", "x");
        string bin;
        using (var editor = kit.Open())
        {
            bin = editor.Bins!.GetRoleForTarget("evil.txt");
        }

        // Someone with write access to the folder (but no key) lists a target in a bin.
        var binFile = Path.Combine(kit.Path, "metadata", $"1.{bin}.json");
        var json = JsonNode.Parse(File.ReadAllText(binFile))!;
        json["signed"]!["targets"]!["evil.txt"] = new JsonObject { ["length"] = 1, ["hashes"] = new JsonObject { ["sha256"] = new string('0', 64) } };
        File.WriteAllText(binFile, json.ToJsonString());
        using (var editor = kit.Open())
        {
            var ex = Assert.Throws<TufSignatureException>(() => editor.AddTargets(new[] { request }, new[] { kit.BinsKey }));
            Assert.Equal("SCSDK4003", ex.Diagnostic.Code);
        }

        // A removed snapshot is a missing file, not a silent reset.
        File.Delete(Path.Combine(kit.Path, "metadata", "1.snapshot.json"));
        var missing = Assert.Throws<TufRepositoryInconsistentException>(() => kit.Open());
        Assert.Equal("SCSDK4107", missing.Diagnostic.Code);
    }

    [Fact]
    public void Open_AFolderGivenWithATrailingSeparator_AsTheBuildGivesIt_Works()
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        using (var editor = RepositoryEditor.Open(kit.Path + Path.DirectorySeparatorChar, kit.Options()))
        {
            editor.AddTargets(new[] { kit.File("a.txt", "a") }, new[] { kit.TargetsKey });
            editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
        }

        Assert.Equal(new[] { "a.txt" }, kit.Verify().Keys);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Lock_IsExclusiveAcrossEditorsAndTimesOut(string storage)
    {
        using var kit = new RepositoryTestKit(storage: storage);
        kit.Init();
        using var first = kit.Open();
        var started = DateTime.UtcNow;
        var ex = Assert.Throws<SupplyChainException>(() => RepositoryEditor.Open(kit.Path, kit.Options(lockTimeout: TimeSpan.FromMilliseconds(300))));
        Assert.Equal("SCSDK4102", ex.Diagnostic.Code);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(300));
        // A read-only status does not wait.
        using var reader = RepositoryEditor.Open(kit.Path, kit.Options(), readOnly: true);
        Assert.Equal(1, reader.GetStatus().Roles.Single(r => r.RoleName == "timestamp").Version);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void ConcurrentWriters_LoseNoEntry(string storage)
    {
        using var kit = new RepositoryTestKit(bins: 8, storage: storage);
        kit.Init();
        var requests = Enumerable.Range(0, 12).Select(i => kit.File($"p{i}/1.0.0/p{i}.1.0.0.nupkg", "content " + i)).ToArray();
        System.Threading.Tasks.Parallel.ForEach(requests, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 6 }, request =>
        {
            using var editor = kit.Open();
            editor.AddTargets(new[] { request }, new[] { kit.BinsKey });
            if (request.TargetPath.StartsWith("p1", StringComparison.Ordinal))
            {
                editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
            }
        });
        using (var editor = kit.Open())
        {
            editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
        }

        Assert.Equal(requests.Select(r => r.TargetPath).OrderBy(p => p, StringComparer.Ordinal), kit.Verify().Keys.OrderBy(p => p, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Status_ShowsVersionsKeysThresholdsPendingRolesAndWhatExpiresFirst(string storage)
    {
        using var kit = new RepositoryTestKit(bins: 4, storage: storage);
        kit.Init();
        kit.Clock.Now = RepositoryTestKit.Now.AddDays(10);
        using (var editor = kit.Open())
        {
            editor.AddTargets(new[] { kit.File("a.txt", "a") }, new[] { kit.BinsKey });
        }

        using var reader = RepositoryEditor.Open(kit.Path, kit.Options(), readOnly: true);
        var status = reader.GetStatus();
        Assert.True(status.ConsistentSnapshot);
        Assert.Equal(new[] { "root", "timestamp", "snapshot", "targets" }, status.Roles.Select(r => r.RoleName));
        Assert.All(status.Roles, r => Assert.Equal(1, r.Version));
        Assert.Equal(new[] { kit.RootKey.KeyId }, status.Roles[0].KeyIds);
        Assert.Equal(4, status.Bins!.Count);
        Assert.Equal(1, status.Bins.MinVersion);
        Assert.Equal(2, status.Bins.MaxVersion);
        // The untouched bins were signed ten days earlier than the new one, so one of them expires first.
        Assert.Equal(RepositoryTestKit.Now.AddDays(90), status.Bins.FirstToExpire.Expires);
        var pending = Assert.Single(status.Pending);
        Assert.Equal(RepositoryTestKit.Now.AddDays(100), pending.Expires);

        // Ten days in, the one-day timestamp and seven-day snapshot have expired; targets expires in 80 days.
        var sink = new DiagnosticBag();
        RepositoryEditor.ReportExpiry(status, sink);
        Assert.Equal(new[] { "SCSDK4600", "SCSDK4600" }, sink.Diagnostics.Select(d => d.Code));
        Assert.Contains("supplychain tuf publish", sink.Diagnostics[0].Message, StringComparison.Ordinal);

        kit.Clock.Now = RepositoryTestKit.Now.AddDays(80);
        sink = new DiagnosticBag();
        RepositoryEditor.ReportExpiry(reader.GetStatus(), sink);
        Assert.Contains(sink.Diagnostics, d => d.Code == "SCSDK4601" && d.Message.Contains("'targets'", StringComparison.Ordinal));
    }

    [Fact]
    public void PackageTargets_PlaceThePackageAtItsFlatContainerPathWithPurlAndContentHash_AndSidecarsBesideIt()
    {
        using var directory = new SupplyChain.TestUtilities.TestDirectory("tufpkg");
        var nupkg = new SupplyChain.TestUtilities.TestPackageBuilder("Contoso.App", "2.1.0.0").WithLibFile("net8.0", "a.dll", "x").WriteTo(directory.Path);
        var renamed = Path.Combine(directory.Path, "Contoso.App.2.1.0.nupkg");
        File.Move(nupkg, renamed);
        var sbom = directory.WriteFile("Contoso.App.2.1.0.cdx.json", "{}");
        var statements = directory.WriteFile("Contoso.App.2.1.0.intoto.jsonl", "{}\n");
        var other = directory.WriteFile("NOTICE.txt", "n");

        var requests = PackageTargets.ForPackage(renamed, new[] { sbom, statements, other });
        Assert.Equal(new[]
        {
            "contoso.app/2.1.0/contoso.app.2.1.0.nupkg",
            "contoso.app/2.1.0/contoso.app.2.1.0.cdx.json",
            "contoso.app/2.1.0/contoso.app.2.1.0.intoto.jsonl",
            "contoso.app/2.1.0/NOTICE.txt",
        }, requests.Select(r => r.TargetPath));
        var custom = requests[0].Custom!;
        Assert.Equal("pkg:nuget/Contoso.App@2.1.0", (string?)custom["purl"]);
        Assert.Equal(Core.Packages.PackageContentHash.Compute(renamed).ContentHash, (string?)custom["nuget"]!["contentHash"]);
        Assert.Equal("pkg:nuget/Contoso.App@2.1.0", (string?)requests[1].Custom!["purl"]);

        var broken = directory.WriteFile("broken.nupkg", "not a zip");
        Assert.Equal("SCSDK4109", Assert.Throws<SupplyChainException>(() => PackageTargets.ForPackage(broken)).Diagnostic.Code);
    }
}
