using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Json;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>docs/threat-model.md TM-T5: fewer valid signatures by trusted keys than the threshold.</summary>
public class ArbitrarySoftwareAttackTests
{
    [Fact]
    public void Timestamp_SignedByKeyNotAuthorisedForTheRole_IsRejected()
    {
        var repo = new RepositorySimulator();
        var client = repo.NewClient();

        // The snapshot key is in root, but not trusted for timestamp.
        var forged = repo.Sign(repo.Timestamp, repo.Signers[TufRoles.Snapshot]);

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => client.UpdateTimestamp(forged));

        Assert.Equal(TufRoles.Root, ex.DelegatorName);
        Assert.Empty(ex.Result.ValidKeyIds);
        Assert.Null(client.Timestamp);
    }

    [Fact]
    public void Snapshot_WithoutSignatures_IsRejected()
    {
        var repo = new RepositorySimulator();
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        var unsigned = RepositorySimulator.Tamper(repo.Published[TufRoles.Snapshot], d => d["signatures"] = new JsonArray());

        TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => client.UpdateSnapshot(unsigned));
    }

    [Fact]
    public void Targets_ChangedAfterSigning_IsRejected()
    {
        var repo = new RepositorySimulator();
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);
        var tampered = RepositorySimulator.Tamper(repo.Published[TufRoles.Targets], d =>
            d["signed"]!["targets"]!["evil.exe"] = new JsonObject { ["length"] = 1, ["hashes"] = new JsonObject { ["sha256"] = new string('0', 64) } });

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => client.UpdateTargets(tampered));

        Assert.Contains("not valid", ex.Result.Summary());
    }

    [Fact]
    public void Targets_BelowThreshold_IsRejected()
    {
        var repo = new RepositorySimulator();
        repo.AddKey(TufRoles.Targets);
        repo.Root.GetRole(TufRoles.Targets).Threshold = 2;
        repo.BumpRoot();
        repo.Published[TufRoles.Targets] = repo.Sign(repo.Targets, repo.Signers[TufRoles.Targets].Take(1));
        repo.UpdateSnapshot();
        var client = repo.NewClient();
        repo.UpdateRoots(client);
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => client.UpdateTargets(repo.Published[TufRoles.Targets]));

        Assert.Single(ex.Result.ValidKeyIds);
        Assert.Equal(2, ex.Result.Threshold);
        Assert.Contains("no signature", ex.Result.Summary());
    }

    [Fact]
    public void Targets_AtThresholdOfTwo_IsAccepted()
    {
        var repo = new RepositorySimulator();
        repo.AddKey(TufRoles.Targets);
        repo.AddKey(TufRoles.Targets);
        repo.Root.GetRole(TufRoles.Targets).Threshold = 2;
        repo.BumpRoot();
        repo.Published[TufRoles.Targets] = repo.Sign(repo.Targets, repo.Signers[TufRoles.Targets].Skip(1));
        repo.UpdateSnapshot();
        var client = repo.NewClient();

        repo.Refresh(client);

        Assert.Equal(2, client.Targets!.VerifyDelegate(TufRoles.Targets, client.Root.Signed).ValidKeyIds.Count);
    }

    [Fact]
    public void Snapshot_SameSignatureTwice_IsRejected()
    {
        var repo = new RepositorySimulator();
        var client = repo.NewClient();
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        var duplicated = RepositorySimulator.Tamper(repo.Published[TufRoles.Snapshot], d =>
        {
            var signatures = d["signatures"]!.AsArray();
            signatures.Add(signatures[0]!.DeepClone());
        });

        var ex = TufAssert.Rejects<TufMetadataFormatException>("SCSDK4000", () => client.UpdateSnapshot(duplicated));

        Assert.Contains("more than one signature", ex.Message);
    }

    [Fact]
    public void Snapshot_SameKeyUnderTwoKeyIds_CountsOnce()
    {
        var repo = new RepositorySimulator();
        var key = repo.Signers[TufRoles.Snapshot][0];

        // A second key object for the same key (an extra field gives it another key id).
        var alias = key.PublicKey.ToTufKey().ToJson();
        alias["x-alias"] = true;
        var aliasKey = TufKey.FromJson(alias);
        var aliasId = aliasKey.ComputeKeyId();
        repo.Root.Keys[aliasId] = aliasKey;
        repo.Root.GetRole(TufRoles.Snapshot).KeyIds.Add(aliasId);
        repo.Root.GetRole(TufRoles.Snapshot).Threshold = 2;
        repo.BumpRoot();
        var metadata = new Metadata<Snapshot>(repo.Snapshot);
        metadata.Sign(key);
        metadata.Signatures.Add(new Signature(aliasId, metadata.Signatures[0].Value));
        var client = repo.NewClient();
        repo.UpdateRoots(client);
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => client.UpdateSnapshot(metadata.ToBytes()));

        Assert.Single(ex.Result.ValidKeyIds);
        Assert.Contains("same key", ex.Result.Summary());
    }

    [Theory]
    [InlineData("rsa", "rsassa-pkcs1v15-sha256", null, "not supported")]
    [InlineData("unknown-type", "ed25519", null, "not supported")]
    [InlineData("ed25519", "unknown-scheme", null, "not supported")]
    [InlineData("ecdsa", "ecdsa-sha2-nistp256", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "not a valid SubjectPublicKeyInfo")]
    [InlineData("ed25519", "ed25519", "zz", "not 64 hex digits")]
    [InlineData("rsa", "rsassa-pss-sha256", "", "is not a PEM public key")]
    public void Signature_ByKeyOfUnsupportedTypeSchemeOrValue_IsNotCounted(string keyType, string scheme, string? publicValue, string reason)
    {
        var repo = new RepositorySimulator();
        var signer = repo.Signers[TufRoles.Snapshot][0];
        var odd = TufKey.FromJson(new JsonObject
        {
            ["keytype"] = keyType,
            ["scheme"] = scheme,
            ["keyval"] = new JsonObject { ["public"] = publicValue ?? signer.PublicKey.ExportPem() },
        });
        var oddId = odd.ComputeKeyId();
        repo.Root.Keys[oddId] = odd;
        repo.Root.GetRole(TufRoles.Snapshot).KeyIds.Add(oddId);
        repo.BumpRoot();
        var metadata = new Metadata<Snapshot>(repo.Snapshot);
        metadata.Sign(signer);
        metadata.Signatures.Add(new Signature(oddId, metadata.Signatures[0].Value));
        var client = repo.NewClient();
        repo.UpdateRoots(client);
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);

        // Threshold 1: the supported key carries it, the other is ignored without an exception.
        client.UpdateSnapshot(metadata.ToBytes());
        var result = client.Snapshot!.VerifyDelegate(TufRoles.Snapshot, client.Root.Signed);
        Assert.Equal(new[] { signer.KeyId }, result.ValidKeyIds);
        Assert.Contains(reason, result.Rejections[oddId]);

        // Threshold 2: it does not count.
        result = client.Snapshot.VerifyDelegate(TufRoles.Snapshot, client.Root.Signed.FindDelegationKeys(TufRoles.Snapshot)!.Keys, 2);
        Assert.False(result.IsVerified);
    }

    [Fact]
    public void Role_KeyIdWithoutAKey_IsIgnored()
    {
        var repo = new RepositorySimulator();
        repo.Root.GetRole(TufRoles.Timestamp).KeyIds.Add(new string('d', 64));
        repo.BumpRoot();
        var client = repo.NewClient();
        repo.UpdateRoots(client);

        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);

        Assert.Single(client.Root.Signed.FindDelegationKeys(TufRoles.Timestamp)!.Keys);
    }

    [Fact]
    public void Signature_OverNonCanonicalBytes_IsRejected()
    {
        var repo = new RepositorySimulator();
        var signer = repo.Signers[TufRoles.Timestamp][0];
        var metadata = new Metadata<Timestamp>(repo.Timestamp);
        var pretty = System.Text.Encoding.UTF8.GetBytes(repo.Timestamp.ToJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        Assert.NotEqual(CanonicalJson.Serialize(repo.Timestamp.ToJson()), pretty);
        metadata.Signatures.Add(new Signature(signer.KeyId, System.Convert.ToHexString(signer.Sign(pretty)).ToLowerInvariant()));
        var client = repo.NewClient();

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => client.UpdateTimestamp(metadata.ToBytes()));

        Assert.Contains("not valid over the canonical", ex.Result.Summary());
    }

    [Fact]
    public void Signature_InvalidEmptyOrUnknown_IsIgnoredWhenThresholdIsMet()
    {
        var repo = new RepositorySimulator();
        var extra = repo.AddKey(TufRoles.Timestamp);
        repo.BumpRoot();
        var metadata = new Metadata<Timestamp>(repo.Timestamp);
        metadata.Sign(repo.Signers[TufRoles.Timestamp][0]);
        metadata.Signatures.Add(new Signature(extra.KeyId, string.Empty));
        metadata.Signatures.Add(new Signature(new string('a', 64), "00"));
        metadata.Signatures.Add(new Signature(new string('b', 64), "not hex"));
        var client = repo.NewClient();
        repo.UpdateRoots(client);

        client.UpdateTimestamp(metadata.ToBytes());
        var result = client.Timestamp!.VerifyDelegate(TufRoles.Timestamp, client.Root.Signed);

        Assert.Single(result.ValidKeyIds);
        Assert.Equal("the signature is empty or not hex", result.Rejections[extra.KeyId]);
        Assert.False(result.Rejections.ContainsKey(new string('a', 64)));
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.EcdsaP384)]
    [InlineData(KeyAlgorithm.Ed25519)]
    [InlineData(KeyAlgorithm.Rsa)]
    public void Repository_SignedWithEachKeyType_Verifies(KeyAlgorithm algorithm)
    {
        var repo = new RepositorySimulator(algorithm: algorithm);
        var client = repo.NewClient();

        repo.Refresh(client);

        Assert.Equal(1, client.Targets!.Signed.Version);
        var keyType = client.Root.Signed.Keys.Values.First().KeyType;
        Assert.Equal(algorithm switch { KeyAlgorithm.Ed25519 => "ed25519", KeyAlgorithm.Rsa => "rsa", _ => "ecdsa" }, keyType);
    }

    [Fact]
    public void VerifyDelegate_WrongKeysForTheRole_CountsNothing()
    {
        var repo = new RepositorySimulator();
        var timestamp = Metadata<Timestamp>.FromBytes(repo.Published[TufRoles.Timestamp]);
        var otherKey = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        var keys = new Dictionary<string, TufKey> { [repo.Signers[TufRoles.Timestamp][0].KeyId] = otherKey.PublicKey.ToTufKey() };

        var result = timestamp.VerifyDelegate(TufRoles.Timestamp, keys, 1);

        Assert.False(result.IsVerified);
        Assert.True(timestamp.VerifyDelegate(TufRoles.Timestamp, repo.Root).IsVerified);
    }
}
