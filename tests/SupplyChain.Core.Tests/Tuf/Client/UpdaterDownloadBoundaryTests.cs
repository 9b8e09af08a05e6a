using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Core.Tests.Tuf.Client;

/// <summary>
/// The <see cref="Updater"/>'s own checks on the way from a response to a file: the cache check, unsafe target paths,
/// the length limits while reading (declared, signed, grown buffer), fetch failures, the hash algorithms and the
/// trusted root file. The simulator stands for a server that serves whatever path it is asked for (as an HTTP server
/// does once a URL holds <c>..</c>), so only the updater's checks stand between a path and a request.
/// </summary>
public class UpdaterDownloadBoundaryTests
{
    // ---- The cache check ----

    [Fact]
    public void CachedTarget_OfTheSignedLengthButOtherBytes_IsNotServedAsCached()
    {
        using var h = new UpdaterHarness();
        var signed = Encoding.UTF8.GetBytes("the signed package");
        h.Fetcher.AddTarget(TufRoles.Targets, "pkg/a.nupkg", signed);
        h.Repository.PublishAll();
        var destination = Path.Combine(h.TargetDirectory, "a.nupkg");
        Directory.CreateDirectory(h.TargetDirectory);
        var tampered = Encoding.UTF8.GetBytes("the EVIL!! package");
        Assert.Equal(signed.Length, tampered.Length);
        File.WriteAllBytes(destination, tampered);
        var updater = h.NewUpdater();

        Assert.False(Updater.IsCached(updater.GetTarget("pkg/a.nupkg"), destination));
        var (_, downloaded) = updater.Download("pkg/a.nupkg", destination);

        Assert.True(downloaded);
        Assert.Equal(signed, File.ReadAllBytes(destination));
    }

    [Fact]
    public void CachedTarget_ThatMatches_IsNotDownloadedAgain()
    {
        using var h = new UpdaterHarness();
        var signed = Encoding.UTF8.GetBytes("the signed package");
        h.Fetcher.AddTarget(TufRoles.Targets, "a.nupkg", signed);
        h.Repository.PublishAll();
        var destination = Path.Combine(h.TargetDirectory, "a.nupkg");
        Assert.True(h.NewUpdater().Download("a.nupkg", destination).Downloaded);
        var fetcher = h.Fetcher;
        fetcher.Requests.Clear();

        var updater = h.NewUpdater();
        var (target, downloaded) = updater.Download("a.nupkg", destination);

        Assert.False(downloaded);
        Assert.True(Updater.IsCached(target, destination));
        Assert.DoesNotContain(fetcher.Requests, r => r.StartsWith("targets/", StringComparison.Ordinal));
    }

    // ---- Unsafe target paths ----

    [Theory]
    [InlineData("../outside.txt", "..")]
    [InlineData("dir/../../outside.txt", "..")]
    [InlineData("./a.txt", ".")]
    [InlineData("dir/./a.txt", ".")]
    [InlineData("dir//a.txt", "")]
    [InlineData("\\..\\outside/a.txt", "\\..\\outside")]
    [InlineData("\0dir/a.txt", "\0dir")]
    [InlineData("d\\..\\..\\x/a.txt", "d\\..\\..\\x")]
    public void UnsafeTargetPath_SignedByTheRepository_IsRefusedBeforeAnyRequestAndNothingIsWritten(string targetPath, string part)
    {
        using var h = new UpdaterHarness();
        h.Fetcher.AddTarget(TufRoles.Targets, targetPath, Encoding.UTF8.GetBytes("content"));
        h.Repository.PublishAll();
        var updater = h.NewUpdater();
        var target = updater.GetTarget(targetPath);
        var destination = Path.Combine(h.TargetDirectory, Updater.LocalFileName(targetPath));
        var staging = Path.Combine(Path.GetDirectoryName(h.MetadataDirectory)!, "staging");
        var before = Directory.GetFileSystemEntries(Path.GetDirectoryName(h.MetadataDirectory)!, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        var ex = TufAssert.Rejects<TufUnsafeTargetPathException>("SCSDK4205", () => updater.DownloadTarget(target, destination));

        Assert.Contains($"the part '{part}' cannot be a file or folder name", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Fetcher.Requests, r => r.StartsWith("targets/", StringComparison.Ordinal));
        Assert.False(File.Exists(destination));
        Assert.False(Directory.Exists(staging) && Directory.EnumerateFileSystemEntries(staging).Any());
        var after = Directory.GetFileSystemEntries(Path.GetDirectoryName(h.MetadataDirectory)!, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(before, after);
    }

    [Fact]
    public void EmptyTargetPath_IsRefusedAsEmpty()
    {
        using var h = new UpdaterHarness();
        var target = new TargetFile(string.Empty, 1, new Dictionary<string, string> { ["sha256"] = new string('0', 64) });

        var ex = TufAssert.Rejects<TufUnsafeTargetPathException>("SCSDK4205", () => h.NewUpdater().DownloadTarget(target, Path.Combine(h.TargetDirectory, "x")));

        Assert.Contains("it is empty", ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fetcher.Requests);
    }

    [Fact]
    public void TargetMissingFromTheRepository_IsNotFound_UnderThePathItWasAskedFor()
    {
        using var h = new UpdaterHarness();
        var target = h.Fetcher.AddTarget(TufRoles.Targets, "dir/b.txt", Encoding.UTF8.GetBytes("content"));
        h.Repository.PublishAll();
        h.Fetcher.TargetFiles.Clear();

        var updater = h.NewUpdater();

        var ex = Assert.Throws<TufMetadataNotFoundException>(() => updater.Download("dir/b.txt", Path.Combine(h.TargetDirectory, "b.txt")));

        Assert.Contains("dir/" + target.Hashes["sha256"] + ".b.txt", ex.Message, StringComparison.Ordinal);
        Assert.Equal("sim://targets/dir/" + target.Hashes["sha256"] + ".b.txt", updater.CurrentFile);
    }

    // ---- Length limits of targets ----

    [Fact]
    public void EndlessData_TargetDeclaringMoreThanItsSignedLength_IsRefusedBeforeReading()
    {
        using var h = new UpdaterHarness();
        var target = h.Fetcher.AddTarget(TufRoles.Targets, "a.bin", new byte[1000]);
        h.Repository.PublishAll();
        var endless = new EndlessStream { DeclaredLength = 1001 };
        h.Fetcher.Overrides["targets/" + target.Hashes["sha256"] + ".a.bin"] = () => endless;

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.NewUpdater().Download("a.bin", Path.Combine(h.TargetDirectory, "a.bin")));

        Assert.Contains("it is 1001 bytes long, but 1000 are listed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, endless.BytesRead);
    }

    [Fact]
    public void EndlessData_TargetLongerThanOneReadBuffer_IsReadAtMostOneBytePastTheSignedLength()
    {
        using var h = new UpdaterHarness();
        var target = h.Fetcher.AddTarget(TufRoles.Targets, "big.bin", new byte[100_000]);
        h.Repository.PublishAll();
        var endless = new EndlessStream();
        h.Fetcher.Overrides["targets/" + target.Hashes["sha256"] + ".big.bin"] = () => endless;

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.NewUpdater().Download("big.bin", Path.Combine(h.TargetDirectory, "big.bin")));

        Assert.Contains("longer than the 100000 bytes listed", ex.Message, StringComparison.Ordinal);
        Assert.True(endless.BytesRead <= 100_001, $"read {endless.BytesRead} bytes");
    }

    [Fact]
    public void Target_IsStagedInTheStagingFolderUnderAPartialName_AndReachesTheDestinationOnlyWhenItMatches()
    {
        using var h = new UpdaterHarness();
        var content = Encoding.UTF8.GetBytes("the signed package");
        var target = h.Fetcher.AddTarget(TufRoles.Targets, "a.nupkg", content);
        h.Repository.PublishAll();
        var staging = Path.Combine(Path.GetDirectoryName(h.MetadataDirectory)!, "staging");
        var destination = Path.Combine(h.TargetDirectory, "a.nupkg");
        var seen = new List<string>();
        var destinationExisted = true;
        h.Fetcher.Overrides["targets/" + target.Hashes["sha256"] + ".a.nupkg"] = () => new ObservedStream(content, () =>
        {
            seen.AddRange(Directory.GetFiles(staging).Select(Path.GetFileName)!);
            destinationExisted = File.Exists(destination);
        });

        h.NewUpdater().Download("a.nupkg", destination);

        var name = Assert.Single(seen);
        Assert.Matches("^\\.supplychain-tuf-[0-9a-f]{32}\\.partial$", name);
        Assert.False(destinationExisted);
        Assert.Equal(content, File.ReadAllBytes(destination));
        Assert.Empty(Directory.GetFiles(staging));
    }

    // ---- Length limits of metadata (declared, signed, grown buffer) ----

    [Fact]
    public void EndlessData_MetadataSendingMoreThanItDeclares_StopsReadingAtTheRoleLimit()
    {
        using var h = new UpdaterHarness();
        var endless = new EndlessStream { DeclaredLength = 10 };
        h.Fetcher.Overrides["timestamp.json"] = () => endless;

        TufAssert.Rejects<TufDownloadTooLargeException>("SCSDK4203", () => h.Refresh());

        Assert.InRange(endless.BytesRead, TufClientLimits.Default.TimestampMaxLength + 1, TufClientLimits.Default.TimestampMaxLength + 1);
    }

    [Fact]
    public void Metadata_LongerThanItsDeclaredLength_IsReadWholeAndVerifies()
    {
        using var h = new UpdaterHarness();
        var timestamp = h.Repository.Published[TufRoles.Timestamp];
        h.Fetcher.Overrides["timestamp.json"] = () => new DeclaredLengthStream(timestamp, 10);

        var trusted = h.Refresh();

        Assert.Equal(h.Repository.Timestamp.Version, trusted.Timestamp!.Signed.Version);
        Assert.Equal(timestamp, File.ReadAllBytes(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Timestamp)));
    }

    [Fact]
    public void Metadata_ShorterThanItsDeclaredLength_IsReadToItsEndAndVerifies()
    {
        using var h = new UpdaterHarness();
        var timestamp = h.Repository.Published[TufRoles.Timestamp];
        h.Fetcher.Overrides["timestamp.json"] = () => new DeclaredLengthStream(timestamp, timestamp.Length + 100);

        var trusted = h.Refresh();

        Assert.Equal(h.Repository.Timestamp.Version, trusted.Timestamp!.Signed.Version);
        Assert.Equal(timestamp, File.ReadAllBytes(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Timestamp)));
    }

    [Fact]
    public void Snapshot_LongerThanTheTimestampListsIt_IsALengthMismatchOfTheTimestamp()
    {
        using var h = new UpdaterHarness(new RepositorySimulator(metaHashes: true));
        var listed = h.Repository.Published[TufRoles.Snapshot].Length;
        h.Repository.Published[TufRoles.Snapshot] = h.Repository.Published[TufRoles.Snapshot].Concat(new byte[] { (byte)' ' }).ToArray();

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.Refresh());

        Assert.Contains($"'snapshot.json' does not match what 'timestamp' lists for it: it is longer than the {listed} bytes listed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_LongerThanTheSnapshotListsIt_IsALengthMismatchOfTheSnapshot()
    {
        using var h = new UpdaterHarness(new RepositorySimulator(metaHashes: true));
        var listed = h.Repository.Published[TufRoles.Targets].Length;
        h.Repository.Published[TufRoles.Targets] = h.Repository.Published[TufRoles.Targets].Concat(new byte[] { (byte)' ' }).ToArray();

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.Refresh());

        Assert.Contains($"'targets.json' does not match what 'snapshot' lists for it: it is longer than the {listed} bytes listed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndlessData_SnapshotWithoutAListedLength_StopsAtTheSnapshotLimit()
    {
        using var h = new UpdaterHarness();
        h.Limits = TufClientLimits.Default with { SnapshotMaxLength = 50_000 };
        var endless = new EndlessStream();
        h.Fetcher.Overrides["1.snapshot.json"] = () => endless;
        h.Fetcher.Overrides["snapshot.json"] = () => endless;

        TufAssert.Rejects<TufDownloadTooLargeException>("SCSDK4203", () => h.Refresh());

        Assert.True(endless.BytesRead <= 50_001, $"read {endless.BytesRead} bytes");
    }

    // ---- Fetch failures while reading ----

    [Fact]
    public void Metadata_ResponseFailingMidway_IsAFetchFailure()
    {
        using var h = new UpdaterHarness();
        h.Fetcher.Overrides["timestamp.json"] = () => new FailingStream(new byte[20], new IOException("connection reset by peer."));

        var ex = TufAssert.Rejects<TufFetchException>("SCSDK4200", () => h.Refresh());

        Assert.Contains("the response ended early: connection reset by peer", ex.Message, StringComparison.Ordinal);
        Assert.Null(h.Version(TufRoles.Timestamp));
    }

    [Fact]
    public void Metadata_ReadTimingOut_IsAFetchFailure_NotACancellation()
    {
        using var h = new UpdaterHarness();
        h.Fetcher.Overrides["timestamp.json"] = () => new FailingStream(new byte[20], new OperationCanceledException("the read timed out."));

        var ex = TufAssert.Rejects<TufFetchException>("SCSDK4200", () => h.Refresh());

        Assert.Contains("the response ended early: the read timed out", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_ResponseFailingMidway_IsAFetchFailureAndNothingIsWritten()
    {
        using var h = new UpdaterHarness();
        var target = h.Fetcher.AddTarget(TufRoles.Targets, "a.bin", new byte[1000]);
        h.Repository.PublishAll();
        h.Fetcher.Overrides["targets/" + target.Hashes["sha256"] + ".a.bin"] = () => new FailingStream(new byte[500], new IOException("connection reset by peer."));
        var destination = Path.Combine(h.TargetDirectory, "a.bin");

        var ex = TufAssert.Rejects<TufFetchException>("SCSDK4200", () => h.NewUpdater().Download("a.bin", destination));

        Assert.Contains("the response ended early: connection reset by peer", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
    }

    [Fact]
    public void Target_ReadTimingOut_IsAFetchFailure_NotACancellation()
    {
        using var h = new UpdaterHarness();
        var target = h.Fetcher.AddTarget(TufRoles.Targets, "a.bin", new byte[1000]);
        h.Repository.PublishAll();
        h.Fetcher.Overrides["targets/" + target.Hashes["sha256"] + ".a.bin"] = () => new FailingStream(new byte[500], new OperationCanceledException("the read timed out."));

        var ex = TufAssert.Rejects<TufFetchException>("SCSDK4200", () => h.NewUpdater().Download("a.bin", Path.Combine(h.TargetDirectory, "a.bin")));

        Assert.Contains("the response ended early: the read timed out", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_DownloadCancelledByTheCaller_IsACancellation_NotAFetchFailure()
    {
        using var h = new UpdaterHarness();
        h.Fetcher.AddTarget(TufRoles.Targets, "a.bin", new byte[1000]);
        h.Repository.PublishAll();
        var updater = h.NewUpdater();
        var target = updater.GetTarget("a.bin");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var destination = Path.Combine(h.TargetDirectory, "a.bin");

        Assert.ThrowsAny<OperationCanceledException>(() => updater.DownloadTargetAsync(target, destination, cancelled.Token).GetAwaiter().GetResult());

        Assert.False(File.Exists(destination));
    }

    // ---- Hash algorithms ----

    [Fact]
    public void Target_ListingOnlyAnUnsupportedHashAlgorithm_IsRefusedUnchecked()
    {
        using var h = new UpdaterHarness();
        h.Fetcher.TargetFiles["a.txt"] = Encoding.UTF8.GetBytes("AAAA");
        var target = new TargetFile("a.txt", 4, new Dictionary<string, string> { ["md5"] = "098890dde069e9abad63f19a0d9e1f32" });

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.NewUpdater().DownloadTarget(target, Path.Combine(h.TargetDirectory, "a.txt")));

        Assert.Contains("the hash algorithm 'md5' is not supported", ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fetcher.Requests);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public void Target_WhoseListedHashIsNotAHexDigestOfItsLength_MatchesNoBytes(string listed)
    {
        using var h = new UpdaterHarness();
        h.Fetcher.TargetFiles["a.txt"] = Encoding.UTF8.GetBytes("AAAA");
        var target = new TargetFile("a.txt", 4, new Dictionary<string, string> { ["sha256"] = listed });
        var destination = Path.Combine(h.TargetDirectory, "a.txt");

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.NewUpdater().DownloadTarget(target, destination));

        Assert.Contains("its sha256 is", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
    }

    [Theory]
    [InlineData("sha384")]
    [InlineData("sha512")]
    public void Target_ListingSha384OrSha512_IsCheckedByThatHash(string algorithm)
    {
        using var h = new UpdaterHarness();
        var content = Encoding.UTF8.GetBytes("AAAA");
        h.Fetcher.TargetFiles["a.txt"] = content;
        var digest = Convert.ToHexString(algorithm == "sha384" ? SHA384.HashData(content) : SHA512.HashData(content)).ToLowerInvariant();
        var good = new TargetFile("a.txt", 4, new Dictionary<string, string> { [algorithm] = digest });
        var bad = new TargetFile("a.txt", 4, new Dictionary<string, string> { [algorithm] = new string('0', digest.Length) });
        var destination = Path.Combine(h.TargetDirectory, "a.txt");
        var updater = h.NewUpdater();

        updater.DownloadTarget(good, destination);
        Assert.Equal(content, File.ReadAllBytes(destination));
        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => updater.DownloadTarget(bad, Path.Combine(h.TargetDirectory, "b.txt")));
        Assert.Contains($"its {algorithm} is {digest}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TamperedTargetOfADelegatedRole_NamesTheDelegatedRoleThatListsIt()
    {
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, "team", new[] { "team/*" });
        h.Fetcher.AddTarget("team", "team/a.txt", Encoding.UTF8.GetBytes("AAAA"));
        h.Repository.PublishAll();
        foreach (var key in h.Fetcher.TargetFiles.Keys.ToList())
        {
            h.Fetcher.TargetFiles[key] = Encoding.UTF8.GetBytes("BBBB");
        }

        var ex = TufAssert.Rejects<TufLengthOrHashMismatchException>("SCSDK4008", () => h.NewUpdater().Download("team/a.txt", Path.Combine(h.TargetDirectory, "a.txt")));

        Assert.Contains("does not match what 'team' lists for it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DiamondDelegation_RoleLoadedThroughOneDelegator_IsVerifiedAgainWithTheKeysOfTheNext()
    {
        // targets delegates A (a/*) and B (b/*); both delegate C, each with its own key for it, and C is signed only
        // by the key A trusts. C loaded through A must not be trusted when the search reaches it through B.
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, "A", new[] { "a/*" });
        h.Repository.AddDelegation(TufRoles.Targets, "B", new[] { "b/*" });
        h.Repository.AddDelegation("A", "C", new[] { "a/*" });
        var throughB = h.Repository.AddDelegation("B", "C", new[] { "b/*" });
        var keyOfB = h.Repository.NewKey();
        throughB.KeyIds.Clear();
        throughB.KeyIds.Add(keyOfB.KeyId);
        h.Repository.DelegatedRoles["B"].Delegations!.Keys[keyOfB.KeyId] = keyOfB.PublicKey.ToTufKey();
        h.Repository.AddTarget("C", "a/file", "in a");
        h.Repository.AddTarget("C", "b/file", "in b");
        h.Repository.PublishAll();
        var updater = h.NewUpdater();
        Assert.True(updater.Find("a/file").IsFound);

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => updater.Find("b/file"));

        Assert.Contains("'B'", ex.Message, StringComparison.Ordinal);
    }

    // ---- The trusted root file ----

    [Fact]
    public void TrustedRootFile_ThatIsAnotherRolesMetadata_IsRefusedUnderTheUsersPath()
    {
        var repository = new RepositorySimulator();

        var ex = TufAssert.Rejects<TufTrustedRootNotRootMetadataException>("SCSDK4216", () => Updater.CheckTrustedRootFile("given/timestamp.json", repository.Published[TufRoles.Timestamp]));

        Assert.Contains("'given/timestamp.json'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'timestamp', not 'root'", ex.Message, StringComparison.Ordinal);
        Updater.CheckTrustedRootFile("given/root.json", repository.PublishedRoots[0]);
    }

    [Fact]
    public void TrustedRoot_Missing_IsUnreadableBecauseItDoesNotExist()
    {
        using var h = new UpdaterHarness();
        File.Delete(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Root));

        var ex = TufAssert.Rejects<TufTrustedRootUnreadableException>("SCSDK4204", () => h.Refresh());

        Assert.Contains("the file does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fetcher.Requests);
    }

    [Fact]
    public void TrustedRoot_InAFolderThatDoesNotExist_IsUnreadableBecauseItDoesNotExist()
    {
        using var h = new UpdaterHarness();
        var updater = new Updater(Path.Combine(h.MetadataDirectory, "absent"), h.Fetcher);

        var ex = TufAssert.Rejects<TufTrustedRootUnreadableException>("SCSDK4204", () => updater.Refresh());

        Assert.Contains("the file does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrustedRoot_LockedByAnotherWriter_IsUnreadable_NotAnUnhandledIOException()
    {
        using var h = new UpdaterHarness();
        using var writer = new FileStream(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Root), FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        TufAssert.Rejects<TufTrustedRootUnreadableException>("SCSDK4204", () => h.Refresh());

        Assert.Empty(h.Fetcher.Requests);
    }

    [Fact]
    public void StoredTimestamp_ThatIsNotTufMetadata_StopsTheUpdateSayingWhy()
    {
        using var h = new UpdaterHarness();
        File.WriteAllText(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Timestamp), "not json");

        var ex = Assert.Throws<TufStoredMetadataException>(() => h.Refresh());

        var format = Assert.IsType<TufMetadataFormatException>(ex.InnerException);
        Assert.Contains(": it is not TUF metadata (" + format.Reason + ").", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredTimestamp_LongerThanTheRoleLimit_StopsTheUpdateSayingBothLengths()
    {
        using var h = new UpdaterHarness();
        h.Limits = TufClientLimits.Default with { TimestampMaxLength = 100 };
        File.WriteAllBytes(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Timestamp), new byte[101]);

        var ex = Assert.Throws<TufStoredMetadataException>(() => h.Refresh());

        Assert.Contains("it is 101 bytes long, more than the 100 allowed for the role", ex.Message, StringComparison.Ordinal);
    }

    // ---- Caller errors ----

    [Fact]
    public void NullArguments_AreRefusedByTheirNames_BeforeAnyRequestOrFileAccess()
    {
        using var h = new UpdaterHarness();
        var target = TargetFile.FromBytes("a.txt", Encoding.UTF8.GetBytes("content"));
        var root = h.Repository.PublishedRoots[0];
        var updater = h.NewUpdater();

        AssertNull("metadataDirectory", () => new Updater(null!, h.Fetcher));
        AssertNull("fetcher", () => new Updater(h.MetadataDirectory, null!));
        AssertNull("metadataDirectory", () => Updater.Initialize(null!, root));
        AssertNull("path", () => Updater.CheckTrustedRootFile(null!, root));
        AssertNull("targetPath", () => updater.Find(null!));
        AssertNull("target", () => Updater.IsCached(null!, Path.Combine(h.TargetDirectory, "absent")));
        AssertNull("path", () => Updater.IsCached(target, null!));
        AssertNull("target", () => updater.DownloadTarget(null!, Path.Combine(h.TargetDirectory, "a.txt")));
        AssertNull("destinationPath", () => updater.DownloadTarget(target, null!));
        Assert.Empty(h.Fetcher.Requests);
        Assert.False(Directory.Exists(h.TargetDirectory));

        static void AssertNull(string parameter, Action call) => Assert.Equal(parameter, Assert.Throws<ArgumentNullException>(call).ParamName);
    }

    /// <summary>Bytes behind a declared length that is not theirs (a server's wrong Content-Length).</summary>
    private sealed class DeclaredLengthStream : MemoryStream
    {
        private readonly long _declared;

        public DeclaredLengthStream(byte[] bytes, long declared)
            : base(bytes, writable: false)
        {
            _declared = declared;
        }

        public override long Length => _declared;
    }

    /// <summary>A response that sends some bytes, then fails as a dropped connection or a read timeout does.</summary>
    private sealed class FailingStream : Stream
    {
        private readonly byte[] _prefix;
        private readonly Exception _failure;
        private int _position;

        public FailingStream(byte[] prefix, Exception failure)
        {
            _prefix = prefix;
            _failure = failure;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position == _prefix.Length)
            {
                throw _failure;
            }

            var n = Math.Min(count, _prefix.Length - _position);
            Array.Copy(_prefix, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A response that calls back once, when it is first read (the download is under way).</summary>
    private sealed class ObservedStream : MemoryStream
    {
        private Action? _onFirstRead;

        public ObservedStream(byte[] bytes, Action onFirstRead)
            : base(bytes, writable: false)
        {
            _onFirstRead = onFirstRead;
        }

        public override int Read(Span<byte> buffer)
        {
            Interlocked.Exchange(ref _onFirstRead, null)?.Invoke();
            return base.Read(buffer);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Interlocked.Exchange(ref _onFirstRead, null)?.Invoke();
            return base.Read(buffer, offset, count);
        }
    }
}
