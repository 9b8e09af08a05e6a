using System.IO;
using System.Linq;
using System.Text;
using SupplyChain.Core.Sbom;

namespace SupplyChain.Core.Tests.Sbom;

/// <summary>The file through which the consumption policy hands verdicts and verified provenance to the SBOM.</summary>
public sealed class PackagePropertiesFileTests
{
    [Fact]
    public void Written_ThenRead_GivesTheSameProperties_InAnOrderThatDoesNotDependOnTheInput()
    {
        var a = new PackageProperties("Contoso.B", "1.0.0", [new CycloneDxProperty("supplychain:policy:verdict", "pass")]);
        var b = new PackageProperties("contoso.a", "2.0.0", [new CycloneDxProperty("supplychain:policy:verdict", "fail"), new CycloneDxProperty("x", null)]);
        var first = PackagePropertiesFile.Write([a, b]);
        Assert.Equal(first, PackagePropertiesFile.Write([b, a]));

        var read = PackagePropertiesFile.Read(first);
        Assert.Equal(["contoso.a", "Contoso.B"], read.Select(p => p.Id));
        Assert.Equal(b.Properties, read[0].Properties);
    }

    [Fact]
    public void Lookup_MatchesIdAndVersionCaseInsensitively_AndNothingElse()
    {
        var lookup = PackagePropertiesFile.Lookup([new PackageProperties("Contoso.Lib", "1.0.0-Beta", [new CycloneDxProperty("n", "v")])]);
        Assert.True(lookup.ContainsKey(PackagePropertiesFile.Key("contoso.lib", "1.0.0-beta")));
        Assert.False(lookup.ContainsKey(PackagePropertiesFile.Key("contoso.lib", "1.0.0")));
        Assert.False(lookup.ContainsKey(PackagePropertiesFile.Key("contoso.lib.evil", "1.0.0-beta")));
    }

    [Theory]
    [InlineData("{\"version\":2,\"packages\":[]}")]
    [InlineData("{\"version\":1}")]
    [InlineData("{\"version\":1,\"packages\":[{\"id\":\"a\"}]}")]
    [InlineData("not json")]
    public void AFileOfAnotherShape_IsInvalidData(string text)
        => Assert.Throws<InvalidDataException>(() => PackagePropertiesFile.Read(Encoding.UTF8.GetBytes(text)));
}
