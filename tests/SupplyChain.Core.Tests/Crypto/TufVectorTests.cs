using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Json;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Crypto;

/// <summary>Key ids and signatures of real TUF metadata from python-tuf and go-tuf (read from the shared vectors).</summary>
public class TufVectorTests
{
    private const string PythonRepository = "python-tuf/repository_data/repository/metadata";
    private const string PythonEd25519 = "python-tuf/generated_data/ed25519_metadata";
    private const string GoRepository = "go-tuf/repository_data/repository/metadata";

    [VectorTheory]
    [InlineData(PythonRepository, "root.json", "rsa")]
    [InlineData(PythonRepository, "1.root.json", "rsa")]
    [InlineData(PythonRepository, "timestamp.json", "ed25519")]
    [InlineData(PythonRepository, "snapshot.json", "ed25519")]
    [InlineData(PythonRepository, "targets.json", "ed25519")]
    [InlineData(PythonRepository, "role1.json", "ed25519")]
    [InlineData(PythonRepository, "role2.json", "ed25519")]
    [InlineData(PythonEd25519, "root_with_ed25519.json", "ed25519")]
    [InlineData(PythonEd25519, "timestamp_with_ed25519.json", "ed25519")]
    [InlineData(PythonEd25519, "snapshot_with_ed25519.json", "ed25519")]
    [InlineData(PythonEd25519, "targets_with_ed25519.json", "ed25519")]
    [InlineData(GoRepository, "root.json", "rsa")]
    [InlineData(GoRepository, "timestamp.json", "rsa")]
    [InlineData(GoRepository, "snapshot.json", "rsa")]
    [InlineData(GoRepository, "targets.json", "rsa")]
    [InlineData(GoRepository, "role1.json", "ed25519")]
    [InlineData(GoRepository, "role2.json", "ed25519")]
    public void Signatures_OverCanonicalSigned_Verify(string folder, string file, string keyType)
    {
        var keys = KeysOf(folder);
        var document = Load(folder, file);
        var signed = CanonicalJson.Serialize(document["signed"]);
        var signatures = document["signatures"]!.AsArray();

        Assert.NotEmpty(signatures);
        foreach (var signature in signatures)
        {
            var keyId = (string)signature!["keyid"]!;
            var key = keys[keyId];
            Assert.Equal(keyType, key.KeyType);
            var verifier = key.CreateVerifier(keyId);
            Assert.True(verifier.IsSupported, verifier.Error);
            var sig = Convert.FromHexString((string)signature["sig"]!);
            Assert.True(verifier.Verifier!.Verify(signed, sig), $"{folder}/{file} signature by {keyId} does not verify");

            // The same signature over changed content must fail.
            var tampered = document["signed"]!.DeepClone();
            tampered["version"] = (int)tampered["version"]! + 1;
            Assert.False(verifier.Verifier.Verify(CanonicalJson.Serialize(tampered), sig));
        }
    }

    [VectorFact]
    public void GoTufRootWithPlaceholderEd25519Signature_IsRejected()
    {
        var document = Load(GoRepository, "1.root.json");
        var signature = document["signatures"]![0]!;
        var keyId = (string)signature["keyid"]!;
        var key = TufKey.FromJson(document["signed"]!["keys"]![keyId]);
        var sig = Convert.FromHexString((string)signature["sig"]!);

        var verifier = key.CreateVerifier(keyId);

        Assert.True(verifier.IsSupported, verifier.Error);
        Assert.Equal(32, sig.Length);
        Assert.Equal(Ed25519Rejection.SignatureLength, Ed25519.Check(verifier.PublicKey!.Ed25519PublicKey, sig));
        Assert.False(verifier.Verifier!.Verify(CanonicalJson.Serialize(document["signed"]), sig));
    }

    [VectorTheory]
    [InlineData(PythonRepository, 5, true)]
    [InlineData(GoRepository, 9, true)]
    [InlineData(PythonEd25519, 4, false)] // generate_md.py hard-codes these ids; they are not hashes of the keys
    public void KeyIds_RecomputedFromKeyObjects_MatchTheMetadata(string folder, int expectedKeys, bool idsAreHashes)
    {
        var keys = KeysOf(folder);

        Assert.Equal(expectedKeys, keys.Count);
        foreach (var (keyId, key) in keys)
        {
            Assert.Equal(idsAreHashes, keyId == key.ComputeKeyId());
        }
    }

    [VectorFact]
    public void PythonRootRsaKey_HasKeyIdHashAlgorithmsAndNoTrailingNewline()
    {
        var keys = KeysOf(PythonRepository);
        var rsa = keys["4e777de0d275f9d28588dd9a1606cc748e548f9e22b6795b7cb3f63f98035fcb"];

        // The PEM in this (older) metadata has no final newline; the key id is over the text as it is.
        Assert.EndsWith("-----END PUBLIC KEY-----", rsa.PublicValue);
        Assert.NotNull(rsa.ToJson()["keyid_hash_algorithms"]);
        Assert.Equal(3072, rsa.GetPublicKey().PublicKey!.KeySize);
    }

    [VectorFact]
    public void GoTufRootWithExtraSignedField_StillCanonicalizes()
    {
        var document = Load(GoRepository, "1.root.json");

        var text = CanonicalJson.SerializeToString(document["signed"]);

        Assert.Contains("\"test\":\"true\"", text);
        Assert.Contains("\"expires\":\"2030-08-15T14:30:45.0000001Z\"", text);
    }

    private static JsonNode Load(string folder, string file)
    {
        var result = StrictJson.Parse(File.ReadAllBytes(RepositoryPaths.Vector(folder, file)));
        Assert.True(result.IsSuccess, result.Error);
        return result.Node!;
    }

    // Every key the folder's metadata defines: root keys and delegated keys, by the id the metadata gives them.
    private static Dictionary<string, TufKey> KeysOf(string folder)
    {
        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(RepositoryPaths.Vector(folder), "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            var signed = Load(folder, Path.GetFileName(path))["signed"]!;
            var defined = signed["keys"] ?? signed["delegations"]?["keys"];
            if (defined is null)
            {
                continue;
            }

            foreach (var (keyId, keyObject) in defined.AsObject())
            {
                var key = TufKey.FromJson(keyObject);
                if (keys.TryGetValue(keyId, out var existing))
                {
                    Assert.Equal(existing.ComputeKeyId(), key.ComputeKeyId());
                }

                keys[keyId] = key;
            }
        }

        return keys;
    }
}
