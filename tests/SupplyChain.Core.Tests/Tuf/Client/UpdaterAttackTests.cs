using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Core.Tests.Tuf.Client;

/// <summary>
/// Every TUF client threat of docs/threat-model.md (TM-T1 to TM-T9), driven through the <see cref="Updater"/> (the fetch loop, the size caps
/// while reading, the trusted folder) over a simulated repository. Each test names its attack and asserts its code.
/// </summary>
public class UpdaterAttackTests
{
    private static readonly DateTimeOffset Past = RepositorySimulator.Now.AddDays(-1);

    // ---- 1. Arbitrary package and endless data ----

    [Fact]
    public void ArbitraryPackage_TargetWithOtherBytes_IsRejectedAndNotWritten()
    {
        using var h = new UpdaterHarness();
        var target = h.Fetcher.AddTarget(TufRoles.Targets, "pkg/a.nupkg", Encoding.UTF8.GetBytes("the signed package"));
        h.Repository.PublishAll();
        foreach (var key in h.Fetcher.TargetFiles.Keys.ToList())
        {
            h.Fetcher.TargetFiles[key] = Encoding.UTF8.GetBytes("the malicious package");
        }

        var updater = h.NewUpdater();
        var found = updater.GetTarget("pkg/a.nupkg");
        var destination = Path.Combine(h.TargetDirectory, "a.nupkg");

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => updater.DownloadTarget(found, destination));

        Assert.Contains("pkg/a.nupkg", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
        Assert.Equal(target.Length, found.Length);
    }

    [Fact]
    public void ArbitraryPackage_TargetWithTheSignedLengthButAnotherHash_IsRejected()
    {
        using var h = new UpdaterHarness();
        h.Fetcher.AddTarget(TufRoles.Targets, "a.txt", Encoding.UTF8.GetBytes("AAAA"));
        h.Repository.PublishAll();
        foreach (var key in h.Fetcher.TargetFiles.Keys.ToList())
        {
            h.Fetcher.TargetFiles[key] = Encoding.UTF8.GetBytes("BBBB");
        }

        var updater = h.NewUpdater();

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => updater.Download("a.txt", Path.Combine(h.TargetDirectory, "a.txt")));

        Assert.Contains("sha", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(h.TargetDirectory) && Directory.EnumerateFiles(h.TargetDirectory).Any());
    }

    [Fact]
    public void ArbitraryPackage_TargetShorterThanSigned_IsRejected()
    {
        using var h = new UpdaterHarness();
        h.Fetcher.AddTarget(TufRoles.Targets, "a.txt", Encoding.UTF8.GetBytes("full content"));
        h.Repository.PublishAll();
        foreach (var key in h.Fetcher.TargetFiles.Keys.ToList())
        {
            h.Fetcher.TargetFiles[key] = Encoding.UTF8.GetBytes("full");
        }

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.NewUpdater().Download("a.txt", Path.Combine(h.TargetDirectory, "a.txt")));

        Assert.Contains("4 bytes long, but 12 are listed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndlessData_TargetLongerThanSigned_StopsReadingPastTheSignedLength()
    {
        using var h = new UpdaterHarness();
        var target = h.Fetcher.AddTarget(TufRoles.Targets, "a.bin", new byte[1000]);
        h.Repository.PublishAll();
        var endless = new EndlessStream();
        h.Fetcher.Overrides["targets/" + target.Hashes["sha256"] + ".a.bin"] = () => endless;

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.NewUpdater().Download("a.bin", Path.Combine(h.TargetDirectory, "a.bin")));

        Assert.Contains("longer than the 1000 bytes listed", ex.Message, StringComparison.Ordinal);
        Assert.True(endless.BytesRead <= 1001, $"read {endless.BytesRead} bytes");
    }

    [Fact]
    public void EndlessData_Timestamp_StopsReadingAtTheTimestampLimit()
    {
        using var h = new UpdaterHarness();
        var endless = new EndlessStream();
        h.Fetcher.Overrides["timestamp.json"] = () => endless;

        TufAssert.Rejects<TufDownloadTooLargeException>("SCSDK4203", () => h.Refresh());

        Assert.True(endless.BytesRead <= TufClientLimits.Default.TimestampMaxLength + 1, $"read {endless.BytesRead} bytes");
    }

    [Fact]
    public void EndlessData_Root_StopsReadingAtTheRootLimit()
    {
        using var h = new UpdaterHarness();
        var endless = new EndlessStream();
        h.Fetcher.Overrides["2.root.json"] = () => endless;

        TufAssert.Rejects<TufDownloadTooLargeException>("SCSDK4203", () => h.Refresh());

        Assert.True(endless.BytesRead <= TufClientLimits.Default.RootMaxLength + 1, $"read {endless.BytesRead} bytes");
    }

    [Fact]
    public void EndlessData_ResponseDeclaringAnOversizedLength_IsRefusedBeforeReading()
    {
        using var h = new UpdaterHarness();
        var huge = new EndlessStream { DeclaredLength = TufClientLimits.Default.TimestampMaxLength + 10 };
        h.Fetcher.Overrides["timestamp.json"] = () => huge;

        TufAssert.Rejects<TufDownloadTooLargeException>("SCSDK4203", () => h.Refresh());

        Assert.Equal(0, huge.BytesRead);
    }

    [Fact]
    public void EndlessData_SnapshotLongerThanTimestampLists_StopsAtTheListedLength()
    {
        using var h = new UpdaterHarness(new RepositorySimulator(metaHashes: true));
        var endless = new EndlessStream();
        h.Fetcher.Overrides["1.snapshot.json"] = () => endless;
        var listed = h.Repository.Timestamp.SnapshotMeta.Length!.Value;

        TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.Refresh());

        Assert.True(endless.BytesRead <= listed + 1, $"read {endless.BytesRead} bytes");
    }

    [Fact]
    public void EndlessData_TargetsWithoutListedLength_StopsAtTheTargetsLimit()
    {
        using var h = new UpdaterHarness();
        h.Limits = TufClientLimits.Default with { TargetsMaxLength = 50_000 };
        var endless = new EndlessStream();
        h.Fetcher.Overrides["1.targets.json"] = () => endless;

        TufAssert.Rejects<TufDownloadTooLargeException>("SCSDK4203", () => h.Refresh());

        Assert.True(endless.BytesRead <= 50_001, $"read {endless.BytesRead} bytes");
    }

    // ---- 2. Rollback ----

    [Fact]
    public void Rollback_TimestampVersionLowerThanTrusted_IsRejected()
    {
        using var h = new UpdaterHarness();
        var old = h.Repository.Published[TufRoles.Timestamp];
        h.Repository.UpdateTimestamp();
        h.Refresh();
        h.Fetcher.Overrides["timestamp.json"] = () => new MemoryStream(old);

        TufAssert.Rejects<TufRollbackException>("SCSDK4004", () => h.Refresh());

        Assert.Equal(2, h.Version(TufRoles.Timestamp));
    }

    [Fact]
    public void Rollback_TimestampListingALowerSnapshotVersion_IsRejected()
    {
        using var h = new UpdaterHarness();
        h.Repository.UpdateSnapshot();
        h.Refresh();
        h.Repository.Snapshot.Version = 1;
        h.Repository.Published[TufRoles.Snapshot] = h.Repository.Sign(h.Repository.Snapshot, h.Repository.Signers[TufRoles.Snapshot]);
        h.Repository.UpdateTimestamp();

        TufAssert.Rejects<TufRollbackException>("SCSDK4004", () => h.Refresh());

        Assert.Equal(2, h.Version(TufRoles.Snapshot));
        Assert.Equal(2, h.Version(TufRoles.Timestamp));
        Assert.Equal("timestamp.json", h.Fetcher.Requests[^1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rollback_SnapshotListingALowerTargetsVersion_IsRejected(bool timestampListsTheSnapshotsHashes)
    {
        // With hashes listed, the stored (now intermediate) snapshot no longer matches them: it still guards the new
        // one, because it was verified and stored by this client (not compared with the timestamp's hashes).
        using var h = new UpdaterHarness(new RepositorySimulator(metaHashes: timestampListsTheSnapshotsHashes));
        h.Repository.PublishAll();
        h.Refresh();
        h.Repository.Targets.Version = 1;
        h.Repository.Publish(TufRoles.Targets, bumpVersion: false);
        h.Repository.UpdateSnapshot();

        var ex = TufAssert.Rejects<TufRollbackException>("SCSDK4004", () => h.Refresh());

        Assert.Contains("targets.json", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, h.Version(TufRoles.Targets));
        Assert.Equal(2, h.Version(TufRoles.Snapshot));
    }

    [Fact]
    public void Rollback_RootThatIsNotTheNextVersion_IsRejected()
    {
        using var h = new UpdaterHarness();
        h.Repository.Root.Version = 3;
        var skipping = h.Repository.Sign(h.Repository.Root, h.Repository.Signers[TufRoles.Root]);
        h.Fetcher.Overrides["2.root.json"] = () => new MemoryStream(skipping);

        TufAssert.Rejects<TufRootVersionException>("SCSDK4005", () => h.Refresh());

        Assert.Equal(1, h.Version(TufRoles.Root));
    }

    // ---- 3. Freeze ----

    [Fact]
    public void Freeze_ExpiredFinalRoot_IsRejectedBeforeTheTimestampIsRequested()
    {
        using var h = new UpdaterHarness();
        h.Repository.Root.Expires = Past;
        h.Repository.BumpRoot();

        var ex = TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => h.Refresh());

        Assert.Equal(TufRoles.Root, ex.RoleName);
        Assert.Equal(2, h.Version(TufRoles.Root));
        Assert.DoesNotContain("timestamp.json", h.Fetcher.Requests);
    }

    [Theory]
    [InlineData(TufRoles.Timestamp)]
    [InlineData(TufRoles.Snapshot)]
    [InlineData(TufRoles.Targets)]
    public void Freeze_ExpiredTopLevelMetadata_IsRejectedAndNotStored(string role)
    {
        using var h = new UpdaterHarness();
        h.Refresh();
        switch (role)
        {
            case TufRoles.Timestamp:
                h.Repository.Timestamp.Expires = Past;
                h.Repository.UpdateTimestamp();
                break;
            case TufRoles.Snapshot:
                h.Repository.Snapshot.Expires = Past;
                h.Repository.UpdateSnapshot();
                break;
            default:
                h.Repository.Targets.Expires = Past;
                h.Repository.PublishAll();
                break;
        }

        var ex = TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => h.Refresh());

        Assert.Equal(role, ex.RoleName);
        Assert.Equal(1, h.Version(role));
    }

    [Fact]
    public void Freeze_ExpiredDelegatedRole_IsRejected()
    {
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, "a");
        h.Repository.DelegatedRoles["a"].Expires = Past;
        h.Repository.PublishAll();

        var ex = TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => h.NewUpdater().Find("x"));

        Assert.Equal("a", ex.RoleName);
        Assert.Null(h.Version("a"));
    }

    [Fact]
    public void Freeze_TheReferenceTimeIsReadOnceAtTheStart()
    {
        // The clock jumps 400 days on every read: metadata expiring in 365 days passes only if it is read once.
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, "a");
        h.Repository.PublishAll();
        var clock = new CountingTimeProvider(RepositorySimulator.Now, TimeSpan.FromDays(400));
        h.Clock = clock;
        var updater = h.NewUpdater();

        updater.Refresh();
        updater.Find("x");

        Assert.Equal(1, clock.Reads);
        Assert.Equal(RepositorySimulator.Now, updater.TrustedMetadata!.ReferenceTime);
    }

    // ---- 4. Mix and match ----

    [Fact]
    public void MixAndMatch_SnapshotWhoseHashDiffersFromTheTimestamp_IsRejected()
    {
        using var h = new UpdaterHarness(new RepositorySimulator(metaHashes: true));
        var reserialized = Encoding.UTF8.GetBytes(JsonNode.Parse(h.Repository.Published[TufRoles.Snapshot])!.ToJsonString());
        h.Fetcher.Overrides["1.snapshot.json"] = () => new MemoryStream(reserialized);

        TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.Refresh());

        Assert.Null(h.Version(TufRoles.Snapshot));
    }

    [Fact]
    public void MixAndMatch_SnapshotOfAnotherVersionThanTheTimestampLists_IsRejected()
    {
        using var h = new UpdaterHarness();
        h.Repository.Snapshot.Version = 2;
        h.Repository.Published[TufRoles.Snapshot] = h.Repository.Sign(h.Repository.Snapshot, h.Repository.Signers[TufRoles.Snapshot]);

        TufAssert.Rejects<TufVersionMismatchException>("SCSDK4006", () => h.Refresh());

        Assert.Null(h.Version(TufRoles.Snapshot));
        Assert.Equal(1, h.Version(TufRoles.Timestamp));
    }

    [Fact]
    public void MixAndMatch_TargetsOfAnotherVersionThanTheSnapshotLists_IsRejected()
    {
        using var h = new UpdaterHarness();
        h.Repository.Publish(TufRoles.Targets);

        TufAssert.Rejects<TufVersionMismatchException>("SCSDK4006", () => h.Refresh());

        Assert.Null(h.Version(TufRoles.Targets));
    }

    [Fact]
    public void MixAndMatch_TargetsWhoseHashDiffersFromTheSnapshot_IsRejected()
    {
        using var h = new UpdaterHarness(new RepositorySimulator(metaHashes: true));
        var reserialized = Encoding.UTF8.GetBytes(JsonNode.Parse(h.Repository.Published[TufRoles.Targets])!.ToJsonString());
        h.Fetcher.Overrides["1.targets.json"] = () => new MemoryStream(reserialized);

        TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.Refresh());

        Assert.Null(h.Version(TufRoles.Targets));
    }

    // ---- 5. Signature threshold ----

    [Fact]
    public void Threshold_SignatureByAKeyNotAuthorisedForTheRole_IsRejected()
    {
        using var h = new UpdaterHarness();
        var intruder = h.Repository.NewKey();
        h.Repository.Published[TufRoles.Targets] = h.Repository.Sign(h.Repository.Targets, new[] { intruder });

        TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => h.Refresh());

        Assert.Null(h.Version(TufRoles.Targets));
    }

    [Fact]
    public void Threshold_OneKeyListedUnderTwoKeyIds_CountsOnce()
    {
        using var h = new UpdaterHarness();
        var repo = h.Repository;
        var key = repo.Signers[TufRoles.Snapshot][0];
        repo.Root.Keys["alias-of-the-snapshot-key"] = key.PublicKey.ToTufKey();
        repo.Root.Roles[TufRoles.Snapshot].KeyIds.Add("alias-of-the-snapshot-key");
        repo.Root.Roles[TufRoles.Snapshot].Threshold = 2;
        repo.BumpRoot();
        repo.UpdateSnapshot();
        var doubled = RepositorySimulator.Tamper(repo.Published[TufRoles.Snapshot], d =>
        {
            var signatures = d["signatures"]!.AsArray();
            signatures.Add(new JsonObject { ["keyid"] = "alias-of-the-snapshot-key", ["sig"] = signatures[0]!["sig"]!.GetValue<string>() });
        });
        h.Fetcher.Overrides["2.snapshot.json"] = () => new MemoryStream(doubled);

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => h.Refresh());

        Assert.Single(ex.Result.ValidKeyIds);
        Assert.Null(h.Version(TufRoles.Snapshot));
    }

    [Fact]
    public void Threshold_TheSameSignatureTwice_IsRejected()
    {
        using var h = new UpdaterHarness();
        var doubled = RepositorySimulator.Tamper(h.Repository.Published[TufRoles.Snapshot], d => d["signatures"]!.AsArray().Add(d["signatures"]![0]!.DeepClone()));
        h.Fetcher.Overrides["1.snapshot.json"] = () => new MemoryStream(doubled);

        TufAssert.Rejects<TufMetadataFormatException>("SCSDK4000", () => h.Refresh());

        Assert.Null(h.Version(TufRoles.Snapshot));
    }

    [Fact]
    public void Threshold_KeyOfAnUnknownScheme_DoesNotCount()
    {
        using var h = new UpdaterHarness();
        var repo = h.Repository;
        var keyId = repo.Root.Roles[TufRoles.Timestamp].KeyIds[0];
        var json = repo.Root.Keys[keyId].ToJson();
        json["scheme"] = "ecdsa-sha2-nistp999";
        repo.Root.Keys[keyId] = TufKey.FromJson(json);
        repo.BumpRoot();

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => h.Refresh());

        Assert.Equal(TufRoles.Timestamp, ex.RoleName);
        Assert.Equal(2, h.Version(TufRoles.Root));
        Assert.Null(h.Version(TufRoles.Timestamp));
    }

    [Fact]
    public void Threshold_SignatureOverNonCanonicalBytes_IsRejected()
    {
        using var h = new UpdaterHarness();
        var signer = h.Repository.Signers[TufRoles.Timestamp][0];
        var forged = RepositorySimulator.Tamper(h.Repository.Published[TufRoles.Timestamp], d =>
        {
            var nonCanonical = Encoding.UTF8.GetBytes(d["signed"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            d["signatures"]![0]!["sig"] = Convert.ToHexString(signer.Sign(nonCanonical)).ToLowerInvariant();
        });
        h.Fetcher.Overrides["timestamp.json"] = () => new MemoryStream(forged);

        TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => h.Refresh());

        Assert.Null(h.Version(TufRoles.Timestamp));
    }

    // ---- 6. Root rotation and fast-forward recovery ----

    [Fact]
    public void RootRotation_NewRootNotSignedByTheOldKeys_IsRejected()
    {
        using var h = new UpdaterHarness();
        h.Repository.RotateKeys(TufRoles.Root);
        h.Repository.BumpRoot();

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => h.Refresh());

        Assert.Equal("trusted root", ex.DelegatorName);
        Assert.Equal(1, h.Version(TufRoles.Root));
    }

    [Fact]
    public void RootRotation_NewRootNotSignedByItsOwnKeys_IsRejected()
    {
        using var h = new UpdaterHarness();
        var old = h.Repository.Signers[TufRoles.Root][0];
        h.Repository.RotateKeys(TufRoles.Root);
        h.Repository.BumpRoot(onlySigners: new[] { old });

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => h.Refresh());

        Assert.Equal("new root", ex.DelegatorName);
        Assert.Equal(1, h.Version(TufRoles.Root));
    }

    [Fact]
    public void RootRotation_SignedByOldAndNewKeys_IsStoredVersionByVersion()
    {
        using var h = new UpdaterHarness();
        var old = h.Repository.Signers[TufRoles.Root][0];
        h.Repository.RotateKeys(TufRoles.Root);
        h.Repository.BumpRoot(extraSigners: new[] { old });

        h.Refresh();

        Assert.Equal(h.Repository.PublishedRoots[1], h.TrustedFiles()["root.json"]);
        Assert.Equal(new[] { "2.root.json", "3.root.json", "timestamp.json", "1.snapshot.json", "1.targets.json" }, h.Fetcher.Requests);
    }

    [Fact]
    public void RootRotation_AtMostMaxRootRotationsRootsAreFetched()
    {
        using var h = new UpdaterHarness();
        for (var i = 0; i < 5; i++)
        {
            h.Repository.BumpRoot();
        }

        h.Limits = TufClientLimits.Default with { MaxRootRotations = 3 };

        h.Refresh();

        Assert.Equal(4, h.Version(TufRoles.Root));
        Assert.Equal(new[] { "2.root.json", "3.root.json", "4.root.json" }, h.Fetcher.Requests.Where(r => r.EndsWith("root.json", StringComparison.Ordinal)));
    }

    [Fact]
    public void FastForwardRecovery_AfterATimestampKeyRotation_TheStoredTimestampAndSnapshotAreDeleted()
    {
        using var h = new UpdaterHarness();
        var repo = h.Repository;

        // A compromised timestamp key pushed the version far ahead, and the client trusted it.
        repo.Timestamp.Version = 99998;
        repo.UpdateTimestamp();
        h.Refresh();
        Assert.Equal(99999, h.Version(TufRoles.Timestamp));

        // The repository rotates the timestamp key and starts over at version 1.
        repo.RotateKeys(TufRoles.Timestamp);
        repo.BumpRoot();
        repo.Timestamp.Version = 1;
        repo.Published[TufRoles.Timestamp] = repo.Sign(repo.Timestamp, repo.Signers[TufRoles.Timestamp]);
        h.Fetcher.Overrides["timestamp.json"] = () => throw new IOException("stop after the root update");

        // The refresh must fail at the injected fetch (after the root update), not anywhere else.
        var thrown = Assert.ThrowsAny<Exception>(() => h.Refresh());
        var injected = Assert.IsType<IOException>(Chain(thrown).FirstOrDefault(e => e is IOException && e.Message == "stop after the root update"));
        Assert.Equal("stop after the root update", injected.Message);
        Assert.Equal(2, h.Version(TufRoles.Root));
        Assert.False(File.Exists(Path.Combine(h.MetadataDirectory, "timestamp.json")));
        Assert.False(File.Exists(Path.Combine(h.MetadataDirectory, "snapshot.json")));

        h.Fetcher.Overrides.Clear();
        h.Refresh();
        Assert.Equal(1, h.Version(TufRoles.Timestamp));
        Assert.Equal(2, h.Version(TufRoles.Root));
    }

    [Fact]
    public void FastForwardRecovery_AfterASnapshotKeyRotation_ALowerSnapshotVersionIsAccepted()
    {
        using var h = new UpdaterHarness();
        var repo = h.Repository;
        repo.Snapshot.Version = 99998;
        repo.UpdateSnapshot();
        h.Refresh();
        Assert.Equal(99999, h.Version(TufRoles.Snapshot));

        repo.RotateKeys(TufRoles.Snapshot);
        repo.RotateKeys(TufRoles.Timestamp);
        repo.BumpRoot();
        repo.Snapshot.Version = 1;
        repo.UpdateSnapshot();

        h.Refresh();

        Assert.Equal(2, h.Version(TufRoles.Snapshot));
    }

    // ---- 7. Format ----

    [Fact]
    public void Format_FileWhoseTypeIsNotTheRoleFetched_IsRejected()
    {
        using var h = new UpdaterHarness();
        var snapshot = h.Repository.Published[TufRoles.Snapshot];
        h.Fetcher.Overrides["timestamp.json"] = () => new MemoryStream(snapshot);

        TufAssert.Rejects<TufUnexpectedTypeException>("SCSDK4001", () => h.Refresh());

        Assert.Null(h.Version(TufRoles.Timestamp));
    }

    [Fact]
    public void Format_UnsupportedMajorSpecVersion_IsRejected()
    {
        using var h = new UpdaterHarness();
        h.Repository.Snapshot.SpecVersion = "2.0.0";
        h.Repository.UpdateSnapshot();

        TufAssert.Rejects<TufUnsupportedSpecVersionException>("SCSDK4002", () => h.Refresh());

        Assert.Null(h.Version(TufRoles.Snapshot));
    }

    [Fact]
    public void Format_DuplicateKeyInAJsonObject_IsRejected()
    {
        using var h = new UpdaterHarness();
        var text = Encoding.UTF8.GetString(h.Repository.Published[TufRoles.Timestamp]);
        var duplicated = Encoding.UTF8.GetBytes(text.Replace("\"_type\": \"timestamp\"", "\"_type\": \"timestamp\", \"_type\": \"timestamp\"", StringComparison.Ordinal));
        Assert.NotEqual(text.Length, duplicated.Length);
        h.Fetcher.Overrides["timestamp.json"] = () => new MemoryStream(duplicated);

        TufAssert.Rejects<TufMetadataFormatException>("SCSDK4000", () => h.Refresh());

        Assert.Null(h.Version(TufRoles.Timestamp));
    }

    // ---- 8. Delegations ----

    [Fact]
    public void Delegations_TargetOfARoleWhosePathsDoNotCoverIt_IsNotTrusted()
    {
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, "docs", paths: new[] { "docs/*" });
        h.Fetcher.AddTarget("docs", "bin/tool.exe", Encoding.UTF8.GetBytes("tool"));
        h.Repository.PublishAll();

        var ex = TufAssert.Rejects<TufTargetNotFoundException>("SCSDK4202", () => h.NewUpdater().GetTarget("bin/tool.exe"));

        Assert.Equal(new[] { TufRoles.Targets }, ex.Search.VisitedRoles);
        Assert.DoesNotContain(h.Fetcher.Requests, r => r.Contains("docs", StringComparison.Ordinal));
    }

    [Fact]
    public void Delegations_TerminatingDelegationEndsTheSearch()
    {
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, "a", terminating: true);
        h.Repository.AddDelegation(TufRoles.Targets, "b");
        h.Fetcher.AddTarget("b", "file.txt", Encoding.UTF8.GetBytes("from b"));
        h.Repository.PublishAll();

        var ex = TufAssert.Rejects<TufTargetNotFoundException>("SCSDK4202", () => h.NewUpdater().GetTarget("file.txt"));

        Assert.Equal(new[] { TufRoles.Targets, "a" }, ex.Search.VisitedRoles);
        Assert.DoesNotContain("2.b.json", h.Fetcher.Requests);
    }

    [Fact]
    public void Delegations_Cycle_EndsTheSearchWithAnError()
    {
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, "a");
        h.Repository.AddDelegation("a", "b");
        h.Repository.AddDelegation("b", "a");
        h.Repository.PublishAll();

        TufAssert.Rejects<TufDelegationCycleException>("SCSDK4010", () => h.NewUpdater().Find("x"));
    }

    [Fact]
    public void Delegations_TooMany_EndTheSearchWithAnError()
    {
        using var h = new UpdaterHarness();
        h.Limits = TufClientLimits.Default with { MaxDelegations = 2 };
        h.Repository.AddDelegation(TufRoles.Targets, "a");
        h.Repository.AddDelegation(TufRoles.Targets, "b");
        h.Repository.AddDelegation(TufRoles.Targets, "c");
        h.Repository.PublishAll();

        TufAssert.Rejects<TufTooManyDelegationsException>("SCSDK4011", () => h.NewUpdater().Find("x"));

        Assert.DoesNotContain(h.Fetcher.Requests, r => r.EndsWith(".c.json", StringComparison.Ordinal));
    }

    // ---- 9. Nothing is written back when a check fails ----

    public static TheoryData<string> Failures => new() { "root", "timestamp", "snapshot", "targets", "delegated", "target" };

    [Theory]
    [MemberData(nameof(Failures))]
    public void NotWrittenBack_TheTrustedFilesStayAsTheyWereWhenAnUpdateFails(string failing)
    {
        using var h = new UpdaterHarness();
        var repo = h.Repository;
        repo.AddDelegation(TufRoles.Targets, "a");
        h.Fetcher.AddTarget("a", "file.txt", Encoding.UTF8.GetBytes("good"));
        repo.PublishAll();
        var updater = h.NewUpdater();
        updater.Download("file.txt", Path.Combine(h.TargetDirectory, "file.txt"));
        var before = h.TrustedFiles();
        var intruder = repo.NewKey();

        // The repository publishes a complete new version, and one file of it is bad.
        repo.BumpRoot();
        repo.DelegatedRoles["a"].TargetFiles.Clear();
        h.Fetcher.AddTarget("a", "file.txt", Encoding.UTF8.GetBytes("newer"));
        repo.PublishAll();
        var bad = failing switch
        {
            "root" => "2.root.json",
            "timestamp" => "timestamp.json",
            "snapshot" => "3.snapshot.json",
            "targets" => "3.targets.json",
            "delegated" => "3.a.json",
            _ => null,
        };
        if (bad is not null)
        {
            var badBytes = failing switch
            {
                "root" => repo.Sign(repo.Root, new[] { intruder }),
                "timestamp" => repo.Sign(repo.Timestamp, new[] { intruder }),
                "snapshot" => repo.Sign(repo.Snapshot, new[] { intruder }),
                "targets" => repo.Sign(repo.Targets, new[] { intruder }),
                _ => repo.Sign(repo.DelegatedRoles["a"], new[] { intruder }),
            };
            h.Fetcher.Overrides[bad] = () => new MemoryStream(badBytes);
        }
        else
        {
            foreach (var key in h.Fetcher.TargetFiles.Keys.ToList())
            {
                h.Fetcher.TargetFiles[key] = Encoding.UTF8.GetBytes("evil!");
            }
        }

        var after = h.NewUpdater();
        var ex = Assert.ThrowsAny<TufRepositoryException>(() => after.Download("file.txt", Path.Combine(h.TargetDirectory, "file.txt")));

        Assert.Equal(bad is null ? "SCSDK4008" : "SCSDK4003", ex.Diagnostic.Code);
        var now = h.TrustedFiles();
        foreach (var (name, bytes) in before)
        {
            // What verified before the bad file may move forward; nothing may hold unverified bytes.
            var expected = FirstGoodState(name, failing, repo, before);
            Assert.True(now.ContainsKey(name), name + " was deleted");
            Assert.Equal(expected ?? bytes, now[name]);
        }

        Assert.Equal("good", File.ReadAllText(Path.Combine(h.TargetDirectory, "file.txt")));
        Assert.Empty(Directory.Exists(Path.Combine(Path.GetDirectoryName(h.MetadataDirectory)!, "staging"))
            ? Directory.GetFiles(Path.Combine(Path.GetDirectoryName(h.MetadataDirectory)!, "staging"))
            : Array.Empty<string>());
    }

    // The trusted file after the failing update: the roles loaded before the bad one moved to the new version.
    private static byte[]? FirstGoodState(string file, string failing, RepositorySimulator repo, System.Collections.Generic.SortedDictionary<string, byte[]> before)
    {
        var order = new[] { "root", "timestamp", "snapshot", "targets", "delegated", "target" };
        var failedAt = Array.IndexOf(order, failing);
        var role = file[..^".json".Length];
        var at = Array.IndexOf(order, file == TufRoleNames.TrustedFileName("a") ? "delegated" : role);
        if (at < 0 || at >= failedAt)
        {
            return before[file];
        }

        return role switch
        {
            "root" => repo.PublishedRoots[^1],
            _ when at == Array.IndexOf(order, "delegated") => repo.Published["a"],
            _ => repo.Published[role],
        };
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
