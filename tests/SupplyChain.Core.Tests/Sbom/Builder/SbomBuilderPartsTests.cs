using System;
using System.IO;
using System.Text;
using System.Xml;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Sbom.Builder;

namespace SupplyChain.Core.Tests.Sbom.Builder;

/// <summary>The pieces the SBOM builder is made of: URLs, asset flags, nuspec reading.</summary>
public sealed class SbomBuilderPartsTests
{
    [Theory]
    [InlineData("https://github.com/contoso/app", "https://github.com/contoso/app")]
    [InlineData("  https://github.com/contoso/app.git  ", "https://github.com/contoso/app.git")]
    [InlineData("https://user:token@github.com/contoso/app.git", "https://github.com/contoso/app.git")]
    [InlineData("https://token@dev.azure.com/contoso/_git/app", "https://dev.azure.com/contoso/_git/app")]
    [InlineData("git@github.com:contoso/app.git", "ssh://git@github.com/contoso/app.git")]
    [InlineData("ssh://git:secret@github.com/contoso/app.git", "ssh://git@github.com/contoso/app.git")]
    [InlineData("https://contoso.example/ä b", "https://contoso.example/%C3%A4%20b")]
    public void SbomUrls_UsableUrl_IsNormalised(string text, string expected)
    {
        Assert.True(SbomUrls.TryNormalize(text, out var url));
        Assert.Equal(expected, url);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("file:///home/someone/repo")]
    [InlineData("/home/someone/repo")]
    [InlineData("C:\\src\\repo")]
    [InlineData("javascript:alert(1)")]
    [InlineData("relative/path")]
    public void SbomUrls_UnusableUrl_IsRefused(string? text)
    {
        Assert.False(SbomUrls.TryNormalize(text, out _));
    }

    [Theory]
    [InlineData(null, "Runtime", "Runtime")]
    [InlineData("All", "None", "All")]
    [InlineData("None", "All", "None")]
    [InlineData("Runtime, Build, Native, ContentFiles, Analyzers, BuildTransitive", "None", "Runtime, Build, Native, ContentFiles, Analyzers, BuildTransitive")]
    [InlineData("contentfiles;analyzers", "None", "ContentFiles, Analyzers")]
    [InlineData("Runtime, Unknown, 4", "None", "Runtime")]
    public void AssetFlags_Text_IsParsed(string? text, string whenAbsent, string expected)
    {
        var parsed = AssetsDependencyDetails.ParseFlags(text, Enum.Parse<AssetFlags>(whenAbsent));

        Assert.Equal(Enum.Parse<AssetFlags>(expected), parsed);
    }

    [Fact]
    public void DirectDependencyFlags_Defaults_ShipAndAreNotPrivate()
    {
        Assert.False(DirectDependencyFlags.Default.IsPrivate);
        Assert.False(DirectDependencyFlags.Default.TakesNoShippedAssets);
        Assert.True((DirectDependencyFlags.Default with { SuppressParent = AssetFlags.All }).IsPrivate);
        Assert.True((DirectDependencyFlags.Default with { Include = AssetFlags.Build | AssetFlags.Analyzers }).TakesNoShippedAssets);
    }

    [Fact]
    public void NuspecMetadata_AnyNamespaceVersion_IsRead()
    {
        var nuspec = """
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2010/07/nuspec.xsd">
              <metadata minClientVersion="2.12">
                <id>Contoso.Lib</id>
                <version>1.0.0</version>
                <authors>Contoso</authors>
                <description>  The library.  </description>
                <developmentDependency>TRUE</developmentDependency>
                <license type="expression" version="1.0.0">MIT</license>
                <licenseUrl>https://licenses.nuget.org/MIT</licenseUrl>
                <repository type="git" url="https://github.com/contoso/lib" branch="main" commit="abc" />
              </metadata>
            </package>
            """;

        var metadata = NuspecMetadata.Parse(new MemoryStream(Encoding.UTF8.GetBytes(nuspec)));

        Assert.Equal(("Contoso.Lib", "1.0.0", "Contoso", "The library."), (metadata.Id, metadata.Version, metadata.Authors, metadata.Description));
        Assert.True(metadata.DevelopmentDependency);
        Assert.Equal(new NuspecLicense("expression", "MIT"), metadata.License);
        Assert.Equal(new NuspecRepository("git", "https://github.com/contoso/lib", "abc", "main"), metadata.Repository);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE package [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><package><metadata><id>&b;</id></metadata></package>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE package SYSTEM \"http://contoso.example/evil.dtd\"><package><metadata /></package>")]
    [InlineData("<package><metadata><id>x</id></package>")]
    [InlineData("<other><metadata /></other>")]
    [InlineData("<package />")]
    public void NuspecMetadata_HostileOrBrokenXml_IsRefused(string xml)
    {
        Assert.Throws<XmlException>(() => NuspecMetadata.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml))));
    }

    [Theory]
    [InlineData("LICENSE.txt", true)]
    [InlineData("docs/LICENSE.md", true)]
    [InlineData("docs\\LICENSE.md", true)]
    [InlineData("../LICENSE", false)]
    [InlineData("docs/../../LICENSE", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("C:\\license.txt", false)]
    [InlineData("", false)]
    public void PackageFileLocator_RelativePath_IsSafeOnlyInsideThePackage(string path, bool safe)
    {
        Assert.Equal(safe, PackageFileLocator.IsSafeRelativePath(path));
    }

    [Theory]
    [InlineData("https://aka.ms/deprecateLicenseUrl", null)]
    [InlineData("https://licenses.nuget.org/MIT", "MIT")]
    [InlineData("https://licenses.nuget.org/(MIT%20OR%20Apache-2.0)", "MIT OR Apache-2.0")]
    public void PackageLicenses_NuGetUrls_AreUnderstood(string url, string? expression)
    {
        var licenses = PackageLicenses.FromLicenseUrl(url);

        Assert.Equal(expression, licenses?.Expression);
    }
}
