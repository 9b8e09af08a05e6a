using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Tests.Packages;

public class PackageVersionRangeTests
{
    [Theory]
    [InlineData("1.0", true, true, "[1.0.0, )")]
    [InlineData("1.0.0", true, true, "[1.0.0, )")]
    [InlineData("[1.0]", true, true, "[1.0.0, 1.0.0]")]
    [InlineData("[1.0.0, 1.0.0]", true, true, "[1.0.0, 1.0.0]")]
    [InlineData("[1.0.0, )", false, true, "[1.0.0, )")]
    [InlineData("[1.0,)", false, true, "[1.0.0, )")]
    [InlineData("[1.0,2.0)", false, false, "[1.0.0, 2.0.0)")]
    [InlineData("(,2.0]", false, false, "(, 2.0.0]")]
    [InlineData("(1.0,)", false, false, "(1.0.0, )")]
    [InlineData("1.0.0-beta.1", true, true, "[1.0.0-beta.1, )")]
    public void TryParse_Range_ClassifiesPinning(string text, bool pinnedAsDeclared, bool pinnedAsRestored, string normalized)
    {
        Assert.True(PackageVersionRange.TryParse(text, out var range));
        Assert.False(range.IsFloating);
        Assert.Equal(pinnedAsDeclared, range.IsPinnedAsDeclared);
        Assert.Equal(pinnedAsRestored, range.IsPinnedAsRestored);
        Assert.Equal(normalized, range.NormalizedText);
    }

    [Theory]
    [InlineData("*", "[*, )")]
    [InlineData("1.*", "[1.*, )")]
    [InlineData("1.0.*-*", "[1.0.*-*, )")]
    [InlineData("[13.*, )", "[13.*, )")]
    [InlineData("*-*", "[*-*, )")]
    public void TryParse_Floating_IsNeverPinned(string text, string normalized)
    {
        Assert.True(PackageVersionRange.TryParse(text, out var range));
        Assert.True(range.IsFloating);
        Assert.False(range.IsPinnedAsDeclared);
        Assert.False(range.IsPinnedAsRestored);
        Assert.Equal(normalized, range.NormalizedText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("[1.0")]
    [InlineData("(1.0)")]
    [InlineData("[,]")]
    [InlineData("[1.0, 2.*)")]
    [InlineData("[1,2,3]")]
    public void TryParse_Invalid_IsFalse(string text)
    {
        Assert.False(PackageVersionRange.TryParse(text, out _));
    }

    [Theory]
    [InlineData("[1.0.0, )", "1.0", true)]
    [InlineData("[13.*, )", "13.*", true)]
    [InlineData("[1.0.0, 2.0.0)", "[1.0,2.0)", true)]
    [InlineData("[1.0.0, )", "[1.0.1, )", false)]
    [InlineData("[1.0.0, 1.0.0]", "[1.0.0, )", false)]
    public void AreEquivalent_ComparesNormalisedRanges(string a, string b, bool expected)
    {
        Assert.Equal(expected, PackageVersionRange.AreEquivalent(a, b));
    }
}
