using System;
using System.Linq;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>docs/threat-model.md TM-T2: metadata older than what is trusted (rollback attacks).</summary>
public class RollbackAttackTests
{
    [Fact]
    public void Root_RollbackToOlderVersion_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.BumpRoot();
        repo.BumpRoot();
        var client = repo.NewClient(trustedRootVersion: 3);

        TufAssert.Rejects<TufRootVersionException>("SCSDK4005", () => client.UpdateRoot(repo.PublishedRoots[0]));
        TufAssert.Rejects<TufRootVersionException>("SCSDK4005", () => client.UpdateRoot(repo.PublishedRoots[2]));
        Assert.Equal(3, client.Root.Signed.Version);
    }

    [Fact]
    public void Timestamp_RollbackToOlderVersion_IsRejected()
    {
        var repo = new RepositorySimulator();
        var version1 = repo.Published[TufRoles.Timestamp];
        repo.UpdateTimestamp();
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);

        var ex = TufAssert.Rejects<TufRollbackException>("SCSDK4004", () => client.UpdateTimestamp(version1));

        Assert.Equal(TufRoles.Timestamp, ex.RoleName);
        Assert.Contains("its version 1 is lower than the trusted version 2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, client.Timestamp!.Signed.Version);
    }

    [Fact]
    public void Timestamp_SameVersionWithNewContent_KeepsTheTrustedTimestamp()
    {
        var repo = new RepositorySimulator();
        var client = repo.NewClient();
        var first = client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        repo.Timestamp.UnrecognizedFields["x-note"] = "changed";
        var sameVersion = repo.Sign(repo.Timestamp, repo.Signers[TufRoles.Timestamp]);

        var second = client.UpdateTimestamp(sameVersion);

        Assert.True(first.IsNewVersion);
        Assert.False(second.IsNewVersion);
        Assert.Same(first.Timestamp, second.Timestamp);
        Assert.False(client.Timestamp!.Signed.UnrecognizedFields.ContainsKey("x-note"));
    }

    [Fact]
    public void Timestamp_ListingOlderSnapshotVersion_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.UpdateSnapshot();
        repo.UpdateSnapshot();
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        Assert.Equal(3, client.Timestamp!.Signed.SnapshotMeta.Version);

        repo.Timestamp.Version++;
        repo.Timestamp.SnapshotMeta = new MetaFile(2);
        var rolledBack = repo.Sign(repo.Timestamp, repo.Signers[TufRoles.Timestamp]);

        var ex = TufAssert.Rejects<TufRollbackException>("SCSDK4004", () => client.UpdateTimestamp(rolledBack));
        Assert.Contains("snapshot version 2", ex.Message);
        Assert.Equal(3, client.Timestamp.Signed.SnapshotMeta.Version);
    }

    [Fact]
    public void Snapshot_ListingOlderTargetsVersion_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.Publish(TufRoles.Targets);
        repo.UpdateSnapshot();
        var trustedSnapshot = repo.Published[TufRoles.Snapshot];
        repo.Targets.Version = 1;
        repo.Publish(TufRoles.Targets, bumpVersion: false);
        repo.UpdateSnapshot();

        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);

        // The stored snapshot is intermediate now (the timestamp lists a newer one), but it guards the next one.
        TufAssert.Rejects<TufVersionMismatchException>("SCSDK4006", () => client.UpdateSnapshot(trustedSnapshot, isTrusted: true));
        var ex = TufAssert.Rejects<TufRollbackException>("SCSDK4004", () => client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]));

        Assert.Contains("'targets.json' at version 1, lower than the trusted version 2", ex.Message);
        Assert.Equal(2, client.Snapshot!.Signed.Version);
    }

    [Fact]
    public void Snapshot_DroppingATargetsRole_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.AddDelegation(TufRoles.Targets, "role1");
        repo.Publish(TufRoles.Targets);
        repo.UpdateSnapshot();
        var trustedSnapshot = repo.Published[TufRoles.Snapshot];
        repo.Snapshot.Meta.Remove("role1.json");
        repo.Published.Remove("role1");
        repo.UpdateSnapshot();

        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        Assert.ThrowsAny<TufRepositoryException>(() => client.UpdateSnapshot(trustedSnapshot, isTrusted: true));

        var ex = TufAssert.Rejects<TufRollbackException>("SCSDK4004", () => client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]));
        Assert.Contains("no longer lists 'role1.json'", ex.Message);
    }

    [Fact]
    public void DelegatedTargets_RollbackToOlderVersion_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.AddDelegation(TufRoles.Targets, "role1");
        repo.Publish(TufRoles.Targets);
        repo.Publish("role1");
        repo.UpdateSnapshot();
        var client = repo.NewClient();
        repo.Refresh(client);
        var trustedSnapshot = repo.Published[TufRoles.Snapshot];

        repo.DelegatedRoles["role1"].Version = 1;
        repo.Publish("role1", bumpVersion: false);
        repo.UpdateSnapshot();
        var next = repo.NewClient();
        next.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        Assert.ThrowsAny<TufRepositoryException>(() => next.UpdateSnapshot(trustedSnapshot, isTrusted: true));

        TufAssert.Rejects<TufRollbackException>("SCSDK4004", () => next.UpdateSnapshot(repo.Published[TufRoles.Snapshot]));
    }

    [Fact]
    public void Snapshot_NewerVersions_AreAccepted()
    {
        var repo = new RepositorySimulator();
        repo.Publish(TufRoles.Targets);
        repo.UpdateSnapshot();
        var trustedSnapshot = repo.Published[TufRoles.Snapshot];
        repo.Publish(TufRoles.Targets);
        repo.UpdateSnapshot();

        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        Assert.ThrowsAny<TufRepositoryException>(() => client.UpdateSnapshot(trustedSnapshot, isTrusted: true));
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);
        client.UpdateTargets(repo.Published[TufRoles.Targets]);

        Assert.Equal(3, client.Targets!.Signed.Version);
        Assert.Equal(new[] { "targets.json" }, client.Snapshot!.Signed.Meta.Keys.ToArray());
    }
}
