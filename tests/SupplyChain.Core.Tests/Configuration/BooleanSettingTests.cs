using SupplyChain.Core.Configuration;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tests.Configuration;

/// <summary>The readings of true/false settings, one place each (the build's tasks and the CLI read them here).</summary>
public sealed class BooleanSettingTests
{
    [Theory]
    [InlineData(null, true, true)]
    [InlineData(" ", false, false)]
    [InlineData("TRUE", false, true)]
    [InlineData(" false ", true, false)]
    public void Strict_TrueFalseOrEmpty_GivesTheValueOrTheDefault(string? text, bool defaultValue, bool expected)
        => Assert.Equal(expected, BooleanSetting.Parse("SupplyChainTufSkipDuplicate", text, defaultValue));

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("on")]
    public void Strict_AnythingElse_IsSCSDK6000NamingTheSetting(string text)
    {
        var ex = Assert.Throws<SupplyChainException>(() => BooleanSetting.Parse("SupplyChainTufSkipDuplicate", text, false));
        Assert.Equal("SCSDK6000", ex.Diagnostic.Code);
        Assert.Contains("SupplyChainTufSkipDuplicate", ex.Diagnostic.Message, System.StringComparison.Ordinal);
        Assert.Contains("true or false", ex.Diagnostic.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData(" FALSE ", false)]
    [InlineData("", null)]
    [InlineData("1", null)]
    [InlineData("yes", null)]
    public void Optional_OnlyTrueAndFalseCount_AsMSBuildReadsThem(string text, bool? expected)
        => Assert.Equal(expected, BooleanSetting.ParseOptional(text));

    [Theory]
    [InlineData(null, true, true)]
    [InlineData("", false, false)]
    [InlineData("True", false, true)]
    [InlineData("false", true, false)]
    [InlineData("yes", true, false)]
    public void Switch_SetToAnythingButTrue_IsOff(string? text, bool defaultValue, bool expected)
        => Assert.Equal(expected, BooleanSetting.IsTrue(text, defaultValue));
}
