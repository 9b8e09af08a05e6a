using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Sbom;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Sbom;

public class SpdxLicenseListTests
{
    [VectorFact]
    public void EmbeddedList_EqualsTheCycloneDxSpdxSchema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllBytes(RepositoryPaths.Vector("cyclonedx-specification", "schema", "spdx.schema.json")));
        var ids = schema.RootElement.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var comment = schema.RootElement.GetProperty("$comment").GetString()!;

        // The schema's enum is the license run followed by the exception run, each sorted ignoring case.
        var restarts = Enumerable.Range(1, ids.Length - 1).Where(i => string.Compare(ids[i], ids[i - 1], StringComparison.OrdinalIgnoreCase) < 0).ToArray();
        var split = Assert.Single(restarts);

        Assert.Equal(ids[..split], SpdxLicenseList.LicenseIds);
        Assert.Equal(ids[split..], SpdxLicenseList.ExceptionIds);
        Assert.EndsWith("-" + SpdxLicenseList.ListVersion, comment, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedList_HasLicensesAndExceptionsApart()
    {
        Assert.True(SpdxLicenseList.LicenseIds.Count > 500);
        Assert.True(SpdxLicenseList.ExceptionIds.Count > 50);
        Assert.Contains("MIT", SpdxLicenseList.LicenseIds);
        Assert.Contains("GPL-2.0-with-classpath-exception", SpdxLicenseList.LicenseIds);
        Assert.Contains("Classpath-exception-2.0", SpdxLicenseList.ExceptionIds);
        Assert.Contains("SHL-2.0", SpdxLicenseList.ExceptionIds);
        Assert.Empty(SpdxLicenseList.LicenseIds.Intersect(SpdxLicenseList.ExceptionIds, StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("MIT", "MIT")]
    [InlineData("mit", "MIT")]
    [InlineData("APACHE-2.0", "Apache-2.0")]
    [InlineData("0bsd", "0BSD")]
    public void TryGetLicenseId_IgnoresCase_ReturnsCanonical(string id, string canonical)
    {
        Assert.True(SpdxLicenseList.TryGetLicenseId(id, out var found));
        Assert.Equal(canonical, found);
        Assert.Equal(id == canonical, SpdxLicenseList.IsCanonicalLicenseId(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MIT License")]
    [InlineData("Classpath-exception-2.0")]
    public void TryGetLicenseId_NotALicense_IsFalse(string? id)
    {
        Assert.False(SpdxLicenseList.TryGetLicenseId(id, out _));
        Assert.False(SpdxLicenseList.IsCanonicalLicenseId(id));
    }

    [Fact]
    public void TryGetExceptionId_IgnoresCase_AndRejectsLicenses()
    {
        Assert.True(SpdxLicenseList.TryGetExceptionId("llvm-EXCEPTION", out var id));
        Assert.Equal("LLVM-exception", id);
        Assert.False(SpdxLicenseList.TryGetExceptionId("MIT", out _));
    }
}
