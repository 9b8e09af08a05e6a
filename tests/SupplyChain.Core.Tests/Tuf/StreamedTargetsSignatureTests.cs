using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>
/// Targets metadata read from bytes is verified from hashes fed its canonical <c>signed</c> as it is written (the
/// canonical form is never held): every key type and scheme, several signatures in one pass, and the same answers as
/// a verification over the canonical bytes held whole.
/// </summary>
public class StreamedTargetsSignatureTests
{
    private static readonly DateTimeOffset Expires = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData(KeyAlgorithm.Ed25519)]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.EcdsaP384)]
    [InlineData(KeyAlgorithm.Rsa)]
    public void ReadTargets_SignedByTheKey_VerifiesAsOverTheWholeCanonicalForm_AndNotWhenOneHashDigitChanges(KeyAlgorithm algorithm)
    {
        var key = CryptoTestHelpers.SharedKey(algorithm);
        var bytes = SignedTargets(key);
        var keys = new Dictionary<string, TufKey> { [key.KeyId] = key.PublicKey.ToTufKey() };
        var read = Metadata<Targets>.FromBytes(bytes);

        var result = read.VerifyDelegate("targets", keys, 1);

        Assert.True(result.IsVerified, result.Summary());
        Assert.True(key.PublicKey.Verify(read.SignedBytes.Span, Convert.FromHexString(read.Signatures[0].Value)));

        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace(Sha256Hex("content 7"), Sha256Hex("content 8"), StringComparison.Ordinal));
        Assert.NotEqual(bytes, tampered);
        var forged = Metadata<Targets>.FromBytes(tampered).VerifyDelegate("targets", keys, 1);
        Assert.False(forged.IsVerified);
        Assert.Equal("the signature is not valid over the canonical 'signed'", forged.Rejections[key.KeyId]);
    }

    [Fact]
    public void ReadTargets_SignedByThreeKeysOfThreeTypes_CountsEachValidSignatureOnce_InOnePass()
    {
        var signers = new[] { CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519), CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP384), CryptoTestHelpers.SharedKey(KeyAlgorithm.Rsa) };
        var metadata = new Metadata<Targets>(Targets());
        foreach (var signer in signers)
        {
            metadata.Sign(signer, append: true);
        }

        var keys = new Dictionary<string, TufKey>();
        foreach (var signer in signers)
        {
            keys[signer.KeyId] = signer.PublicKey.ToTufKey();
        }

        // A fourth trusted key id for the Ed25519 key: the same key under another id is counted once.
        var read = Metadata<Targets>.FromBytes(metadata.ToBytes());
        read.Signatures.Add(new Signature("0000aaaa", read.Signatures[0].Value));
        keys["0000aaaa"] = signers[0].PublicKey.ToTufKey();

        var result = read.VerifyDelegate("targets", keys, 3);

        Assert.True(result.IsVerified, result.Summary());
        Assert.Equal(3, result.ValidKeyIds.Count);
        Assert.Equal("the same key as another key id, counted once", result.Rejections[signers[0].KeyId]);
        Assert.False(read.VerifyDelegate("targets", keys, 4).IsVerified);
    }

    [Fact]
    public void ReadTargets_Ed25519SignatureWithSPlusL_IsNotCounted_LikeOverTheWholeCanonicalForm()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);
        var read = Metadata<Targets>.FromBytes(SignedTargets(key));
        var signature = Convert.FromHexString(read.Signatures[0].Value);
        var s = new System.Numerics.BigInteger(signature.AsSpan(32), isUnsigned: true) + (System.Numerics.BigInteger.Pow(2, 252) + System.Numerics.BigInteger.Parse("27742317777372353535851937790883648493"));
        s.TryWriteBytes(signature.AsSpan(32), out _, isUnsigned: true);
        read.Signatures[0] = new Signature(key.KeyId, Convert.ToHexString(signature).ToLowerInvariant());
        var keys = new Dictionary<string, TufKey> { [key.KeyId] = key.PublicKey.ToTufKey() };

        Assert.False(key.PublicKey.Verify(read.SignedBytes.Span, signature));
        Assert.False(read.VerifyDelegate("targets", keys, 1).IsVerified);
    }

    [Fact]
    public void ReadTargets_WithAStringLongerThanTheHashingBuffer_Verifies()
    {
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519);
        var targets = Targets();
        var target = TargetFile.FromBytes("long/custom.txt", "x"u8.ToArray());
        target.Custom = new JsonObject { ["note"] = new string('n', 70_000) + "\"\\" };
        targets.AddTarget(target);
        var metadata = new Metadata<Targets>(targets);
        metadata.Sign(key);
        var keys = new Dictionary<string, TufKey> { [key.KeyId] = key.PublicKey.ToTufKey() };

        var read = Metadata<Targets>.FromBytes(metadata.ToBytes());

        Assert.True(read.VerifyDelegate("targets", keys, 1).IsVerified);
        Assert.Equal(metadata.SignedBytes.ToArray(), read.SignedBytes.ToArray());
    }

    private static Targets Targets()
    {
        var targets = new Targets(Expires) { Version = 3 };
        for (var i = 0; i < 300; i++)
        {
            var target = TargetFile.FromBytes($"files/file-{i}-\u00e9\\\"q.txt", Encoding.UTF8.GetBytes("content " + i));
            if (i % 50 == 0)
            {
                target.Custom = new JsonObject { ["z"] = 1, ["a"] = new JsonArray("b", -0, true) };
            }

            targets.AddTarget(target);
        }

        return targets;
    }

    private static byte[] SignedTargets(SigningKey key)
    {
        var metadata = new Metadata<Targets>(Targets());
        metadata.Sign(key);
        return metadata.ToBytes();
    }

    private static string Sha256Hex(string content)
        => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(content))).ToLowerInvariant();
}
