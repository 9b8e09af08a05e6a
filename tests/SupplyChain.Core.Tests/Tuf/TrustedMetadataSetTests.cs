using System;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>The load order, caller misuse, and docs/threat-model.md TM-T9: a refused update changes nothing trusted.</summary>
public class TrustedMetadataSetTests
{
    [Fact]
    public void Refresh_TopLevelRoles_LoadsInOrder()
    {
        var repo = new RepositorySimulator(metaHashes: true);
        repo.BumpRoot();
        var client = repo.NewClient();

        repo.Refresh(client);

        Assert.Equal(2, client.Root.Signed.Version);
        Assert.Equal(1, client.RootUpdates);
        Assert.Equal(1, client.Timestamp!.Signed.Version);
        Assert.Equal(1, client.Snapshot!.Signed.Version);
        Assert.Same(client.Targets, client.GetTargets("targets"));
        Assert.Equal(repo.Published[TufRoles.Targets], client.Targets!.OriginalBytes!.Value.ToArray());
    }

    [Fact]
    public void TrustedRoot_NotSignedByItsOwnKeys_IsRejected()
    {
        var repo = new RepositorySimulator();
        var unsigned = RepositorySimulator.Tamper(repo.PublishedRoots[0], d => d["signatures"] = new System.Text.Json.Nodes.JsonArray());

        TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => new TrustedMetadataSet(unsigned, RepositorySimulator.Now));
    }

    [Fact]
    public void CallerMisuse_OutOfOrder_IsInvalidOperation_NamingWhatMustComeFirst()
    {
        var repo = new RepositorySimulator();
        repo.BumpRoot();
        var client = repo.NewClient();

        Misuse(() => client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]), "A snapshot cannot be loaded before a timestamp (TUF 5.4 comes before 5.5).");
        Misuse(() => client.UpdateTargets(repo.Published[TufRoles.Targets]), "Targets metadata cannot be loaded before a snapshot (TUF 5.5 comes before 5.6).");
        repo.UpdateRoots(client);
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        Misuse(() => client.UpdateRoot(repo.PublishedRoots[1]), "The root cannot be updated once a timestamp was loaded (TUF 5.3 comes before 5.4).");
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);
        Misuse(() => client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]), "The timestamp cannot be updated once a snapshot was loaded (TUF 5.4 comes before 5.5).");
        Misuse(() => client.UpdateDelegatedTargets(repo.Published[TufRoles.Targets], "role1", "targets"), "The delegating role 'targets' must be loaded before 'role1'.");
        Misuse(() => client.UpdateDelegatedTargets(repo.Published[TufRoles.Targets], "snapshot", "root"), "Root delegates only 'targets' among targets roles, not 'snapshot'.");
        client.UpdateTargets(repo.Published[TufRoles.Targets]);
        Misuse(() => client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]), "The snapshot cannot be updated once targets were loaded (TUF 5.5 comes before 5.6).");
        Misuse(() => client.UpdateDelegatedTargets(repo.Published[TufRoles.Targets], "role1", "targets"), "'targets' does not delegate to 'role1'.");
    }

    [Fact]
    public void CallerErrors_NameTheParameter()
    {
        var repo = new RepositorySimulator();
        var client = repo.NewClient();
        Assert.Equal("roleName", Assert.Throws<ArgumentNullException>(() => client.GetTargets(null!)).ParamName);
        Assert.Equal("roleName", Assert.Throws<ArgumentNullException>(() => client.UpdateDelegatedTargets(repo.Published[TufRoles.Targets], null!, "targets")).ParamName);
        Assert.Equal("delegatorName", Assert.Throws<ArgumentNullException>(() => client.UpdateDelegatedTargets(repo.Published[TufRoles.Targets], "role1", null!)).ParamName);
    }

    private static void Misuse(Action action, string message)
        => Assert.Equal(message, Assert.Throws<InvalidOperationException>(action).Message);

    [Fact]
    public void RefusedUpdates_LeaveTheTrustedStateAsItWas()
    {
        var repo = new RepositorySimulator();
        repo.AddDelegation(TufRoles.Targets, "role1");
        repo.PublishAll();
        var client = repo.NewClient();
        repo.Refresh(client);
        var root = client.Root;
        var timestamp = client.Timestamp;
        var snapshot = client.Snapshot;
        var targets = client.Targets;

        var badRoot = RepositorySimulator.Tamper(repo.PublishedRoots[0], d => d["signed"]!["version"] = 2);
        var fresh = repo.NewClient();
        Assert.ThrowsAny<TufRepositoryException>(() => fresh.UpdateRoot(badRoot));
        Assert.Equal(1, fresh.Root.Signed.Version);

        var badRole = RepositorySimulator.Tamper(repo.Published["role1"], d => d["signed"]!["x"] = 1);
        Assert.ThrowsAny<TufRepositoryException>(() => client.UpdateDelegatedTargets(badRole, "role1", "targets"));
        Assert.Null(client.GetTargets("role1"));

        Assert.Same(root, client.Root);
        Assert.Same(timestamp, client.Timestamp);
        Assert.Same(snapshot, client.Snapshot);
        Assert.Same(targets, client.Targets);
        client.UpdateDelegatedTargets(repo.Published["role1"], "role1", "targets");
        Assert.NotNull(client.GetTargets("role1"));
    }

    [Fact]
    public void RefusedTimestamp_KeepsTheStoredTimestamp()
    {
        var repo = new RepositorySimulator();
        var stored = repo.Published[TufRoles.Timestamp];
        repo.UpdateTimestamp();
        var forged = RepositorySimulator.Tamper(repo.Published[TufRoles.Timestamp], d => d["signed"]!["version"] = 5);
        var client = repo.NewClient();
        client.UpdateTimestamp(stored);

        Assert.Throws<TufSignatureException>(() => client.UpdateTimestamp(forged));

        Assert.Equal(stored, client.Timestamp!.OriginalBytes!.Value.ToArray());
    }

    [Fact]
    public void Construction_WithTimeProvider_ReadsTheClockOnce()
    {
        var repo = new RepositorySimulator();
        var clock = new FixedTimeProvider(RepositorySimulator.Now.AddHours(3));

        var client = new TrustedMetadataSet(repo.PublishedRoots[0], clock);

        Assert.Equal(RepositorySimulator.Now.AddHours(3), client.ReferenceTime);
        Assert.Same(TufClientLimits.Default, client.Limits);
    }
}
