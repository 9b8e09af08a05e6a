using System;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf.Client;

/// <summary>
/// Memory follows the size of the targets metadata, without timing: what a refresh allocates is counted on the test's
/// thread (the simulator's fetches complete synchronously, so the whole refresh runs on it).
/// </summary>
public class TargetsMetadataMemoryTests
{
    [Theory]
    [InlineData(KeyAlgorithm.Ed25519)]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    public void RefreshOfManyTargets_AllocatesAFewTimesTheMetadata_NotATreeOfIt_NorItsCanonicalForm(KeyAlgorithm algorithm)
    {
        using var h = new UpdaterHarness(new RepositorySimulator(algorithm: algorithm, metaHashes: true));
        for (var i = 0; i < 4000; i++)
        {
            h.Repository.AddTarget(TufRoles.Targets, $"files/file-{i}.txt", $"content {i}");
        }

        h.Repository.Publish(TufRoles.Targets);
        h.Repository.UpdateSnapshot();
        var metadata = h.Repository.Published[TufRoles.Targets].Length;
        h.Refresh();
        using var again = new UpdaterHarness(h.Repository);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var trusted = again.Refresh();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(4000, trusted.Targets!.Signed.TargetFiles.Count);
        // The fetched document once (an exact array: not grown and trimmed), the index (24 bytes a target) and the
        // small roles: 1.9 (ECDSA) to 2.2 (Ed25519) times. The canonical form the signatures are over is hashed as it
        // is written, never held: when it was written into one array, 2.8 to 3.2 times. Before that, the fetch alone
        // allocated the document three times, and each entry became a tree twice.
        Assert.True(allocated < 2.5 * metadata, $"a refresh of {metadata} bytes of targets metadata allocated {allocated} bytes ({(double)allocated / metadata:F2} times)");
    }
}
