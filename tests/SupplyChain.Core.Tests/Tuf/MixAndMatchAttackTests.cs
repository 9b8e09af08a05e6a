using System.Linq;
using System.Text;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>docs/threat-model.md TM-T4: files that were not published together (mix and match).</summary>
public class MixAndMatchAttackTests
{
    [Fact]
    public void Snapshot_HashDiffersFromTimestamp_IsRejected()
    {
        var repo = new RepositorySimulator(metaHashes: true);
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);

        // Same length, same signed content (the signature still verifies), other bytes.
        var snapshot = repo.Published[TufRoles.Snapshot];
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(snapshot).Replace("\n ", " \n", System.StringComparison.Ordinal));
        Assert.Equal(snapshot.Length, changed.Length);
        Assert.NotEqual(snapshot, changed);

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => client.UpdateSnapshot(changed));

        Assert.Contains("sha256", ex.Message);
        Assert.Null(client.Snapshot);
    }

    [Fact]
    public void Snapshot_LengthDiffersFromTimestamp_IsRejected()
    {
        var repo = new RepositorySimulator(metaHashes: true);
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        var longer = repo.Published[TufRoles.Snapshot].Concat(Encoding.ASCII.GetBytes(" ")).ToArray();

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => client.UpdateSnapshot(longer));

        Assert.Contains("bytes long", ex.Message);
    }

    [Fact]
    public void Snapshot_VersionDiffersFromTimestamp_IsRejected()
    {
        var repo = new RepositorySimulator();
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        repo.Snapshot.Version++;
        var newer = repo.Sign(repo.Snapshot, repo.Signers[TufRoles.Snapshot]);

        var ex = TufAssert.Rejects<TufVersionMismatchException>("SCSDK4006", () => client.UpdateSnapshot(newer));

        Assert.Equal(2, ex.ActualVersion);
        Assert.Equal(1, ex.ListedVersion);
        TufAssert.Rejects<TufVersionMismatchException>("SCSDK4006", () => client.UpdateTargets(repo.Published[TufRoles.Targets]));
    }

    [Fact]
    public void Targets_VersionDiffersFromSnapshot_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.Publish(TufRoles.Targets);
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);

        var ex = TufAssert.Rejects<TufVersionMismatchException>("SCSDK4006", () => client.UpdateTargets(repo.Published[TufRoles.Targets]));

        Assert.Equal(TufRoles.Targets, ex.RoleName);
        Assert.Null(client.Targets);
    }

    [Fact]
    public void Targets_HashDiffersFromSnapshot_IsRejected()
    {
        var repo = new RepositorySimulator(metaHashes: true);
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);

        // Other targets metadata of the same version, validly signed: only the snapshot's hash tells them apart.
        repo.AddTarget(TufRoles.Targets, "file.txt", "content");
        var sameVersion = repo.Sign(repo.Targets, repo.Signers[TufRoles.Targets]);

        TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => client.UpdateTargets(sameVersion));
        client.UpdateTargets(repo.Published[TufRoles.Targets]);
        Assert.Empty(client.Targets!.Signed.TargetFiles);
    }

    [Fact]
    public void DelegatedTargets_NotListedInSnapshot_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.AddDelegation(TufRoles.Targets, "role1");
        repo.Publish(TufRoles.Targets);
        repo.UpdateSnapshot();
        repo.Snapshot.Meta.Remove("role1.json");
        repo.Published.Remove("role1");
        repo.Published[TufRoles.Snapshot] = repo.Sign(repo.Snapshot, repo.Signers[TufRoles.Snapshot]);
        repo.UpdateTimestamp();
        repo.Publish("role1", bumpVersion: false);
        var client = repo.NewClient();
        repo.Refresh(client);

        TufAssert.Rejects<TufNotInSnapshotException>("SCSDK4009", () => client.UpdateDelegatedTargets(repo.Published["role1"], "role1", TufRoles.Targets));
    }

    [Fact]
    public void Snapshot_StoredCopy_IsNotComparedWithTheTimestampHashes()
    {
        var repo = new RepositorySimulator(metaHashes: true);
        var stored = repo.Published[TufRoles.Snapshot];
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        var reformatted = stored.Concat(Encoding.ASCII.GetBytes("\n")).ToArray();

        Assert.Throws<TufLengthOrHashMismatchException>(() => client.UpdateSnapshot(reformatted));
        client.UpdateSnapshot(reformatted, isTrusted: true);

        Assert.Equal(1, client.Snapshot!.Signed.Version);
    }
}
