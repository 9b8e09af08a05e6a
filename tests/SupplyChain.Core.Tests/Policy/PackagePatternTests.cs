using System;
using SupplyChain.Core.Policy;

namespace SupplyChain.Core.Tests.Policy;

/// <summary>
/// Package patterns of a policy (NuGet source mapping's syntax): an exact id matches only that id, a prefix ends in
/// <c>*</c>, and anything else is refused with a reason, so that a rule never covers more packages than it names.
/// </summary>
public class PackagePatternTests
{
    [Fact]
    public void ExactPattern_DoesNotMatchALongerIdItIsAPrefixOf()
    {
        var pattern = Parse("Contoso.Lib");

        Assert.True(pattern.Matches("contoso.LIB"));
        Assert.False(pattern.Matches("Contoso.Library"));
        Assert.False(pattern.Matches("Contoso.Li"));
        Assert.Throws<ArgumentNullException>(() => pattern.Matches(null!));
    }

    [Fact]
    public void ExactId_IsMoreSpecificThanEveryPrefix_AndALongerPrefixThanAShorterOne()
    {
        Assert.Equal(int.MaxValue, Parse("Contoso.Lib").Specificity);
        Assert.Equal(8, Parse("Contoso.*").Specificity);
        Assert.Equal(0, Parse("*").Specificity);
        Assert.True(Parse("*").Matches("Anything"));
    }

    [Theory]
    [InlineData("", "a package pattern is empty")]
    [InlineData("*Contoso", "has a '*' that is not its last character")]
    [InlineData("Con*toso", "has a '*' that is not its last character")]
    [InlineData("Contoso/", "has the character '/', which no package id has")]
    [InlineData("Con toso.*", "has the character ' ', which no package id has")]
    public void NotAPattern_IsRefusedWithTheReason(string text, string reason)
    {
        Assert.False(PackagePattern.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pattern_OfAtMost128Characters_IsAccepted_AndALongerOneRefused()
    {
        Assert.True(PackagePattern.TryParse(new string('a', 128), out _, out _));
        Assert.False(PackagePattern.TryParse(new string('a', 129), out _, out var error));
        Assert.Contains("longer than 128 characters", error, StringComparison.Ordinal);
    }

    private static PackagePattern Parse(string text)
    {
        Assert.True(PackagePattern.TryParse(text, out var pattern, out var error), error);
        return pattern;
    }
}
