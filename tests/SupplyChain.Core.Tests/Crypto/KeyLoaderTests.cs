using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using static SupplyChain.Core.Tests.Crypto.CryptoTestHelpers;

namespace SupplyChain.Core.Tests.Crypto;

public class KeyLoaderTests
{
    private const int FastIterations = 1000;
    private static readonly byte[] s_message = "loaded keys sign"u8.ToArray();

    public static TheoryData<KeyAlgorithm> Algorithms => new() { KeyAlgorithm.EcdsaP256, KeyAlgorithm.EcdsaP384, KeyAlgorithm.Rsa, KeyAlgorithm.Ed25519 };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void LoadSigningKey_FromFile_SignsForItsPublicKey(KeyAlgorithm algorithm)
    {
        using var dir = new TempDirectory();
        var key = SharedKey(algorithm);
        var path = dir.File("key.pem");
        File.WriteAllText(path, key.ExportPkcs8Pem());

        using var loaded = KeyLoader.LoadSigningKey(path);
        var publicKey = KeyLoader.LoadPublicKey(WritePublic(dir, key));

        Assert.Equal(key.PublicKey, loaded.PublicKey);
        Assert.Equal(key.PublicKey, publicKey);
        Assert.True(publicKey.Verify(s_message, loaded.Sign(s_message)));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void LoadSigningKey_FromEnvironment_Works(KeyAlgorithm algorithm)
    {
        using var env = new TestEnvironment();
        var key = SharedKey(algorithm);
        var keyVar = env.Set(key.ExportPkcs8Pem());
        var pubVar = env.Set(key.PublicKey.ExportPem());

        using var loaded = KeyLoader.LoadSigningKey("env:" + keyVar);
        var publicKey = KeyLoader.LoadPublicKey("env:" + pubVar);

        Assert.Equal(key.KeyId, loaded.KeyId);
        Assert.Equal(key.PublicKey, publicKey);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void LoadSigningKey_EncryptedWithRightPassword_Works(KeyAlgorithm algorithm)
    {
        using var env = new TestEnvironment();
        var key = SharedKey(algorithm);
        var pem = key.ExportPkcs8Pem("correct horse \u00e9", FastIterations);
        var keyVar = env.Set(pem);
        var passwordVar = env.Set("correct horse \u00e9");

        using var loaded = KeyLoader.LoadSigningKey("env:" + keyVar, "env:" + passwordVar);

        Assert.StartsWith("-----BEGIN ENCRYPTED " + "PRIVATE KEY-----\n", pem);
        Assert.Equal(key.PublicKey, loaded.PublicKey);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void LoadSigningKey_EncryptedWithWrongPassword_IsScsdk3005(KeyAlgorithm algorithm)
    {
        using var env = new TestEnvironment();
        var key = SharedKey(algorithm);
        var keyVar = env.Set(key.ExportPkcs8Pem("right", FastIterations));
        var passwordVar = env.Set("wrong");

        var ex = ExpectCode("SCSDK3005", () => KeyLoader.LoadSigningKey("env:" + keyVar, "env:" + passwordVar));

        Assert.Contains("env:" + passwordVar, ex.Diagnostic.Message);
        Assert.DoesNotContain("wrong", ex.Diagnostic.Message.Replace("is wrong", string.Empty, StringComparison.Ordinal));
        Assert.Null(ex.Diagnostic.File);
    }

    [Fact]
    public void LoadSigningKey_WrongPassword_ManyTries_AlwaysScsdk3005()
    {
        // A wrong password that happens to leave valid padding must still read as a wrong password, not a malformed key.
        var key = SharedKey(KeyAlgorithm.EcdsaP256);
        var pem = key.ExportPkcs8Pem("right", 1);
        for (var i = 0; i < 300; i++)
        {
            ExpectCode("SCSDK3005", () => KeyLoader.LoadSigningKeyFromPem(pem, "wrong" + i));
        }
    }

    [Theory]
    [InlineData(PbeEncryptionAlgorithm.Aes128Cbc, "SHA256")]
    [InlineData(PbeEncryptionAlgorithm.Aes192Cbc, "SHA1")]
    [InlineData(PbeEncryptionAlgorithm.Aes256Cbc, "SHA384")]
    [InlineData(PbeEncryptionAlgorithm.Aes256Cbc, "SHA512")]
    public void LoadSigningKey_EncryptedByTheBcl_Works(PbeEncryptionAlgorithm encryption, string hash)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = ecdsa.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(encryption, new HashAlgorithmName(hash), 2000));

        using var loaded = KeyLoader.LoadSigningKeyFromPem(pem, "pw");

        Assert.True(ecdsa.VerifyData(s_message, loaded.Sign(s_message), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        ExpectCode("SCSDK3005", () => KeyLoader.LoadSigningKeyFromPem(pem, "pW"));
    }

    [Fact]
    public void ExportedEncryptedKey_IsReadableByTheBcl()
    {
        var key = SharedKey(KeyAlgorithm.EcdsaP384);
        var pem = key.ExportPkcs8Pem("interop", FastIterations);
        using var ecdsa = ECDsa.Create();

        ecdsa.ImportFromEncryptedPem(pem, "interop");

        Assert.True(ecdsa.VerifyData(s_message, key.Sign(s_message), HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void LoadSigningKey_Pkcs12TripleDesEncryption_IsScsdk3010()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = ecdsa.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.TripleDes3KeyPkcs12, HashAlgorithmName.SHA1, 2000));

        var ex = ExpectCode("SCSDK3010", () => KeyLoader.LoadSigningKeyFromPem(pem, "pw"));
        Assert.Contains("PKCS#12", ex.Diagnostic.Message);
    }

    [Fact]
    public void LoadSigningKey_EncryptedWithoutPassword_IsScsdk3006()
    {
        var pem = SharedKey(KeyAlgorithm.Ed25519).ExportPkcs8Pem("pw", FastIterations);

        ExpectCode("SCSDK3006", () => KeyLoader.LoadSigningKeyFromPem(pem, default));
    }

    [Theory]
    [InlineData("the-password-itself")]
    [InlineData("file:/tmp/pw")]
    [InlineData("env:")]
    [InlineData("ENV:NAME")]
    public void LoadSigningKey_PasswordSourceNotEnv_IsScsdk3007WithoutEchoingIt(string passwordSource)
    {
        using var env = new TestEnvironment();
        var keyVar = env.Set(SharedKey(KeyAlgorithm.EcdsaP256).ExportPkcs8Pem("pw", FastIterations));

        var ex = ExpectCode("SCSDK3007", () => KeyLoader.LoadSigningKey("env:" + keyVar, passwordSource));

        Assert.DoesNotContain("'" + passwordSource + "'", ex.Diagnostic.Message);
    }

    [Fact]
    public void LoadSigningKey_PasswordVariableUnset_IsScsdk3008()
    {
        using var env = new TestEnvironment();
        var keyVar = env.Set(SharedKey(KeyAlgorithm.EcdsaP256).ExportPkcs8Pem("pw", FastIterations));

        var ex = ExpectCode("SCSDK3008", () => KeyLoader.LoadSigningKey("env:" + keyVar, "env:SCSDK_TEST_NOT_SET_" + Guid.NewGuid().ToString("N")));

        Assert.Contains("SCSDK_TEST_NOT_SET_", ex.Diagnostic.Message);
    }

    [Fact]
    public void LoadSigningKey_UnencryptedKeyWithPasswordSource_NeedsNoVariableButAValidForm()
    {
        using var env = new TestEnvironment();
        var keyVar = env.Set(SharedKey(KeyAlgorithm.EcdsaP256).ExportPkcs8Pem());

        using var loaded = KeyLoader.LoadSigningKey("env:" + keyVar, "env:SCSDK_TEST_NOT_SET_" + Guid.NewGuid().ToString("N"));

        Assert.Equal(SharedKey(KeyAlgorithm.EcdsaP256).KeyId, loaded.KeyId);
        ExpectCode("SCSDK3007", () => KeyLoader.LoadSigningKey("env:" + keyVar, "hunter2"));
    }

    [Fact]
    public void LoadSigningKey_MissingFile_IsScsdk3000WithFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("absent.pem");

        var ex = ExpectCode("SCSDK3000", () => KeyLoader.LoadSigningKey(path));
        ExpectCode("SCSDK3000", () => KeyLoader.LoadPublicKey(dir.File("sub/absent.pub")));

        Assert.Equal(path, ex.Diagnostic.File);
    }

    [Fact]
    public void LoadSigningKey_MissingRelativePath_NamesTheFullPathAndHowRelativePathsResolve()
    {
        var relative = Path.Combine("no-such-folder-" + Guid.NewGuid().ToString("N"), "release.pem");

        var ex = ExpectCode("SCSDK3000", () => KeyLoader.LoadSigningKey(relative));

        Assert.Equal(Path.GetFullPath(relative), ex.Diagnostic.File);
        Assert.Contains("'" + Path.GetFullPath(relative) + "'", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("resolved against the project folder", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData(null)]
    public void LoadSigningKey_EnvironmentVariableUnsetOrEmpty_IsScsdk3001(string? value)
    {
        using var env = new TestEnvironment();
        var name = value is null ? "SCSDK_TEST_NOT_SET_" + Guid.NewGuid().ToString("N") : env.Set(value);

        var ex = ExpectCode("SCSDK3001", () => KeyLoader.LoadSigningKey("env:" + name));
        ExpectCode("SCSDK3001", () => KeyLoader.LoadPublicKey("env:" + name));

        Assert.Contains(name, ex.Diagnostic.Message);
        Assert.Null(ex.Diagnostic.File);
    }

    [Theory]
    [InlineData("not a key at all")]
    [InlineData("{\"keytype\":\"ed25519\"}")]
    [InlineData("-----BEGIN " + "PRIVATE KEY-----\n!!!notbase64!!!\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN " + "PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN " + "PRIVATE KEY-----\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEA\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN " + "PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN ENCRYPTED " + "PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN " + "PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp\n")]
    public void LoadSigningKey_Malformed_IsScsdk3002(string pem)
    {
        ExpectCode("SCSDK3002", () => KeyLoader.LoadSigningKeyFromPem(pem, "pw"));
    }

    [Theory]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n-----END PUBLIC KEY-----\n")]
    [InlineData("nothing")]
    public void LoadPublicKey_Malformed_IsScsdk3002(string pem)
    {
        ExpectCode("SCSDK3002", () => KeyLoader.LoadPublicKeyFromPem(pem));
    }

    [Fact]
    public void LoadSigningKey_Ed25519WithMismatchedEmbeddedPublicKey_IsScsdk3002()
    {
        var key = SharedKey(KeyAlgorithm.Ed25519);
        var der = key.ExportPkcs8PrivateKey();
        var other = KeyGenerator.Generate(KeyAlgorithm.Ed25519).PublicKey.Ed25519PublicKey.ToArray();
        var v1 = BuildOneAsymmetricKey(der[16..], other);
        var pem = new string(PemEncoding.Write("PRIVATE KEY", v1));

        ExpectCode("SCSDK3002", () => KeyLoader.LoadSigningKeyFromPem(pem, default));
        using var matching = KeyLoader.LoadSigningKeyFromPem(new string(PemEncoding.Write("PRIVATE KEY", BuildOneAsymmetricKey(der[16..], key.PublicKey.Ed25519PublicKey.ToArray()))), default);
        Assert.Equal(key.PublicKey, matching.PublicKey);
    }

    [Fact]
    public void LoadSigningKey_UnsupportedTypes_AreScsdk3003()
    {
        using var p521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        var ex = ExpectCode("SCSDK3003", () => KeyLoader.LoadSigningKeyFromPem(p521.ExportPkcs8PrivateKeyPem(), default));
        Assert.Contains("P-521", ex.Diagnostic.Message);
        ExpectCode("SCSDK3003", () => KeyLoader.LoadPublicKeyFromPem(p521.ExportSubjectPublicKeyInfoPem()));

        using var secp256k1 = ECDsa.Create(ECCurve.CreateFromValue("1.3.132.0.10"));
        ExpectCode("SCSDK3003", () => KeyLoader.LoadSigningKeyFromPem(secp256k1.ExportPkcs8PrivateKeyPem(), default));

        // X25519 (RFC 8410): a key agreement key, not a signing key.
        var x25519 = "-----BEGIN " + "PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n";
        ExpectCode("SCSDK3003", () => KeyLoader.LoadSigningKeyFromPem(x25519, default));
    }

    [Fact]
    public void LoadSigningKey_PublicKey_IsScsdk3004()
    {
        using var dir = new TempDirectory();
        var path = WritePublic(dir, SharedKey(KeyAlgorithm.EcdsaP256));

        var ex = ExpectCode("SCSDK3004", () => KeyLoader.LoadSigningKey(path));

        Assert.Equal(path, ex.Diagnostic.File);
    }

    [Fact]
    public void LoadSigningKey_UnreadablePath_IsScsdk3009()
    {
        ExpectCode("SCSDK3009", () => KeyLoader.LoadSigningKey("bad\0path.pem"));
    }

    [Fact]
    public void LoadKeys_RsaBelow2048Bits_IsScsdk3011()
    {
        using var rsa = RSA.Create(1024);

        ExpectCode("SCSDK3011", () => KeyLoader.LoadSigningKeyFromPem(rsa.ExportPkcs8PrivateKeyPem(), default));
        ExpectCode("SCSDK3011", () => KeyLoader.LoadPublicKeyFromPem(rsa.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public void LoadPublicKey_PrivateKey_IsScsdk3012()
    {
        var key = SharedKey(KeyAlgorithm.Ed25519);

        ExpectCode("SCSDK3012", () => KeyLoader.LoadPublicKeyFromPem(key.ExportPkcs8Pem()));
        ExpectCode("SCSDK3012", () => KeyLoader.LoadPublicKeyFromPem(key.ExportPkcs8Pem("pw", FastIterations)));
    }

    [Fact]
    public void LoadKeys_OtherPemFormats_AreScsdk3013()
    {
        using var rsa = RSA.Create(2048);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var ex = ExpectCode("SCSDK3013", () => KeyLoader.LoadSigningKeyFromPem(rsa.ExportRSAPrivateKeyPem(), default));
        Assert.Contains("RSA PRIVATE KEY", ex.Diagnostic.Message);
        ExpectCode("SCSDK3013", () => KeyLoader.LoadSigningKeyFromPem(ecdsa.ExportECPrivateKeyPem(), default));
        ExpectCode("SCSDK3013", () => KeyLoader.LoadPublicKeyFromPem(rsa.ExportRSAPublicKeyPem()));
        ExpectCode("SCSDK3013", () => KeyLoader.LoadSigningKeyFromPem("-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n", default));
        ExpectCode("SCSDK3013", () => KeyLoader.LoadSigningKeyFromPem("-----BEGIN RSA " + "PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n", default));
    }

    [Fact]
    public void LoadSigningKey_FileOpenToOthers_WarnsScsdk3500()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        var path = dir.File("key.pem");
        File.WriteAllText(path, SharedKey(KeyAlgorithm.EcdsaP256).ExportPkcs8Pem());
        var sink = new DiagnosticBag();

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using (KeyLoader.LoadSigningKey(path, sink: sink))
        {
        }

        var warning = Assert.Single(sink.Diagnostics);
        Assert.Equal("SCSDK3500", warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(path, warning.File);
        Assert.Contains("0644", warning.Message);
        Assert.Contains("its group and others", warning.Message);

        sink = new DiagnosticBag();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using (KeyLoader.LoadSigningKey(path, sink: sink))
        {
        }

        Assert.Empty(sink.Diagnostics);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.OtherWrite);
        KeyLoader.CheckPrivateKeyFilePermissions(path, sink);
        Assert.Contains("by others", Assert.Single(sink.Diagnostics).Message);
    }

    [Fact]
    public void Errors_NeverContainKeyMaterialOrPassword()
    {
        using var env = new TestEnvironment();
        var key = SharedKey(KeyAlgorithm.Rsa);
        var plain = key.ExportPkcs8Pem();
        var encrypted = key.ExportPkcs8Pem("s3cret-pass", FastIterations);
        var passwordVar = env.Set("not-the-s3cret");
        var messages = new[]
        {
            Assert.Throws<SupplyChainException>(() => KeyLoader.LoadSigningKey("env:" + env.Set(encrypted), "env:" + passwordVar)).Message,
            Assert.Throws<SupplyChainException>(() => KeyLoader.LoadSigningKeyFromPem(encrypted, default)).Message,
            Assert.Throws<SupplyChainException>(() => KeyLoader.LoadPublicKeyFromPem(plain)).Message,
            Assert.Throws<SupplyChainException>(() => KeyLoader.LoadSigningKeyFromPem(plain.Replace("\n-----END", "x\n-----END", StringComparison.Ordinal), default)).Message,
            Assert.Throws<SupplyChainException>(() => KeyLoader.LoadSigningKeyFromPem(plain[..(plain.Length / 2)], default)).Message,
            Assert.Throws<SupplyChainException>(() => KeyLoader.LoadSigningKey("env:" + env.Set(encrypted), "s3cret-pass")).Message,
        };

        foreach (var message in messages)
        {
            Assert.DoesNotContain("s3cret", message);
            Assert.DoesNotContain("not-the-s3cret", message);
            foreach (var line in plain.Split('\n').Concat(encrypted.Split('\n')).Where(l => l.Length > 16 && !l.StartsWith("-----", StringComparison.Ordinal)))
            {
                Assert.DoesNotContain(line[..16], message);
            }
        }
    }

    private static string WritePublic(TempDirectory dir, SigningKey key)
    {
        var path = dir.File("key-" + key.Algorithm.ToName() + ".pub");
        File.WriteAllText(path, key.PublicKey.ExportPem());
        return path;
    }

    private static byte[] BuildOneAsymmetricKey(byte[] privateKey, byte[] publicKey)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.3.101.112");
            }

            var inner = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            inner.WriteOctetString(privateKey);
            writer.WriteOctetString(inner.Encode());
            writer.WriteBitString(publicKey, 0, new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 1));
        }

        return writer.Encode();
    }
}
