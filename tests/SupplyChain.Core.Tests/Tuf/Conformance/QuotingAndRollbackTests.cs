using System;
using System.Collections.Generic;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf.Conformance;

/// <summary>tuf-conformance <c>test_quoting_issues.py</c>, ported.</summary>
public class QuotingTests
{
    public static TheoryData<string> UnusualRoleNames => new() { "?", "#", "/delegatedrole", "../delegatedrole" };

    [Theory]
    [MemberData(nameof(UnusualRoleNames))]
    public void test_unusual_role_name(string role) => ExpectedFailures.Check(nameof(test_unusual_role_name), role, () =>
    {
        using var client = new ConformanceRunner(nameof(test_unusual_role_name) + "[" + role + "]");
        var repo = client.Repository;
        repo.AddDelegation(TufRoles.Targets, new DelegatedRole(role, Array.Empty<string>(), 1, false, new[] { "*" }));
        repo.AddKey(role, TufRoles.Targets);
        repo.Publish(TufRoles.Targets, role);
        repo.UpdateSnapshot();
        client.InitClient();
        Assert.Equal(1, client.DownloadTarget("nonexistent target"));
        Assert.Contains((Uri.EscapeDataString(role), (long?)1), repo.MetadataStatistics);
        Assert.Equal(5, client.TrustedRoles().Count);
    });

    [Theory]
    [MemberData(nameof(UnusualRoleNames))]
    public void UnusualRoleName_OverLoopbackHttp_IsRequestedWithTheNameFullyPercentEncoded(string role)
    {
        using var client = new ConformanceRunner("loopback[" + role + "]", overLoopback: true);
        var repo = client.Repository;
        repo.AddDelegation(TufRoles.Targets, new DelegatedRole(role, Array.Empty<string>(), 1, false, new[] { "*" }));
        repo.Publish(TufRoles.Targets, role);
        repo.UpdateSnapshot();
        Assert.Equal(0, client.InitClient());
        Assert.Equal(1, client.DownloadTarget("nonexistent target"));
        Assert.Contains((Uri.EscapeDataString(role), (long?)1), repo.MetadataStatistics);
        Assert.Equal(5, client.TrustedRoles().Count);
        Assert.True(System.IO.File.Exists(System.IO.Path.Combine(client.MetadataDir, TufRoleNames.TrustedFileName(role))));
    }
}

/// <summary>tuf-conformance <c>test_rollback.py</c>, ported.</summary>
public class RollbackTests
{
    [Fact]
    public void test_new_timestamp_version_rollback() => ExpectedFailures.Check(nameof(test_new_timestamp_version_rollback), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_new_timestamp_version_rollback));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        repo.UpdateTimestamp();
        Assert.Equal(0, client.Refresh());
        Assert.Equal(2, client.Version(TufRoles.Timestamp));
        repo.Timestamp.Version = 1;
        repo.Publish(new[] { TufRoles.Timestamp }, verifyVersion: false, bumpVersion: false);
        Assert.Equal(1, client.Refresh());
        Assert.Equal(2, client.Version(TufRoles.Timestamp));
        Assert.Equal(("timestamp", (long?)null), repo.MetadataStatistics[^1]);
    });

    public static TheoryData<string> HashModes => new() { "basic", "with hashes" };

    [Theory]
    [MemberData(nameof(HashModes))]
    public void test_snapshot_rollback(string mode) => ExpectedFailures.Check(nameof(test_snapshot_rollback), mode, () =>
    {
        using var client = new ConformanceRunner(nameof(test_snapshot_rollback) + "[" + mode + "]");
        var repo = client.Repository;
        repo.ComputeMetafileHashesLength = mode == "with hashes";
        Assert.Equal(0, client.InitClient());
        repo.UpdateSnapshot();
        Assert.Equal(0, client.Refresh());

        // Timestamp v3 lists snapshot v1 again.
        var first = repo.SignedMds[TufRoles.Snapshot][0];
        repo.Timestamp.SnapshotMeta = repo.ComputeMetafileHashesLength
            ? new MetaFile(1, first.Length, new Dictionary<string, string> { ["sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(first)).ToLowerInvariant() })
            : new MetaFile(1);
        repo.Publish(TufRoles.Timestamp);
        Assert.Equal(1, client.Refresh());
        Assert.Equal(2, client.Version(TufRoles.Timestamp));
        Assert.Equal(2, client.Version(TufRoles.Snapshot));
        Assert.Equal(("timestamp", (long?)null), repo.MetadataStatistics[^1]);
    });

    [Fact]
    public void test_targets_role_removal() => ExpectedFailures.Check(nameof(test_targets_role_removal), null, () =>
    {
        // A snapshot that no longer lists a targets role the trusted snapshot listed is a rollback (5.5.5).
        using var client = new ConformanceRunner(nameof(test_targets_role_removal));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        repo.AddDelegation(TufRoles.Targets, new DelegatedRole("role1", Array.Empty<string>(), 1, false, new[] { "*" }));
        repo.Publish(TufRoles.Targets, "role1", TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.Refresh());
        Assert.Equal(2, client.Version(TufRoles.Snapshot));

        repo.Targets.Delegations = null;
        repo.Snapshot.Meta.Remove("role1.json");
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(1, client.Refresh());
        Assert.Equal(2, client.Version(TufRoles.Snapshot));
        Assert.Equal(2, client.Version(TufRoles.Targets));
    });

    [Fact]
    public void test_targets_fast_forward_recovery() => ExpectedFailures.Check(nameof(test_targets_fast_forward_recovery), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_targets_fast_forward_recovery));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        for (var i = 0; i < 99; i++)
        {
            repo.Publish(TufRoles.Targets);
        }

        repo.UpdateSnapshot();
        Assert.Equal(0, client.Refresh());
        Assert.Equal(100, client.Version(TufRoles.Targets));

        repo.RotateKeys(TufRoles.Snapshot);
        repo.Publish(TufRoles.Snapshot, TufRoles.Timestamp);
        repo.Publish(TufRoles.Root);
        repo.Targets.Version = 1;
        repo.SignedMds.Remove(TufRoles.Targets);
        repo.Publish(TufRoles.Targets);
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.Refresh());
        Assert.Equal(2, client.Version(TufRoles.Targets));
    });

    [Fact]
    public void test_new_snapshot_fast_forward_recovery() => ExpectedFailures.Check(nameof(test_new_snapshot_fast_forward_recovery), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_new_snapshot_fast_forward_recovery));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        repo.Snapshot.Version = 99999;
        repo.PublishOutOfSequence(TufRoles.Snapshot);
        repo.Publish(TufRoles.Timestamp);
        Assert.Equal(0, client.Refresh());
        Assert.Equal(99999, client.Version(TufRoles.Snapshot));

        repo.RotateKeys(TufRoles.Snapshot);
        repo.RotateKeys(TufRoles.Timestamp);
        repo.Publish(TufRoles.Root);
        repo.Snapshot.Version = 1;
        repo.SignedMds.Remove(TufRoles.Snapshot);
        repo.Publish(TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.Refresh());
        Assert.Equal(1, client.Version(TufRoles.Snapshot));
    });

    [Fact]
    public void test_new_timestamp_fast_forward_recovery() => ExpectedFailures.Check(nameof(test_new_timestamp_fast_forward_recovery), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_new_timestamp_fast_forward_recovery));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        for (var i = 0; i < 99; i++)
        {
            repo.Publish(TufRoles.Timestamp);
        }

        Assert.Equal(0, client.Refresh());
        Assert.Equal(100, client.Version(TufRoles.Timestamp));
        repo.RotateKeys(TufRoles.Timestamp);
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        repo.Publish(TufRoles.Root);
        repo.Timestamp.Version = 1;
        repo.Publish(new[] { TufRoles.Timestamp }, verifyVersion: false, bumpVersion: false);
        Assert.Equal(0, client.Refresh());
        Assert.Equal(1, client.Version(TufRoles.Timestamp));
    });

    [Theory]
    [MemberData(nameof(HashModes))]
    public void test_targets_rollback(string mode) => ExpectedFailures.Check(nameof(test_targets_rollback), mode, () =>
    {
        using var client = new ConformanceRunner(nameof(test_targets_rollback) + "[" + mode + "]");
        var repo = client.Repository;
        repo.ComputeMetafileHashesLength = mode == "with hashes";
        Assert.Equal(0, client.InitClient());
        repo.Publish(TufRoles.Targets);
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        repo.UpdateSnapshot();
        Assert.Equal(0, client.Refresh());

        // The new snapshot lists a lower targets version than the trusted snapshot.
        repo.Targets.Version = 1;
        repo.Publish(new[] { TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp }, verifyVersion: false);
        repo.UpdateSnapshot();
        Assert.Equal(1, client.Refresh());
        Assert.Equal(3, client.Version(TufRoles.Snapshot));
        Assert.Equal(3, client.Version(TufRoles.Targets));
    });
}
