using System;
using SupplyChain.Core.Frameworks;

namespace SupplyChain.Core.Tests.Frameworks;

public class FrameworkRuntimePairTests
{
    [Theory]
    [InlineData("net10.0", "net10.0", null)]
    [InlineData("net10.0/linux-x64", "net10.0", "linux-x64")]
    [InlineData(".NETFramework,Version=v4.7.2/win7-x86", "net472", "win7-x86")]
    [InlineData("net8.0-windows10.0.19041/win-x64", "net8.0-windows10.0.19041", "win-x64")]
    public void Parse_Key_SplitsFrameworkAndRuntime(string key, string framework, string? rid)
    {
        var pair = FrameworkRuntimePair.Parse(key);
        Assert.Equal(TargetFrameworkName.Parse(framework), pair.Framework);
        Assert.Equal(rid, pair.RuntimeIdentifier);
    }

    [Fact]
    public void Matches_SameGraphInOtherForms_IsTrue()
    {
        Assert.True(FrameworkRuntimePair.Parse("net472/win7-x86").Matches(FrameworkRuntimePair.Parse(".NETFramework,Version=v4.7.2/win7-x86")));
        Assert.False(FrameworkRuntimePair.Parse("net472/win7-x86").Matches(FrameworkRuntimePair.Parse("net472")));
        Assert.False(FrameworkRuntimePair.Parse("net10.0/linux-x64").Matches(FrameworkRuntimePair.Parse("net10.0/linux-arm64")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/linux-x64")]
    public void TryParse_NoFramework_IsFalse(string key)
    {
        Assert.False(FrameworkRuntimePair.TryParse(key, out _));
        Assert.Throws<FormatException>(() => FrameworkRuntimePair.Parse(key));
    }
}
