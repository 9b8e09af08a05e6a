using System;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>
/// The corners of Python's fnmatch that python-tuf's delegation <c>paths</c> rely on: a pattern must never cover
/// more names than the delegation grants, and must not lose the names it does grant.
/// </summary>
public class PathPatternFnmatchTests
{
    [Theory]
    [InlineData("xb")]
    [InlineData("zzzz")]
    [InlineData("a")]
    public void TwoCharacterLiteralPattern_DoesNotMatchOtherNames(string name)
    {
        Assert.False(PathPattern.IsMatch(name, "ab"));
        Assert.True(PathPattern.IsMatch("ab", "ab"));
    }

    [Theory]
    [InlineData("release-1.0.nupkg", "release-*", true)]
    [InlineData("release-", "release-*", true)]
    [InlineData("prerelease-1.0", "release-*", false)]
    [InlineData("a-middle-z", "a*z", true)]
    [InlineData("a-middle-y", "a*z", false)]
    public void StarAfterALiteral_MatchesAnyRest(string name, string pattern, bool expected)
    {
        Assert.Equal(expected, PathPattern.IsMatch(name, pattern));
    }

    [Theory]
    [InlineData("!", true)]
    [InlineData("b", true)]
    [InlineData("a", false)]
    [InlineData("[", true)]
    public void NegatedClass_TheBangIsNotAMemberOfTheSet(string name, bool expected)
    {
        Assert.Equal(expected, PathPattern.IsMatch(name, "[!a]"));
    }

    [Theory]
    [InlineData("a[", "a[", true)]
    [InlineData("a[!", "a[!", true)]
    [InlineData("ab", "a[", false)]
    [InlineData("a[x", "a[!x", false)]
    public void UnterminatedClassAtTheEnd_IsLiteral(string name, string pattern, bool expected)
    {
        Assert.Equal(expected, PathPattern.IsMatch(name, pattern));
    }

    [Theory]
    [InlineData("]")]
    [InlineData("c")]
    public void Class_DoesNotContainItsClosingBracket(string name)
    {
        Assert.False(PathPattern.IsMatch(name, "[ab]"));
        Assert.True(PathPattern.IsMatch("b", "[ab]"));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("-", true)]
    [InlineData("b", false)]
    [InlineData("]", false)]
    public void TrailingDashInAClass_IsALiteralDash(string name, bool expected)
    {
        Assert.Equal(expected, PathPattern.IsMatch(name, "[a-]"));
    }

    [Theory]
    [InlineData("b")]
    [InlineData("m")]
    public void ClassOfThreeCharacters_WithoutADash_IsNotARange(string name)
    {
        Assert.False(PathPattern.IsMatch(name, "[adz]"));
        Assert.True(PathPattern.IsMatch("d", "[adz]"));
    }

    [Theory]
    [InlineData("a", "[a-a]", true)]
    [InlineData("b", "[a-a]", false)]
    [InlineData("m", "[z-a]", false)]
    [InlineData("m", "[!z-a]", true)]
    public void RangeOfOneCharacter_MatchesIt_AndAReversedRangeMatchesNothing(string name, string pattern, bool expected)
    {
        Assert.Equal(expected, PathPattern.IsMatch(name, pattern));
    }

    [Fact]
    public void IsMatch_NullArguments_AreRejected()
    {
        Assert.Throws<ArgumentNullException>("targetPath", () => PathPattern.IsMatch(null!, "*"));
        Assert.Throws<ArgumentNullException>("pattern", () => PathPattern.IsMatch("a", null!));
    }
}
