using System;
using System.IO;
using SupplyChain.Core.Attestations;

namespace SupplyChain.Core.Tests.Attestations;

/// <summary>What the AttestPackage task used to shape itself, now read in Core: the signer and the SBOM of each package.</summary>
public sealed class PackageAttestationSettingsTests
{
    [Fact]
    public void Signer_KeySourcesAsGiven_BlankIsNone_CommandRunsInTheProjectFolder()
    {
        var project = Path.Combine(Path.GetTempPath(), "scsdk", "App", "App.csproj");
        var signer = new PackageAttestationSettings
        {
            SigningKey = " env:RELEASE_KEY ",
            SigningKeyPassword = " ",
            SigningCommand = "sign-it",
            SigningPublicKey = "",
        }.Signer(project);

        Assert.Equal("env:RELEASE_KEY", signer.KeySource);
        Assert.Null(signer.PasswordSource);
        Assert.Equal("sign-it", signer.Command);
        Assert.Null(signer.PublicKeySource);
        Assert.Equal(Path.GetDirectoryName(project), signer.WorkingDirectory);
    }

    [Fact]
    public void Signer_PemTextGivenAsTheKey_IsNeverPassedOn()
    {
        var signer = new PackageAttestationSettings { SigningKey = "text that is a key", SigningKeyIsPemText = true }.Signer("/src/App/App.csproj");

        Assert.Null(signer.KeySource);
        Assert.False(signer.HasSigner);
    }

    [Fact]
    public void SbomPaths_ByFullPackagePath_FirstListedWins_OnesWithoutAPackageIgnored()
    {
        var folder = Path.Combine(Path.GetTempPath(), "scsdk-pack");
        var package = Path.Combine(folder, "Contoso.A.1.0.0.nupkg");
        var paths = PackageAttestationRun.SbomPathsByPackage(new (string?, string)[]
        {
            (Path.Combine(folder, "sub", "..", "Contoso.A.1.0.0.nupkg"), "first.cdx.json"),
            (package, "second.cdx.json"),
            ("", "orphan.cdx.json"),
            (null, "orphan2.cdx.json"),
        });

        var only = Assert.Single(paths);
        Assert.Equal(package, only.Key);
        Assert.Equal("first.cdx.json", only.Value);
    }

    [Fact]
    public void BuildStart_IsNeitherInTheFutureNorOlderThanTheMaximumAge()
    {
        var before = DateTimeOffset.UtcNow;
        var start = PackageAttestationRun.EstimateBuildStart();

        Assert.True(start <= DateTimeOffset.UtcNow);
        Assert.True(before - start <= PackageAttestationRun.MaximumBuildAge);
    }
}
