using System;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Sbom;

namespace SupplyChain.Core.Tests.Sbom;

public class BomReferencesTests
{
    [Theory]
    [InlineData("src/App/App.csproj", "project:src/App/App.csproj")]
    [InlineData("src\\App\\App.csproj", "project:src/App/App.csproj")]
    [InlineData("./src//App/./App.csproj", "project:src/App/App.csproj")]
    [InlineData("src/My App/My App.csproj", "project:src/My%20App/My%20App.csproj")]
    [InlineData("../other/Lib+1.csproj", "project:../other/Lib%2B1.csproj")]
    public void ForProject_RelativePath_IsStableAndEncoded(string path, string expected)
    {
        Assert.Equal(expected, BomReferences.ForProject(path));
    }

    [Theory]
    [InlineData("/home/me/src/App/App.csproj")]
    [InlineData("C:\\src\\App\\App.csproj")]
    [InlineData("C:/src/App/App.csproj")]
    [InlineData("")]
    [InlineData(".")]
    public void ForProject_AbsoluteOrEmptyPath_IsRefused(string path)
    {
        Assert.Throws<ArgumentException>(() => BomReferences.ForProject(path));
    }

    [Fact]
    public void ForPackableProject_IsThePurlOfItsPackage()
    {
        Assert.Equal(PackageUrl.NuGet("Contoso.Lib", "1.2.0"), BomReferences.ForPackableProject("Contoso.Lib", "1.2.0"));
        Assert.Equal("pkg:nuget/Contoso.Lib@1.2.0", BomReferences.ForPackage("Contoso.Lib", "1.2.0"));
    }
}
