using SupplyChain.Core.Adoption;

namespace SupplyChain.Core.Tests.Adoption;

/// <summary>The mapping init proposes sends every package to the source that served it, and NuGet's precedence holds.</summary>
public sealed class PackageSourceMappingTests
{
    [Fact]
    public void OneSourceServedEverything_IsMappedWithStar()
        => Assert.Equal(new[] { ("nuget.org", "*") }, PackageSourceMapping.Propose(new[] { ("A.B", "nuget.org"), ("C", "nuget.org") }));

    [Fact]
    public void AWholePrefixFromOneSource_BecomesAPrefixPattern_ASharedPrefixIsSplitFurther()
    {
        var proposal = PackageSourceMapping.Propose(new[]
        {
            ("Contoso.Core", "internal"), ("Contoso.Web", "internal"),
            ("Microsoft.Extensions.Logging", "nuget.org"), ("Microsoft.Extensions.Options", "nuget.org"),
            ("Microsoft.Internal.Thing", "internal"),
            ("xunit", "nuget.org"), ("Single.Package", "nuget.org"),
        });
        Assert.Equal(
            new[]
            {
                ("internal", "Contoso.*"), ("internal", "Microsoft.Internal.Thing"),
                ("nuget.org", "Microsoft.Extensions.*"), ("nuget.org", "Single.Package"), ("nuget.org", "xunit"),
            },
            proposal);
    }

    [Fact]
    public void TheProposal_SendsEveryPackageToItsOwnSource_UnderNuGetPrecedence()
    {
        var served = new[] { ("A.One", "s1"), ("A.Two", "s1"), ("A.Two.Sub", "s2"), ("A", "s2"), ("A.Three", "s2"), ("B.X", "s3") };
        var mapping = new PackageSourceMapping();
        foreach (var (key, pattern) in PackageSourceMapping.Propose(served))
        {
            mapping.Add(key, pattern);
        }

        foreach (var (id, key) in served)
        {
            Assert.Equal(new[] { key }, mapping.SourcesFor(id));
        }
    }

    [Theory]
    [InlineData("Contoso.Core", "exact")]
    [InlineData("Contoso.Other", "prefix")]
    [InlineData("Other", "star")]
    public void SourcesFor_TheMostSpecificPatternWins(string id, string expected)
    {
        var mapping = new PackageSourceMapping();
        mapping.Add("star", "*");
        mapping.Add("prefix", "contoso.*");
        mapping.Add("exact", "Contoso.Core");
        Assert.Equal(new[] { expected }, mapping.SourcesFor(id));
    }
}
