using System;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Sbom;

namespace SupplyChain.Core.Tests.Sbom;

public class CycloneDxDocumentChecksTests
{
    private const string Path = "/out/Contoso.Lib.1.2.0.cdx.json";

    [Theory]
    [InlineData(CycloneDxSpecVersion.V16)]
    [InlineData(CycloneDxSpecVersion.V17)]
    public void Check_SampleBoms_HaveNoFindings(CycloneDxSpecVersion version)
    {
        foreach (var bom in new[] { SampleBoms.PackableLibrary(version), SampleBoms.Application(version), SampleBoms.Empty(version), SampleBoms.WithAwkwardText(version) })
        {
            var result = CycloneDxDocumentChecks.Check(bom, Path);
            Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics.Select(d => d.ToCanonicalString())));
            Assert.True(result.IsValid);
        }
    }

    [Fact]
    public void Check_DuplicateBomRef_IsReported()
    {
        var bom = SampleBoms.PackableLibrary();
        bom = bom with { Components = [.. bom.Components, bom.Components[0] with { Description = "again" }] };

        var diagnostic = Assert.Single(CycloneDxDocumentChecks.Check(bom, Path).Errors);

        Assert.Equal("SCSDK2000", diagnostic.Code);
        Assert.Equal(Path, diagnostic.File);
        Assert.Contains("'pkg:nuget/Newtonsoft.Json@13.0.3'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BomRefOfSubjectRepeatedAsComponent_IsReported()
    {
        var bom = SampleBoms.Application();
        bom = bom with { Components = [.. bom.Components, bom.Metadata!.Component!] };

        Assert.Equal(["SCSDK2000"], CycloneDxDocumentChecks.Check(bom).Errors.Select(d => d.Code));
    }

    [Fact]
    public void Check_DependencyOnUnknownRef_IsReportedForRefAndDependsOn()
    {
        var bom = SampleBoms.Application();
        bom = bom with { Dependencies = [.. bom.Dependencies, new Dependency("pkg:nuget/Ghost@1.0.0", ["pkg:nuget/Serilog@4.0.0", "pkg:nuget/Phantom@2.0.0"])] };

        var errors = CycloneDxDocumentChecks.Check(bom, Path).Errors;

        Assert.Equal(["SCSDK2001", "SCSDK2001"], errors.Select(d => d.Code));
        Assert.Contains("'pkg:nuget/Ghost@1.0.0' as the ref", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'pkg:nuget/Phantom@2.0.0' in the dependsOn of 'pkg:nuget/Ghost@1.0.0'", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TwoEntriesForOneRef_IsReported()
    {
        var bom = SampleBoms.Application();
        bom = bom with { Dependencies = [.. bom.Dependencies, new Dependency("pkg:nuget/Serilog@4.0.0")] };

        Assert.Equal(["SCSDK2002"], CycloneDxDocumentChecks.Check(bom).Errors.Select(d => d.Code));
    }

    [Theory]
    [InlineData("pkg:nuget/Contoso Lib@1.0.0")]
    [InlineData("pkg:nuget/Contoso.Lib@1.0.0+build")]
    [InlineData("pkg:nuget/Contoso/Lib@1.0.0")]
    [InlineData("nuget/Contoso.Lib@1.0.0")]
    [InlineData("pkg:NuGet/Contoso.Lib@1.0.0")]
    public void Check_BadOrNonCanonicalPurl_IsReported(string purl)
    {
        var bom = SampleBoms.Application();
        bom = bom with { Components = [bom.Components[0] with { Purl = purl }] };

        var diagnostic = Assert.Single(CycloneDxDocumentChecks.Check(bom).Errors);
        Assert.Equal("SCSDK2003", diagnostic.Code);
    }

    [Theory]
    [InlineData(CycloneDxHashAlgorithm.Sha512, 64)]
    [InlineData(CycloneDxHashAlgorithm.Sha256, 128)]
    [InlineData(CycloneDxHashAlgorithm.Sha1, 32)]
    [InlineData(CycloneDxHashAlgorithm.Md5, 40)]
    public void Check_HashOfWrongLength_IsReported(CycloneDxHashAlgorithm algorithm, int hexDigits)
    {
        var bom = SampleBoms.Application();
        bom = bom with { Components = [bom.Components[0] with { Hashes = [new CycloneDxHash(algorithm, new string('a', hexDigits))] }] };

        Assert.Equal(["SCSDK2004"], CycloneDxDocumentChecks.Check(bom).Errors.Select(d => d.Code));
    }

    [Fact]
    public void Check_HashNotHex_IsReported()
    {
        var notHex = "zz" + new string('0', 126);
        var bom = SampleBoms.Application();
        bom = bom with { Components = [bom.Components[0] with { Hashes = [new CycloneDxHash(CycloneDxHashAlgorithm.Sha512, notHex)] }] };

        Assert.Equal(["SCSDK2004"], CycloneDxDocumentChecks.Check(bom).Errors.Select(d => d.Code));
    }

    [Fact]
    public void Check_UnknownLicenseId_IsReported_ButCaseIsCorrectedByForId()
    {
        var bom = SampleBoms.Application();
        var unknown = bom with { Components = [bom.Components[0] with { Licenses = CycloneDxLicenseChoice.FromLicenses(CycloneDxLicense.ForId("MIT-ish")) }] };
        var lowerCase = bom with { Components = [bom.Components[0] with { Licenses = CycloneDxLicenseChoice.FromLicenses(CycloneDxLicense.ForId("apache-2.0")) }] };

        Assert.Equal(["SCSDK2005"], CycloneDxDocumentChecks.Check(unknown).Errors.Select(d => d.Code));
        Assert.Empty(CycloneDxDocumentChecks.Check(lowerCase).Diagnostics);
        Assert.Equal("Apache-2.0", lowerCase.Components[0].Licenses!.Licenses[0].Id);
    }

    [Fact]
    public void Check_InvalidLicenseExpression_IsReported()
    {
        var bom = SampleBoms.Application();
        bom = bom with { Components = [bom.Components[0] with { Licenses = CycloneDxLicenseChoice.FromExpression("MIT or later") }] };

        var diagnostic = Assert.Single(CycloneDxDocumentChecks.Check(bom).Errors);
        Assert.Equal("SCSDK2006", diagnostic.Code);
        Assert.Contains("'later'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ComponentMissingFromTheGraph_IsReported()
    {
        var bom = SampleBoms.PackableLibrary();
        bom = bom with { Dependencies = bom.Dependencies.Where(d => d.Ref != SampleBoms.Ref("Legacy.Thing", "1.0.0") && d.Ref != bom.Metadata!.Component!.BomRef).ToArray() };

        var errors = CycloneDxDocumentChecks.Check(bom).Errors;

        Assert.Equal(["SCSDK2008", "SCSDK2008"], errors.Select(d => d.Code));
        Assert.Contains("'pkg:nuget/Contoso.Lib@1.2.0'", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'pkg:nuget/Legacy.Thing@1.0.0'", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EmptyBomRef_IsReported()
    {
        var bom = SampleBoms.Application();
        bom = bom with { Components = [.. bom.Components, SampleBoms.Package("Other", "1.0.0") with { BomRef = string.Empty }] };

        Assert.Equal(["SCSDK2007"], CycloneDxDocumentChecks.Check(bom).Errors.Select(d => d.Code));
    }

    [Fact]
    public void Check_Spec17ContentIn16_IsAWarningPerOmission()
    {
        var result = CycloneDxDocumentChecks.Check(SampleBoms.WithSpec17Content(CycloneDxSpecVersion.V16), Path);

        Assert.True(result.IsValid);
        Assert.Equal(3, result.Warnings.Count);
        Assert.All(result.Warnings, w => Assert.Equal("SCSDK2502", w.Code));
        Assert.Contains(result.Warnings, w => w.Message.Contains("Streebog-256", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Message.Contains("'patent'", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Message.Contains("properties on external references", StringComparison.Ordinal));
        Assert.Empty(CycloneDxDocumentChecks.Check(SampleBoms.WithSpec17Content(CycloneDxSpecVersion.V17)).Diagnostics);
    }

    [Fact]
    public void Check_NestedAndToolComponents_AreChecked()
    {
        var bom = SampleBoms.Application();
        var nested = bom.Components[0] with { Components = [SampleBoms.Package("Inner", "1.0.0") with { Purl = "pkg:nuget/a/b" }] };
        var tool = SampleBoms.Tool with { Hashes = [new CycloneDxHash(CycloneDxHashAlgorithm.Sha256, "xyz")] };
        bom = bom with { Components = [nested], Metadata = bom.Metadata! with { Tools = [tool] } };

        Assert.Equal(["SCSDK2004", "SCSDK2003"], CycloneDxDocumentChecks.Check(bom).Errors.Select(d => d.Code));
    }

    [Fact]
    public void Result_ReportTo_ForwardsEveryFinding()
    {
        var bom = SampleBoms.WithSpec17Content(CycloneDxSpecVersion.V16);
        var bag = new DiagnosticBag();

        CycloneDxDocumentChecks.Check(bom, Path).ReportTo(bag);

        Assert.Equal(3, bag.Diagnostics.Count);
        Assert.False(bag.HasErrors);
    }
}
