using System;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>docs/threat-model.md TM-T1: a target that differs from its signed entry, and endless data.</summary>
public class EndlessDataAndArbitraryPackageTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("the package bytes");

    [Fact]
    public void Target_HashDiffersFromSignedEntry_IsRejected()
    {
        var target = TargetFile.FromBytes("pkg.nupkg", Content);
        var other = Encoding.UTF8.GetBytes("the package bytez");

        var result = target.CheckLengthAndHashes(other);

        Assert.False(result.IsMatch);
        Assert.Contains("sha", result.Problem);
        Assert.True(target.CheckLengthAndHashes(Content).IsMatch);
    }

    [Fact]
    public void Target_LengthDiffersFromSignedEntry_IsRejected()
    {
        var target = TargetFile.FromBytes("pkg.nupkg", Content);

        var result = target.CheckLengthAndHashes(Content.Concat(new byte[] { 0 }).ToArray());

        Assert.False(result.IsMatch);
        Assert.Contains("bytes long", result.Problem);
    }

    [Fact]
    public void Target_StreamLongerThanSignedLength_StopsReadingAtTheLength()
    {
        var target = TargetFile.FromBytes("pkg.nupkg", Content);
        using var endless = new EndlessStream();

        var result = target.CheckLengthAndHashes(endless);

        Assert.False(result.IsMatch);
        Assert.Contains("longer than", result.Problem);
        Assert.True(endless.Position < 1_000_000);
        using var exact = new MemoryStream(Content);
        Assert.True(target.CheckLengthAndHashes(exact).IsMatch);
    }

    [Fact]
    public void Target_WithUnsupportedHashAlgorithm_IsRejected()
    {
        var target = new TargetFile("pkg.nupkg", Content.Length, new System.Collections.Generic.Dictionary<string, string>
        {
            ["sha256"] = TargetFile.FromBytes("x", Content).Hashes["sha256"],
            ["blake2b-256"] = new string('0', 64),
        });

        var result = target.CheckLengthAndHashes(Content);

        Assert.False(result.IsMatch);
        Assert.Contains("'blake2b-256' is not supported", result.Problem);
        using var stream = new MemoryStream(Content);
        Assert.False(target.CheckLengthAndHashes(stream).IsMatch);
    }

    [Fact]
    public void Target_UpperCaseHexDigest_Matches()
    {
        var lower = TargetFile.FromBytes("pkg.nupkg", Content);
        var upper = new TargetFile("pkg.nupkg", Content.Length, lower.Hashes.ToDictionary(h => h.Key, h => h.Value.ToUpperInvariant()));

        Assert.True(upper.CheckLengthAndHashes(Content).IsMatch);
    }

    [Fact]
    public void Root_LargerThanTheLimit_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.BumpRoot();
        var padded = Pad(repo.PublishedRoots[1], (int)TufClientLimits.Default.RootMaxLength + 1);
        var client = repo.NewClient();

        TufAssert.Rejects<TufMetadataTooLargeException>("SCSDK4012", () => client.UpdateRoot(padded));
        TufAssert.Rejects<TufMetadataTooLargeException>("SCSDK4012", () => new TrustedMetadataSet(padded, RepositorySimulator.Now));
        client.UpdateRoot(repo.PublishedRoots[1]);
    }

    [Fact]
    public void Timestamp_LargerThanTheLimit_IsRejected()
    {
        var repo = new RepositorySimulator();
        var padded = Pad(repo.Published[TufRoles.Timestamp], (int)TufClientLimits.Default.TimestampMaxLength + 1);
        var client = repo.NewClient();

        TufAssert.Rejects<TufMetadataTooLargeException>("SCSDK4012", () => client.UpdateTimestamp(padded));
    }

    [Fact]
    public void SnapshotAndTargets_WithoutListedLength_LargerThanTheLimit_AreRejected()
    {
        var repo = new RepositorySimulator();
        var limits = new TufClientLimits { SnapshotMaxLength = 4096, TargetsMaxLength = 4096 };
        var client = repo.NewClient(limits: limits);
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);

        TufAssert.Rejects<TufMetadataTooLargeException>("SCSDK4012", () => client.UpdateSnapshot(Pad(repo.Published[TufRoles.Snapshot], 4097)));
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);
        TufAssert.Rejects<TufMetadataTooLargeException>("SCSDK4012", () => client.UpdateTargets(Pad(repo.Published[TufRoles.Targets], 4097)));
        client.UpdateTargets(repo.Published[TufRoles.Targets]);
    }

    [Fact]
    public void Metadata_OfExactlyTheLimit_IsAccepted()
    {
        // The limits are the largest sizes allowed, not the first refused.
        var repo = new RepositorySimulator();
        repo.BumpRoot();
        var limits = new TufClientLimits { RootMaxLength = 8192, TimestampMaxLength = 4096, SnapshotMaxLength = 4096, TargetsMaxLength = 8192 };
        var client = new TrustedMetadataSet(Pad(repo.PublishedRoots[0], 8192), RepositorySimulator.Now, limits);
        client.UpdateRoot(Pad(repo.PublishedRoots[1], 8192));
        client.UpdateTimestamp(Pad(repo.Published[TufRoles.Timestamp], 4096));
        client.UpdateSnapshot(Pad(repo.Published[TufRoles.Snapshot], 4096));
        client.UpdateTargets(Pad(repo.Published[TufRoles.Targets], 8192));
        Assert.Equal(2, client.Root.Signed.Version);
        Assert.NotNull(client.Targets);
    }

    private static byte[] Pad(byte[] json, int length)
    {
        // Whitespace after the document: the JSON and its signatures are unchanged, only the size grows.
        var padded = new byte[length];
        json.CopyTo(padded, 0);
        padded.AsSpan(json.Length).Fill((byte)' ');
        return padded;
    }

    private sealed class EndlessStream : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'x');
            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
