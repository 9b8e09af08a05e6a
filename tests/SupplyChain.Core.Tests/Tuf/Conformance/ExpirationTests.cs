using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf.Conformance;

/// <summary>tuf-conformance <c>test_expiration.py</c>, ported (the suite's faketime is the client's clock here).</summary>
public class ExpirationTests
{
    private static readonly System.DateTimeOffset Past = ConformanceSimulator.Now.AddDays(-1);

    [Fact]
    public void test_root_expired() => ExpectedFailures.Check(nameof(test_root_expired), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_root_expired));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        client.Refresh();
        repo.Publish(TufRoles.Root);
        client.Refresh();
        repo.Root.Expires = Past;
        repo.Publish(TufRoles.Root);
        repo.Targets.Version++;
        client.Refresh();

        // 5.3.10: the root updates, nothing else does.
        Assert.Equal(3, client.Version(TufRoles.Root));
        Assert.Equal(1, client.Version(TufRoles.Timestamp));
        Assert.Equal(1, client.Version(TufRoles.Snapshot));
    });

    [Fact]
    public void test_timestamp_expired() => ExpectedFailures.Check(nameof(test_timestamp_expired), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_timestamp_expired));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        client.Refresh();
        Assert.Equal(1, client.Version(TufRoles.Timestamp));
        repo.Timestamp.Expires = ConformanceSimulator.Now.AddDays(-5);
        repo.UpdateTimestamp();
        Assert.Equal(1, client.Refresh());
        Assert.True(client.FilesExist(TufRoles.Root));
        Assert.Equal(1, client.Version(TufRoles.Timestamp));
    });

    [Fact]
    public void test_snapshot_expired() => ExpectedFailures.Check(nameof(test_snapshot_expired), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_snapshot_expired));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        client.Refresh();
        Assert.True(client.FilesExist(TufRoles.Root, TufRoles.Timestamp, TufRoles.Snapshot, TufRoles.Targets));
        repo.Snapshot.Expires = ConformanceSimulator.Now.AddDays(-5);
        repo.UpdateSnapshot();
        Assert.Equal(1, client.Refresh());
        Assert.True(client.FilesExist(TufRoles.Root, TufRoles.Timestamp));
        Assert.Equal(1, client.Version(TufRoles.Snapshot));
    });

    [Fact]
    public void test_targets_expired() => ExpectedFailures.Check(nameof(test_targets_expired), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_targets_expired));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        client.Refresh();
        Assert.True(client.FilesExist(TufRoles.Root, TufRoles.Timestamp, TufRoles.Snapshot, TufRoles.Targets));
        repo.Targets.Expires = ConformanceSimulator.Now.AddDays(-5);
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(1, client.Refresh());
        Assert.True(client.FilesExist(TufRoles.Root, TufRoles.Timestamp, TufRoles.Snapshot, TufRoles.Targets));
        Assert.Equal(1, client.Version(TufRoles.Targets));
    });

    [Fact]
    public void test_expired_local_root() => ExpectedFailures.Check(nameof(test_expired_local_root), null, () =>
    {
        // The trusted root expired locally; a fresh root v2 on the repository brings the client back.
        var repo = new ConformanceSimulator();
        repo.Root.Expires = ConformanceSimulator.Now.AddDays(1);
        repo.SignedMds.Remove(TufRoles.Root);
        repo.Publish(TufRoles.Root);
        using var client = new ConformanceRunner(nameof(test_expired_local_root), repo);
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());
        repo.Root.Expires = ConformanceSimulator.Now.AddDays(60);
        repo.Publish(TufRoles.Root);
        Assert.Equal(0, client.Refresh(ConformanceSimulator.Now.AddDays(2)));
        Assert.Equal(2, client.Version(TufRoles.Root));
    });

    [Fact]
    public void test_expired_local_timestamp() => ExpectedFailures.Check(nameof(test_expired_local_timestamp), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_expired_local_timestamp));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        var now = ConformanceSimulator.Now;
        repo.Timestamp.Expires = now.AddDays(7);
        repo.Publish(TufRoles.Timestamp);
        client.Refresh();
        foreach (var role in new[] { TufRoles.Snapshot, TufRoles.Targets })
        {
            Assert.Equal(1, client.Version(role));
        }

        repo.Targets.Expires = now.AddDays(60);
        repo.Snapshot.Expires = now.AddDays(60);
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot);
        repo.Timestamp.Expires = now.AddDays(21);
        repo.Publish(TufRoles.Timestamp);

        // Day 18: the stored timestamp expired, the new one did not; the stored one still guards against rollback.
        Assert.Equal(0, client.Refresh(now.AddDays(18)));
        Assert.Equal(2, client.Version(TufRoles.Targets));
        Assert.Equal(3, client.Version(TufRoles.Timestamp));
        Assert.Equal(2, client.Version(TufRoles.Snapshot));
    });
}
