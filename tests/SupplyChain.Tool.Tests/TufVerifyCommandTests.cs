using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tuf;
using SupplyChain.TestUtilities;

namespace SupplyChain.Tool.Tests;

/// <summary><c>supplychain tuf verify</c> against repository folders made at test time (keys generated here).</summary>
public class TufVerifyCommandTests
{
    [Fact]
    public void Verify_AValidRepository_ExitsZero()
    {
        using var repo = new FolderRepository();
        repo.Publish();

        var (exit, output, error, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory);

        Assert.True(exit == 0, error);
        Assert.Empty(diagnostics);
        Assert.Contains("verified: root v1, timestamp v1, snapshot v1, targets v1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ATarget_WritesTheVerifiedBytes()
    {
        using var repo = new FolderRepository();
        var content = Encoding.UTF8.GetBytes("package bytes");
        repo.AddTarget("pkg/1.0.0/pkg.1.0.0.nupkg", content);
        repo.Publish();
        var output = repo.Combine("out", "pkg.nupkg");

        var (exit, stdout, error, _) = CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory, "--target", "pkg/1.0.0/pkg.1.0.0.nupkg", "--out", output);

        Assert.True(exit == 0, error);
        Assert.Equal(content, File.ReadAllBytes(output));
        Assert.Contains("verified: target 'pkg/1.0.0/pkg.1.0.0.nupkg' (13 bytes, listed by 'targets')", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ATargetTheRepositoryDoesNotList_ExitsOne()
    {
        using var repo = new FolderRepository();
        repo.Publish();

        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory, "--target", "other/1.0.0/other.1.0.0.nupkg");

        Assert.Equal(1, exit);
        Assert.Equal("SCSDK4202", Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void Verify_ASwappedTarget_ExitsOneAndWritesNothing()
    {
        using var repo = new FolderRepository();
        repo.AddTarget("a.txt", Encoding.UTF8.GetBytes("the signed one"));
        repo.Publish();
        foreach (var file in Directory.GetFiles(repo.Combine("targets")))
        {
            File.WriteAllText(file, "the swapped one");
        }

        var output = repo.Combine("out.txt");
        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory, "--target", "a.txt", "--out", output);

        Assert.Equal(1, exit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SCSDK4008", diagnostic.Code);
        Assert.Contains("targets", diagnostic.File, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Verify_AnExpiredTimestamp_ExitsOneNamingTheFile()
    {
        using var repo = new FolderRepository();
        repo.Timestamp.Expires = DateTimeOffset.UtcNow.AddDays(-1);
        repo.Publish();

        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory);

        Assert.Equal(1, exit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SCSDK4007", diagnostic.Code);
        Assert.EndsWith("timestamp.json", diagnostic.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WithAMetadataFolder_KeepsStateAndRefusesARollback()
    {
        using var repo = new FolderRepository();
        repo.Publish();
        var old = File.ReadAllBytes(repo.Combine("metadata", "timestamp.json"));
        repo.Timestamp.Version = 2;
        repo.Publish();
        var state = repo.Combine("client-state");

        Assert.Equal(0, CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory, "--metadata-dir", state).ExitCode);
        File.WriteAllBytes(repo.Combine("metadata", "timestamp.json"), old);
        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory, "--metadata-dir", state);

        Assert.Equal(1, exit);
        Assert.Equal("SCSDK4004", Assert.Single(diagnostics).Code);
        Assert.True(File.Exists(Path.Combine(state, "timestamp.json")));
    }

    [Fact]
    public void Verify_AMissingRootFile_ExitsTwo()
    {
        using var repo = new FolderRepository();
        repo.Publish();

        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", repo.Combine("missing.json"), "--repo", repo.Directory);

        Assert.Equal(2, exit);
        Assert.Equal("SCSDK4204", Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void Verify_ARepositoryThatIsNeitherUrlNorFolder_ExitsTwo()
    {
        using var repo = new FolderRepository();
        repo.Publish();

        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", "ftp://example.invalid/repo");

        Assert.Equal(2, exit);
        Assert.Equal("SCSDK4206", Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void Verify_OutWithoutTarget_IsAUsageError()
    {
        using var repo = new FolderRepository();
        repo.Publish();

        Assert.Equal(2, CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory, "--out", repo.Combine("x")).ExitCode);
    }

    [Fact]
    public void Verify_APublicKeyGivenAsRoot_IsAUsageErrorNamingTheFile()
    {
        using var repo = new FolderRepository();
        repo.Publish();
        var keyFile = repo.Combine("key.pub");
        using (var key = KeyGenerator.Generate(KeyAlgorithm.EcdsaP256))
        {
            File.WriteAllText(keyFile, key.PublicKey.ExportPem());
        }

        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", keyFile, "--repo", repo.Directory);

        Assert.Equal(2, exit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SCSDK4216", diagnostic.Code);
        Assert.Equal(keyFile, diagnostic.File);
        Assert.Contains("is not TUF root metadata", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AnotherRolesMetadataGivenAsRoot_IsAUsageError()
    {
        using var repo = new FolderRepository();
        repo.Publish();
        var timestamp = repo.Combine("metadata", "timestamp.json");

        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", timestamp, "--repo", repo.Directory);

        Assert.Equal(2, exit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SCSDK4216", diagnostic.Code);
        Assert.Contains("'_type' is 'timestamp', not 'root'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AnUnsignedRoot_IsReportedUnderTheRootGivenNotATemporaryCopy()
    {
        using var repo = new FolderRepository();
        repo.Publish();
        var root = JsonNode.Parse(File.ReadAllBytes(repo.RootPath))!;
        root["signatures"] = new JsonArray();
        var rootPath = repo.Combine("unsigned-root.json");
        File.WriteAllText(rootPath, root.ToJsonString());

        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", rootPath, "--repo", repo.Directory);

        Assert.Equal(1, exit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SCSDK4003", diagnostic.Code);
        Assert.Equal(rootPath, diagnostic.File);
        Assert.DoesNotContain("supplychain-tuf-", diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AnExpiredRoot_IsReportedUnderTheRootGivenNotTheNextVersion()
    {
        using var repo = new FolderRepository();
        repo.Root.Expires = DateTimeOffset.UtcNow.AddDays(-1);
        repo.Publish();

        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory);

        Assert.Equal(1, exit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SCSDK4007", diagnostic.Code);
        Assert.Equal(repo.RootPath, diagnostic.File);
    }

    [Fact]
    public void Verify_AnExpiredNewRoot_IsReportedUnderItsOwnVersion()
    {
        using var repo = new FolderRepository();
        repo.Publish();
        repo.Root.Version = 2;
        repo.Root.Expires = DateTimeOffset.UtcNow.AddDays(-1);
        File.WriteAllBytes(repo.Combine("metadata", "2.root.json"), repo.SignRoot());
        var state = repo.Combine("state");

        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory, "--metadata-dir", state);

        Assert.Equal(1, exit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SCSDK4007", diagnostic.Code);
        Assert.EndsWith("2.root.json", diagnostic.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ARootWithAnUnreadableKey_GivesATufReasonNotSigningAdvice()
    {
        using var repo = new FolderRepository();
        repo.Publish();
        var root = JsonNode.Parse(File.ReadAllBytes(repo.RootPath))!;
        var rootKeyId = (string)root["signed"]!["roles"]!["root"]!["keyids"]![0]!;
        root["signed"]!["keys"]![rootKeyId]!["keyval"]!["public"] = "not a key";
        var rootPath = repo.Combine("bad-key-root.json");
        File.WriteAllText(rootPath, root.ToJsonString());

        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", rootPath, "--repo", repo.Directory);

        Assert.Equal(1, exit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SCSDK4003", diagnostic.Code);
        Assert.Contains("'keyval.public'", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PKCS#8", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("keygen", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AStoredTimestampReplacedByAnotherFile_ExitsTwoNamingIt()
    {
        using var repo = new FolderRepository();
        repo.Publish();
        var state = repo.Combine("state");
        Assert.Equal(0, CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory, "--metadata-dir", state).ExitCode);
        File.Copy(repo.Combine("metadata", "1.targets.json"), Path.Combine(state, "timestamp.json"), overwrite: true);

        var (exit, _, _, diagnostics) = CommandRunner.Run("tuf", "verify", "--root", repo.RootPath, "--repo", repo.Directory, "--metadata-dir", state);

        Assert.Equal(2, exit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SCSDK4215", diagnostic.Code);
        Assert.Equal(Path.Combine(state, "timestamp.json"), diagnostic.File);
    }

    /// <summary>A consistent-snapshot repository folder (metadata/, targets/) written with the Core model.</summary>
    private sealed class FolderRepository : IDisposable
    {
        private readonly TestDirectory _directory = new("tufverify");
        private readonly Dictionary<string, SigningKey> _keys = new(StringComparer.Ordinal);

        public FolderRepository()
        {
            var expires = DateTimeOffset.UtcNow.AddDays(30);
            Root = new Root(expires) { ConsistentSnapshot = true };
            Timestamp = new Timestamp(expires);
            Snapshot = new Snapshot(expires);
            Targets = new Targets(expires);
            foreach (var role in TufRoles.TopLevel)
            {
                var key = KeyGenerator.Generate(KeyAlgorithm.EcdsaP256);
                _keys[role] = key;
                Root.AddKey(key.PublicKey.ToTufKey(), role);
            }
        }

        public Root Root { get; }

        public Timestamp Timestamp { get; }

        public Snapshot Snapshot { get; }

        public Targets Targets { get; }

        public string Directory => _directory.Path;

        public string RootPath => Combine("metadata", "1.root.json");

        public string Combine(params string[] parts) => _directory.Combine(parts);

        public void AddTarget(string path, byte[] content)
        {
            var target = TargetFile.FromBytes(path, content);
            Targets.AddTarget(target);
            var slash = path.LastIndexOf('/');
            var file = Combine("targets", path[..(slash + 1)] + target.Hashes["sha256"] + "." + path[(slash + 1)..]);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, content);
        }

        public void Publish()
        {
            System.IO.Directory.CreateDirectory(Combine("metadata"));
            File.WriteAllBytes(Combine("metadata", "1.root.json"), Sign(Root, TufRoles.Root));
            var targets = Sign(Targets, TufRoles.Targets);
            File.WriteAllBytes(Combine("metadata", Targets.Version + ".targets.json"), targets);
            Snapshot.Meta["targets.json"] = new MetaFile(Targets.Version);
            var snapshot = Sign(Snapshot, TufRoles.Snapshot);
            File.WriteAllBytes(Combine("metadata", Snapshot.Version + ".snapshot.json"), snapshot);
            Timestamp.SnapshotMeta = new MetaFile(Snapshot.Version, snapshot.Length, new Dictionary<string, string> { ["sha256"] = Convert.ToHexString(SHA256.HashData(snapshot)).ToLowerInvariant() });
            File.WriteAllBytes(Combine("metadata", "timestamp.json"), Sign(Timestamp, TufRoles.Timestamp));
        }

        public byte[] SignRoot() => Sign(Root, TufRoles.Root);

        public void Dispose()
        {
            foreach (var key in _keys.Values)
            {
                key.Dispose();
            }

            _directory.Dispose();
        }

        private byte[] Sign<T>(T signed, string role)
            where T : Signed
        {
            var metadata = new Metadata<T>(signed);
            metadata.Sign(_keys[role]);
            return metadata.ToBytes();
        }
    }
}
