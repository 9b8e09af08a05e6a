using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf.Repository;

namespace SupplyChain.Core.Tests.Tuf.Repository;

/// <summary>
/// Stops operations after each of their writes (the fault-injection seam) and checks that what is left is a
/// repository that verifies, showing either the old release or the new one, and that running again finishes.
/// </summary>
public sealed class RepositoryCrashTests
{
    [Theory]
    [MemberData(nameof(StoreKinds.NoBinsAndEight), MemberType = typeof(StoreKinds))]
    public void AddAndPublish_StoppedAfterAnyWrite_LeavesAVerifyingRepositoryAndTheRerunFinishes(string storage, int bins)
    {
        var total = CountWrites(bins, (kit, editor) => AddAndPublish(kit, editor, Requests(kit)), storage);
        Assert.True(total >= 6, $"add and publish write the target files, the role(s), the pending list, the snapshot, the timestamp and the pending list again ({total})");
        for (var stop = 1; stop <= total; stop++)
        {
            using var kit = new RepositoryTestKit(bins, storage: storage);
            kit.Init();
            kit.AddAndPublish(kit.File("before.txt", "before"));
            var requests = Requests(kit);
            var crash = Assert.Throws<SimulatedCrashException>(() =>
            {
                using var editor = kit.Open(write => StopAt(write, stop));
                AddAndPublish(kit, editor, requests);
            });
            Assert.Equal(stop, crash.Write.Number);

            // Clients see the old release or the whole new one, never a mix.
            var seen = kit.Verify().Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
            Assert.True(seen.SequenceEqual(new[] { "before.txt" }) || seen.SequenceEqual(All(requests)), $"after write {stop}: {string.Join(", ", seen)}");

            // The next run sees no leftover as a conflict and publishes everything.
            using (var editor = kit.Open())
            {
                AddAndPublish(kit, editor, requests);
            }

            Assert.Equal(All(requests), kit.Verify().Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.DoesNotContain(kit.Files(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Add_StoppedAfterItsRoleWasWrittenButBeforeThePendingList_IsNotAppliedAndItsVersionIsSkipped(string storage)
    {
        using var kit = new RepositoryTestKit(storage: storage);
        kit.Init();
        var request = kit.File("a.txt", "a");
        Assert.Throws<SimulatedCrashException>(() =>
        {
            using var editor = kit.Open(write => { if (write.Kind == RepositoryWriteKind.TargetsMetadata) throw new SimulatedCrashException(write); });
            editor.AddTargets(new[] { request }, new[] { kit.TargetsKey });
        });
        Assert.Contains("metadata/2.targets.json", kit.Files());
        using var again = kit.Open();
        Assert.Empty(again.PendingRoles);
        var added = again.AddTargets(new[] { request }, new[] { kit.TargetsKey });
        Assert.Equal(3, Assert.Single(added.SignedRoles).Version);
    }

    [Theory]
    [InlineData("targets", true)]
    [InlineData("targets", false)]
    [InlineData("snapshot", true)]
    [InlineData("snapshot", false)]
    [InlineData("timestamp", true)]
    [InlineData("timestamp", false)]
    public void Rotate_StoppedAfterAnyWrite_LeavesARepositoryTheToolingRecovers(string role, bool withOldKey)
    {
        var total = CountWrites(0, (kit, editor) => editor.Rotate(Rotation(kit, role, RepositoryTestKit.NewKey(), withOldKey)));
        for (var stop = 1; stop <= total; stop++)
        {
            using var kit = new RepositoryTestKit();
            kit.Init();
            kit.AddAndPublish(kit.File("a.txt", "a"));
            using var newKey = RepositoryTestKit.NewKey();
            var request = Rotation(kit, role, newKey, withOldKey);
            Assert.Throws<SimulatedCrashException>(() =>
            {
                using var editor = kit.Open(write => StopAt(write, stop));
                editor.Rotate(request);
            });

            if (withOldKey)
            {
                // Signed by the old and the new keys, every intermediate state verifies for clients.
                Assert.Equal(new[] { "a.txt" }, kit.Verify().Keys);
            }

            // The tooling opens the repository (a role signed only for the previous root is stale, not an error),
            // and running the rotation again finishes it.
            using (var editor = kit.Open())
            {
                var current = editor.Root.Signed.Roles[role].KeyIds;
                var rerun = current.Contains(newKey.KeyId) && !current.Contains(OldKey(kit, role).KeyId)
                    ? new RotationRequest { Role = role, RoleKeys = new[] { newKey }, SnapshotKeys = new[] { role == "snapshot" ? newKey : kit.SnapshotKey }, TimestampKeys = new[] { role == "timestamp" ? newKey : kit.TimestampKey } }
                    : request;
                editor.Rotate(rerun);
            }

            Assert.Equal(new[] { "a.txt" }, kit.Verify().Keys);
            using var final = kit.Open();
            Assert.Empty(final.StaleRoles);
            Assert.Equal(new[] { newKey.KeyId }, final.Root.Signed.Roles[role].KeyIds);
        }
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Init_StoppedAfterAnyWrite_LeavesNoRepositoryAndInitCanRunAgain(string storage)
    {
        var total = 0;
        using (var probe = new RepositoryTestKit(bins: 4, storage: storage))
        {
            RepositoryEditor.Initialize(probe.Path, Request(probe), probe.Options(write => total = write.Number));
        }

        for (var stop = 1; stop < total; stop++)
        {
            using var kit = new RepositoryTestKit(bins: 4, storage: storage);
            Assert.Throws<SimulatedCrashException>(() => RepositoryEditor.Initialize(kit.Path, Request(kit), kit.Options(write => StopAt(write, stop))));
            Assert.DoesNotContain("metadata/1.root.json", kit.Files());
            var open = Assert.Throws<SupplyChainException>(() => kit.Open());
            Assert.Equal("SCSDK4100", open.Diagnostic.Code);
            kit.Init();
            Assert.Empty(kit.Verify());
            if (!kit.IsBlob)
            {
                Assert.Empty(Directory.GetDirectories(Path.Combine(kit.Path, ".supplychain-tuf")));
            }
        }
    }

    internal static void StopAt(RepositoryWrite write, int stop)
    {
        if (write.Number == stop)
        {
            throw new SimulatedCrashException(write);
        }
    }

    private static RepositoryInitRequest Request(RepositoryTestKit kit) => new()
    {
        RootKeys = new[] { kit.RootKey },
        TargetsKeys = new[] { kit.TargetsKey },
        SnapshotKeys = new[] { kit.SnapshotKey },
        TimestampKeys = new[] { kit.TimestampKey },
        Bins = kit.Bins,
        BinsKeys = kit.Bins > 0 ? new[] { kit.BinsKey } : Array.Empty<Core.Crypto.ISigner>(),
    };

    private static Core.Crypto.SigningKey OldKey(RepositoryTestKit kit, string role)
        => role switch { "targets" => kit.TargetsKey, "snapshot" => kit.SnapshotKey, _ => kit.TimestampKey };

    private static RotationRequest Rotation(RepositoryTestKit kit, string role, Core.Crypto.SigningKey newKey, bool withOldKey)
    {
        var old = OldKey(kit, role);
        return new RotationRequest
        {
            Role = role,
            AddKeys = new[] { newKey },
            RemoveKeyIds = new[] { old.KeyId },
            RoleKeys = withOldKey ? new[] { old } : Array.Empty<Core.Crypto.ISigner>(),
            RootKeys = new[] { kit.RootKey },
            SnapshotKeys = role == "snapshot" ? Array.Empty<Core.Crypto.ISigner>() : new[] { kit.SnapshotKey },
            TimestampKeys = role == "timestamp" ? Array.Empty<Core.Crypto.ISigner>() : new[] { kit.TimestampKey },
        };
    }

    private static TargetRequest[] Requests(RepositoryTestKit kit)
        => new[] { kit.File("pkg/1.0.0/pkg.1.0.0.nupkg", "package"), kit.File("pkg/1.0.0/pkg.1.0.0.cdx.json", "{}"), kit.File("other/2.0.0/other.2.0.0.nupkg", "other") };

    private static string[] All(TargetRequest[] requests)
        => requests.Select(r => r.TargetPath).Append("before.txt").OrderBy(k => k, StringComparer.Ordinal).ToArray();

    private static void AddAndPublish(RepositoryTestKit kit, RepositoryEditor editor, TargetRequest[] requests)
    {
        editor.AddTargets(requests, new[] { kit.AddKey });
        editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
    }

    private static int CountWrites(int bins, Action<RepositoryTestKit, RepositoryEditor> operation, string storage = StoreKinds.Folder)
    {
        using var kit = new RepositoryTestKit(bins, storage: storage);
        kit.Init();
        kit.AddAndPublish(kit.File("before.txt", "before"));
        var writes = new List<RepositoryWrite>();
        using (var editor = kit.Open(writes.Add))
        {
            operation(kit, editor);
        }

        return writes.Count;
    }
}
