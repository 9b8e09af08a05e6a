using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Json;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

public class MetadataModelTests
{
    private static readonly DateTimeOffset Expires = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Metadata_BuiltSignedAndRead_RoundTripsWithUnknownFields()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        var targets = new Targets(Expires) { Version = 7 };
        var target = TargetFile.FromBytes("a/b.txt", Encoding.UTF8.GetBytes("hello"));
        target.Custom = new JsonObject { ["file_permissions"] = "0644" };
        target.UnrecognizedFields["x-extra"] = new JsonArray(1, 2);
        targets.AddTarget(target);
        targets.UnrecognizedFields["x-signed"] = "kept";
        targets.Delegations = new Delegations(
            new Dictionary<string, TufKey> { [key.KeyId] = key.PublicKey.ToTufKey() },
            new[] { new DelegatedRole("role1", new[] { key.KeyId }, 1, terminating: true, new[] { "a/*" }) });
        targets.Delegations.Roles![0].UnrecognizedFields["x-role"] = true;
        var metadata = new Metadata<Targets>(targets);
        metadata.UnrecognizedFields["x-top"] = 1;
        metadata.Sign(key);

        var bytes = metadata.ToBytes();
        var read = Metadata<Targets>.FromBytes(bytes);

        Assert.Equal(metadata.ToCanonicalBytes(), read.ToCanonicalBytes());
        Assert.Equal("2030-01-02T03:04:05Z", (string)read.Signed.ToJson()["expires"]!);
        Assert.Equal(7, read.Signed.Version);
        Assert.Equal("0644", (string)read.Signed.TargetFiles["a/b.txt"].Custom!["file_permissions"]!);
        Assert.Equal("kept", (string)read.Signed.UnrecognizedFields["x-signed"]!);
        Assert.True((bool)read.Signed.Delegations!.Roles![0].UnrecognizedFields["x-role"]!);
        Assert.True(read.Signed.Delegations.Roles[0].Terminating);
        Assert.Equal(1, (int)read.UnrecognizedFields["x-top"]!);
        Assert.True(read.VerifyDelegate("targets", new Dictionary<string, TufKey> { [key.KeyId] = key.PublicKey.ToTufKey() }, 1).IsVerified);
        Assert.Equal(bytes, read.OriginalBytes!.Value.ToArray());
    }

    [Fact]
    public void Metadata_ToBytes_IsSortedJsonIndentedByOneSpace()
    {
        var metadata = new Metadata<Timestamp>(new Timestamp(Expires));

        var text = Encoding.UTF8.GetString(metadata.ToBytes());

        Assert.StartsWith("{\n \"signatures\": [],\n \"signed\": {\n  \"_type\": \"timestamp\",\n  \"expires\": \"2030-01-02T03:04:05Z\",", text);
        Assert.EndsWith("}\n", text);
        Assert.DoesNotContain("\r", text);
        Assert.Equal(CanonicalJson.Serialize(metadata.ToJson()), CanonicalJson.Serialize(JsonNode.Parse(metadata.ToBytes(indented: false))));
    }

    [Fact]
    public void Sign_Append_ReplacesOnlyTheSameKey()
    {
        var first = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        var second = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);
        var metadata = new Metadata<Snapshot>(new Snapshot(Expires));

        metadata.Sign(first);
        metadata.Sign(second, append: true);
        metadata.Sign(first, append: true);
        Assert.Equal(new[] { second.KeyId, first.KeyId }, metadata.Signatures.Select(s => s.KeyId));

        metadata.Sign(second);
        Assert.Equal(new[] { second.KeyId }, metadata.Signatures.Select(s => s.KeyId));
    }

    [Fact]
    public void VerifyDelegate_ReadMetadata_UsesTheBytesAsRead()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        var metadata = new Metadata<Snapshot>(new Snapshot(Expires));
        metadata.Sign(key);
        var keys = new Dictionary<string, TufKey> { [key.KeyId] = key.PublicKey.ToTufKey() };
        var read = Metadata<Snapshot>.FromBytes(metadata.ToBytes());

        // Changing the model does not change what the signatures were checked against...
        read.Signed.Version = 99;
        Assert.True(read.VerifyDelegate("snapshot", keys, 1).IsVerified);

        // ...until it is signed again, which signs the new content.
        read.Sign(key);
        Assert.True(read.VerifyDelegate("snapshot", keys, 1).IsVerified);
        Assert.Contains("\"version\":99", Encoding.UTF8.GetString(read.SignedBytes.Span));

        // Metadata made in memory is verified as it is now.
        metadata.Signed.Version = 5;
        Assert.False(metadata.VerifyDelegate("snapshot", keys, 1).IsVerified);
    }

    [Fact]
    public void Root_AddAndRevokeKeys_KeepsKeysUsedByAnotherRole()
    {
        var root = new Root(Expires);
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256).PublicKey.ToTufKey();
        root.AddKey(key, "timestamp");
        root.AddKey(key, "snapshot");
        root.AddKey(key, "snapshot");

        Assert.Single(root.GetRole("snapshot").KeyIds);
        Assert.True(root.RevokeKey(key.ComputeKeyId(), "snapshot"));
        Assert.True(root.Keys.ContainsKey(key.ComputeKeyId()));
        Assert.True(root.RevokeKey(key.ComputeKeyId(), "timestamp"));
        Assert.Empty(root.Keys);
        Assert.False(root.RevokeKey(key.ComputeKeyId(), "timestamp"));
        Assert.Throws<ArgumentException>(() => root.GetRole("mirrors"));
    }

    [Fact]
    public void Root_WithoutConsistentSnapshot_IsNotWrittenBack()
    {
        var root = new Root(Expires) { ConsistentSnapshot = null };
        var json = root.ToJson();

        Assert.False(json.ContainsKey("consistent_snapshot"));
        var read = Root.FromJson(json);
        Assert.Null(read.ConsistentSnapshot);
        Assert.False(read.UsesConsistentSnapshots);
    }

    [Fact]
    public void Expires_Set_DropsTheFraction()
    {
        var snapshot = new Snapshot(Expires.AddTicks(1234567));

        Assert.Equal(Expires, snapshot.Expires);
        Assert.Equal("2030-01-02T03:04:05Z", (string)snapshot.ToJson()["expires"]!);
    }

    [Fact]
    public void MetaFile_ForBytes_ListsLengthAndSha256()
    {
        var bytes = Encoding.UTF8.GetBytes("{}");
        var meta = MetaFile.ForBytes(3, bytes, withLengthAndHashes: true);

        Assert.Equal(2, meta.Length);
        Assert.True(meta.CheckLengthAndHashes(bytes).IsMatch);
        Assert.False(meta.CheckLengthAndHashes(Encoding.UTF8.GetBytes("[]")).IsMatch);
        Assert.True(MetaFile.ForBytes(3, bytes, withLengthAndHashes: false).CheckLengthAndHashes(Encoding.UTF8.GetBytes("anything")).IsMatch);
    }

    [Fact]
    public void Timestamp_WithoutSnapshotEntry_IsRejected()
    {
        var json = new Timestamp(Expires).ToJson();
        json["meta"] = new JsonObject();

        Assert.ThrowsAny<FormatException>(() => Timestamp.FromJson(json));
    }
}

public class TufDateTimeTests
{
    [Theory]
    [InlineData("2030-01-01T00:00:00Z", "2030-01-01T00:00:00.0000000+00:00")]
    [InlineData("2030-08-15T14:30:45.0000001Z", "2030-08-15T14:30:45.0000001+00:00")]
    [InlineData("2034-09-30T11:29:58.188964Z", "2034-09-30T11:29:58.1889640+00:00")]
    [InlineData("2030-01-01T00:00:00.123456789Z", "2030-01-01T00:00:00.1234567+00:00")]
    [InlineData("2030-01-01T02:00:00+02:00", "2030-01-01T00:00:00.0000000+00:00")]
    [InlineData("2029-12-31T23:30:00-00:30", "2030-01-01T00:00:00.0000000+00:00")]
    [InlineData("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.0000000+00:00")]
    public void TryParse_AcceptsRfc3339(string text, string expected)
    {
        Assert.True(TufDateTime.TryParse(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("2030-01-01")]
    [InlineData("2030-01-01T00:00Z")]
    [InlineData("2030-01-01t00:00:00z")]
    [InlineData("2030-01-01 00:00:00Z")]
    [InlineData("2030-01-01T00:00:00")]
    [InlineData("2030-01-01T00:00:00.Z")]
    [InlineData("2030-01-01T24:00:00Z")]
    [InlineData("2030-01-01T00:00:60Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2030-01-01T00:00:00+2:00")]
    [InlineData("2030-01-01T00:00:00Z ")]
    [InlineData(" 2030-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    public void TryParse_RejectsOtherForms(string text)
    {
        Assert.False(TufDateTime.TryParse(text, out _));
    }

    [Fact]
    public void Format_WritesUtcToTheSecond()
    {
        var value = new DateTimeOffset(2030, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)).AddMilliseconds(600);

        Assert.Equal("2030-01-02T03:04:05Z", TufDateTime.Format(value));
    }
}

public class TufRoleNamesTests
{
    [Theory]
    [InlineData("targets", "targets.json")]
    [InlineData("../a", "..%2Fa.json")]
    [InlineData(".", "..json")]
    [InlineData("..", "...json")]
    [InlineData("/", "%2F.json")]
    [InlineData("ö", "%C3%B6.json")]
    [InlineData("?", "%3F.json")]
    [InlineData("#", "%23.json")]
    [InlineData("a b\\c", "a%20b%5Cc.json")]
    [InlineData("bin-0a_~", "bin-0a_~.json")]
    [InlineData("", ".json")]
    public void FileName_PercentEncodesLikePythonTuf(string role, string expected)
    {
        Assert.Equal(expected, TufRoleNames.FileName(role));
        Assert.Equal(Uri.EscapeDataString(role) + ".json", TufRoleNames.FileName(role));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/absolute")]
    [InlineData("..\\windows")]
    [InlineData("a/../../b")]
    public void PathInFolder_NeverLeavesTheFolder(string role)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "meta");

        var path = TufRoleNames.PathInFolder(folder, role, 3);

        Assert.Equal(System.IO.Path.GetFullPath(folder), System.IO.Path.GetDirectoryName(path));
        Assert.StartsWith("3.", System.IO.Path.GetFileName(path));
    }

    [Fact]
    public void Encode_LoneSurrogate_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => TufRoleNames.Encode("a\ud800"));
    }

    [Fact]
    public void MetaFileName_IsTheRoleNameAsItIs()
    {
        Assert.Equal("../a.json", TufRoleNames.MetaFileName("../a"));
    }
}

public class PathPatternTests
{
    [Theory]
    [InlineData("targets/foo.tgz", "targets/*.tgz", true)]
    [InlineData("targets/foo.txt", "targets/*.tgz", false)]
    [InlineData("targets/foo/bar.tgz", "targets/*.tgz", false)]
    [InlineData("foo.tgz", "*.tgz", true)]
    [InlineData("targets/foo.tgz", "*.tgz", false)]
    [InlineData("foo-version-2.tgz", "foo-version-?.tgz", true)]
    [InlineData("foo-version-a.tgz", "foo-version-?.tgz", true)]
    [InlineData("foo-version-alpha.tgz", "foo-version-?.tgz", false)]
    [InlineData("foo-version-ö.tgz", "foo-version-?.tgz", true)]
    [InlineData("foo-version-😀.tgz", "foo-version-?.tgz", true)]
    [InlineData("README.md", "*.md", true)]
    [InlineData("README.MD", "*.md", false)]
    [InlineData("releases/x/x_v1", "releases/*/*", true)]
    [InlineData("releases/x", "releases/*/*", false)]
    [InlineData("anything", "*", true)]
    [InlineData("a/b", "*", false)]
    [InlineData("", "*", true)]
    [InlineData("file3.txt", "file3.txt", true)]
    [InlineData("file3.txt", "file?.txt", true)]
    [InlineData("file3.txt", "file[0-9].txt", true)]
    [InlineData("filea.txt", "file[0-9].txt", false)]
    [InlineData("filea.txt", "file[!0-9].txt", true)]
    [InlineData("file].txt", "file[]].txt", true)]
    [InlineData("file[.txt", "file[.txt", true)]
    [InlineData("a\\b", "a\\b", true)]
    [InlineData("abcabd", "*ab?", true)]
    [InlineData("aaa", "a*a*a", true)]
    [InlineData("aa", "a*a*a", false)]
    [InlineData("x.py", "*.py", true)]
    [InlineData("x.pyc", "*.py", false)]
    public void IsMatch_FollowsFnmatchPerPathSegment(string path, string pattern, bool expected)
    {
        Assert.Equal(expected, PathPattern.IsMatch(path, pattern));
    }
}

public class HashedBinTests
{
    [Fact]
    public void SuccinctRoles_BinNameComesFromTheFirstBitsOfTheHash()
    {
        var roles = new SuccinctRoles(new[] { "k" }, 1, bitLength: 5, namePrefix: "bin");
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("foo/bar.nupkg"));

        var expected = "bin-" + (hash[0] >> 3).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, roles.GetRoleForTarget("foo/bar.nupkg"));
        Assert.Equal(2, roles.SuffixLength);
        Assert.Equal(32, roles.GetRoles().Count());
        Assert.Equal("bin-00", roles.GetRoles().First());
        Assert.Equal("bin-1f", roles.GetRoles().Last());
        Assert.True(roles.IsDelegatedRole("bin-1f"));
        Assert.False(roles.IsDelegatedRole("bin-20"));
        Assert.False(roles.IsDelegatedRole("bin-1F"));
        Assert.False(roles.IsDelegatedRole("bin-f"));
        Assert.False(roles.IsDelegatedRole("other-01"));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(8, 2)]
    [InlineData(9, 3)]
    [InlineData(32, 8)]
    public void SuccinctRoles_SuffixHasOneHexDigitPerFourBits(int bits, int digits)
    {
        var roles = new SuccinctRoles(new[] { "k" }, 1, bits, "p");

        Assert.Equal(digits, roles.SuffixLength);
        Assert.Equal("p-" + new string('0', digits), roles.BinName(0));
        Assert.Equal(2 + digits, roles.GetRoleForTarget("x").Length);
    }

    [Fact]
    public void SuccinctRoles_ReadWithBadBitLength_IsRejected()
    {
        var json = new SuccinctRoles(new[] { "k" }, 1, 8, "bin").ToJson();
        json["bit_length"] = 33;

        Assert.ThrowsAny<FormatException>(() => SuccinctRoles.FromJson(json));
    }

    [Fact]
    public void HashedBins_ThirtyTwoBins_SplitTwoDigitPrefixesByEight()
    {
        var bins = new HashedBins(32);
        var all = bins.GetBins().ToList();

        Assert.Equal(32, all.Count);
        Assert.Equal("00-07", all[0].Name);
        Assert.Equal(new[] { "00", "01", "02", "03", "04", "05", "06", "07" }, all[0].PathHashPrefixes);
        Assert.Equal("f8-ff", all[^1].Name);
        foreach (var path in new[] { "a.txt", "b/c.nupkg", "ö" })
        {
            var bin = bins.GetBinForTarget(path);
            var roles = bins.CreateDelegatedRoles(new[] { "k" }, 1);
            Assert.Equal(bin, roles.Single(r => r.IsDelegatedPath(path)).Name);
        }
    }

    [Theory]
    [InlineData(16, "0", 1)]
    [InlineData(256, "00", 1)]
    [InlineData(2, "0-7", 8)]
    public void HashedBins_BinNamesAndSizes(int count, string firstName, int size)
    {
        var bins = new HashedBins(count);

        Assert.Equal(firstName, bins.GetBins().First().Name);
        Assert.Equal(size, bins.BinSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashedBins(count + 1));
    }
}
