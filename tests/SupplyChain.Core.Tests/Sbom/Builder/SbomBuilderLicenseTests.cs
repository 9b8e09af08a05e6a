using System;
using System.Linq;
using System.Text;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Sbom.Builder;

/// <summary>Licenses, authors and links from the nuspec of a package.</summary>
public sealed class SbomBuilderLicenseTests
{
    private const string Ref = "pkg:nuget/Fixture.Licensed@1.0.0";

    private static (BuiltSbom Result, Component Component) Build(TestPackageBuilder package, string? extraMetadata = null, Func<string, string>? changeNuspec = null)
    {
        using var scenario = new SbomScenario("net8.0");
        scenario.AddPackage("net8.0", package, extraMetadataXml: extraMetadata, changeNuspec: changeNuspec).Direct("net8.0", package.Id, package.Version);
        var result = scenario.BuildSucceeded();
        return (result, result.Bom.Component(PackageUrl.NuGet(package.Id, package.Version)));
    }

    private static TestPackageBuilder Licensed() => new TestPackageBuilder("Fixture.Licensed", "1.0.0").WithLibFile("net8.0", "Fixture.Licensed.dll", "x");

    [Theory]
    [InlineData("MIT", "MIT")]
    [InlineData("apache-2.0 OR mit", "Apache-2.0 OR MIT")]
    [InlineData("GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0")]
    [InlineData("(MIT AND BSD-3-Clause) OR LicenseRef-Contoso", "(MIT AND BSD-3-Clause) OR LicenseRef-Contoso")]
    public void Build_ValidLicenseExpression_IsKeptWholeAsAnExpression(string declared, string written)
    {
        var (result, component) = Build(Licensed().WithLicenseExpression(declared));

        Assert.Equal(written, component.Licenses!.Expression);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Build_InvalidLicenseExpression_WarnsAndKeepsTheComponentWithTheLicenseAsAName()
    {
        var (result, component) = Build(Licensed().WithLicenseExpression("MIT OR Made-Up-License"));

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal("SCSDK2501", warning.Code);
        Assert.Contains("'Fixture.Licensed' 1.0.0", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'MIT OR Made-Up-License'", warning.Message, StringComparison.Ordinal);
        var license = Assert.Single(component.Licenses!.Licenses);
        Assert.Equal("MIT OR Made-Up-License", license.Name);
        Assert.Null(license.Id);
    }

    [Fact]
    public void Build_LicenseFile_IsRecordedByNameWithItsText()
    {
        var text = "Copyright (c) Contoso\n\nPermission is hereby granted, free of charge — ünïcode kept.\n";
        var package = Licensed().WithFile("docs/LICENSE.txt", text);

        var (result, component) = Build(package, "<license type=\"file\">docs/LICENSE.txt</license>\n    <licenseUrl>https://aka.ms/deprecateLicenseUrl</licenseUrl>");

        Assert.Empty(result.Diagnostics);
        var license = Assert.Single(component.Licenses!.Licenses);
        Assert.Equal("docs/LICENSE.txt", license.Name);
        Assert.Equal(new CycloneDxAttachment(text, "text/plain"), license.Text);
        Assert.Null(license.Url);
    }

    [Fact]
    public void Build_MarkdownLicenseFileWithByteOrderMark_IsMarkdownTextWithoutTheMark()
    {
        var package = Licensed().WithFile("LICENSE.md", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("# License")]);

        var (_, component) = Build(package, "<license type=\"file\">LICENSE.md</license>");

        Assert.Equal(new CycloneDxAttachment("# License", "text/markdown"), component.Licenses!.Licenses.Single().Text);
    }

    [Fact]
    public void Build_LargeLicenseFile_IsRecordedByNameOnly()
    {
        var package = Licensed().WithFile("LICENSE.txt", new string('x', PackageLicenses.MaxLicenseTextBytes + 1));

        var (result, component) = Build(package, "<license type=\"file\">LICENSE.txt</license>");

        Assert.Empty(result.Diagnostics);
        var license = Assert.Single(component.Licenses!.Licenses);
        Assert.Equal("LICENSE.txt", license.Name);
        Assert.Null(license.Text);
    }

    [Theory]
    [InlineData("MISSING.txt", "is not in the package")]
    [InlineData("../../../../etc/passwd", "is not a path inside the package")]
    [InlineData("/etc/passwd", "is not a path inside the package")]
    public void Build_LicenseFileNotAvailable_WarnsAndRecordsTheName(string path, string reason)
    {
        var (result, component) = Build(Licensed(), $"<license type=\"file\">{path}</license>");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal("SCSDK2504", warning.Code);
        Assert.Contains(reason, warning.Message, StringComparison.Ordinal);
        var license = Assert.Single(component.Licenses!.Licenses);
        Assert.Equal(path, license.Name);
        Assert.Null(license.Text);
    }

    [Fact]
    public void Build_LicenseUrlOnly_IsALicenseWithThatUrl()
    {
        var (result, component) = Build(Licensed(), "<licenseUrl>https://contoso.example/license.html</licenseUrl>");

        Assert.Empty(result.Diagnostics);
        var license = Assert.Single(component.Licenses!.Licenses);
        Assert.Equal("https://contoso.example/license.html", license.Url);
        Assert.Equal("https://contoso.example/license.html", license.Name);
    }

    [Fact]
    public void Build_NuGetLicensesUrl_IsReadBackAsTheExpression()
    {
        var (_, component) = Build(Licensed(), "<licenseUrl>https://licenses.nuget.org/Apache-2.0%20OR%20MIT</licenseUrl>");

        Assert.Equal("Apache-2.0 OR MIT", component.Licenses!.Expression);
    }

    [Fact]
    public void Build_NoLicense_HasNoLicenses()
    {
        var (_, component) = Build(Licensed());

        Assert.Null(component.Licenses);
    }

    [Fact]
    public void Build_NuspecLinks_BecomeExternalReferences()
    {
        var (_, component) = Build(
            Licensed().WithLicenseExpression("MIT"),
            "<projectUrl>https://contoso.example/</projectUrl>\n    <repository type=\"git\" url=\"https://github.com/contoso/licensed.git\" commit=\"abcdef0123456789abcdef0123456789abcdef01\" />\n    <copyright>(c) Contoso</copyright>");

        Assert.Equal(
            [
                new CycloneDxExternalReference(ExternalReferenceType.Vcs, "https://github.com/contoso/licensed.git", "commit abcdef0123456789abcdef0123456789abcdef01"),
                new CycloneDxExternalReference(ExternalReferenceType.Website, "https://contoso.example/"),
            ],
            component.ExternalReferences.OrderBy(r => r.Type));
        Assert.Equal("(c) Contoso", component.Copyright);
    }

    [Fact]
    public void Build_UnusableUrls_AreLeftOut()
    {
        var (_, component) = Build(
            Licensed(),
            "<projectUrl>file:///home/someone/project</projectUrl>\n    <repository type=\"git\" url=\"not a url\" />");

        Assert.Empty(component.ExternalReferences);
    }

    [Fact]
    public void Build_SeveralAuthors_AreSplit()
    {
        var (_, component) = Build(Licensed(), changeNuspec: n => n.Replace("<authors>SupplyChain.Sdk tests</authors>", "<authors>Contoso, Fabrikam ,Contoso</authors>", StringComparison.Ordinal));

        Assert.Equal(["Contoso", "Fabrikam"], component.Authors.Select(a => a.Name));
    }
}
