using System;
using System.Collections.Generic;
using System.IO;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Sbom.Builder;

/// <summary>
/// Validates SBOMs made by <see cref="SbomBuilder"/> from real packages with the CycloneDX project's own validator
/// (tests/interop/validate-cyclonedx.mjs, @cyclonedx/cyclonedx-library).
/// </summary>
[Trait("Category", "Interop")]
public sealed class SbomBuilderInteropTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [NodeTheory]
    [InlineData(CycloneDxSpecVersion.V16)]
    [InlineData(CycloneDxSpecVersion.V17)]
    public void BuiltSbom_IsValidForTheOfficialValidator(CycloneDxSpecVersion version)
    {
        using var scenario = new SbomScenario("net8.0", "net10.0");
        var licenseText = "MIT License\r\n\r\nCopyright (c) \"Contoso\" <legal@contoso.example> & friends\n";
        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            var alphaVersion = framework == "net8.0" ? "1.0.0" : "1.1.0-beta.2";
            scenario.AddPackage(framework, SbomScenario.Package("Fixture.Alpha", alphaVersion).WithLicenseExpression("Apache-2.0 OR MIT"), extraMetadataXml: "<projectUrl>https://contoso.example/alpha</projectUrl>\n    <repository type=\"git\" url=\"https://github.com/contoso/alpha.git\" commit=\"0123456789abcdef0123456789abcdef01234567\" />")
                .AddPackage(framework, new TestPackageBuilder("Fixture.FileLicense", "2.0.0").WithFile("LICENSE.txt", licenseText), new Dictionary<string, string> { ["Fixture.Alpha"] = "1.0.0" }, extraMetadataXml: "<license type=\"file\">LICENSE.txt</license>")
                .AddPackage(framework, new TestPackageBuilder("Fixture.UrlLicense", "3.0.0"), extraMetadataXml: "<licenseUrl>https://contoso.example/license?x=1&amp;y=2</licenseUrl>")
                .AddPackage(framework, new TestPackageBuilder("Fixture.BadLicense", "4.0.0").WithLicenseExpression("MIT OR Contoso Proprietary"))
                .AddPackage(framework, SbomScenario.Package("Fixture.Tool", "5.0.0"))
                .AddProject(framework, "Contoso.Lib", "../Lib/Lib.csproj", new Dictionary<string, string> { ["Fixture.UrlLicense"] = "3.0.0" })
                .Direct(framework, "Fixture.FileLicense", "2.0.0")
                .Direct(framework, "Fixture.BadLicense", "4.0.0")
                .Direct(framework, "Fixture.Tool", "5.0.0", suppressParent: "All")
                .DirectName(framework, "Contoso.Lib", "1.0.0");
            if (framework == "net10.0")
            {
                scenario.Direct(framework, "Fixture.Alpha", "1.1.0-beta.2");
            }
        }

        var request = scenario.Request(version) with
        {
            Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
            Project = new SbomProject
            {
                Path = scenario.ProjectPath,
                Name = "App",
                Type = ComponentType.Application,
                IsPackable = true,
                PackageId = "Contoso.App",
                PackageVersion = "1.2.3+build.7",
                Authors = "Contoso",
                Description = "An app.",
                LicenseExpression = "MIT",
                ProjectUrl = "https://contoso.example/app",
                RepositoryUrl = "git@github.com:contoso/app.git",
                RepositoryCommit = "0123456789abcdef0123456789abcdef01234567",
            },
        };
        var result = scenario.BuildSucceeded(request);
        Assert.Contains(result.Warnings, w => w.Code == "SCSDK2501");
        var file = Path.Combine(scenario.Root, "app.cdx.json");
        File.WriteAllBytes(file, result.Bytes);

        var validation = NodeInterop.RunScript("validate-cyclonedx.mjs", [file, "--spec", version.ToSpecString()], s_timeout);

        Assert.True(validation.ExitCode == 0, "The validator rejected the SBOM:\n" + validation.Tail(60) + "\n" + System.Text.Encoding.UTF8.GetString(result.Bytes));
        Assert.Contains("valid: " + file, validation.Output, StringComparison.Ordinal);
    }
}
