using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>docs/threat-model.md TM-T7: the wrong <c>_type</c>, an unsupported <c>spec_version</c>, repeated JSON keys.</summary>
public class FormatAttackTests
{
    [Fact]
    public void Timestamp_FileOfAnotherRole_IsRejected()
    {
        var repo = new RepositorySimulator();
        var client = repo.NewClient();

        var ex = TufAssert.Rejects<TufUnexpectedTypeException>("SCSDK4001", () => client.UpdateTimestamp(repo.Published[TufRoles.Snapshot]));

        Assert.Equal("snapshot", ex.ActualType);
        Assert.Equal("timestamp", ex.ExpectedType);
    }

    [Fact]
    public void RootSnapshotTargets_FileOfAnotherRole_IsRejected()
    {
        var repo = new RepositorySimulator();
        var client = repo.NewClient();
        TufAssert.Rejects<TufUnexpectedTypeException>("SCSDK4001", () => client.UpdateRoot(repo.Published[TufRoles.Timestamp]));
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        TufAssert.Rejects<TufUnexpectedTypeException>("SCSDK4001", () => client.UpdateSnapshot(repo.Published[TufRoles.Targets]));
        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);
        TufAssert.Rejects<TufUnexpectedTypeException>("SCSDK4001", () => client.UpdateTargets(repo.Published[TufRoles.Snapshot]));
    }

    [Theory]
    [InlineData("2.0.0")]
    [InlineData("0.9.0")]
    [InlineData("1")]
    [InlineData("1.0.0-rc1")]
    [InlineData("1.0.0.0")]
    [InlineData("v1.0.0")]
    public void Metadata_UnsupportedSpecVersion_IsRejected(string specVersion)
    {
        var repo = new RepositorySimulator();
        repo.Timestamp.SpecVersion = specVersion;
        repo.UpdateTimestamp();
        var client = repo.NewClient();

        var ex = TufAssert.Rejects<TufUnsupportedSpecVersionException>("SCSDK4002", () => client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]));

        Assert.Equal(specVersion, ex.SpecVersion);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.0.0")]
    [InlineData("1.0.31")]
    [InlineData("1.99.7")]
    public void Metadata_SpecVersionOfMajorOne_IsAccepted(string specVersion)
    {
        var repo = new RepositorySimulator();
        repo.Timestamp.SpecVersion = specVersion;
        repo.UpdateTimestamp();

        repo.NewClient().UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
    }

    [Fact]
    public void Metadata_RepeatedJsonKey_IsRejected()
    {
        var repo = new RepositorySimulator();
        var text = Encoding.UTF8.GetString(repo.Published[TufRoles.Timestamp]);

        // A second "version" inside "signed": parsers disagree on which one wins, so the document is refused.
        var duplicated = Encoding.UTF8.GetBytes(text.Replace("\"version\": 1\n", "\"version\": 1,\n  \"version\": 7\n", System.StringComparison.Ordinal));
        Assert.NotEqual(text, Encoding.UTF8.GetString(duplicated));

        var ex = TufAssert.Rejects<TufMetadataFormatException>("SCSDK4000", () => repo.NewClient().UpdateTimestamp(duplicated));

        Assert.Contains("more than once", ex.Message);
    }

    [Theory]
    [InlineData("version", "1.0")]
    [InlineData("version", "\"1\"")]
    [InlineData("version", "0")]
    [InlineData("version", "true")]
    [InlineData("expires", "\"2030-01-01\"")]
    [InlineData("expires", "\"tomorrow\"")]
    [InlineData("spec_version", "1")]
    [InlineData("meta", "[]")]
    public void Metadata_FieldOfTheWrongShape_IsRejected(string field, string json)
    {
        var repo = new RepositorySimulator();
        var bad = RepositorySimulator.Tamper(repo.Published[TufRoles.Timestamp], d => d["signed"]![field] = JsonNode.Parse(json));

        TufAssert.Rejects<TufMetadataFormatException>("SCSDK4000", () => repo.NewClient().UpdateTimestamp(bad));
    }

    [Theory]
    [InlineData("{\"signed\": {}}")]
    [InlineData("{\"signatures\": []}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"signed\": [], \"signatures\": []}")]
    [InlineData("{\"signed\": {\"_type\": \"timestamp\"}, \"signatures\": {}}")]
    public void Metadata_DocumentOfTheWrongShape_IsRejected(string json)
    {
        TufAssert.Rejects<TufMetadataFormatException>("SCSDK4000", () => Metadata<Timestamp>.FromBytes(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Targets_DelegationsThatBreakTheRules_AreRejected()
    {
        var repo = new RepositorySimulator();
        var role = repo.AddDelegation(TufRoles.Targets, "role1");
        var good = new Metadata<Targets>(repo.Targets).ToJson();

        void Expect(string reason, System.Action<JsonObject> change)
        {
            var json = (JsonObject)good.DeepClone();
            change(json["signed"]!["delegations"]!.AsObject());
            var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(Encoding.UTF8.GetBytes(json.ToJsonString())));
            Assert.Contains(reason, ex.Message);
        }

        Expect("exactly one of 'paths' and 'path_hash_prefixes'", d => d["roles"]![0]!["path_hash_prefixes"] = new JsonArray("ab"));
        Expect("exactly one of 'paths' and 'path_hash_prefixes'", d => d["roles"]![0]!.AsObject().Remove("paths"));
        Expect("more than once", d => d["roles"]!.AsArray().Add(d["roles"]![0]!.DeepClone()));
        Expect("top-level role name", d => d["roles"]![0]!["name"] = "snapshot");
        Expect("more than once", d => d["roles"]![0]!["keyids"]!.AsArray().Add(role.KeyIds[0]));
        Expect("exactly one of 'roles' and 'succinct_roles'", d => d.Remove("roles"));
        Expect("'threshold'", d => d["roles"]![0]!["threshold"] = 0);
        Expect("'terminating'", d => d["roles"]![0]!.AsObject().Remove("terminating"));
    }
}
