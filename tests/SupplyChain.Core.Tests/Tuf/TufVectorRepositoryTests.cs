using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Json;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>The real repositories of python-tuf and go-tuf (shared vectors) through the trusted set, at a fixed time.</summary>
public class TufVectorRepositoryTests
{
    private const string PythonRepository = "python-tuf/repository_data/repository";
    private const string GoRepository = "go-tuf/repository_data/repository";
    private const string Fishy = "python-tuf/repository_data/fishy_rolenames";

    // The vectors expire in 2030 (repository_data), 2034 (go-tuf examples) and 2050 (generated and fishy data).
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [VectorTheory]
    [InlineData(PythonRepository)]
    [InlineData(GoRepository)]
    public void Repository_TopLevelAndDelegatedRoles_LoadThroughTheTrustedSet(string folder)
    {
        var client = new TrustedMetadataSet(Read(folder, "metadata", "root.json"), Now);
        client.UpdateTimestamp(Read(folder, "metadata", "timestamp.json"));
        client.UpdateSnapshot(Read(folder, "metadata", "snapshot.json"));
        client.UpdateTargets(Read(folder, "metadata", "targets.json"));

        var result = DelegationSearch.Find("file3.txt", request => request.RoleName == "targets"
            ? client.Targets!.Signed
            : client.UpdateDelegatedTargets(Read(folder, "metadata", request.RoleName + ".json"), request.RoleName, request.DelegatorName).Signed);

        Assert.Equal("role1", result.RoleName);
        client.UpdateDelegatedTargets(Read(folder, "metadata", "role2.json"), "role2", "role1");
        Assert.NotNull(client.GetTargets("role2"));

        // The target files verify against their signed entries, and a changed one does not.
        foreach (var (path, role) in new[] { ("file1.txt", "targets"), ("file3.txt", "role1") })
        {
            var content = Read(folder, "targets", path);
            var entry = client.GetTargets(role)!.Signed.TargetFiles[path];
            Assert.True(entry.CheckLengthAndHashes(content).IsMatch, path);
            content[0] ^= 1;
            Assert.False(entry.CheckLengthAndHashes(content).IsMatch, path);
        }
    }

    [VectorFact]
    public void PythonTuf_SnapshotHashFromTimestamp_IsChecked()
    {
        var client = new TrustedMetadataSet(Read(PythonRepository, "metadata", "root.json"), Now);
        client.UpdateTimestamp(Read(PythonRepository, "metadata", "timestamp.json"));
        Assert.NotNull(client.Timestamp!.Signed.SnapshotMeta.Hashes);

        var snapshot = Read(PythonRepository, "metadata", "snapshot.json");
        snapshot[^1] = (byte)(snapshot[^1] == (byte)'\n' ? ' ' : '\n');

        Assert.Throws<TufLengthOrHashMismatchException>(() => client.UpdateSnapshot(snapshot));
    }

    [VectorFact]
    public void PythonTuf_Ed25519GeneratedMetadata_LoadsThroughTheTrustedSet()
    {
        const string folder = "python-tuf/generated_data/ed25519_metadata";
        var client = new TrustedMetadataSet(Read(folder, "root_with_ed25519.json"), Now);
        client.UpdateTimestamp(Read(folder, "timestamp_with_ed25519.json"));
        client.UpdateSnapshot(Read(folder, "snapshot_with_ed25519.json"));
        client.UpdateTargets(Read(folder, "targets_with_ed25519.json"));

        Assert.Empty(client.Targets!.Signed.TargetFiles);
        Assert.Equal("ed25519", client.Root.Signed.Keys.Values.First().KeyType);
    }

    [VectorFact]
    public void GoTuf_MultiRepoExample_LoadsAndItsTargetsVerify()
    {
        const string folder = "go-tuf/examples/multirepo/repository";
        var client = new TrustedMetadataSet(Read(folder, "metadata", "1.root.json"), Now);
        client.UpdateTimestamp(Read(folder, "metadata", "timestamp.json"));
        client.UpdateSnapshot(Read(folder, "metadata", "1.snapshot.json"));
        client.UpdateTargets(Read(folder, "metadata", "1.targets.json"));

        Assert.True(client.Root.Signed.UsesConsistentSnapshots);
        Assert.Equal(3, client.Targets!.Signed.TargetFiles.Count);
        foreach (var (path, target) in client.Targets.Signed.TargetFiles)
        {
            Assert.True(target.CheckLengthAndHashes(Read(folder, "targets", path)).IsMatch, path);
            var hashPrefixed = Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, target.Hashes["sha256"] + "." + Path.GetFileName(path));
            Assert.True(target.CheckLengthAndHashes(Read(folder, "targets", hashPrefixed)).IsMatch, hashPrefixed);
        }

        // The expiry has microseconds (2034-09-30T11:29:58.188964Z): read, and written back as it was.
        Assert.Equal(new DateTimeOffset(2034, 9, 30, 11, 29, 58, TimeSpan.Zero).AddTicks(1_889_640), client.Root.Signed.Expires);
    }

    [VectorFact]
    public void GoTuf_RootWithPlaceholderSignature_IsRejected()
    {
        var placeholder = Read(GoRepository, "metadata", "1.root.json");

        TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => new TrustedMetadataSet(placeholder, Now));

        var client = new TrustedMetadataSet(Read(GoRepository, "metadata", "root.json"), Now);
        TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => client.UpdateRoot(placeholder));
        Assert.Equal("rsa", client.Root.Signed.Keys.Values.First().KeyType);
    }

    [VectorFact]
    public void SigstoreRootV5_SignaturesByKeysTheRoleDoesNotList_AreIgnored()
    {
        var bytes = Read("go-tuf/examples/multirepo/repository/targets/sigstore-tuf-root", "root.json");

        // Expired in 2023: as a trusted root it loads (expiry is judged only once no newer root is found)...
        var client = new TrustedMetadataSet(bytes, Now);
        var result = client.Root.VerifyDelegate("root", client.Root.Signed);

        Assert.Equal(8, client.Root.Signatures.Count);
        Assert.Equal(4, result.ValidKeyIds.Count);
        Assert.Equal(3, result.Threshold);
        Assert.All(client.Root.Signatures.Where(s => !client.Root.Signed.Keys.ContainsKey(s.KeyId)), s => Assert.DoesNotContain(s.KeyId, result.ValidKeyIds));
        Assert.Equal("1.0", client.Root.Signed.SpecVersion);

        // ...but nothing can be loaded on top of it.
        Assert.Throws<TufExpiredMetadataException>(() => client.UpdateTimestamp(Read(PythonRepository, "metadata", "timestamp.json")));
    }

    [VectorFact]
    public void FishyRoleNames_VerifyAndNeverMapOutsideTheMetadataFolder()
    {
        var client = new TrustedMetadataSet(Read(Fishy, "metadata", "1.root.json"), Now);
        client.UpdateTimestamp(Read(Fishy, "metadata", "timestamp.json"));
        client.UpdateSnapshot(Read(Fishy, "metadata", "2.snapshot.json"));
        client.UpdateTargets(Read(Fishy, "metadata", "1.targets.json"));
        var files = new Dictionary<string, string[]>
        {
            ["../a"] = new[] { "1.a.json" },
            ["."] = new[] { "metadata", "1...json" },
            ["ö"] = new[] { "metadata", "1.ö.json" },
        };
        var roles = client.Targets!.Signed.Delegations!.Roles!.Select(r => r.Name).ToArray();
        Assert.Equal(new[] { "../a", ".", "ö" }, roles);

        using var folder = new TempFolder();
        foreach (var role in roles)
        {
            client.UpdateDelegatedTargets(Read(Fishy, files[role]), role, "targets");

            var path = TufRoleNames.PathInFolder(folder.Path, role);
            Assert.Equal(folder.Path, Path.GetDirectoryName(path));
            var versioned = TufRoleNames.PathInFolder(folder.Path, role, 1);
            Assert.Equal(folder.Path, Path.GetDirectoryName(versioned));
        }

        Assert.Equal("..%2Fa.json", TufRoleNames.FileName("../a"));
        Assert.Equal("..json", TufRoleNames.FileName("."));
        Assert.Equal("%C3%B6.json", TufRoleNames.FileName("ö"));
        Assert.Equal("1...%2Fa.json", TufRoleNames.VersionedFileName("../a", 1));
    }

    public static IEnumerable<object[]> MetadataFiles()
    {
        var root = RepositoryPaths.VectorsRoot;
        if (!Directory.Exists(root))
        {
            yield return new object[] { string.Empty };
            yield break;
        }

        foreach (var folder in new[] { "python-tuf", "go-tuf" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var node = StrictJson.Parse(File.ReadAllBytes(file)).Node;
                if (node is JsonObject obj && obj.ContainsKey("signed"))
                {
                    yield return new object[] { Path.GetRelativePath(root, file).Replace('\\', '/') };
                }
            }
        }
    }

    [VectorTheory]
    [MemberData(nameof(MetadataFiles))]
    public void VectorFile_ReadAndWritten_KeepsItsCanonicalForm(string file)
    {
        Assert.False(string.IsNullOrEmpty(file), "The shared vectors are missing.");
        var bytes = File.ReadAllBytes(RepositoryPaths.Vector(file));
        var expected = CanonicalJson.Serialize(StrictJson.ParseOrThrow(bytes));
        var type = (string)StrictJson.ParseOrThrow(bytes)!["signed"]!["_type"]!;

        var (canonical, published, signedBytes) = type switch
        {
            "root" => RoundTrip(Metadata<Root>.FromBytes(bytes), b => Metadata<Root>.FromBytes(b).ToCanonicalBytes()),
            "timestamp" => RoundTrip(Metadata<Timestamp>.FromBytes(bytes), b => Metadata<Timestamp>.FromBytes(b).ToCanonicalBytes()),
            "snapshot" => RoundTrip(Metadata<Snapshot>.FromBytes(bytes), b => Metadata<Snapshot>.FromBytes(b).ToCanonicalBytes()),
            _ => RoundTrip(Metadata<Targets>.FromBytes(bytes), b => Metadata<Targets>.FromBytes(b).ToCanonicalBytes()),
        };

        Assert.Equal(expected, canonical);
        Assert.Equal(expected, published);
        Assert.Equal(CanonicalJson.Serialize(StrictJson.ParseOrThrow(bytes)!["signed"]), signedBytes);
    }

    private static (byte[] Canonical, byte[] Published, byte[] SignedBytes) RoundTrip<T>(Metadata<T> metadata, Func<byte[], byte[]> reread)
        where T : Signed
        => (metadata.ToCanonicalBytes(), reread(metadata.ToBytes()), CanonicalJson.Serialize(metadata.Signed.ToJson()));

    private static byte[] Read(string folder, params string[] parts) => File.ReadAllBytes(RepositoryPaths.Vector(new[] { folder }.Concat(parts).ToArray()));

    private sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scsdk-tuf-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
