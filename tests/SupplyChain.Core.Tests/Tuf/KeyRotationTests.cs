using System.Linq;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>docs/threat-model.md TM-T6: root rotation, and fast-forward recovery after timestamp or snapshot key rotation.</summary>
public class KeyRotationTests
{
    [Fact]
    public void Root_NotSignedByThresholdOfOldRoot_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.RotateKeys(TufRoles.Root);
        repo.BumpRoot();
        var client = repo.NewClient();

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => client.UpdateRoot(repo.PublishedRoots[1]));

        Assert.Equal("trusted root", ex.DelegatorName);
        Assert.Equal(1, client.Root.Signed.Version);
    }

    [Fact]
    public void Root_NotSignedByThresholdOfItsOwnKeys_IsRejected()
    {
        var repo = new RepositorySimulator();
        var oldKey = repo.Signers[TufRoles.Root][0];
        repo.RotateKeys(TufRoles.Root);
        repo.BumpRoot(onlySigners: new[] { oldKey });
        var client = repo.NewClient();

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => client.UpdateRoot(repo.PublishedRoots[1]));

        Assert.Equal("new root", ex.DelegatorName);
        Assert.Equal(1, client.Root.Signed.Version);
    }

    [Fact]
    public void Root_RotationSignedByOldAndNewKeys_IsAccepted()
    {
        var repo = new RepositorySimulator();
        var oldKey = repo.Signers[TufRoles.Root][0];
        repo.RotateKeys(TufRoles.Root);
        repo.BumpRoot(extraSigners: new[] { oldKey });
        var middleKey = repo.Signers[TufRoles.Root][0];
        repo.RotateKeys(TufRoles.Root);
        repo.BumpRoot(extraSigners: new[] { middleKey });
        var client = repo.NewClient();

        repo.Refresh(client);

        Assert.Equal(3, client.Root.Signed.Version);
        Assert.Equal(2, client.RootUpdates);
        Assert.False(client.TimestampOrSnapshotKeysRotated);
    }

    [Fact]
    public void Root_ThresholdRaisedToTwoOfThree_NeedsTwoNewSignatures()
    {
        var repo = new RepositorySimulator();
        var second = repo.AddKey(TufRoles.Root);
        repo.AddKey(TufRoles.Root);
        repo.Root.GetRole(TufRoles.Root).Threshold = 2;
        var first = repo.Signers[TufRoles.Root][0];
        repo.BumpRoot(onlySigners: new[] { first });
        var client = repo.NewClient();

        // Signed by the one old key (enough for root v1) but only one of the three new keys.
        TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => client.UpdateRoot(repo.PublishedRoots[1]));

        repo.PublishedRoots[1] = repo.Sign(repo.Root, new[] { first, second });
        client.UpdateRoot(repo.PublishedRoots[1]);
        Assert.Equal(2, client.Root.Signed.Version);
    }

    [Fact]
    public void Root_VersionSkippingAhead_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.BumpRoot();
        repo.BumpRoot();
        var client = repo.NewClient();

        var ex = TufAssert.Rejects<TufRootVersionException>("SCSDK4005", () => client.UpdateRoot(repo.PublishedRoots[2]));

        Assert.Equal(3, ex.ActualVersion);
        Assert.Equal(2, ex.ExpectedVersion);
    }

    [Fact]
    public void Timestamp_FastForwardRecovery_DropsTheTimestampSignedByRotatedKeys()
    {
        var repo = new RepositorySimulator();

        // An attacker with the timestamp key pushed the version far ahead, and a client trusted it.
        repo.Timestamp.Version = 99998;
        repo.UpdateTimestamp();
        var fastForwarded = repo.Published[TufRoles.Timestamp];
        var victim = repo.NewClient();
        repo.Refresh(victim);
        Assert.Equal(99999, victim.Timestamp!.Signed.Version);

        // Without a rotation, the legitimate timestamp is a rollback.
        repo.Timestamp.Version = 1;
        var legitimate = repo.Sign(repo.Timestamp, repo.Signers[TufRoles.Timestamp]);
        var stuck = repo.NewClient();
        stuck.UpdateTimestamp(fastForwarded);
        Assert.Throws<TufRollbackException>(() => stuck.UpdateTimestamp(legitimate));

        // The repository rotates the timestamp key and starts over at version 1.
        repo.RotateKeys(TufRoles.Timestamp);
        repo.BumpRoot();
        repo.Timestamp.Version = 1;
        repo.Published[TufRoles.Timestamp] = repo.Sign(repo.Timestamp, repo.Signers[TufRoles.Timestamp]);
        var client = repo.NewClient();
        repo.UpdateRoots(client);

        Assert.True(client.TimestampOrSnapshotKeysRotated);
        TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => client.UpdateTimestamp(fastForwarded));
        Assert.Null(client.Timestamp);
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);
        Assert.Equal(1, client.Timestamp!.Signed.Version);
    }

    [Fact]
    public void Snapshot_FastForwardRecovery_AfterSnapshotAndTimestampKeyRotation()
    {
        var repo = new RepositorySimulator();
        repo.Snapshot.Version = 99998;
        repo.UpdateSnapshot();
        var storedTimestamp = repo.Published[TufRoles.Timestamp];
        var storedSnapshot = repo.Published[TufRoles.Snapshot];
        repo.Refresh(repo.NewClient());

        repo.RotateKeys(TufRoles.Snapshot);
        repo.RotateKeys(TufRoles.Timestamp);
        repo.BumpRoot();
        repo.Snapshot.Version = 1;
        repo.Timestamp.Version = 1;
        repo.Published[TufRoles.Snapshot] = repo.Sign(repo.Snapshot, repo.Signers[TufRoles.Snapshot]);
        repo.Timestamp.SnapshotMeta = new MetaFile(1);
        repo.Published[TufRoles.Timestamp] = repo.Sign(repo.Timestamp, repo.Signers[TufRoles.Timestamp]);
        var client = repo.NewClient();
        repo.UpdateRoots(client);

        Assert.True(client.TimestampOrSnapshotKeysRotated);
        Assert.Throws<TufSignatureException>(() => client.UpdateTimestamp(storedTimestamp));
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        Assert.Throws<TufSignatureException>(() => client.UpdateSnapshot(storedSnapshot, isTrusted: true));
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);
        client.UpdateTargets(repo.Published[TufRoles.Targets]);

        Assert.Equal(1, client.Snapshot!.Signed.Version);
    }

    [Fact]
    public void Targets_FastForwardRecovery_AfterSnapshotKeyRotation()
    {
        var repo = new RepositorySimulator();
        repo.Targets.Version = 99998;
        repo.Publish(TufRoles.Targets);
        repo.UpdateSnapshot();
        var storedSnapshot = repo.Published[TufRoles.Snapshot];
        repo.Refresh(repo.NewClient());

        repo.RotateKeys(TufRoles.Snapshot);
        repo.BumpRoot();
        repo.Targets.Version = 1;
        repo.Publish(TufRoles.Targets, bumpVersion: false);
        repo.UpdateSnapshot();
        var client = repo.NewClient();
        repo.UpdateRoots(client);
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);

        Assert.Throws<TufSignatureException>(() => client.UpdateSnapshot(storedSnapshot, isTrusted: true));
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);
        client.UpdateTargets(repo.Published[TufRoles.Targets]);

        Assert.Equal(1, client.Targets!.Signed.Version);
        Assert.Equal(new[] { "targets.json" }, client.Snapshot!.Signed.Meta.Keys.ToArray());
    }
}
