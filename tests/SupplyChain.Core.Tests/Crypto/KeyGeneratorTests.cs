using System;
using System.IO;
using SupplyChain.Core.Crypto;
using static SupplyChain.Core.Tests.Crypto.CryptoTestHelpers;

namespace SupplyChain.Core.Tests.Crypto;

public class KeyGeneratorTests
{
    public static TheoryData<KeyAlgorithm> Algorithms => new() { KeyAlgorithm.EcdsaP256, KeyAlgorithm.EcdsaP384, KeyAlgorithm.Rsa, KeyAlgorithm.Ed25519 };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void GenerateToFile_WritesPkcs8AndPub_ThatLoadBack(KeyAlgorithm algorithm)
    {
        using var dir = new TempDirectory();
        var path = dir.File("signing.pem");

        var result = KeyGenerator.GenerateToFile(algorithm, path, default, rsaKeySize: 2048, iterations: 1000);

        Assert.Equal(path + ".pub", result.PublicKeyPath);
        Assert.False(result.IsEncrypted);
        Assert.StartsWith("-----BEGIN " + "PRIVATE KEY-----", File.ReadAllText(path));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(result.PublicKeyPath));
        using var loaded = KeyLoader.LoadSigningKey(path);
        var publicKey = KeyLoader.LoadPublicKey(result.PublicKeyPath);
        Assert.Equal(result.KeyId, loaded.KeyId);
        Assert.Equal(result.KeyId, publicKey.KeyId);
        Assert.Equal(algorithm, publicKey.Algorithm);
        Assert.True(publicKey.Verify("x"u8, loaded.Sign("x"u8)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void GenerateToFile_WithPassword_WritesEncryptedKey()
    {
        using var dir = new TempDirectory();
        using var env = new TestEnvironment();
        var path = dir.File("encrypted.pem");

        var result = KeyGenerator.GenerateToFile(KeyAlgorithm.Ed25519, path, "pass phrase", rsaKeySize: 2048, iterations: 1000);

        Assert.True(result.IsEncrypted);
        Assert.StartsWith("-----BEGIN ENCRYPTED " + "PRIVATE KEY-----", File.ReadAllText(path));
        ExpectCode("SCSDK3006", () => KeyLoader.LoadSigningKey(path));
        using var loaded = KeyLoader.LoadSigningKey(path, "env:" + env.Set("pass phrase"));
        Assert.Equal(result.KeyId, loaded.KeyId);
    }

    [Fact]
    public void GenerateToFile_DefaultIterations_AreStrong()
    {
        using var dir = new TempDirectory();
        var path = dir.File("default.pem");

        KeyGenerator.GenerateToFile(KeyAlgorithm.EcdsaP256, path, "pw");

        using var loaded = KeyLoader.LoadSigningKeyFromPem(File.ReadAllText(path), "pw");
        Assert.Equal(KeyAlgorithm.EcdsaP256, loaded.Algorithm);
    }

    [Fact]
    public void GenerateToFile_ExistingPrivateOrPublicFile_IsScsdk3014AndWritesNothing()
    {
        using var dir = new TempDirectory();
        var path = dir.File("taken.pem");
        File.WriteAllText(path, "keep me");

        ExpectCode("SCSDK3014", () => KeyGenerator.GenerateToFile(KeyAlgorithm.EcdsaP256, path));
        Assert.Equal("keep me", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".pub"));

        var other = dir.File("other.pem");
        File.WriteAllText(other + ".pub", "keep me too");
        ExpectCode("SCSDK3014", () => KeyGenerator.GenerateToFile(KeyAlgorithm.EcdsaP256, other));
        Assert.False(File.Exists(other));
    }

    [Fact]
    public void GenerateToFile_MissingFolder_IsScsdk3015()
    {
        using var dir = new TempDirectory();

        var ex = ExpectCode("SCSDK3015", () => KeyGenerator.GenerateToFile(KeyAlgorithm.Ed25519, dir.File("no/such/folder/key.pem")));

        Assert.Equal(dir.File("no/such/folder/key.pem"), ex.Diagnostic.File);
    }

    [Fact]
    public void WriteKeyFiles_ExistingKey_WritesBothFiles()
    {
        using var dir = new TempDirectory();
        var key = SharedKey(KeyAlgorithm.EcdsaP384);

        var result = KeyGenerator.WriteKeyFiles(key, dir.File("p384.pem"));

        Assert.Equal(key.KeyId, result.KeyId);
        Assert.Equal(key.PublicKey.ExportPem(), File.ReadAllText(result.PublicKeyPath));
    }

    [Fact]
    public void Generate_RsaSizes_AreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyGenerator.Generate(KeyAlgorithm.Rsa, 1024));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyGenerator.Generate(KeyAlgorithm.Rsa, 2049));
        using var key = KeyGenerator.Generate(KeyAlgorithm.Rsa, 2048);
        Assert.Equal(2048, key.PublicKey.KeySize);
        Assert.Equal(3072, KeyGenerator.DefaultRsaKeySize);
    }

    [Fact]
    public void Generate_Default_IsEcdsaP256()
    {
        using var key = KeyGenerator.Generate();

        Assert.Equal(KeyAlgorithm.EcdsaP256, key.Algorithm);
        Assert.Equal(256, key.PublicKey.KeySize);
    }
}
