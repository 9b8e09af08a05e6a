using System;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>docs/threat-model.md TM-T3: expired metadata, judged against one reference time fixed at the start.</summary>
public class FreezeAttackTests
{
    private static readonly DateTimeOffset Past = RepositorySimulator.Now.AddDays(-1);

    [Fact]
    public void Root_Expired_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.Root.Expires = Past;
        repo.BumpRoot();
        var client = repo.NewClient();
        repo.UpdateRoots(client);

        var ex = TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]));

        Assert.Equal(TufRoles.Root, ex.RoleName);
        Assert.Null(client.Timestamp);
    }

    [Fact]
    public void Root_ExpiredTrustedAndIntermediate_CanStillBeUpdated()
    {
        var repo = new RepositorySimulator();
        repo.Root.Expires = Past;
        repo.BumpRoot();
        repo.Root.Expires = RepositorySimulator.Now.AddDays(30);
        repo.BumpRoot();

        // The trusted root (v2) and nothing else is expired: updating to v3 is how a client recovers.
        var client = repo.NewClient(trustedRootVersion: 2);
        repo.Refresh(client);

        Assert.Equal(3, client.Root.Signed.Version);
        Assert.NotNull(client.Targets);
    }

    [Fact]
    public void Timestamp_Expired_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.Timestamp.Expires = Past;
        repo.UpdateTimestamp();
        var client = repo.NewClient();

        TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]));

        // Kept as intermediate metadata (it guards the next timestamp against rollback), but nothing loads on it.
        Assert.NotNull(client.Timestamp);
        TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]));
        Assert.Null(client.Snapshot);
    }

    [Fact]
    public void Timestamp_ExpiredStoredCopy_IsReplacedByAFreshOne()
    {
        var repo = new RepositorySimulator();
        repo.Timestamp.Expires = Past;
        repo.UpdateTimestamp();
        var stored = repo.Published[TufRoles.Timestamp];
        repo.Timestamp.Expires = RepositorySimulator.Now.AddDays(1);
        repo.UpdateTimestamp();
        var client = repo.NewClient();

        Assert.Throws<TufExpiredMetadataException>(() => client.UpdateTimestamp(stored));
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);

        Assert.Equal(3, client.Timestamp!.Signed.Version);
    }

    [Fact]
    public void Snapshot_Expired_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.Snapshot.Expires = Past;
        repo.UpdateSnapshot();
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);

        var ex = TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]));

        Assert.Equal(TufRoles.Snapshot, ex.RoleName);
        TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => client.UpdateTargets(repo.Published[TufRoles.Targets]));
        Assert.Null(client.Targets);
    }

    [Fact]
    public void Targets_Expired_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.Targets.Expires = Past;
        repo.Publish(TufRoles.Targets);
        repo.UpdateSnapshot();
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);

        TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => client.UpdateTargets(repo.Published[TufRoles.Targets]));

        Assert.Null(client.Targets);
    }

    [Fact]
    public void DelegatedTargets_Expired_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.AddDelegation(TufRoles.Targets, "role1");
        repo.DelegatedRoles["role1"].Expires = Past;
        repo.Publish("role1");
        repo.Publish(TufRoles.Targets);
        repo.UpdateSnapshot();
        var client = repo.NewClient();
        repo.Refresh(client);

        TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => client.UpdateDelegatedTargets(repo.Published["role1"], "role1", TufRoles.Targets));

        Assert.Null(client.GetTargets("role1"));
    }

    [Fact]
    public void Expiry_AtTheReferenceTimeExactly_IsExpired()
    {
        var repo = new RepositorySimulator();
        repo.Timestamp.Expires = RepositorySimulator.Now;
        repo.UpdateTimestamp();

        Assert.True(repo.Timestamp.IsExpired(RepositorySimulator.Now));
        Assert.False(repo.Timestamp.IsExpired(RepositorySimulator.Now.AddSeconds(-1)));
        Assert.Throws<TufExpiredMetadataException>(() => repo.NewClient().UpdateTimestamp(repo.Published[TufRoles.Timestamp]));
    }

    [Fact]
    public void ReferenceTime_IsFixedWhenTheSetIsMade()
    {
        var repo = new RepositorySimulator();
        var clock = new FixedTimeProvider(RepositorySimulator.Now);
        var client = new TrustedMetadataSet(repo.PublishedRoots[0], clock);

        // The clock moving past every expiry during the update changes nothing: the reference time was taken once.
        clock.Now = RepositorySimulator.Now.AddYears(10);
        repo.Refresh(client);

        Assert.Equal(RepositorySimulator.Now, client.ReferenceTime);
        Assert.NotNull(client.Targets);

        // A set made at the later time refuses the same metadata.
        var later = new TrustedMetadataSet(repo.PublishedRoots[0], clock);
        Assert.Throws<TufExpiredMetadataException>(() => later.UpdateTimestamp(repo.Published[TufRoles.Timestamp]));
    }
}
