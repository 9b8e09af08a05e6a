using System;
using System.Linq;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>
/// <see cref="SupplyChain.Core.Tuf.Client.TrustedMetadataSet.TimestampOrSnapshotKeysRotated"/> decides when a client
/// deletes its stored timestamp and snapshot (TUF 5.3.11): every change of those roles' keys counts, also one that keeps
/// the key ids; and a timestamp of the same version as the trusted one is still judged for expiry.
/// </summary>
public sealed class TrustedMetadataSetKeyChangeTests
{
    private static readonly DateTimeOffset Past = RepositorySimulator.Now.AddDays(-1);

    [Theory]
    [InlineData(TufRoles.Timestamp)]
    [InlineData(TufRoles.Snapshot)]
    public void KeyReplacedUnderTheSameKeyId_IsARotation(string role)
    {
        var repo = new RepositorySimulator();
        var keyId = repo.Root.GetRole(role).KeyIds.Single();
        repo.Root.Keys[keyId] = repo.NewKey().PublicKey.ToTufKey();
        repo.BumpRoot();
        var client = repo.NewClient();

        repo.UpdateRoots(client);

        Assert.Equal(keyId, client.Root.Signed.GetRole(role).KeyIds.Single());
        Assert.True(client.TimestampOrSnapshotKeysRotated);
    }

    [Fact]
    public void KeyReplacedUnderTheSameKeyId_TheStoredTimestampNoLongerVerifies()
    {
        var repo = new RepositorySimulator();
        var stored = repo.Published[TufRoles.Timestamp];
        var keyId = repo.Root.GetRole(TufRoles.Timestamp).KeyIds.Single();
        repo.Root.Keys[keyId] = repo.NewKey().PublicKey.ToTufKey();
        repo.BumpRoot();
        var client = repo.NewClient();
        repo.UpdateRoots(client);

        Assert.Throws<TufSignatureException>(() => client.UpdateTimestamp(stored));
    }

    [Theory]
    [InlineData(TufRoles.Timestamp)]
    [InlineData(TufRoles.Snapshot)]
    public void ThresholdChangedWithTheSameKeys_IsARotation(string role)
    {
        var repo = new RepositorySimulator();
        repo.AddKey(role);
        repo.BumpRoot();
        var client = repo.NewClient(trustedRootVersion: 2);
        repo.Root.GetRole(role).Threshold = 2;
        repo.BumpRoot();

        repo.UpdateRoots(client);

        Assert.True(client.TimestampOrSnapshotKeysRotated);
    }

    [Theory]
    [InlineData(TufRoles.Timestamp)]
    [InlineData(TufRoles.Snapshot)]
    public void SameKeysListedInAnotherOrder_IsNoRotation(string role)
    {
        // The stored timestamp and snapshot are deleted only when the keys changed: a new root that merely lists the
        // same key ids in another order must not make the client drop the metadata that protects it against rollback.
        var repo = new RepositorySimulator();
        repo.AddKey(role);
        repo.BumpRoot();
        var client = repo.NewClient(trustedRootVersion: 2);
        var keyIds = repo.Root.GetRole(role).KeyIds;
        var reversed = keyIds.Reverse().ToList();
        keyIds.Clear();
        reversed.ForEach(keyIds.Add);
        repo.BumpRoot();

        repo.UpdateRoots(client);

        Assert.Equal(3, client.Root.Signed.Version);
        Assert.Equal(reversed, client.Root.Signed.GetRole(role).KeyIds);
        Assert.False(client.TimestampOrSnapshotKeysRotated);
    }

    [Fact]
    public void NewRootWithOtherRolesKeysChanged_IsNoTimestampOrSnapshotRotation()
    {
        var repo = new RepositorySimulator();
        repo.RotateKeys(TufRoles.Targets);
        repo.BumpRoot();
        var client = repo.NewClient();

        repo.UpdateRoots(client);

        Assert.Equal(2, client.Root.Signed.Version);
        Assert.False(client.TimestampOrSnapshotKeysRotated);
    }

    [Fact]
    public void SameVersionTimestamp_WhenTheTrustedOneExpired_IsStillExpired()
    {
        // The stored timestamp has expired; the repository serves the same version again (a freeze): the client must
        // not accept it as current because the version did not change.
        var repo = new RepositorySimulator();
        repo.Timestamp.Expires = Past;
        repo.UpdateTimestamp();
        var client = repo.NewClient();
        TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]));

        TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]));
        TufAssert.Rejects<TufExpiredMetadataException>("SCSDK4007", () => client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]));
    }

    [Fact]
    public void SameVersionTimestamp_WhenTheTrustedOneIsCurrent_KeepsTheTrustedOne()
    {
        var repo = new RepositorySimulator();
        var client = repo.NewClient();
        var first = client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        var resigned = repo.Sign(repo.Timestamp, repo.Signers[TufRoles.Timestamp]);

        var again = client.UpdateTimestamp(resigned);

        Assert.True(first.IsNewVersion);
        Assert.False(again.IsNewVersion);
        Assert.Same(first.Timestamp, client.Timestamp);
    }
}
