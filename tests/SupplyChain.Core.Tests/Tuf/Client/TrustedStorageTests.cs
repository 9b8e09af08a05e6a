using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupplyChain.Core.Json;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Core.Tests.Tuf.Client;

/// <summary>
/// The client's metadata folder as an attack surface: delegated role names that alias top-level files on
/// case-insensitive file systems (Windows, macOS), stored files that another writer replaced, and role names too long
/// for a file name.
/// </summary>
public class TrustedStorageTests
{
    public static TheoryData<string> TopLevelNamesInOtherCases => new() { "Timestamp", "TIMESTAMP", "ROOT", "Root", "Snapshot", "sNAPSHOT", "tArgets", "Targets" };

    [Theory]
    [MemberData(nameof(TopLevelNamesInOtherCases))]
    public void CaseAliasing_DelegatedRoleNamedLikeATopLevelRoleInAnyCase_IsRefusedWhenRead(string name)
    {
        var json = JsonNode.Parse($"{{\"name\":\"{name}\",\"keyids\":[],\"threshold\":1,\"terminating\":false,\"paths\":[\"*\"]}}")!.AsObject();

        var ex = Assert.Throws<TufFormatException>(() => DelegatedRole.FromJson(json));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DelegatedRole(name, Array.Empty<string>(), 1, false, new[] { "*" }));
    }

    [Theory]
    [InlineData("Timestamp")]
    [InlineData("ROOT")]
    [InlineData("Snapshot")]
    public void CaseAliasing_RepositoryDelegatingToATopLevelNameInAnotherCase_IsRefusedAndNothingIsStored(string name)
    {
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, "placeholder");
        h.Repository.PublishAll();

        // The attacker controls targets (or a delegating role) and renames the delegation; it is signed again.
        var signer = h.Repository.Signers[TufRoles.Targets][0];
        var doc = JsonNode.Parse(h.Repository.Published[TufRoles.Targets])!.AsObject();
        doc["signed"]!["delegations"]!["roles"]![0]!["name"] = name;
        var signedBytes = CanonicalJson.Serialize(doc["signed"]!);
        doc["signatures"] = new JsonArray(new JsonObject { ["keyid"] = signer.KeyId, ["sig"] = Convert.ToHexString(signer.Sign(signedBytes)).ToLowerInvariant() });
        h.Repository.Published[TufRoles.Targets] = Encoding.UTF8.GetBytes(doc.ToJsonString());

        var ex = TufAssert.Rejects<TufMetadataFormatException>("SCSDK4000", () => h.Refresh());

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(h.TrustedFiles().Keys, f => f.StartsWith(name, StringComparison.Ordinal));
    }

    [Fact]
    public void Replay_StoredTimestampReplacedByADelegatedRolesFile_StopsTheUpdateInsteadOfAcceptingAnOlderTimestamp()
    {
        // The reported attack: a delegated role stored as 'Timestamp.json' replaced 'timestamp.json' on a
        // case-insensitive file system, the stored timestamp was then "absent", and an older, unexpired timestamp
        // was accepted. The file clash is simulated by writing the delegated role's bytes over the stored timestamp.
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, "role1");
        h.Repository.PublishAll();
        var oldTimestamp = h.Repository.Published[TufRoles.Timestamp];
        h.Repository.UpdateTimestamp();
        h.NewUpdater().Find("x");
        Assert.Equal(h.Repository.Timestamp.Version, h.Version(TufRoles.Timestamp));
        File.WriteAllBytes(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Timestamp), h.Repository.Published["role1"]);

        // A mirror replays the older timestamp, which has not expired.
        h.Fetcher.Overrides["timestamp.json"] = () => new MemoryStream(oldTimestamp);
        var requests = h.Fetcher.Requests.Count;
        var updater = h.NewUpdater();

        var ex = TufAssert.Rejects<TufStoredMetadataException>("SCSDK4215", () => updater.Refresh());

        var stored = TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Timestamp);
        Assert.Equal(stored, ex.Path);
        Assert.Equal(stored, updater.CurrentFile);
        Assert.Contains("'_type' is 'targets', not 'timestamp'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("timestamp.json", h.Fetcher.Requests.Skip(requests));
    }

    [Theory]
    [InlineData(TufRoles.Timestamp, TufRoles.Targets)]
    [InlineData(TufRoles.Snapshot, TufRoles.Timestamp)]
    [InlineData(TufRoles.Targets, TufRoles.Snapshot)]
    public void StoredTopLevelFileOfAnotherType_IsAnErrorNotAbsent(string role, string otherRole)
    {
        using var h = new UpdaterHarness();
        h.Refresh();
        File.WriteAllBytes(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, role), h.Repository.Published[otherRole]);

        var ex = TufAssert.Rejects<TufStoredMetadataException>("SCSDK4215", () => h.Refresh());

        Assert.Equal(role, ex.RoleName);
        Assert.Contains($"'_type' is '{otherRole}', not '{role}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredTimestampThatIsNotJson_IsAnErrorNotAbsent()
    {
        using var h = new UpdaterHarness();
        h.Refresh();
        File.WriteAllText(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Timestamp), "not json");

        var ex = TufAssert.Rejects<TufStoredMetadataException>("SCSDK4215", () => h.Refresh());

        Assert.Contains("not TUF metadata", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredTimestampThatCannotBeRead_IsAnErrorNotAbsent()
    {
        using var h = new UpdaterHarness();
        h.Refresh();
        var stored = TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Timestamp);
        File.Delete(stored);
        Directory.CreateDirectory(stored);

        var ex = TufAssert.Rejects<TufStoredMetadataException>("SCSDK4215", () => h.Refresh());

        var cause = Assert.IsType<UnauthorizedAccessException>(ex.InnerException);
        Assert.Contains(": it cannot be read (" + cause.Message.TrimEnd('.') + ").", ex.Message, StringComparison.Ordinal);
        Assert.Equal(stored, ex.Path);
    }

    [Fact]
    public void StoredTimestampLongerThanItsCap_IsAnErrorNotAbsent()
    {
        using var h = new UpdaterHarness();
        h.Refresh();
        File.WriteAllBytes(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Timestamp), new byte[TufClientLimits.Default.TimestampMaxLength + 1]);

        TufAssert.Rejects<TufStoredMetadataException>("SCSDK4215", () => h.Refresh());
    }

    [Fact]
    public void StoredDelegatedRoleOfAnotherType_IsAnErrorNotAbsent()
    {
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, "role1");
        h.Repository.PublishAll();
        h.NewUpdater().Find("x");
        File.WriteAllBytes(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, "role1"), h.Repository.Published[TufRoles.Snapshot]);

        var ex = TufAssert.Rejects<TufStoredMetadataException>("SCSDK4215", () => h.NewUpdater().Find("x"));

        Assert.Equal("role1", ex.RoleName);
    }

    [Fact]
    public void StoredRootOfAnotherType_IsNotRootMetadata()
    {
        using var h = new UpdaterHarness();
        File.WriteAllBytes(TufRoleNames.TrustedPathInFolder(h.MetadataDirectory, TufRoles.Root), h.Repository.Published[TufRoles.Timestamp]);
        var updater = h.NewUpdater();

        var ex = TufAssert.Rejects<TufTrustedRootNotRootMetadataException>("SCSDK4216", () => updater.Refresh());

        Assert.Contains("'_type' is 'timestamp', not 'root'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fetcher.Requests);
    }

    [Fact]
    public void RefreshWithNothingNew_UsesTheStoredSnapshotAndTargets_AndRequestsOnlyTheNextRootAndTheTimestamp()
    {
        using var h = new UpdaterHarness();
        var first = h.Refresh();
        h.Fetcher.Requests.Clear();

        var second = h.Refresh();

        Assert.Equal(new[] { "2.root.json", "timestamp.json" }, h.Fetcher.Requests);
        Assert.Equal(first.Snapshot!.Signed.Version, second.Snapshot!.Signed.Version);
        Assert.Equal(first.Targets!.Signed.Version, second.Targets!.Signed.Version);
    }

    [Fact]
    public void StoredTimestampSignedByRotatedKeys_IsStillReplacedNotAnError()
    {
        // Only unreadable or foreign files are errors: metadata that merely no longer verifies is replaced (5.3.11).
        using var h = new UpdaterHarness();
        h.Refresh();
        h.Repository.RotateKeys(TufRoles.Timestamp);
        h.Repository.BumpRoot();
        h.Repository.UpdateTimestamp();

        var trusted = h.Refresh();

        Assert.Equal(2, trusted.Timestamp!.Signed.Version);
    }

    [Fact]
    public void CaseAliasing_DelegatedRolesDifferingOnlyInCase_AreStoredUnderFileNamesDistinctIgnoringCase()
    {
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, "Foo", new[] { "upper/*" });
        h.Repository.AddDelegation(TufRoles.Targets, "foo", new[] { "lower/*" });
        h.Fetcher.AddTarget("Foo", "upper/a.txt", Encoding.UTF8.GetBytes("from Foo"));
        h.Fetcher.AddTarget("foo", "lower/a.txt", Encoding.UTF8.GetBytes("from foo"));
        h.Repository.PublishAll();
        var updater = h.NewUpdater();

        Assert.Equal("Foo", updater.Find("upper/a.txt").RoleName);
        Assert.Equal("foo", updater.Find("lower/a.txt").RoleName);

        var names = h.TrustedFiles().Keys.ToList();
        Assert.Equal(6, names.Count);
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var delegated = names.Where(n => !TufRoles.TopLevel.Any(t => n == t + ".json")).ToList();
        Assert.All(delegated, n => Assert.StartsWith(TufRoleNames.DelegatedFilePrefix, n, StringComparison.Ordinal));

        // A later run reads each role from its own file (no second request for either).
        var requests = h.Fetcher.Requests.Count;
        var again = h.NewUpdater();
        Assert.Equal("Foo", again.Find("upper/a.txt").RoleName);
        Assert.Equal("foo", again.Find("lower/a.txt").RoleName);
        Assert.DoesNotContain(h.Fetcher.Requests.Skip(requests), r => r.Contains("oo.json", StringComparison.OrdinalIgnoreCase));
    }

    public static TheoryData<string[]> NameSets => new()
    {
        new[] { "Foo", "foo", "FOO", "fOo" },
        new[] { "ö", "Ö", "%C3%B6", "%c3%b6" },
        new[] { "delegated-x", "x", "X", "%78" },
        new[] { "con", "CON", "nul", "a.", "a..", "." },
        new[] { "timestamp-", "TIMESTAMP-", "root.json", "ROOT.JSON" },
        new[] { new string('a', 300), new string('A', 300), new string('a', 299) + "A" },
    };

    [Theory]
    [MemberData(nameof(NameSets))]
    public void CaseAliasing_TrustedFileNames_NeverCollideIgnoringCaseWithEachOtherOrATopLevelRole(string[] delegatedNames)
    {
        var names = TufRoles.TopLevel.Concat(delegatedNames).Select(TufRoleNames.TrustedFileName).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var (name, file) in delegatedNames.Zip(names.Skip(TufRoles.TopLevel.Length)))
        {
            Assert.True(file.StartsWith(TufRoleNames.DelegatedFilePrefix, StringComparison.Ordinal) || file.StartsWith(TufRoleNames.HashedDelegatedFilePrefix, StringComparison.Ordinal), file);
            Assert.EndsWith(".json", file, StringComparison.Ordinal);
            Assert.True(file.All(c => c < 128), file);
            Assert.True(file.Length <= TufRoleNames.MaxEscapedFileNameLength, file);
            Assert.False(Regex.Replace(file, "%[0-9A-F]{2}", string.Empty).Any(char.IsAsciiLetterUpper), $"{name}: {file}");
        }
    }

    [Fact]
    public void TrustedFileNames_OfTopLevelRoles_AreThePlainNames()
    {
        Assert.Equal(new[] { "root.json", "timestamp.json", "snapshot.json", "targets.json" }, TufRoles.TopLevel.Select(TufRoleNames.TrustedFileName));
        Assert.Equal("delegated-%46oo.json", TufRoleNames.TrustedFileName("Foo"));
        Assert.Equal("delegated-..%2Fa.json", TufRoleNames.TrustedFileName("../a"));
    }

    [Theory]
    [InlineData(230)]
    [InlineData(1000)]
    public void LongRoleName_IsStoredUnderAHashedFileNameAndReadBack(int length)
    {
        var name = "r" + new string('x', length - 1);
        using var h = new UpdaterHarness();
        h.Repository.AddDelegation(TufRoles.Targets, name, new[] { "long/*" });
        h.Fetcher.AddTarget(name, "long/a.txt", Encoding.UTF8.GetBytes("long"));
        h.Repository.PublishAll();

        var found = h.NewUpdater().Find("long/a.txt");

        Assert.Equal(name, found.RoleName);
        var file = Assert.Single(h.TrustedFiles().Keys, f => f.StartsWith("delegated", StringComparison.Ordinal));
        Assert.StartsWith(TufRoleNames.HashedDelegatedFilePrefix, file, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(file) < 255 - 40, file);
        Assert.Equal(h.Repository.DelegatedRoles[name].Version, h.Version(name));
        var requests = h.Fetcher.Requests.Count;
        Assert.Equal(name, h.NewUpdater().Find("long/a.txt").RoleName);
        Assert.DoesNotContain(h.Fetcher.Requests.Skip(requests), r => r.Contains("rxxx", StringComparison.Ordinal));
    }

    [Fact]
    public void LongRoleName_WithMultiByteCharacters_StaysBelowTheFileNameLimit()
    {
        // 100 characters of 3 UTF-8 bytes each: 900 characters once percent-encoded.
        var name = new string('\u20ac', 100);

        var file = TufRoleNames.TrustedFileName(name);

        Assert.StartsWith(TufRoleNames.HashedDelegatedFilePrefix, file, StringComparison.Ordinal);
        Assert.NotEqual(file, TufRoleNames.TrustedFileName(new string('\u20ac', 99)));
    }
}
