using System;
using SupplyChain.Core.Configuration;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tests.Configuration;

/// <summary>The one seconds parser of the settings (SupplyChainSigningTimeout, SupplyChainTufLockTimeout).</summary>
public sealed class SecondsSettingTests
{
    [Theory]
    [InlineData(null, 42)]
    [InlineData("", 42)]
    [InlineData(" 7 ", 7)]
    [InlineData("0", 0)]
    public void ValidOrEmpty_GivesTheSecondsOrTheDefault(string? text, int expected)
        => Assert.Equal(TimeSpan.FromSeconds(expected), SecondsSetting.Parse("Setting", text, TimeSpan.FromSeconds(42)));

    [Theory]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("1 0")]
    [InlineData("٣")]
    public void NotDigitsOnly_IsSCSDK6000NamingTheSetting(string text)
    {
        var ex = Assert.Throws<SupplyChainException>(() => SecondsSetting.Parse("SupplyChainTufLockTimeout", text, TimeSpan.Zero));
        Assert.Equal("SCSDK6000", ex.Diagnostic.Code);
        Assert.Contains("SupplyChainTufLockTimeout", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3601")]
    public void OutOfItsRange_IsSCSDK6000WithTheRange(string text)
    {
        var ex = Assert.Throws<SupplyChainException>(() => SecondsSetting.Parse("SupplyChainSigningTimeout", text, TimeSpan.Zero, 1, 3600));
        Assert.Contains("from 1 to 3600", ex.Diagnostic.Message, StringComparison.Ordinal);
    }
}
