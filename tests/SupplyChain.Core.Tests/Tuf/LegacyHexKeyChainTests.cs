using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.Core.Tests.Tuf.Client;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>
/// A client shipped with an old first root, whose ECDSA keys are hex points (<c>keytype</c>
/// <c>ecdsa-sha2-nistp256</c>, <c>keyid_hash_algorithms</c>, ids over that object as securesystemslib and go-tuf
/// computed them), walks the rotation chain to a root with PEM keys and verifies targets with it.
/// </summary>
public sealed class LegacyHexKeyChainTests : IDisposable
{
    // Real time, so that tuf-js (which reads the clock) judges the same expiries.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private readonly TestDirectory _directory = new("tufhex");
    private readonly SigningKey _k1 = KeyGenerator.Generate(KeyAlgorithm.EcdsaP256);
    private readonly SigningKey _k2 = KeyGenerator.Generate(KeyAlgorithm.EcdsaP256);
    private readonly SigningKey _k3 = KeyGenerator.Generate(KeyAlgorithm.EcdsaP256);
    private readonly SigningKey _online = KeyGenerator.Generate(KeyAlgorithm.EcdsaP256);

    private string Metadata => _directory.Combine("repo", "metadata");

    [Fact]
    public void HexKeyedRoot_RotatesToPemKeyedRoot_AndTheTargetVerifies()
    {
        var (v1, hexIds) = PublishChain(signV2WithBothOldKeys: true);
        var content = PublishTopLevel("pkg/a.txt", "the signed target");
        var client = _directory.Combine("client");
        Updater.Initialize(client, v1);
        var updater = new Updater(client, FolderTufFetcher.ForRepository(_directory.Combine("repo")), new UpdaterOptions { TimeProvider = new FixedTimeProvider(Now) });

        var trusted = updater.Refresh();
        var (target, _) = updater.Download("pkg/a.txt", _directory.Combine("out", "a.txt"));

        Assert.Equal(2, trusted.Root.Signed.Version);
        Assert.Equal(content, File.ReadAllBytes(_directory.Combine("out", "a.txt")));
        Assert.Equal(content.Length, target.Length);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Metadata, "2.root.json")), File.ReadAllBytes(Path.Combine(client, "root.json")));

        // The ids of the first root are the hashes of the hex key objects, keyid_hash_algorithms included.
        var first = Metadata<Root>.FromBytes(v1);
        foreach (var id in hexIds)
        {
            Assert.Equal(id, first.Signed.Keys[id].ComputeKeyId());
            Assert.NotNull(first.Signed.Keys[id].ToJson()["keyid_hash_algorithms"]);
            Assert.DoesNotContain("BEGIN", first.Signed.Keys[id].PublicValue, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HexKeyedRoot_NextRootWithoutAThresholdOfItsHexKeys_IsRefused()
    {
        // The hex keys really count: with only one of the two old keys signing, version 2 is refused.
        var (v1, _) = PublishChain(signV2WithBothOldKeys: false);
        PublishTopLevel("pkg/a.txt", "the signed target");
        var client = _directory.Combine("client");
        Updater.Initialize(client, v1);
        var updater = new Updater(client, FolderTufFetcher.ForRepository(_directory.Combine("repo")), new UpdaterOptions { TimeProvider = new FixedTimeProvider(Now) });

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => updater.Refresh());

        Assert.Contains("1 valid signature", ex.Message, StringComparison.Ordinal);
    }

    [NodeFact]
    public void TufJs_WalksTheSameHexKeyedChainAndVerifiesTheTarget()
    {
        // The chain is what go-tuf and tuf-js accept: tuf-js, starting from the hex-keyed root, reaches version 2.
        var (v1, _) = PublishChain(signV2WithBothOldKeys: true);
        var content = PublishTopLevel("pkg/a.txt", "the signed target");
        var rootFile = _directory.Combine("trusted-root.json");
        File.WriteAllBytes(rootFile, v1);

        var result = NodeInterop.RunScript("tufjs-download.mjs", new[] { "--root", rootFile, "--dir", _directory.Combine("repo"), "--out", _directory.Combine("tufjs-out"), "pkg/a.txt" }, TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.Tail());
        Assert.Contains("verified: pkg/a.txt " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content)).ToLowerInvariant(), result.Output, StringComparison.Ordinal);
    }

    [NodeFact]
    public void TufJs_RefusesTheChainWithoutAThresholdOfTheHexKeys()
    {
        // The negative control: tuf-js counts the hex keys too, so one old signature is not enough for it either.
        var (v1, _) = PublishChain(signV2WithBothOldKeys: false);
        PublishTopLevel("pkg/a.txt", "the signed target");
        var rootFile = _directory.Combine("trusted-root.json");
        File.WriteAllBytes(rootFile, v1);

        var result = NodeInterop.RunScript("tufjs-download.mjs", new[] { "--root", rootFile, "--dir", _directory.Combine("repo"), "--out", _directory.Combine("tufjs-out"), "pkg/a.txt" }, TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 1, result.Tail());
    }

    public void Dispose()
    {
        _k1.Dispose();
        _k2.Dispose();
        _k3.Dispose();
        _online.Dispose();
        _directory.Dispose();
    }

    private (byte[] V1, List<string> HexIds) PublishChain(bool signV2WithBothOldKeys)
    {
        Directory.CreateDirectory(Metadata);

        // Version 1: every key a hex point, as go-tuf v0 wrote them.
        var root = new Root(Now.AddDays(365)) { ConsistentSnapshot = false };
        var hex1 = Hex(_k1);
        var hex2 = Hex(_k2);
        var hexOnline = Hex(_online);
        root.AddKey(hex1, TufRoles.Root);
        root.AddKey(hex2, TufRoles.Root);
        root.GetRole(TufRoles.Root).Threshold = 2;
        foreach (var role in new[] { TufRoles.Timestamp, TufRoles.Snapshot, TufRoles.Targets })
        {
            root.AddKey(hexOnline, role);
        }

        var v1 = new Metadata<Root>(root);
        v1.Sign(new KeyIdSigner(_k1, hex1.ComputeKeyId()), append: true);
        v1.Sign(new KeyIdSigner(_k2, hex2.ComputeKeyId()), append: true);
        var v1Bytes = v1.ToBytes();
        File.WriteAllBytes(Path.Combine(Metadata, "1.root.json"), v1Bytes);

        // Version 2: PEM keys (k1 again, and the new k3), signed by a threshold of the old ids and of the new ones.
        var next = new Root(Now.AddDays(365)) { ConsistentSnapshot = false, Version = 2 };
        next.AddKey(_k1.PublicKey.ToTufKey(), TufRoles.Root);
        next.AddKey(_k3.PublicKey.ToTufKey(), TufRoles.Root);
        next.GetRole(TufRoles.Root).Threshold = 2;
        foreach (var role in new[] { TufRoles.Timestamp, TufRoles.Snapshot, TufRoles.Targets })
        {
            next.AddKey(_online.PublicKey.ToTufKey(), role);
        }

        var v2 = new Metadata<Root>(next);
        v2.Sign(new KeyIdSigner(_k1, hex1.ComputeKeyId()), append: true);
        if (signV2WithBothOldKeys)
        {
            v2.Sign(new KeyIdSigner(_k2, hex2.ComputeKeyId()), append: true);
        }

        v2.Sign(_k1, append: true);
        v2.Sign(_k3, append: true);
        File.WriteAllBytes(Path.Combine(Metadata, "2.root.json"), v2.ToBytes());
        return (v1Bytes, new List<string> { hex1.ComputeKeyId(), hex2.ComputeKeyId() });
    }

    private byte[] PublishTopLevel(string path, string text)
    {
        var content = Encoding.UTF8.GetBytes(text);
        var targets = new Targets(Now.AddDays(30));
        targets.AddTarget(TargetFile.FromBytes(path, content));
        var snapshot = new Snapshot(Now.AddDays(30));
        snapshot.Meta["targets.json"] = new MetaFile(1);
        var timestamp = new Timestamp(Now.AddDays(1)) { SnapshotMeta = new MetaFile(1) };
        File.WriteAllBytes(Path.Combine(Metadata, "targets.json"), SignOnline(targets));
        File.WriteAllBytes(Path.Combine(Metadata, "snapshot.json"), SignOnline(snapshot));
        File.WriteAllBytes(Path.Combine(Metadata, "timestamp.json"), SignOnline(timestamp));
        var file = _directory.Combine("repo", "targets", path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, content);
        return content;
    }

    private byte[] SignOnline<T>(T signed)
        where T : Signed
    {
        var metadata = new Metadata<T>(signed);
        metadata.Sign(_online);
        return metadata.ToBytes();
    }

    private static TufKey Hex(SigningKey key)
        => TufKey.FromJson(TufKeyHexPointTests.LegacyKey("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", TufKeyHexPointTests.Uncompressed(key.PublicKey)));

    /// <summary>A signer that signs under another key id (the id the metadata gives the key).</summary>
    private sealed class KeyIdSigner : ISigner
    {
        private readonly SigningKey _inner;

        public KeyIdSigner(SigningKey inner, string keyId)
        {
            _inner = inner;
            KeyId = keyId;
        }

        public string KeyId { get; }

        public PublicKey PublicKey => _inner.PublicKey;

        public byte[] Sign(ReadOnlySpan<byte> data) => _inner.Sign(data);
    }
}
