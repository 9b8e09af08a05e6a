using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Packages;

public class TestPackageBuilderTests
{
    private static TestPackageBuilder Builder() => new TestPackageBuilder("Contoso.Pack", "1.0.0-Beta")
        .WithDependency("net8.0", "Contoso.Dep", "[1.0.0, )")
        .WithDependencyGroup("netstandard2.0")
        .WithLibFile("net8.0", "Contoso.Pack.dll", "dll")
        .WithFile("content/a b.txt", "x")
        .WithLicenseExpression("MIT")
        .AsDevelopmentDependency();

    [Fact]
    public void Build_WritesANuspecWithMetadataAndDependencyGroups()
    {
        using var archive = new ZipArchive(new MemoryStream(Builder().Build()));
        var nuspec = archive.GetEntry("Contoso.Pack.nuspec");
        Assert.NotNull(nuspec);
        using var stream = nuspec.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("Contoso.Pack", Value("id"));
        Assert.Equal("1.0.0-Beta", Value("version"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        var groups = metadata.Elements().Single(e => e.Name.LocalName == "dependencies").Elements().ToArray();
        Assert.Equal(new[] { "net8.0", "netstandard2.0" }, groups.Select(g => g.Attribute("targetFramework")!.Value));
        Assert.Equal("Contoso.Dep", groups[0].Elements().Single().Attribute("id")!.Value);
        Assert.Empty(groups[1].Elements());
    }

    [Fact]
    public void Build_EscapesEntryNamesAndIsDeterministic()
    {
        var bytes = Builder().Build();
        Assert.Equal(bytes, Builder().Build());
        using var archive = new ZipArchive(new MemoryStream(bytes));
        var names = archive.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("content/a%20b.txt", names);
        Assert.Contains("lib/net8.0/Contoso.Pack.dll", names);
        Assert.Contains("[Content_Types].xml", names);
    }

    [Fact]
    public void WriteTo_UsesTheLowerCaseFeedFileName()
    {
        using var dir = new TestDirectory();
        var path = Builder().WriteTo(dir.Path);
        Assert.Equal(Path.Combine(dir.Path, "contoso.pack.1.0.0-beta.nupkg"), path);
        Assert.True(File.Exists(path));
    }
}
