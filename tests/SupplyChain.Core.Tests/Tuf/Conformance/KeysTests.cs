using System;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf.Conformance;

/// <summary>tuf-conformance <c>test_keys.py</c>, ported.</summary>
public class KeysTests
{
    [Fact]
    public void test_snapshot_does_not_meet_threshold() => ExpectedFailures.Check(nameof(test_snapshot_does_not_meet_threshold), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_snapshot_does_not_meet_threshold));
        var repo = client.Repository;
        repo.Root.Roles[TufRoles.Snapshot].Threshold = 3;
        repo.AddKey(TufRoles.Snapshot);
        repo.AddKey(TufRoles.Snapshot);
        repo.Publish(TufRoles.Root, TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.Refresh());
        repo.Signers[TufRoles.Snapshot].RemoveAt(2);
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(1, client.Refresh());
        Assert.NotEqual(3, client.Version(TufRoles.Snapshot));
    });

    [Fact]
    public void test_snapshot_has_too_few_keys() => ExpectedFailures.Check(nameof(test_snapshot_has_too_few_keys), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_snapshot_has_too_few_keys));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        for (var i = 0; i < 4; i++)
        {
            repo.AddKey(TufRoles.Snapshot);
        }

        Assert.Equal(5, repo.Root.Roles[TufRoles.Snapshot].KeyIds.Count);
        repo.Root.Roles[TufRoles.Snapshot].Threshold = 6;
        repo.Publish(TufRoles.Root, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(1, client.Refresh());
        Assert.Equal(2, client.Version(TufRoles.Root));
        Assert.NotEqual(2, client.Version(TufRoles.Snapshot));
    });

    [Fact]
    public void test_duplicate_keys() => ExpectedFailures.Check(nameof(test_duplicate_keys), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_duplicate_keys));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        var signer = repo.NewSigner();
        for (var i = 0; i < 9; i++)
        {
            repo.Root.AddKey(signer.PublicKey.ToTufKey(), TufRoles.Snapshot);
        }

        repo.AddSigner(TufRoles.Snapshot, signer);
        repo.Root.Roles[TufRoles.Snapshot].Threshold = 6;
        repo.Publish(TufRoles.Root, TufRoles.Snapshot, TufRoles.Timestamp);

        // The same signature eight more times: it must not count towards the threshold.
        var list = repo.SignedMds[TufRoles.Snapshot];
        var md = JsonNode.Parse(list[^1])!;
        var signature = md["signatures"]!.AsArray().First(s => s!["keyid"]!.GetValue<string>() == signer.KeyId)!;
        for (var i = 0; i < 8; i++)
        {
            md["signatures"]!.AsArray().Add(signature.DeepClone());
        }

        list[^1] = Encoding.UTF8.GetBytes(md.ToJsonString());
        Assert.Equal(1, client.Refresh());
        Assert.Null(client.Version(TufRoles.Snapshot));
    });

    [Fact]
    public void test_duplicate_sig_keyids() => ExpectedFailures.Check(nameof(test_duplicate_sig_keyids), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_duplicate_sig_keyids));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        var list = repo.SignedMds[TufRoles.Snapshot];
        var md = JsonNode.Parse(list[^1])!;
        md["signatures"]!.AsArray().Add(md["signatures"]![0]!.DeepClone());
        list[^1] = Encoding.UTF8.GetBytes(md.ToJsonString());
        Assert.Equal(1, client.Refresh());
        Assert.Null(client.Version(TufRoles.Snapshot));
    });

    public static TheoryData<string> KeyTypes => new() { "rsa/rsassa-pss-sha256", "ecdsa/ecdsa-sha2-nistp256", "ed25519/ed25519" };

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void test_keytype_and_scheme(string keyTypeAndScheme) => ExpectedFailures.Check(nameof(test_keytype_and_scheme), keyTypeAndScheme, () =>
    {
        using var client = new ConformanceRunner(nameof(test_keytype_and_scheme) + "[" + keyTypeAndScheme + "]");
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        var parts = keyTypeAndScheme.Split('/');
        var signer = repo.NewSigner(parts[0], parts[1]);
        repo.AddKey(TufRoles.Root, signer: signer);
        repo.Root.Roles[TufRoles.Root].Threshold++;
        repo.Publish(TufRoles.Root);
        Assert.Equal(0, client.Refresh());
        Assert.Equal(2, client.Version(TufRoles.Root));

        // Root v3 with a plausible but wrong signature by the new key (a real signature over other data).
        repo.Publish(TufRoles.Root);
        var list = repo.SignedMds[TufRoles.Root];
        var md = JsonNode.Parse(list[^1])!;
        var bad = Convert.ToHexString(signer.Sign(Encoding.UTF8.GetBytes("not the signed part"))).ToLowerInvariant();
        md["signatures"]!.AsArray().First(s => s!["keyid"]!.GetValue<string>() == signer.KeyId)!["sig"] = bad;
        list[^1] = Encoding.UTF8.GetBytes(md.ToJsonString());
        Assert.Equal(1, client.Refresh());
        Assert.Equal(2, client.Version(TufRoles.Root));
    });

    [Fact]
    public void test_invalid_sig_in_valid_metadata() => ExpectedFailures.Check(nameof(test_invalid_sig_in_valid_metadata), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_invalid_sig_in_valid_metadata));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        var original = JsonNode.Parse(repo.SignedMds[TufRoles.Timestamp][0])!["signatures"]![0]!;
        repo.AddKey(TufRoles.Timestamp);
        repo.Publish(TufRoles.Root, TufRoles.Timestamp);

        // The first key's signature is replaced by its signature of v1: plausible, but wrong for v2.
        Replace(repo, original.DeepClone());
        Assert.Equal(0, client.Refresh());

        repo.Publish(TufRoles.Timestamp);
        var empty = original.DeepClone();
        empty["sig"] = string.Empty;
        Replace(repo, empty);
        Assert.Equal(0, client.Refresh());
    });

    private static void Replace(ConformanceSimulator repo, JsonNode signature)
    {
        var list = repo.SignedMds[TufRoles.Timestamp];
        var md = JsonNode.Parse(list[^1])!;
        var signatures = md["signatures"]!.AsArray();
        for (var i = 0; i < signatures.Count; i++)
        {
            if (signatures[i]!["keyid"]!.GetValue<string>() == signature["keyid"]!.GetValue<string>())
            {
                signatures[i] = signature;
            }
        }

        list[^1] = Encoding.UTF8.GetBytes(md.ToJsonString());
    }
}
