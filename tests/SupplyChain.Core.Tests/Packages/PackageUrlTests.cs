using System;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Sbom;

namespace SupplyChain.Core.Tests.Packages;

public class PackageUrlTests
{
    [Theory]
    [InlineData("Newtonsoft.Json", "13.0.3", "pkg:nuget/Newtonsoft.Json@13.0.3")]
    [InlineData("EnterpriseLibrary.Common", "6.0.1304", "pkg:nuget/EnterpriseLibrary.Common@6.0.1304")]
    [InlineData("newtonsoft.json", "13.0.3", "pkg:nuget/newtonsoft.json@13.0.3")]
    [InlineData("EntityFramework", "7.0.0-preview.2", "pkg:nuget/EntityFramework@7.0.0-preview.2")]
    [InlineData("System.Data.SqlClient", "4.8.5.1234", "pkg:nuget/System.Data.SqlClient@4.8.5.1234")]
    [InlineData("Contoso.Lib", "1.0.0+sha.5114f85", "pkg:nuget/Contoso.Lib@1.0.0%2Bsha.5114f85")]
    [InlineData("Contoso_Lib~x", "1.0.0-alpha_1", "pkg:nuget/Contoso_Lib~x@1.0.0-alpha_1")]
    [InlineData("NUnit", null, "pkg:nuget/NUnit")]
    [InlineData("NUnit", "", "pkg:nuget/NUnit")]
    public void NuGet_Package_BuildsCanonicalPurl(string id, string? version, string expected)
    {
        Assert.Equal(expected, PackageUrl.NuGet(id, version));
        if (!string.IsNullOrEmpty(version))
        {
            Assert.Equal(expected, BomReferences.ForPackage(id, version));
            Assert.Equal(expected, BomReferences.ForPackableProject(id, version));
        }
    }

    [Theory]
    [InlineData("abcXYZ019", "abcXYZ019")]
    [InlineData(".-_~", ".-_~")]
    [InlineData(":", ":")]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a@b", "a%40b")]
    [InlineData("a?b#c&d=e", "a%3Fb%23c%26d%3De")]
    [InlineData("100%", "100%25")]
    [InlineData("Zürich", "Z%C3%BCrich")]
    [InlineData("日本", "%E6%97%A5%E6%9C%AC")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("a\"b<c>\\", "a%22b%3Cc%3E%5C")]
    public void PercentEncode_Table_EncodesAllButUnreservedAndColon(string value, string expected)
    {
        Assert.Equal(expected, PackageUrl.PercentEncode(value));
    }

    [Theory]
    [InlineData("pkg:nuget/EnterpriseLibrary.Common@6.0.1304", "pkg:nuget/EnterpriseLibrary.Common@6.0.1304")]
    [InlineData("pkg:Nuget/EnterpriseLibrary.Common@6.0.1304", "pkg:nuget/EnterpriseLibrary.Common@6.0.1304")]
    [InlineData("pkg:nuget/Contoso.Lib@1.0.0%2bsha.1", "pkg:nuget/Contoso.Lib@1.0.0%2Bsha.1")]
    [InlineData("pkg:nuget/Contoso.Lib@1.0.0+sha.1", "pkg:nuget/Contoso.Lib@1.0.0%2Bsha.1")]
    [InlineData("pkg:nuget/NUnit", "pkg:nuget/NUnit")]
    [InlineData("pkg:generic/openssl@1.1.10g?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d", "pkg:generic/openssl@1.1.10g?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d")]
    [InlineData("pkg:maven/org.apache/commons-io@2.0?type=jar&classifier=&repository_url=x#src/main/", "pkg:maven/org.apache/commons-io@2.0?repository_url=x&type=jar#src/main")]
    public void Parse_ValidPurl_RoundTripsToCanonical(string input, string canonical)
    {
        var result = PackageUrl.Parse(input);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(canonical, result.PackageUrl.ToString());
    }

    [Fact]
    public void Parse_NuGetPurl_ExposesItsParts()
    {
        Assert.True(PackageUrl.TryParse("pkg:nuget/Contoso.Lib@1.0.0%2Bsha.1", out var purl));

        Assert.Equal("nuget", purl.Type);
        Assert.Null(purl.Namespace);
        Assert.Equal("Contoso.Lib", purl.Name);
        Assert.Equal("1.0.0+sha.1", purl.Version);
        Assert.Empty(purl.Qualifiers);
        Assert.Null(purl.Subpath);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("EnterpriseLibrary.Common@6.0.1304", "scheme")]
    [InlineData("pkg:EnterpriseLibrary.Common@6.0.1304", "type")]
    [InlineData("pkg:3nginx/nginx@0.8.9", "type")]
    [InlineData("pkg:n&g?inx/nginx@0.8.9", "")]
    [InlineData("pkg:maven/@1.3.4", "name")]
    [InlineData("pkg:nuget/microsoft/aspnetcore.mvc@2.2.0", "namespace")]
    [InlineData("pkg:npm/myartifact@1.0.0?in%20production=true", "qualifier key")]
    [InlineData("pkg:nuget/Contoso Lib@1.0.0", "space")]
    [InlineData("pkg:nuget/Contoso.Lib@1.0.%ZZ", "percent-encoding")]
    [InlineData("pkg:nuget/Contoso.Lib@1.0.%C3", "percent-encoding")]
    [InlineData("pkg:nuget/Zürich@1.0.0", "non-ASCII")]
    public void Parse_InvalidPurl_IsRejectedWithAReason(string input, string reasonPart)
    {
        var result = PackageUrl.Parse(input);

        Assert.False(result.IsValid);
        Assert.Contains(reasonPart, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ForNuGet_EmptyId_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => PackageUrl.ForNuGet(" ", "1.0.0"));
    }
}
