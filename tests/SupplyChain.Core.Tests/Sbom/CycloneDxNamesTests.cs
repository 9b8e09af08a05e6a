using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Sbom;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Sbom;

public class CycloneDxNamesTests
{
    [Fact]
    public void Names_CoverEveryEnumValue()
    {
        Assert.Equal(Enum.GetValues<ComponentType>().Length, CycloneDxNames.ComponentTypes.Count);
        Assert.Equal(Enum.GetValues<ComponentScope>().Length, CycloneDxNames.Scopes.Count);
        Assert.Equal(Enum.GetValues<CycloneDxHashAlgorithm>().Length, CycloneDxNames.HashAlgorithms.Count);
        Assert.Equal(Enum.GetValues<ExternalReferenceType>().Length, CycloneDxNames.ExternalReferenceTypes.Count);
        Assert.Equal(Enum.GetValues<CycloneDxLifecyclePhase>().Length, CycloneDxNames.LifecyclePhases.Count);
        Assert.Equal("operating-system", ComponentType.OperatingSystem.ToJson());
        Assert.Equal("SHA3-384", CycloneDxHashAlgorithm.Sha3With384.ToJson());
        Assert.Equal("rfc-9116", ExternalReferenceType.Rfc9116.ToJson());
        Assert.Equal("post-build", CycloneDxLifecyclePhase.PostBuild.ToJson());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ComponentType)99).ToJson());
    }

    [VectorTheory]
    [InlineData(CycloneDxSpecVersion.V16)]
    [InlineData(CycloneDxSpecVersion.V17)]
    public void Names_EqualTheEnumsOfTheOfficialSchema(CycloneDxSpecVersion version)
    {
        using var schema = LoadSchema(version);
        var definitions = schema.RootElement.GetProperty("definitions");

        Assert.Equal(EnumOf(definitions.GetProperty("component").GetProperty("properties").GetProperty("type")), CycloneDxNames.ComponentTypes);
        Assert.Equal(EnumOf(definitions.GetProperty("component").GetProperty("properties").GetProperty("scope")), CycloneDxNames.Scopes);
        Assert.Equal(EnumOf(definitions.GetProperty("hash-alg")), Enum.GetValues<CycloneDxHashAlgorithm>().Where(a => a.IsSupportedIn(version)).Select(a => a.ToJson()));
        Assert.Equal(EnumOf(definitions.GetProperty("externalReference").GetProperty("properties").GetProperty("type")), Enum.GetValues<ExternalReferenceType>().Where(t => t.IsSupportedIn(version)).Select(t => t.ToJson()));
        var phase = definitions.GetProperty("metadata").GetProperty("properties").GetProperty("lifecycles").GetProperty("items").GetProperty("oneOf")[0].GetProperty("properties").GetProperty("phase");
        Assert.Equal(EnumOf(phase), CycloneDxNames.LifecyclePhases);
    }

    [VectorTheory]
    [InlineData(CycloneDxSpecVersion.V16)]
    [InlineData(CycloneDxSpecVersion.V17)]
    public void Writer_UsesOnlyPropertyNamesTheSchemaDefines(CycloneDxSpecVersion version)
    {
        using var schema = LoadSchema(version);
        var definitions = schema.RootElement.GetProperty("definitions");
        var expected = new Dictionary<string, JsonElement>
        {
            ["bom"] = schema.RootElement,
            ["metadata"] = definitions.GetProperty("metadata"),
            ["component"] = definitions.GetProperty("component"),
            ["hash"] = definitions.GetProperty("hash"),
            ["license"] = definitions.GetProperty("license"),
            ["attachment"] = definitions.GetProperty("attachment"),
            ["externalReference"] = definitions.GetProperty("externalReference"),
            ["dependency"] = definitions.GetProperty("dependency"),
            ["property"] = definitions.GetProperty("property"),
            ["organizationalEntity"] = definitions.GetProperty("organizationalEntity"),
            ["organizationalContact"] = definitions.GetProperty("organizationalContact"),
        };
        using var document = JsonDocument.Parse(CycloneDxWriter.Write(SampleBoms.PackableLibrary(version)));
        var root = document.RootElement;
        var component = root.GetProperty("components").EnumerateArray().First(c => c.GetProperty("name").GetString() == "Newtonsoft.Json");

        AssertDefined(expected["bom"], root);
        AssertDefined(expected["metadata"], root.GetProperty("metadata"));
        AssertDefined(expected["component"], component);
        AssertDefined(expected["component"], root.GetProperty("components").EnumerateArray().First(c => c.GetProperty("name").GetString() == "Contoso.Logging"));
        AssertDefined(expected["hash"], component.GetProperty("hashes")[0]);
        AssertDefined(expected["license"], component.GetProperty("licenses")[0].GetProperty("license"));
        AssertDefined(expected["attachment"], root.GetProperty("components").EnumerateArray().First(c => c.GetProperty("name").GetString() == "Embedded.License").GetProperty("licenses")[0].GetProperty("license").GetProperty("text"));
        AssertDefined(expected["externalReference"], component.GetProperty("externalReferences")[0]);
        AssertDefined(expected["dependency"], root.GetProperty("dependencies")[0]);
        AssertDefined(expected["property"], component.GetProperty("properties")[0]);
        AssertDefined(expected["organizationalEntity"], root.GetProperty("metadata").GetProperty("supplier"));
        AssertDefined(expected["organizationalContact"], component.GetProperty("authors")[0]);
    }

    private static JsonDocument LoadSchema(CycloneDxSpecVersion version)
        => JsonDocument.Parse(File.ReadAllBytes(RepositoryPaths.Vector("cyclonedx-specification", "schema", $"bom-{version.ToSpecString()}.schema.json")));

    private static string[] EnumOf(JsonElement element) => element.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static void AssertDefined(JsonElement definition, JsonElement written)
    {
        var allowed = definition.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var property in written.EnumerateObject())
        {
            Assert.True(allowed.Contains(property.Name), $"'{property.Name}' is not a property of the schema definition ({string.Join(", ", allowed)}).");
        }
    }
}
