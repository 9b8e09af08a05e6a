using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NuGet.Versioning;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Core.Tests.Vulnerabilities;

/// <summary>
/// Property-based tests of the matcher's version semantics, with NuGet.Versioning (the library restore uses) as the
/// oracle: ordering (normalisation, 4-part versions, prerelease labels, case) and range membership must agree for
/// generated versions and ranges, so an advisory range can never match a different set of versions than NuGet's.
/// </summary>
public class VersionRangeOracleTests
{
    private static readonly string[] s_labels = { "alpha", "Alpha", "beta", "rc", "RC", "rc1", "0", "1", "2", "10", "a-b", "preview", "x" };

    private static Gen<string> VersionText() =>
        from count in Gen.Choose(1, 4)
        from parts in Gen.ArrayOf(Gen.Elements(0, 1, 2, 3, 10), count)
        from labelCount in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 3)))
        from labels in Gen.ArrayOf(Gen.Elements(s_labels), labelCount)
        from metadata in Gen.Frequency((5, Gen.Constant(string.Empty)), (1, Gen.Constant("+build.5")))
        select string.Join('.', parts) + (labels.Length > 0 ? "-" + string.Join('.', labels) : string.Empty) + metadata;

    private static Gen<string> RangeText() =>
        from min in Gen.Frequency((1, Gen.Constant<string?>(null)), (4, VersionText().Select(v => (string?)v)))
        from max in Gen.Frequency((1, Gen.Constant<string?>(null)), (4, VersionText().Select(v => (string?)v)))
        from minInclusive in Gen.Elements(true, false)
        from maxInclusive in Gen.Elements(true, false)
        where min is not null || max is not null
        select (minInclusive && min is not null ? "[" : "(") + (min ?? string.Empty) + ", " + (max ?? string.Empty) + (maxInclusive && max is not null ? "]" : ")");

    [Fact]
    public void Ordering_AgreesWithNuGetVersioning()
    {
        Prop.ForAll(VersionText().ToArbitrary(), VersionText().ToArbitrary(), (a, b) =>
        {
            var expected = System.Math.Sign(NuGetVersion.Parse(a).CompareTo(NuGetVersion.Parse(b)));
            var actual = System.Math.Sign(NuGetVersionValue.ParseOrNull(a)!.CompareTo(NuGetVersionValue.ParseOrNull(b)));
            return (expected == actual).Label($"{a} vs {b}: NuGet {expected}, ours {actual}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Normalisation_AgreesWithNuGetVersioning()
    {
        Prop.ForAll(VersionText().ToArbitrary(), v =>
        {
            var expected = NuGetVersion.Parse(v).ToNormalizedString();
            var actual = NuGetVersionValue.ParseOrNull(v)!.Normalized;
            return (expected == actual).Label($"{v}: NuGet '{expected}', ours '{actual}'");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RangeMembership_AgreesWithNuGetVersionRange()
    {
        Prop.ForAll(RangeText().ToArbitrary(), VersionText().ToArbitrary(), (range, version) =>
        {
            if (!VersionRange.TryParse(range, out var oracle))
            {
                return (!VersionInterval.TryParse(range, out _)).Label($"NuGet refuses {range}, ours accepts it");
            }

            Assert.True(VersionInterval.TryParse(range, out var ours), range);
            var expected = oracle.Satisfies(NuGetVersion.Parse(version));
            var actual = ours.Contains(NuGetVersionValue.ParseOrNull(version)!);
            return (expected == actual).Label($"{version} in {range}: NuGet {expected}, ours {actual}");
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("(0+build.5, 0)")]
    [InlineData("(1.0, 1.0)")]
    [InlineData("[1.0, 1.0)")]
    [InlineData("(1.0, 1.0]")]
    [InlineData("[1.0+a, 1.0+b]")]
    [InlineData("(2.0, 1.0)")]
    public void EqualOrCrossedBounds_ParseAndMatchAsNuGetVersionRange(string range)
    {
        var nuget = VersionRange.TryParse(range, out var oracle);
        Assert.Equal(nuget, VersionInterval.TryParse(range, out var ours));
        if (nuget)
        {
            foreach (var probe in new[] { "0.0.0", "1.0.0", "1.0.0+meta", "1.0.0-alpha", "2.0.0" })
            {
                Assert.Equal(oracle!.Satisfies(NuGetVersion.Parse(probe)), ours.Contains(NuGetVersionValue.ParseOrNull(probe)!));
            }
        }
    }

    [Fact]
    public void RangeMembership_OfVersionsNearTheBounds_AgreesWithNuGetVersionRange()
    {
        // Boundaries are where off-by-one mistakes hide: test each bound itself, with and without labels and metadata.
        Prop.ForAll(RangeText().ToArbitrary(), range =>
        {
            if (!VersionRange.TryParse(range, out var oracle))
            {
                return (!VersionInterval.TryParse(range, out _)).Label($"NuGet refuses {range}, ours accepts it");
            }

            Assert.True(VersionInterval.TryParse(range, out var ours), range);
            var probes = new[] { oracle.MinVersion, oracle.MaxVersion }
                .Where(v => v is not null)
                .SelectMany(v => new[] { v!.ToNormalizedString(), v.ToNormalizedString() + "+meta", v.Major + "." + v.Minor + "." + v.Patch + "." + v.Revision, v.Major + "." + v.Minor + "." + v.Patch + "-0" })
                .ToArray();
            return probes.All(p => oracle.Satisfies(NuGetVersion.Parse(p)) == ours.Contains(NuGetVersionValue.ParseOrNull(p)!)).Label(range);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.0.0.0")]
    [InlineData("01.2.3")]
    [InlineData("1.2.3-RC.1")]
    [InlineData("1.2.3.4-beta+sha.1")]
    public void ParsesWhatNuGetParses(string text)
    {
        Assert.Equal(NuGetVersion.Parse(text).ToNormalizedString(), NuGetVersionValue.ParseOrNull(text)!.Normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1..2")]
    [InlineData("1.2-")]
    [InlineData("1.2-a..b")]
    [InlineData("v1.2")]
    [InlineData("1.2.*")]
    public void RefusesWhatNuGetRefuses(string text)
    {
        Assert.False(NuGetVersion.TryParse(text, out _));
        Assert.Null(NuGetVersionValue.ParseOrNull(text));
    }
}
