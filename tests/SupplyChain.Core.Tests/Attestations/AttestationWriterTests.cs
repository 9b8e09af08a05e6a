using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Attestations;

public sealed class AttestationWriterTests
{
    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.EcdsaP384)]
    [InlineData(KeyAlgorithm.Rsa)]
    [InlineData(KeyAlgorithm.Ed25519)]
    public void Write_WithSbom_WritesTwoSignedStatementsAboutThePackageBytes(KeyAlgorithm algorithm)
    {
        using var temp = new TestDirectory("scsdk-attest");
        var key = CryptoTestHelpers.SharedKey(algorithm);
        var package = AttestationTestHelpers.WritePackage(temp.Path);

        var result = AttestationTestHelpers.Attest(package, key);

        var sidecars = AttestationSidecars.Of(package);
        Assert.Equal(new[] { sidecars.Statements, sidecars.ProvenanceBundle, sidecars.SbomBundle }, result.Files);
        Assert.Equal(new[] { "Contoso.Lib.1.2.3.intoto.jsonl", "Contoso.Lib.1.2.3.provenance.sigstore.json", "Contoso.Lib.1.2.3.sbom.sigstore.json" }, AttestationTestHelpers.SidecarFiles(temp.Path));
        var artifact = AttestationTestHelpers.Artifact(package);
        var lines = AttestationTestHelpers.Lines(sidecars.Statements);
        Assert.Equal(2, lines.Length);
        var types = lines.Select(line =>
        {
            var envelope = DsseEnvelope.Parse(Encoding.UTF8.GetBytes(line));
            var verification = envelope.Verify(new[] { key.PublicKey.CreateVerifier() }, expectedPayloadType: InTotoStatement.PayloadType);
            Assert.True(verification.IsValid, verification.Error);
            Assert.Equal(key.KeyId, envelope.Signatures.Single().KeyId);
            var statement = InTotoStatement.Parse(verification.Payload.Span);
            var subject = Assert.Single(statement.Subject);
            Assert.Equal("Contoso.Lib.1.2.3.nupkg", subject.Name);
            Assert.Equal(artifact.Digest["sha256"], subject.Digest["sha256"]);
            Assert.Equal(artifact.Digest["sha512"], subject.Digest["sha512"]);
            return statement.PredicateType;
        }).ToArray();
        Assert.Equal(new[] { PredicateTypes.SlsaProvenanceV1, PredicateTypes.CycloneDxBom }, types);

        var sbomStatement = InTotoStatement.Parse(DsseEnvelope.Parse(Encoding.UTF8.GetBytes(lines[1])).Payload.Span);
        Assert.Equal("CycloneDX", (string?)sbomStatement.Predicate!["bomFormat"]);
        Assert.Equal("Contoso.Lib", (string?)sbomStatement.Predicate!["metadata"]!["component"]!["name"]);
    }

    [Fact]
    public void Write_Bundles_CarryTheSameEnvelopesWithTheKeyIdAsHint()
    {
        using var temp = new TestDirectory("scsdk-attest");
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        var package = AttestationTestHelpers.WritePackage(temp.Path);
        AttestationTestHelpers.Attest(package, key);
        var sidecars = AttestationSidecars.Of(package);
        var lines = AttestationTestHelpers.Lines(sidecars.Statements);

        foreach (var (bundlePath, line) in new[] { (sidecars.ProvenanceBundle, lines[0]), (sidecars.SbomBundle, lines[1]) })
        {
            var json = JsonNode.Parse(File.ReadAllText(bundlePath))!;
            Assert.Equal(new[] { "mediaType", "verificationMaterial", "dsseEnvelope" }, json.AsObject().Select(p => p.Key));
            Assert.Equal("application/vnd.dev.sigstore.bundle.v0.3+json", (string?)json["mediaType"]);
            Assert.Equal(key.KeyId, (string?)json["verificationMaterial"]!["publicKey"]!["hint"]);
            Assert.Empty(json["verificationMaterial"]!["tlogEntries"]!.AsArray());
            Assert.Equal(JsonNode.Parse(line)!["payload"]!.GetValue<string>(), (string?)json["dsseEnvelope"]!["payload"]);
            Assert.Equal(key.KeyId, (string?)json["dsseEnvelope"]!["signatures"]![0]!["keyid"]);

            var read = SigstoreBundle.Read(File.ReadAllBytes(bundlePath));
            Assert.True(read.IsSuccess, read.Error);
            Assert.True(read.Envelope!.Verify(new[] { key.PublicKey.CreateVerifier() }).IsValid);
        }
    }

    [Fact]
    public void Write_WithoutSbom_WritesTheProvenanceOnlyAndRemovesAStaleSbomBundle()
    {
        using var temp = new TestDirectory("scsdk-attest");
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        var package = AttestationTestHelpers.WritePackage(temp.Path);
        File.WriteAllText(AttestationSidecars.Of(package).SbomBundle, "{}");
        var sink = new DiagnosticBag();

        var result = AttestationWriter.Write(new AttestationWriteRequest(package, AttestationTestHelpers.Predicate()), key, sink);

        Assert.False(result.HasSbom);
        Assert.Equal(new[] { "Contoso.Lib.1.2.3.intoto.jsonl", "Contoso.Lib.1.2.3.provenance.sigstore.json" }, AttestationTestHelpers.SidecarFiles(temp.Path));
        Assert.Single(AttestationTestHelpers.Lines(result.Files[0]));
        Assert.Contains(sink.TraceMessages, m => m.Contains("provenance only", StringComparison.Ordinal));
        Assert.Empty(sink.Diagnostics);
    }

    [Fact]
    public void Write_SignerFails_LeavesNoSidecarNotEvenAnOldOne()
    {
        using var temp = new TestDirectory("scsdk-attest");
        var package = AttestationTestHelpers.WritePackage(temp.Path);
        AttestationTestHelpers.Attest(package, CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256));
        File.WriteAllText(package, "rebuilt package");

        CryptoTestHelpers.ExpectCode("SCSDK3030", () => AttestationTestHelpers.Attest(package, new FailingSigner(CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256).PublicKey, failOnCall: 2)));

        Assert.Empty(AttestationTestHelpers.SidecarFiles(temp.Path));
    }

    [Fact]
    public void Write_AFileCannotBeWritten_LeavesNothingBehind()
    {
        using var temp = new TestDirectory("scsdk-attest");
        var package = AttestationTestHelpers.WritePackage(temp.Path);
        var sidecars = AttestationSidecars.Of(package);
        Directory.CreateDirectory(sidecars.SbomBundle); // the last rename fails: a folder has the name

        var ex = CryptoTestHelpers.ExpectCode("SCSDK3033", () => AttestationTestHelpers.Attest(package, CryptoTestHelpers.SharedKey(KeyAlgorithm.Ed25519)));

        Assert.Equal(sidecars.SbomBundle, ex.Diagnostic.File);
        Assert.False(File.Exists(sidecars.Statements));
        Assert.False(File.Exists(sidecars.ProvenanceBundle));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }

    [Fact]
    public void Write_SbomThatIsNotJson_FailsWithSCSDK3034AndWritesNothing()
    {
        using var temp = new TestDirectory("scsdk-attest");
        var package = AttestationTestHelpers.WritePackage(temp.Path);
        var sbom = AttestationSidecars.Of(package).Sbom;
        File.WriteAllText(sbom, "{ \"bomFormat\": ");

        var ex = CryptoTestHelpers.ExpectCode("SCSDK3034", () => AttestationWriter.Write(new AttestationWriteRequest(package, AttestationTestHelpers.Predicate()) { SbomPath = sbom }, CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256), new DiagnosticBag()));

        Assert.Equal(sbom, ex.Diagnostic.File);
        Assert.Empty(AttestationTestHelpers.SidecarFiles(temp.Path));
    }

    [Fact]
    public void Write_IsRepeatable_TheNewFilesReplaceTheOld()
    {
        using var temp = new TestDirectory("scsdk-attest");
        var key = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        var package = AttestationTestHelpers.WritePackage(temp.Path);
        AttestationTestHelpers.Attest(package, key);
        File.WriteAllText(package, "the second pack");

        AttestationTestHelpers.Attest(package, key);

        var line = AttestationTestHelpers.Lines(AttestationSidecars.Of(package).Statements)[0];
        var statement = InTotoStatement.Parse(DsseEnvelope.Parse(Encoding.UTF8.GetBytes(line)).Payload.Span);
        Assert.Equal(AttestationTestHelpers.Artifact(package).Digest["sha256"], statement.Subject[0].Digest["sha256"]);
    }

    [Fact]
    public void Sidecars_AreNamedAfterThePackage()
    {
        var sidecars = AttestationSidecars.Of(Path.Combine("out", "Contoso.Lib.1.2.3-beta.1.nupkg"));
        Assert.Equal(Path.Combine("out", "Contoso.Lib.1.2.3-beta.1.intoto.jsonl"), sidecars.Statements);
        Assert.Equal(Path.Combine("out", "Contoso.Lib.1.2.3-beta.1.provenance.sigstore.json"), sidecars.ProvenanceBundle);
        Assert.Equal(Path.Combine("out", "Contoso.Lib.1.2.3-beta.1.sbom.sigstore.json"), sidecars.SbomBundle);
        Assert.Equal(Path.Combine("out", "Contoso.Lib.1.2.3-beta.1.cdx.json"), sidecars.Sbom);
    }

    [Fact]
    public void Sidecars_OfASymbolPackage_NeverShareThoseOfThePackage()
    {
        var package = AttestationSidecars.Of(Path.Combine("out", "Contoso.Lib.1.2.3.nupkg"));
        var snupkg = AttestationSidecars.Of(Path.Combine("out", "Contoso.Lib.1.2.3.snupkg"));
        var legacySymbols = AttestationSidecars.Of(Path.Combine("out", "Contoso.Lib.1.2.3.symbols.nupkg"));

        Assert.Equal(Path.Combine("out", "Contoso.Lib.1.2.3.snupkg.intoto.jsonl"), snupkg.Statements);
        Assert.Equal(Path.Combine("out", "Contoso.Lib.1.2.3.snupkg.provenance.sigstore.json"), snupkg.ProvenanceBundle);
        Assert.Equal(Path.Combine("out", "Contoso.Lib.1.2.3.symbols.intoto.jsonl"), legacySymbols.Statements);
        var all = new[] { package, snupkg, legacySymbols }.SelectMany(s => new[] { s.Statements, s.ProvenanceBundle, s.SbomBundle }).ToArray();
        Assert.Equal(all.Length, all.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Attest_APackageAndItsSymbolPackage_GivesEachItsOwnProvenanceThatVerifiesOnlyForItsBytes()
    {
        using var temp = new TestDirectory("scsdk-attest");
        var package = AttestationTestHelpers.WritePackage(temp.Path);
        var symbols = Path.ChangeExtension(package, ".snupkg");
        File.WriteAllText(symbols, "symbols " + Guid.NewGuid().ToString("N"));
        var sbom = AttestationTestHelpers.WriteSbom(package);
        var keyFile = KeyGenerator.GenerateToFile(KeyAlgorithm.EcdsaP256, Path.Combine(temp.Path, "k.pem"));

        var result = PackageAttestor.Attest(
            new PackageAttestationRequest
            {
                Packages = new[] { package, symbols },
                ProjectPath = Path.Combine(temp.Path, "Contoso.Lib.csproj"),
                Signer = new AttestationSignerOptions { KeySource = keyFile.PrivateKeyPath },
                PackageId = "Contoso.Lib",
                PackageVersion = "1.2.3",
                SbomPaths = new Dictionary<string, string> { [Path.GetFullPath(package)] = sbom },
                Environment = _ => null,
            },
            new DiagnosticBag());

        Assert.Equal(2, result.Packages.Count);
        var symbolSidecars = AttestationSidecars.Of(symbols);
        Assert.True(File.Exists(symbolSidecars.Statements) && File.Exists(symbolSidecars.ProvenanceBundle));
        Assert.False(File.Exists(symbolSidecars.SbomBundle), "the SBOM describes the package, not its symbols");
        var publicKey = KeyLoader.LoadPublicKey(keyFile.PublicKeyPath);
        var symbolsVerified = AttestationVerifier.VerifyFile(symbolSidecars.Statements, symbols, new[] { publicKey }, new DiagnosticBag());
        Assert.True(symbolsVerified.IsValid);
        var symbolSubject = Assert.Single(Assert.Single(symbolsVerified.Verified).Statement.Subject);
        Assert.Equal("Contoso.Lib.1.2.3.snupkg", symbolSubject.Name);
        Assert.Null(symbolSubject.Uri);
        Assert.Equal("pkg:nuget/Contoso.Lib@1.2.3", result.Packages[0].Subject.Uri);
        Assert.True(AttestationVerifier.VerifyFile(AttestationSidecars.Of(package).Statements, package, new[] { publicKey }, new DiagnosticBag()).IsValid);
        var crossed = new DiagnosticBag();
        Assert.False(AttestationVerifier.VerifyFile(symbolSidecars.Statements, package, new[] { publicKey }, crossed).IsValid);
        Assert.Equal("SCSDK3035", Assert.Single(crossed.Diagnostics).Code);
    }

    /// <summary>Signs like a key until the given call, then fails like an external signer does.</summary>
    private sealed class FailingSigner : ISigner
    {
        private readonly int _failOnCall;
        private int _calls;

        public FailingSigner(PublicKey publicKey, int failOnCall)
        {
            PublicKey = publicKey;
            _failOnCall = failOnCall;
        }

        public string KeyId => PublicKey.KeyId;

        public PublicKey PublicKey { get; }

        public byte[] Sign(ReadOnlySpan<byte> data)
        {
            if (++_calls >= _failOnCall)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Signing_CommandFailed, null, 0, "signer", 1, string.Empty);
            }

            return CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256).Sign(data);
        }
    }
}
