using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Core.Tests.Tuf.Client;

/// <summary>Targets metadata larger than the cap for an unlisted length, accepted because snapshot lists its length.</summary>
public class LargeTargetsMetadataTests
{
    [Fact]
    public void StoredTargetsLongerThanTheCap_ButAsLongAsSnapshotLists_IsUsedOnTheNextRefresh()
    {
        using var h = new UpdaterHarness(new RepositorySimulator(metaHashes: true));
        for (var i = 0; i < 40; i++)
        {
            h.Repository.AddTarget(TufRoles.Targets, $"files/file-{i}.txt", $"content {i}");
        }

        h.Repository.Publish(TufRoles.Targets);
        h.Repository.UpdateSnapshot();
        var length = h.Repository.Snapshot.Meta["targets.json"].Length!.Value;
        h.Limits = TufClientLimits.Default with { TargetsMaxLength = length / 2 };
        h.Refresh();
        h.Fetcher.Requests.Clear();

        var again = h.Refresh();

        Assert.Equal(40, again.Targets!.Signed.TargetFiles.Count);
        Assert.DoesNotContain(h.Fetcher.Requests, r => r.Contains("targets.json", System.StringComparison.Ordinal));
    }
}
