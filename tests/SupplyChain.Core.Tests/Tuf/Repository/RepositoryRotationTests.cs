using System;
using System.IO;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Repository;

namespace SupplyChain.Core.Tests.Tuf.Repository;

public sealed class RepositoryRotationTests
{
    [Fact]
    public void RootRotation_IsSignedByTheOldAndTheNewThresholds_AndClientsFollowIt()
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        using var second = RepositoryTestKit.NewKey();
        using var third = RepositoryTestKit.NewKey(KeyAlgorithm.Ed25519);

        // Two new root keys, threshold 2: the old key alone satisfies the old root, but not the new one.
        using (var editor = kit.Open())
        {
            var unsigned = Assert.Throws<SupplyChainException>(() => editor.Rotate(new RotationRequest
            {
                Role = "root",
                AddKeys = Array.Empty<ISigner>(),
                RemoveKeyIds = Array.Empty<string>(),
                Threshold = 2,
                RootKeys = new[] { kit.RootKey },
            }));
            Assert.Equal("SCSDK4114", unsigned.Diagnostic.Code);
        }

        using (var editor = kit.Open())
        {
            var result = editor.Rotate(new RotationRequest { Role = "root", AddKeys = new ISigner[] { second, third }, Threshold = 2, RootKeys = new[] { kit.RootKey } });
            Assert.Equal(2, result.Threshold);
            Assert.Equal(3, result.KeyIds.Count);
            Assert.Equal(2, Assert.Single(result.Written).Version);
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(kit.Path, "metadata", "2.root.json")), File.ReadAllBytes(Path.Combine(kit.Path, "metadata", "root.json")));
        kit.Verify();

        // Removing the first key: root 3 needs 2 of {root, second, third} and 2 of {second, third}.
        using (var editor = kit.Open())
        {
            var notEnough = Assert.Throws<SupplyChainException>(() => editor.Rotate(new RotationRequest { Role = "root", RemoveKeyIds = new[] { kit.RootKey.KeyId }, RootKeys = new ISigner[] { kit.RootKey, second } }));
            Assert.Equal("SCSDK4111", notEnough.Diagnostic.Code);
            Assert.Contains("version 3", notEnough.Diagnostic.Message, StringComparison.Ordinal);
        }

        using (var editor = kit.Open())
        {
            editor.Rotate(new RotationRequest { Role = "root", RemoveKeyIds = new[] { kit.RootKey.KeyId }, RootKeys = new ISigner[] { second, third } });
        }

        kit.Verify();
        using var final = kit.Open();
        Assert.Equal(3, final.Root.Signed.Version);
        Assert.DoesNotContain(kit.RootKey.KeyId, final.Root.Signed.Keys.Keys);

        // A stranger's key cannot sign a root.
        using var stranger = RepositoryTestKit.NewKey();
        var ex = Assert.Throws<SupplyChainException>(() => final.Rotate(new RotationRequest { Role = "root", RootKeys = new ISigner[] { second, third, stranger } }));
        Assert.Equal("SCSDK4103", ex.Diagnostic.Code);
    }

    [Fact]
    public void TargetsKeyRotation_ResignsTargetsAndPublishes_TheOldKeyNoLongerSigns()
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        kit.AddAndPublish(kit.File("a.txt", "a"));
        using var newKey = RepositoryTestKit.NewKey(KeyAlgorithm.Rsa);
        using (var editor = kit.Open())
        {
            var result = editor.Rotate(new RotationRequest
            {
                Role = "targets",
                AddKeys = new[] { newKey },
                RemoveKeyIds = new[] { kit.TargetsKey.KeyId },
                RootKeys = new[] { kit.RootKey },
                SnapshotKeys = new[] { kit.SnapshotKey },
                TimestampKeys = new[] { kit.TimestampKey },
            });
            Assert.Equal(new[] { newKey.KeyId }, result.KeyIds);
            // Without the old key the new targets cannot verify under the old root: the root comes first.
            Assert.Equal(new[] { "root", "targets", "snapshot", "timestamp" }, result.Written.Select(w => w.RoleName));
        }

        Assert.Equal(new[] { "a.txt" }, kit.Verify().Keys);
        using var after = kit.Open();
        Assert.Equal("SCSDK4103", Assert.Throws<SupplyChainException>(() => after.AddTargets(new[] { kit.File("b.txt", "b") }, new[] { kit.TargetsKey })).Diagnostic.Code);
        after.AddTargets(new[] { kit.File("b.txt", "b") }, new[] { newKey });
        after.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
        after.Dispose();
        Assert.Equal(2, kit.Verify().Count);

        // With the old key as well, the new targets verifies under both roots, so the new root is written last.
        using var third = RepositoryTestKit.NewKey(KeyAlgorithm.EcdsaP384);
        using var editor2 = kit.Open();
        var seamless = editor2.Rotate(new RotationRequest
        {
            Role = "targets",
            AddKeys = new[] { third },
            RemoveKeyIds = new[] { newKey.KeyId },
            RoleKeys = new[] { newKey },
            RootKeys = new[] { kit.RootKey },
            SnapshotKeys = new[] { kit.SnapshotKey },
            TimestampKeys = new[] { kit.TimestampKey },
        });
        Assert.Equal(new[] { "targets", "snapshot", "timestamp", "root" }, seamless.Written.Select(w => w.RoleName));
        var signatures = editor2.Targets.Signatures.Select(s => s.KeyId).OrderBy(k => k, StringComparer.Ordinal);
        Assert.Equal(new[] { newKey.KeyId, third.KeyId }.OrderBy(k => k, StringComparer.Ordinal), signatures);
    }

    [Fact]
    public void Renewal_WithoutAKeyChange_SignsANewVersionWithAFreshExpiryAndNoNewRoot()
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        kit.Clock.Now = RepositoryTestKit.Now.AddDays(60);
        using (var editor = kit.Open())
        {
            var result = editor.Rotate(new RotationRequest { Role = "targets", RoleKeys = new[] { kit.TargetsKey }, SnapshotKeys = new[] { kit.SnapshotKey }, TimestampKeys = new[] { kit.TimestampKey } });
            Assert.DoesNotContain(result.Written, w => w.RoleName == "root");
        }

        using var after = kit.Open();
        Assert.Equal(1, after.Root.Signed.Version);
        Assert.Equal(2, after.Targets.Signed.Version);
        Assert.Equal(RepositoryTestKit.Now.AddDays(150), after.Targets.Signed.Expires);
        kit.Verify();
    }

    [Fact]
    public void BinsKeyRotation_ResignsEveryBinAndTargets_InOneRelease()
    {
        using var kit = new RepositoryTestKit(bins: 8);
        kit.Init();
        kit.AddAndPublish(kit.File("a.txt", "a"), kit.File("b.txt", "b"));
        using var newKey = RepositoryTestKit.NewKey();
        using (var editor = kit.Open())
        {
            var missingTargetsKey = Assert.Throws<SupplyChainException>(() => editor.Rotate(new RotationRequest
            {
                Role = "bins",
                AddKeys = new[] { newKey },
                RemoveKeyIds = new[] { kit.BinsKey.KeyId },
                SnapshotKeys = new[] { kit.SnapshotKey },
                TimestampKeys = new[] { kit.TimestampKey },
            }));
            Assert.Equal("SCSDK4104", missingTargetsKey.Diagnostic.Code);
        }

        using (var editor = kit.Open())
        {
            var result = editor.Rotate(new RotationRequest
            {
                Role = "bins",
                AddKeys = new[] { newKey },
                RemoveKeyIds = new[] { kit.BinsKey.KeyId },
                RoleKeys = new[] { kit.BinsKey },
                TargetsKeys = new[] { kit.TargetsKey },
                SnapshotKeys = new[] { kit.SnapshotKey },
                TimestampKeys = new[] { kit.TimestampKey },
            });
            Assert.Equal(8 + 3, result.Written.Count);
        }

        Assert.Equal(new[] { "a.txt", "b.txt" }, kit.Verify().Keys.OrderBy(k => k, StringComparer.Ordinal));
        using var after = kit.Open();
        Assert.Equal(new[] { newKey.KeyId }, after.Bins!.KeyIds);
        after.AddTargets(new[] { kit.File("c.txt", "c") }, new[] { newKey });
    }

    [Fact]
    public void Rotate_UnknownRoleOrImpossibleChange_IsRefused()
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        using var editor = kit.Open();
        Assert.Equal("SCSDK4112", Assert.Throws<SupplyChainException>(() => editor.Rotate(new RotationRequest { Role = "bins" })).Diagnostic.Code);
        var remove = Assert.Throws<SupplyChainException>(() => editor.Rotate(new RotationRequest { Role = "snapshot", RemoveKeyIds = new[] { kit.SnapshotKey.KeyId }, RootKeys = new[] { kit.RootKey } }));
        Assert.Equal("SCSDK4114", remove.Diagnostic.Code);
        var unknown = Assert.Throws<SupplyChainException>(() => editor.Rotate(new RotationRequest { Role = "snapshot", RemoveKeyIds = new[] { new string('a', 64) }, RootKeys = new[] { kit.RootKey } }));
        Assert.Equal("SCSDK4114", unknown.Diagnostic.Code);
        Assert.Equal(1, editor.Root.Signed.Version);
    }
}
