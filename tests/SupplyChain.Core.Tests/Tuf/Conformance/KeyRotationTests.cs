using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf.Conformance;

/// <summary>tuf-conformance <c>test_updater_key_rotations.py</c>, ported: 15 root and 10 non-root cases.</summary>
public class KeyRotationTests
{
    // keys | threshold | signers [| fail]
    private static readonly Dictionary<string, string[]> s_rootCases = new()
    {
        ["1-of-1-key-rotation"] = new[] { "1|1|1", "2|1|2,1", "2|1|2" },
        ["1-of-1-key-rotation-unused-signatures"] = new[] { "1|1|3,1,4", "2|1|3,2,1,4", "2|1|3,2,4" },
        ["3-of-5-sign-with-different-keycombos"] = new[] { "0,1,2,3,4|3|0,2,4", "0,1,2,3,4|3|0,4,1", "0,1,2,3,4|3|0,1,3", "0,1,2,3,4|3|0,1,3" },
        ["3-of-5-one-key-rotated"] = new[] { "0,1,2,3,4|3|0,2,4", "0,1,3,4,5|3|0,4,1" },
        ["3-of-5-one-key-rotated-with-intermediate-step"] = new[] { "0,1,2,3,4|3|0,2,4", "0,1,3,4,5|3|0,2,4,5", "0,1,3,4,5|3|0,4,5" },
        ["3-of-5-all-keys-rotated-with-intermediate-step"] = new[] { "0,1,2,3,4|3|0,2,4", "5,6,7,8,9|3|0,2,4,5,6,7", "5,6,7,8,9|3|5,6,7" },
        ["1-of-3-threshold-increase-to-2-of-3"] = new[] { "1,2,3|1|1", "1,2,3|2|1,2" },
        ["2-of-3-threshold-decrease-to-1-of-3"] = new[] { "1,2,3|2|1,2", "1,2,3|1|1,2", "1,2,3|1|1" },
        ["1-of-2-threshold-increase-to-2-of-2"] = new[] { "1|1|1", "1,2|2|1,2" },
        ["1-of-1-key-rotation-fail-not-signed-with-old-key"] = new[] { "1|1|1", "2|1|2,3,4|fail" },
        ["1-of-1-key-rotation-fail-not-signed-with-new-key"] = new[] { "1|1|1", "2|1|1,3,4|fail" },
        ["3-of-5-one-key-rotate-fails-not-signed-with-3-new-keys"] = new[] { "0,1,2,3,4|3|0,2,4", "0,1,3,4,5|3|0,2,4|fail" },
        ["3-of-5-one-key-rotate-fails-not-signed-with-3-old-keys"] = new[] { "0,1,2,3,4|3|0,2,4", "0,1,3,4,5|3|0,4,5|fail" },
        ["1-of-3-threshold-bump-to-2-of-3-fails-new-threshold-not-reached"] = new[] { "1,2,3|1|1", "1,2,3|2|2|fail" },
        ["2-of-3-threshold-decr-to-1-of-3-fails-old-threshold-not-eached"] = new[] { "1,2,3|2|1,2", "1,2,3|1|1|fail" },
    };

    private static readonly Dictionary<string, string> s_nonRootCases = new()
    {
        ["1-of-1-key-rotation"] = "2|1|2",
        ["1-of-1-key-rotation-unused-signatures"] = "1|1|3,1,4",
        ["1-of-1-key-rotation-fail-not-signed-with-new-key"] = "2|1|1,3,4|fail",
        ["3-of-5-one-key-signature-wrong-not-signed-with-3-expected-keys"] = "0,1,3,4,5|3|0,2,4|fail",
        ["2-of-5-one-key-signature-mising-threshold-not-reached"] = "0,1,3,4,5|3|0,4|fail",
        ["3-of-5-sign-first-combo"] = "0,1,2,3,4|3|0,2,4",
        ["3-of-5-sign-second-combo"] = "0,1,2,3,4|3|0,4,1",
        ["3-of-5-sign-third-combo"] = "0,1,2,3,4|3|0,1,3",
        ["3-of-5-sign-fourth-combo"] = "0,1,2,3,4|3|1,2,3",
        ["3-of-5-sign-fifth-combo"] = "0,1,2,3,4|3|2,3,4",
    };

    public static TheoryData<string> RootCases => new(s_rootCases.Keys);

    public static TheoryData<string> NonRootCases => new(s_nonRootCases.Keys);

    [Theory]
    [MemberData(nameof(RootCases))]
    public void test_root_rotation(string id) => ExpectedFailures.Check(nameof(test_root_rotation), id, () =>
    {
        var signers = ConformanceKeys.Ed25519(10);
        using var client = new ConformanceRunner(nameof(test_root_rotation) + "[" + id + "]");
        var repo = client.Repository;
        repo.SignedMds[TufRoles.Root].Clear();
        repo.Root.Version = 1;
        var versions = s_rootCases[id].Select(MdVersion.Parse).ToArray();
        var first = true;
        foreach (var version in versions)
        {
            repo.Root.Roles[TufRoles.Root].KeyIds.Clear();
            repo.Signers[TufRoles.Root].Clear();
            repo.Root.Roles[TufRoles.Root].Threshold = version.Threshold;
            foreach (var i in version.Keys)
            {
                repo.Root.AddKey(signers[i].PublicKey.ToTufKey(), TufRoles.Root);
            }

            foreach (var i in version.Signers)
            {
                repo.AddSigner(TufRoles.Root, signers[i]);
            }

            repo.Publish(new[] { TufRoles.Root }, bumpVersion: !first);
            first = false;
        }

        client.TrustedRoot = repo.FetchMetadata(TufRoles.Root, 1)!;
        Assert.Equal(0, client.InitClient());
        var roots = repo.SignedMds[TufRoles.Root];
        var succeeds = versions[^1].Succeeds;
        Assert.Equal(succeeds ? 0 : 1, client.Refresh());
        Assert.Equal(succeeds ? roots[^1] : roots[^2], File.ReadAllBytes(Path.Combine(client.MetadataDir, "root.json")));
    });

    [Theory]
    [MemberData(nameof(NonRootCases))]
    public void test_non_root_rotations(string id) => ExpectedFailures.Check(nameof(test_non_root_rotations), id, () =>
    {
        var signers = ConformanceKeys.Ed25519(10);
        using var client = new ConformanceRunner(nameof(test_non_root_rotations) + "[" + id + "]");
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        var version = MdVersion.Parse(s_nonRootCases[id]);
        foreach (var role in new[] { TufRoles.Timestamp, TufRoles.Snapshot, TufRoles.Targets })
        {
            repo.Root.Roles[role].KeyIds.Clear();
            repo.Signers[role].Clear();
            repo.Root.Roles[role].Threshold = version.Threshold;
            foreach (var i in version.Keys)
            {
                repo.Root.AddKey(signers[i].PublicKey.ToTufKey(), role);
            }

            foreach (var i in version.Signers)
            {
                repo.AddSigner(role, signers[i]);
            }

            repo.Publish(TufRoles.Root);

            // The suite signs on every fetch; here the role (and what lists it) is published again with its new signers.
            var chain = role switch
            {
                TufRoles.Timestamp => new[] { TufRoles.Timestamp },
                TufRoles.Snapshot => new[] { TufRoles.Snapshot, TufRoles.Timestamp },
                _ => new[] { TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp },
            };
            repo.Publish(chain);
            if (version.Succeeds)
            {
                Assert.Equal(0, client.Refresh());
                Assert.Equal(repo.FetchMetadata(role), File.ReadAllBytes(Path.Combine(client.MetadataDir, role + ".json")));
            }
            else
            {
                Assert.Equal(1, client.Refresh());
            }
        }
    });

    private sealed record MdVersion(int[] Keys, int Threshold, int[] Signers, bool Succeeds)
    {
        public static MdVersion Parse(string text)
        {
            var parts = text.Split('|');
            static int[] Ints(string s) => s.Split(',').Select(x => int.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return new MdVersion(Ints(parts[0]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), Ints(parts[2]), parts.Length < 4);
        }
    }
}
