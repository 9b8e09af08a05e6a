using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf.Conformance;

/// <summary>tuf-conformance <c>test_basic.py</c>, ported: every test function, with the suite's names.</summary>
public class BasicTests
{
    private static readonly string[] TopLevel = { TufRoles.Root, TufRoles.Timestamp, TufRoles.Snapshot, TufRoles.Targets };

    [Fact]
    public void test_basic_refresh_requests() => ExpectedFailures.Check(nameof(test_basic_refresh_requests), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_basic_refresh_requests));
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());
        Assert.Equal(new (string, long?)[] { ("root", 2), ("timestamp", null), ("snapshot", 1), ("targets", 1) }, client.Repository.MetadataStatistics);
    });

    [Fact]
    public void test_basic_refresh_trusted_data() => ExpectedFailures.Check(nameof(test_basic_refresh_trusted_data), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_basic_refresh_trusted_data));
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());
        foreach (var role in TopLevel)
        {
            client.AssertMetadata(role, client.Repository.FetchMetadata(role));
        }
    });

    [Fact]
    public void test_implicit_refresh() => ExpectedFailures.Check(nameof(test_implicit_refresh), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_implicit_refresh));
        Assert.Equal(0, client.InitClient());
        Assert.Equal(1, client.DownloadTarget("nonexistent artifact"));
        Assert.Equal(new (string, long?)[] { ("root", 2), ("timestamp", null), ("snapshot", 1), ("targets", 1) }, client.Repository.MetadataStatistics);
        foreach (var role in TopLevel)
        {
            client.AssertMetadata(role, client.Repository.FetchMetadata(role));
        }
    });

    [Fact]
    public void test_invalid_initial_root() => ExpectedFailures.Check(nameof(test_invalid_initial_root), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_invalid_initial_root));
        var root = JsonNode.Parse(client.TrustedRoot)!;
        root["signed"]!.AsObject().Remove("version");
        client.TrustedRoot = Encoding.UTF8.GetBytes(root.ToJsonString());
        client.InitClient();
        Assert.Equal(1, client.Refresh());
        Assert.Empty(client.Repository.MetadataStatistics);
    });

    [Fact]
    public void test_unsigned_initial_root() => ExpectedFailures.Check(nameof(test_unsigned_initial_root), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_unsigned_initial_root));
        var root = JsonNode.Parse(client.TrustedRoot)!;

        // Another signature by the same key type: plausible, but over other data.
        var other = client.Repository.Signers[TufRoles.Root][0].Sign(Encoding.UTF8.GetBytes("other data"));
        root["signatures"]![0]!["sig"] = System.Convert.ToHexString(other).ToLowerInvariant();
        client.TrustedRoot = Encoding.UTF8.GetBytes(root.ToJsonString());
        client.InitClient();
        Assert.Equal(1, client.Refresh());
        Assert.Empty(client.Repository.MetadataStatistics);
    });

    public static TheoryData<string, string> UnsignedCases => new()
    {
        { "root", "root:1" },
        { "timestamp", "root:2" },
        { "snapshot", "root:2,timestamp:2" },
        { "targets", "root:2,snapshot:2,timestamp:2" },
    };

    [Theory]
    [MemberData(nameof(UnsignedCases))]
    public void test_unsigned_metadata(string role, string trusted) => ExpectedFailures.Check(nameof(test_unsigned_metadata), role, () =>
    {
        using var client = new ConformanceRunner(nameof(test_unsigned_metadata) + "[" + role + "]");
        var repo = client.Repository;
        repo.Signers[role].RemoveAt(repo.Signers[role].Count - 1);
        repo.Publish(TufRoles.Root, TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.InitClient());
        Assert.Equal(1, client.Refresh());
        Assert.Equal(Parse(trusted), client.TrustedRoles());
    });

    public static TheoryData<string, string> MismatchCases => new()
    {
        { "root", "root:1" },
        { "snapshot", "root:2,timestamp:2" },
        { "targets", "root:2,snapshot:2,timestamp:2" },
    };

    [Theory]
    [MemberData(nameof(MismatchCases))]
    public void test_url_and_metadata_version_mismatch(string role, string trusted) => ExpectedFailures.Check(nameof(test_url_and_metadata_version_mismatch), role, () =>
    {
        using var client = new ConformanceRunner(nameof(test_url_and_metadata_version_mismatch) + "[" + role + "]");
        var repo = client.Repository;

        // After publishing, the role says version 3 but is at the URL of version 2.
        repo.Model(role).Version++;
        repo.Publish(new[] { TufRoles.Root, TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp }, verifyVersion: false);
        Assert.Equal(0, client.InitClient());
        Assert.Equal(1, client.Refresh());
        Assert.Equal(Parse(trusted), client.TrustedRoles());
    });

    [Fact]
    public void test_timestamp_content_changes() => ExpectedFailures.Check(nameof(test_timestamp_content_changes), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_timestamp_content_changes));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());

        // Timestamp v1 again, with other content: the client keeps the one it has.
        repo.Timestamp.SnapshotMeta.Version = 100;
        repo.SignedMds.Remove(TufRoles.Timestamp);
        repo.Publish(TufRoles.Timestamp);
        Assert.Equal(0, client.Refresh());
        Assert.Equal(("timestamp", (long?)null), client.Repository.MetadataStatistics[^1]);
        var stored = JsonNode.Parse(File.ReadAllBytes(Path.Combine(client.MetadataDir, "timestamp.json")))!;
        Assert.Equal(1, stored["signed"]!["meta"]!["snapshot.json"]!["version"]!.GetValue<long>());
    });

    [Fact]
    public void test_basic_metadata_hash_support() => ExpectedFailures.Check(nameof(test_basic_metadata_hash_support), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_basic_metadata_hash_support));
        var repo = client.Repository;
        repo.ComputeMetafileHashesLength = true;
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());

        repo.Publish(TufRoles.Targets);
        repo.Snapshot.Meta["targets.json"].Hashes!["sha256"] = new string('4', 64);
        repo.Publish(TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(1, client.Refresh());
        Assert.Equal(3, client.Version(TufRoles.Snapshot));
        Assert.Equal(2, client.Version(TufRoles.Targets));
    });

    [Fact]
    public void test_targets_hash_mismatch() => ExpectedFailures.Check(nameof(test_targets_hash_mismatch), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_targets_hash_mismatch));
        var repo = client.Repository;
        repo.ComputeMetafileHashesLength = true;
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());

        // Targets v3 is served with other bytes (same signature, other serialisation) than snapshot lists.
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        repo.SignedMds[TufRoles.Targets][^1] = Encoding.UTF8.GetBytes(JsonNode.Parse(repo.SignedMds[TufRoles.Targets][^1])!.ToJsonString());
        Assert.Equal(1, client.Refresh());
        Assert.Equal(3, client.Version(TufRoles.Snapshot));
        Assert.Equal(2, client.Version(TufRoles.Targets));
    });

    [Fact]
    public void test_snapshot_hash_mismatch() => ExpectedFailures.Check(nameof(test_snapshot_hash_mismatch), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_snapshot_hash_mismatch));
        var repo = client.Repository;
        repo.ComputeMetafileHashesLength = true;
        repo.Publish(TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());

        repo.Publish(TufRoles.Snapshot, TufRoles.Timestamp);
        repo.SignedMds[TufRoles.Snapshot][^1] = Encoding.UTF8.GetBytes(JsonNode.Parse(repo.SignedMds[TufRoles.Snapshot][^1])!.ToJsonString());
        Assert.Equal(1, client.Refresh());
        Assert.Equal(3, client.Version(TufRoles.Timestamp));
        Assert.Equal(2, client.Version(TufRoles.Snapshot));
    });

    [Fact]
    public void test_metadata_bytes_match() => ExpectedFailures.Check(nameof(test_metadata_bytes_match), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_metadata_bytes_match));
        Assert.Equal(0, client.InitClient());
        var data = client.Repository.SignedMds[TufRoles.Timestamp][^1].Concat(new[] { (byte)' ' }).ToArray();
        client.Repository.SignedMds[TufRoles.Timestamp][^1] = data;
        Assert.Equal(0, client.Refresh());
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(client.MetadataDir, "timestamp.json")));
    });

    [Fact]
    public void test_custom_fields() => ExpectedFailures.Check(nameof(test_custom_fields), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_custom_fields));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());

        // A root key with an extra field (and so another key id), and unknown fields in root and in a role.
        var signer = repo.NewSigner();
        var keyJson = signer.PublicKey.ToTufKey().ToJson();
        keyJson["extra-field"] = new JsonObject { ["a"] = 1, ["b"] = 2 };
        var key = SupplyChain.Core.Crypto.TufKey.FromJson(keyJson);
        repo.Root.UnrecognizedFields["custom-field"] = "value";
        repo.AddKey(TufRoles.Root, signer: new AliasSigner(signer, key.ComputeKeyId()), key: key);
        repo.Root.Roles[TufRoles.Root].UnrecognizedFields["another-field"] = "value";
        repo.Publish(TufRoles.Root);
        Assert.Equal(0, client.Refresh());
        Assert.Equal(2, client.Version(TufRoles.Root));
    });

    [Fact]
    public void test_deprecated_keyid_hash_algorithms() => ExpectedFailures.Check(nameof(test_deprecated_keyid_hash_algorithms), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_deprecated_keyid_hash_algorithms));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());

        // Replace the snapshot key by one whose key object says "keyid_hash_algorithms": "md5".
        var old = repo.Root.Roles[TufRoles.Snapshot].KeyIds[0];
        repo.Root.RevokeKey(old, TufRoles.Snapshot);
        repo.Signers[TufRoles.Snapshot].Clear();
        var signer = repo.NewSigner();
        var keyJson = signer.PublicKey.ToTufKey().ToJson();
        keyJson["keyid_hash_algorithms"] = "md5";
        var key = SupplyChain.Core.Crypto.TufKey.FromJson(keyJson);
        repo.AddKey(TufRoles.Snapshot, signer: new AliasSigner(signer, key.ComputeKeyId()), key: key);
        repo.Publish(TufRoles.Root, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.Refresh());
        Assert.Equal(2, client.Version(TufRoles.Root));
        Assert.Equal(2, client.Version(TufRoles.Snapshot));
    });

    [Fact]
    public void test_snapshot_404() => ExpectedFailures.Check(nameof(test_snapshot_404), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_snapshot_404));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());
        repo.Timestamp.SnapshotMeta.Version++;
        repo.Publish(TufRoles.Timestamp);
        Assert.Equal(1, client.Refresh());
        Assert.Equal(("snapshot", (long?)2), repo.MetadataStatistics[^1]);
        Assert.Equal(Parse("root:1,snapshot:1,targets:1,timestamp:2"), client.TrustedRoles());
    });

    [Fact]
    public void test_targets_404() => ExpectedFailures.Check(nameof(test_targets_404), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_targets_404));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());
        repo.Snapshot.Meta["targets.json"].Version++;
        repo.Publish(TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(1, client.Refresh());
        Assert.Equal(("targets", (long?)2), repo.MetadataStatistics[^1]);
        Assert.Equal(Parse("root:1,snapshot:2,targets:1,timestamp:2"), client.TrustedRoles());
    });

    [Fact]
    public void test_timestamp_404() => ExpectedFailures.Check(nameof(test_timestamp_404), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_timestamp_404));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());
        repo.SignedMds.Remove(TufRoles.Timestamp);
        Assert.Equal(1, client.Refresh());
        Assert.Equal(("timestamp", (long?)null), repo.MetadataStatistics[^1]);
    });

    [Fact]
    public void test_incorrect_metadata_type() => ExpectedFailures.Check(nameof(test_incorrect_metadata_type), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_incorrect_metadata_type));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());

        // A snapshot that is otherwise a valid timestamp, signed by the timestamp key, published as timestamp v2.
        repo.AddKey(TufRoles.Snapshot, signer: repo.Signers[TufRoles.Timestamp][0]);
        repo.Snapshot.Meta.Clear();
        repo.Snapshot.Meta["snapshot.json"] = new MetaFile(1);
        repo.Publish(TufRoles.Root, TufRoles.Snapshot);
        var list = repo.SignedMds[TufRoles.Snapshot];
        repo.SignedMds[TufRoles.Timestamp].Add(list[^1]);
        list.RemoveAt(list.Count - 1);
        Assert.Equal(1, client.Refresh());
        Assert.Equal(Parse("root:2"), client.TrustedRoles());
    });

    [Fact]
    public void test_faketime() => ExpectedFailures.Check(nameof(test_faketime), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_faketime));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        repo.Root.Expires = ConformanceSimulator.Now.AddDays(7);
        repo.Publish(TufRoles.Root);
        Assert.Equal(0, client.Refresh());
        Assert.Equal(1, client.Refresh(ConformanceSimulator.Now.AddDays(8)));
    });

    internal static List<(string Role, long Version)> Parse(string trusted)
        => trusted.Split(',').Select(p => p.Split(':')).Select(p => (p[0], long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
}
