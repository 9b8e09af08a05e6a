using System;
using SupplyChain.Core.Frameworks;

namespace SupplyChain.Core.Tests.Frameworks;

public class TargetFrameworkNameTests
{
    [Theory]
    [InlineData("net10.0", ".NETCoreApp,Version=v10.0", "net10.0")]
    [InlineData("net8.0", ".NETCoreApp,Version=v8.0", "net8.0")]
    [InlineData("net5.0", ".NETCoreApp,Version=v5.0", "net5.0")]
    [InlineData("netcoreapp3.1", ".NETCoreApp,Version=v3.1", "netcoreapp3.1")]
    [InlineData("netcoreapp2.1", ".NETCoreApp,Version=v2.1", "netcoreapp2.1")]
    [InlineData("netstandard2.0", ".NETStandard,Version=v2.0", "netstandard2.0")]
    [InlineData("netstandard1.3", ".NETStandard,Version=v1.3", "netstandard1.3")]
    [InlineData("net472", ".NETFramework,Version=v4.7.2", "net472")]
    [InlineData("net48", ".NETFramework,Version=v4.8", "net48")]
    [InlineData("net481", ".NETFramework,Version=v4.8.1", "net481")]
    [InlineData("net45", ".NETFramework,Version=v4.5", "net45")]
    [InlineData("net40-client", ".NETFramework,Version=v4.0,Profile=Client", "net40-client")]
    public void Parse_ShortName_HasTheLongNameAndBack(string shortName, string longName, string expectedShort)
    {
        var fromShort = TargetFrameworkName.Parse(shortName);
        var fromLong = TargetFrameworkName.Parse(longName);
        Assert.Equal(longName, fromShort.LongName);
        Assert.Equal(expectedShort, fromLong.ShortFolderName);
        Assert.Equal(fromShort, fromLong);
        Assert.Equal(fromShort.GetHashCode(), fromLong.GetHashCode());
    }

    [Theory]
    [InlineData("net10.0", "net10.0")]
    [InlineData(".NETCoreApp,Version=v10.0", "net10.0")]
    [InlineData("netstandard2.0", ".NETStandard,Version=v2.0")]
    [InlineData("net472", ".NETFramework,Version=v4.7.2")]
    [InlineData("netcoreapp3.1", ".NETCoreApp,Version=v3.1")]
    [InlineData("net8.0-windows10.0.19041", "net8.0-windows10.0.19041")]
    public void ToString_IsTheKeyNuGetWrites(string input, string expected)
    {
        Assert.Equal(expected, TargetFrameworkName.Parse(input).ToString());
    }

    [Fact]
    public void Parse_PlatformSuffix_SplitsPlatformAndVersion()
    {
        var name = TargetFrameworkName.Parse("net8.0-windows10.0.19041");
        Assert.Equal(TargetFrameworkName.NetCoreApp, name.Identifier);
        Assert.Equal(new Version(8, 0, 0, 0), name.Version);
        Assert.Equal("windows", name.Platform);
        Assert.Equal(new Version(10, 0, 19041, 0), name.PlatformVersion);
        Assert.Equal("net8.0-windows10.0.19041", name.ShortFolderName);
        Assert.NotEqual(TargetFrameworkName.Parse("net8.0"), name);
        Assert.NotEqual(TargetFrameworkName.Parse("net8.0-windows10.0.22000"), name);
        Assert.Equal(TargetFrameworkName.Parse("NET8.0-Windows10.0.19041.0"), name);
    }

    [Theory]
    [InlineData("net10.0", "net8.0")]
    [InlineData("net472", "net47")]
    [InlineData("netstandard2.0", "netstandard2.1")]
    [InlineData("net5.0", "netcoreapp5.0-x")]
    [InlineData("net40", "net40-client")]
    public void Equals_DifferentFrameworks_AreNotEqual(string a, string b)
    {
        Assert.NotEqual(TargetFrameworkName.Parse(a), TargetFrameworkName.Parse(b));
    }

    [Fact]
    public void Parse_UnknownIdentifier_StillEqualsItself()
    {
        Assert.Equal(TargetFrameworkName.Parse("tizen40"), TargetFrameworkName.Parse("Tizen,Version=v4.0"));
        var odd = TargetFrameworkName.Parse("frobnicate");
        Assert.Equal(odd, TargetFrameworkName.Parse("frobnicate"));
        Assert.Equal("frobnicate", odd.ShortFolderName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryParse_Empty_IsFalse(string? text)
    {
        Assert.False(TargetFrameworkName.TryParse(text, out _));
        Assert.Throws<FormatException>(() => TargetFrameworkName.Parse(text ?? string.Empty));
    }
}
