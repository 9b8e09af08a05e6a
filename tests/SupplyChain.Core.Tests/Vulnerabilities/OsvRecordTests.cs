using System;
using System.Linq;
using System.Text;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Vulnerabilities;

namespace SupplyChain.Core.Tests.Vulnerabilities;

/// <summary>
/// One OSV record, read from bytes made at test time: which versions its ranges cover (bounds, order of events, GitHub's
/// last-known bound) and that every record it cannot read is SCSDK5001, never an advisory quietly left out.
/// </summary>
public class OsvRecordTests
{
    private static Advisory? Parse(string json) => OsvReader.Parse(Encoding.UTF8.GetBytes(json), "GHSA-test.json");

    private static string Record(string affected, string extra = "")
        => "{\"id\":\"GHSA-aaaa-bbbb-cccc\"" + extra + ",\"affected\":[" + affected + "]}";

    private static string Package(string ranges, string extra = "")
        => "{\"package\":{\"ecosystem\":\"NuGet\",\"name\":\"Contoso.Lib\"},\"ranges\":[" + ranges + "]" + extra + "}";

    private static string Range(string events) => "{\"type\":\"ECOSYSTEM\",\"events\":[" + events + "]}";

    private static bool Affects(Advisory advisory, string version)
        => advisory.Affected.Any(p => p.Matching(NuGetVersionValue.ParseOrNull(version)!).Count > 0);

    private static SupplyChainException Malformed(string json, string reason)
    {
        var ex = Assert.Throws<SupplyChainException>(() => Parse(json));
        Assert.Equal("SCSDK5001", ex.Diagnostic.Code);
        Assert.Contains("GHSA-test.json", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Diagnostic.Message, StringComparison.Ordinal);
        return ex;
    }

    [Theory]
    [InlineData("1.9.9", false)]
    [InlineData("2.0.0-rc.1", false)]
    [InlineData("2.0.0", true)]
    [InlineData("2.5.0", true)]
    [InlineData("3.0.0-beta", true)]
    [InlineData("3.0.0", false)]
    public void IntroducedAndFixed_AreAHalfOpenRange_WhateverOrderTheEventsAreWrittenIn(string version, bool affected)
    {
        var advisory = Parse(Record(Package(Range("{\"fixed\":\"3.0.0\"},{\"introduced\":\"2.0.0\"}"))))!;
        Assert.Equal(affected, Affects(advisory, version));
        Assert.Equal("[2.0.0, 3.0.0)", Assert.Single(advisory.Affected[0].Intervals).ToString());
    }

    [Fact]
    public void SeveralRangesInOneRecord_EachCount()
    {
        var advisory = Parse(Record(Package(Range("{\"introduced\":\"0\"},{\"fixed\":\"1.0.1\"},{\"introduced\":\"2.0.0\"},{\"last_affected\":\"2.1.0\"}"))))!;
        Assert.Equal(new[] { true, false, true, true, false }, new[] { "1.0.0", "1.0.1", "2.0.0", "2.1.0", "2.1.1" }.Select(v => Affects(advisory, v)));
    }

    [Fact]
    public void SingleAffectedVersion_AsIntroducedAndLastAffected_IsOnlyThatVersion_InWhateverOrderWritten()
    {
        // Equal versions: "introduced" opens before "last_affected" closes, else the range would stay open upwards.
        var advisory = Parse(Record(Package(Range("{\"last_affected\":\"1.2.0\"},{\"introduced\":\"1.2.0\"}"))))!;
        Assert.Equal("[1.2.0]", Assert.Single(advisory.Affected[0].Intervals).ToString());
        Assert.Equal(new[] { false, true, false }, new[] { "1.1.9", "1.2.0", "1.2.1" }.Select(v => Affects(advisory, v)));
    }

    [Fact]
    public void IntroducedZero_IsOpenBelow()
    {
        var advisory = Parse(Record(Package(Range("{\"introduced\":\"0\"},{\"fixed\":\"1.0.0\"}"))))!;
        Assert.True(Affects(advisory, "0.0.0-alpha"));
        Assert.Equal("(, 1.0.0)", advisory.Affected[0].Intervals[0].ToString());
    }

    [Theory]
    [InlineData("<= 2.0.0", "(, 2.0.0]", "2.0.0", true)]
    [InlineData("<=2.0.0", "(, 2.0.0]", "2.0.1", false)]
    [InlineData("< 2.0.0", "(, 2.0.0)", "2.0.0", false)]
    [InlineData("< 2.0.0", "(, 2.0.0)", "1.9.9", true)]
    [InlineData("= 1.5.0", "(, )", "9.0.0", true)]
    [InlineData("<= not-a-version", "(, )", "9.0.0", true)]
    [InlineData(" ", "(, )", "9.0.0", true)]
    public void OpenRange_TakesGitHubsLastKnownBound_AndStaysOpenWhenItCannotBeRead(string lastKnown, string interval, string version, bool affected)
    {
        var advisory = Parse(Record(Package(Range("{\"introduced\":\"0\"}"), ",\"database_specific\":{\"last_known_affected_version_range\":\"" + lastKnown + "\"}")))!;
        Assert.Equal(interval, Assert.Single(advisory.Affected[0].Intervals).ToString());
        Assert.Equal(affected, Affects(advisory, version));
    }

    [Fact]
    public void LastAffectedOnly_NamesNoFixedVersion()
    {
        // An inclusive bound is still vulnerable: it must never be offered as the version to upgrade to.
        var advisory = Parse(Record(Package(Range("{\"introduced\":\"1.0.0\"},{\"last_affected\":\"1.4.0\"}"))))!;
        var version = NuGetVersionValue.ParseOrNull("1.4.0")!;
        Assert.True(Affects(advisory, "1.4.0"));
        Assert.Null(advisory.Affected[0].FirstFixedAbove(version));
        Assert.Null(advisory.Affected[0].Intervals[0].FixedIn);
    }

    [Fact]
    public void Fixed_IsTheVersionToUpgradeTo()
    {
        var advisory = Parse(Record(Package(Range("{\"introduced\":\"1.0.0\"},{\"fixed\":\"1.4.1\"}"))))!;
        Assert.Equal("1.4.1", advisory.Affected[0].FirstFixedAbove(NuGetVersionValue.ParseOrNull("1.2.0")!)!.Normalized);
    }

    [Fact]
    public void GitRanges_AreIgnored_EcosystemRangesBesideThemStillCount()
    {
        var advisory = Parse(Record(Package("{\"type\":\"GIT\",\"repo\":\"https://example.invalid/r\",\"events\":[{\"introduced\":\"abc\"}]}," + Range("{\"introduced\":\"0\"},{\"fixed\":\"2.0.0\"}"))))!;
        Assert.Equal("(, 2.0.0)", Assert.Single(advisory.Affected[0].Intervals).ToString());
    }

    [Fact]
    public void EmptyWithdrawnField_DoesNotWithdrawTheRecord()
        => Assert.NotNull(Parse(Record(Package(Range("{\"introduced\":\"0\"}")), ",\"withdrawn\":\"\"")));

    [Fact]
    public void WithdrawnRecord_IsLeftOut()
        => Assert.Null(Parse(Record(Package(Range("{\"introduced\":\"0\"}")), ",\"withdrawn\":\"2024-01-01T00:00:00Z\"")));

    [Fact]
    public void RecordForOtherEcosystemsOnly_IsNoNuGetAdvisory()
        => Assert.Null(Parse(Record("{\"package\":{\"ecosystem\":\"npm\",\"name\":\"contoso\"},\"ranges\":[" + Range("{\"introduced\":\"0\"}") + "]}")));

    [Fact]
    public void MiscasedNuGetEcosystem_IsStillANuGetAdvisory_NotLost()
        => Assert.True(Affects(Parse(Record("{\"package\":{\"ecosystem\":\"nuget\",\"name\":\"Contoso.Lib\"},\"ranges\":[" + Range("{\"introduced\":\"0\"}") + "]}"))!, "1.0.0"));

    [Fact]
    public void NonGitHubRecord_LinksItsFirstHttpsReference_ElseOsvDev()
    {
        var affected = Package(Range("{\"introduced\":\"0\"}"));
        var withReference = Parse("{\"id\":\"OSV-2024-1\",\"references\":[{\"url\":\"http://insecure.invalid\"},{\"type\":\"WEB\"},{\"url\":\"https://example.invalid/a\"}],\"affected\":[" + affected + "]}")!;
        Assert.Equal("https://example.invalid/a", withReference.Url);
        Assert.Equal("https://osv.dev/vulnerability/OSV-2024-2", Parse("{\"id\":\"OSV-2024-2\",\"affected\":[" + affected + "]}")!.Url);
        Assert.Equal("https://github.com/advisories/GHSA-aaaa-bbbb-cccc", Parse(Record(affected, ",\"references\":[{\"url\":\"https://example.invalid/b\"}]"))!.Url);
    }

    [Fact]
    public void InvalidJson_IsMalformed_WithItsLine()
        => Assert.Equal(2, Malformed("{\"id\":\"GHSA-x\",\n\"affected\":[", "not valid JSON").Diagnostic.Line);

    [Fact]
    public void ValueOfTheWrongJsonType_IsMalformed()
        => Malformed(Record(Package(Range("{\"introduced\":\"0\"}"), ",\"versions\":[1]")), "not an OSV record");

    [Fact]
    public void TopLevelArray_IsMalformed()
        => Malformed("[]", "not a JSON object");

    [Fact]
    public void RecordWithoutId_IsMalformed()
        => Malformed("{\"affected\":[" + Package(Range("{\"introduced\":\"0\"}")) + "]}", "no 'id'");

    [Fact]
    public void NuGetEntryWithoutPackageName_IsMalformed()
        => Malformed(Record("{\"package\":{\"ecosystem\":\"NuGet\",\"name\":\" \"},\"ranges\":[]}"), "without a package name");

    [Fact]
    public void RangeOfAnUnknownType_IsMalformed_NotIgnored()
        => Malformed(Record(Package("{\"type\":\"SEMVER2\",\"events\":[{\"introduced\":\"0\"}]}")), "range of type 'SEMVER2'");

    [Fact]
    public void SemverRange_IsReadLikeAnEcosystemRange()
        => Assert.True(Affects(Parse(Record(Package("{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0.0\"}]}")))!, "1.0.0"));

    [Theory]
    [InlineData("{\"type\":\"ECOSYSTEM\"}")]
    [InlineData("{\"type\":\"ECOSYSTEM\",\"events\":{\"introduced\":\"0\"}}")]
    public void RangeWithoutAnEventList_IsMalformed(string range)
        => Malformed(Record(Package(range)), "without 'events'");

    [Fact]
    public void EventThatIsNotAnObject_IsMalformed()
        => Malformed(Record(Package(Range("\"introduced\""))), "event that is not an object");

    [Fact]
    public void UnknownEvent_IsMalformed_NotIgnored()
        => Malformed(Record(Package(Range("{\"introduced\":\"0\"},{\"fixd\":\"2.0.0\"}"))), "unknown event 'fixd'");

    [Fact]
    public void EventVersionThatIsNotAString_IsMalformed()
        => Malformed(Record(Package(Range("{\"introduced\":\"0\"},{\"fixed\":2}"))), "names '' for Contoso.Lib");

    [Fact]
    public void ListedVersionThatIsNoVersion_IsMalformed()
        => Malformed(Record(Package(Range("{\"introduced\":\"0\"}"), ",\"versions\":[\"1.0.0\",\"latest\"]")), "names 'latest'");
}
