using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities;

namespace SupplyChain.Tool.Tests;

/// <summary><c>supplychain attest verify</c>: which way each statement matched the package (issue 17).</summary>
public sealed class AttestCommandTests : IDisposable
{
    private readonly TestDirectory _temp = new("scsdk-attest-cmd");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Verify_SaysFileDigestForThePackedPackageAndContentHashForTheRepositorySignedCopy()
    {
        var key = KeyGenerator.GenerateToFile(KeyAlgorithm.EcdsaP256, _temp.Combine("k.pem"));
        var unsigned = new TestPackageBuilder("Contoso.Lib", "1.2.3").WithLibFile("net8.0", "Contoso.Lib.dll", "assembly").Build();
        var package = _temp.Combine("out", "Contoso.Lib.1.2.3.nupkg");
        Directory.CreateDirectory(Path.GetDirectoryName(package)!);
        File.WriteAllBytes(package, unsigned);
        using (var signer = KeyLoader.LoadSigningKey(key.PrivateKeyPath))
        {
            AttestationWriter.Write(new AttestationWriteRequest(package, new JsonObject()) { PackageUrl = "pkg:nuget/Contoso.Lib@1.2.3" }, signer, new DiagnosticBag());
        }

        var statements = AttestationSidecars.Of(package).Statements;
        var (exit, output, error, diagnostics) = CommandRunner.Run("attest", "verify", statements, "--key", key.PublicKeyPath, "--artifact", package);
        Assert.True(exit == 0, error + output);
        Assert.Empty(diagnostics);
        Assert.Contains("matched by file digest", output, StringComparison.Ordinal);

        using var certificate = TestRepositorySigner.CreateCertificate();
        var copy = _temp.Combine("feed", "contoso.lib.1.2.3.nupkg");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.WriteAllBytes(copy, TestRepositorySigner.RepositorySign(unsigned, certificate));
        (exit, output, error, diagnostics) = CommandRunner.Run("attest", "verify", statements, "--key", key.PublicKeyPath, "--artifact", copy);
        Assert.True(exit == 0, error + output);
        Assert.Empty(diagnostics);
        Assert.Contains("matched by NuGet content hash after one repository signature", output, StringComparison.Ordinal);
        Assert.DoesNotContain("matched by file digest", output, StringComparison.Ordinal);

        var authorSigned = _temp.Combine("author", "contoso.lib.1.2.3.nupkg");
        Directory.CreateDirectory(Path.GetDirectoryName(authorSigned)!);
        File.WriteAllBytes(authorSigned, TestPackageSigner.AppendSignatureEntry(unsigned, TestRepositorySigner.CreateSignature(unsigned, certificate, TestSignatureKind.Author)));
        (exit, output, _, diagnostics) = CommandRunner.Run("attest", "verify", statements, "--key", key.PublicKeyPath, "--artifact", authorSigned);
        Assert.Equal(1, exit);
        Assert.Equal("SCSDK3040", Assert.Single(diagnostics).Code);
        Assert.Contains("0 of 1 attestation(s)", output, StringComparison.Ordinal);
    }
}
