using NuGet.Versioning;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Core.Tests.Vulnerabilities;

/// <summary>
/// Range and version texts the generated oracle tests never produce (a bare version, broken brackets, extra commas,
/// unreadable bounds, broken metadata), checked against NuGet.Versioning: what NuGet refuses is refused, so a policy deny
/// or a NuGet vulnerability resource entry never turns into a range that matches nothing or everything.
/// </summary>
public class VersionNotationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[")]
    [InlineData("(")]
    [InlineData("[1.0.0")]
    [InlineData("(1.0.0)")]
    [InlineData("[1.0.0)")]
    [InlineData("[x]")]
    [InlineData("[1.0.0, 2.0.0, 3.0.0]")]
    [InlineData("[x, 2.0.0)")]
    [InlineData("[1.0.0, y)")]
    [InlineData("[,]")]
    [InlineData("(,]")]
    [InlineData("[,)")]
    [InlineData("v1.0")]
    public void RangeNuGetRefuses_IsRefused(string text)
    {
        Assert.False(VersionRange.TryParse(text, allowFloating: false, out _), "NuGet accepts " + text);
        Assert.False(VersionInterval.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1.0", "0.9.9", false)]
    [InlineData("1.0", "1.0.0", true)]
    [InlineData("1.0", "99.0.0", true)]
    [InlineData(" 1.0-beta ", "1.0.0-alpha", false)]
    [InlineData(" 1.0-beta ", "1.0.0-beta", true)]
    [InlineData("[1.0]", "1.0.0.0", true)]
    [InlineData("[1.0]", "1.0.1", false)]
    [InlineData(" [1.0, 2.0) ", "2.0.0", false)]
    [InlineData("(1.0, )", "1.0.0", false)]
    [InlineData("(1.0, )", "1.0.1", true)]
    [InlineData("(, 1.0]", "1.0.0", true)]
    public void RangeNuGetAccepts_HoldsTheVersionsNuGetsRangeHolds(string text, string version, bool expected)
    {
        Assert.True(VersionRange.TryParse(text, allowFloating: false, out var oracle));
        Assert.Equal(expected, oracle.Satisfies(NuGetVersion.Parse(version)));
        Assert.True(VersionInterval.TryParse(text, out var ours));
        Assert.Equal(expected, ours.Contains(NuGetVersionValue.ParseOrNull(version)!));
    }

    [Theory]
    [InlineData("1.0", "[1.0.0, )")]
    [InlineData("[1.0]", "[1.0.0]")]
    [InlineData("(, 2.0)", "(, 2.0.0)")]
    [InlineData("[1.0, 2.0]", "[1.0.0, 2.0.0]")]
    [InlineData("(1.0, 2.0)", "(1.0.0, 2.0.0)")]
    public void Range_IsShownInNuGetNotation(string text, string shown)
    {
        Assert.True(VersionInterval.TryParse(text, out var interval));
        Assert.Equal(shown, interval.ToString());
    }

    [Theory]
    [InlineData("[1.0, 2.0)", "2.0.0")]
    [InlineData("[1.0, 2.0]", null)]
    [InlineData("[1.0, )", null)]
    public void FixedIn_IsOnlyAnExclusiveUpperBound(string text, string? expected)
    {
        Assert.True(VersionInterval.TryParse(text, out var interval));
        Assert.Equal(expected, interval.FixedIn?.Normalized);
    }

    [Theory]
    [InlineData("1.0.0+")]
    [InlineData("1.0.0+a..b")]
    [InlineData("1.0.0+a_b")]
    [InlineData("1.0.0-a_b")]
    [InlineData("1.0.0-")]
    [InlineData("-1.0.0")]
    [InlineData("1.0.0.-1")]
    [InlineData("99999999999.0.0")]
    public void VersionNuGetRefuses_IsRefused(string text)
    {
        Assert.False(NuGetVersion.TryParse(text, out _), "NuGet accepts " + text);
        Assert.Null(NuGetVersionValue.ParseOrNull(text));
    }

    [Theory]
    [InlineData("1.0.0-beta", true)]
    [InlineData("1.0.0+beta", false)]
    [InlineData("1.0.0", false)]
    public void Prerelease_IsAVersionWithReleaseLabels_NotMetadata(string text, bool prerelease)
        => Assert.Equal(prerelease, NuGetVersionValue.ParseOrNull(text)!.IsPrerelease);

    [Theory]
    [InlineData("1.0.0-RC.1", "1.0.0-rc.1+build", true)]
    [InlineData("1.0", "1.0.0.0", true)]
    [InlineData("1.0.0-rc.1", "1.0.0-rc.2", false)]
    [InlineData("1.0.0-rc", "1.0.0", false)]
    [InlineData("1.0.0.1", "1.0.0", false)]
    public void EqualVersions_AreEqualObjects_WithEqualHashes(string a, string b, bool equal)
    {
        var x = NuGetVersionValue.ParseOrNull(a)!;
        var y = NuGetVersionValue.ParseOrNull(b)!;
        Assert.Equal(equal, x.Equals((object)y));
        Assert.Equal(equal, x.GetHashCode() == y.GetHashCode());
        Assert.False(x.Equals((object?)null));
        Assert.False(x.Equals((object)a));
    }

    [Fact]
    public void Prereleases_SortAsSemVerSays_BelowTheirRelease()
    {
        // Numeric labels below text ones, numbers by value, text without regard to case, a shorter list first.
        var ordered = new[] { "1.0.0-1", "1.0.0-2", "1.0.0-10", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-BETA", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.0.1-rc", "1.0.0.1" };
        for (var i = 0; i < ordered.Length; i++)
        {
            for (var j = 0; j < ordered.Length; j++)
            {
                var expected = i.CompareTo(j);
                Assert.Equal(expected, NuGetVersionValue.ParseOrNull(ordered[i])!.CompareTo(NuGetVersionValue.ParseOrNull(ordered[j])));
                Assert.Equal(expected, System.Math.Sign(NuGetVersion.Parse(ordered[i]).CompareTo(NuGetVersion.Parse(ordered[j]))));
            }
        }
    }

    [Fact]
    public void NoVersion_EqualsAVersion()
        => Assert.False(NuGetVersionValue.ParseOrNull("1.0.0")!.Equals((NuGetVersionValue?)null));

    [Fact]
    public void Null_SortsBelowEveryVersion()
    {
        var v = NuGetVersionValue.ParseOrNull("0.0.0-0")!;
        Assert.Equal(1, v.CompareTo(null));
        Assert.Equal(-1, NuGetVersionValue.Compare(null, v));
        Assert.Equal(0, NuGetVersionValue.Compare(null, null));
        Assert.Equal(1, NuGetVersionValue.Compare(v, null));
    }
}
