using System.IO;
using System.Linq;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Pinning;

/// <summary>
/// A library's <c>path</c> in project.assets.json names its folder inside the packages folder. A path that is rooted,
/// climbs out with <c>..</c>, or is not a plain relative folder (<c>.</c>, empty segments, NUL) must be refused
/// (SCSDK1015) and never followed: an attacker who can edit obj/ could otherwise point the check at a consistent copy
/// of the package outside the packages folder, while the build uses whatever the packages folder holds.
/// </summary>
public sealed class LibraryPathTraversalTests
{
    private static TestPackageBuilder Package() => new TestPackageBuilder("Contoso.B", "2.0.0")
        .WithLibFile("net8.0", "Contoso.B.dll", "assembly B");

    [Theory]
    [InlineData("../outside/contoso.b/2.0.0")]
    [InlineData("contoso.b/../../outside/contoso.b/2.0.0")]
    [InlineData("..\\outside\\contoso.b\\2.0.0")]
    [InlineData("contoso.b/./2.0.0")]
    [InlineData("./contoso.b/2.0.0")]
    [InlineData("contoso.b//2.0.0")]
    [InlineData("contoso.b/2.0.0\0")]
    [InlineData("")]
    public void LibraryPath_OutsideOrNotAPlainRelativeFolder_IsRefusedNotFollowed(string path)
    {
        using var scenario = ScenarioWithACopyOutside();
        scenario.Assets.Root["libraries"]!["Contoso.B/2.0.0"]!["path"] = path;

        scenario.Verify();

        var error = scenario.Single("SCSDK1015");
        Assert.Contains("'Contoso.B/2.0.0'", error.Message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "SCSDK1015" }, scenario.Codes());
    }

    [Fact]
    public void LibraryPath_Rooted_IsRefusedNotFollowed()
    {
        using var scenario = ScenarioWithACopyOutside();
        scenario.Assets.Root["libraries"]!["Contoso.B/2.0.0"]!["path"] = Path.Combine(Outside(scenario), "contoso.b", "2.0.0");

        scenario.Verify();

        Assert.Equal(new[] { "SCSDK1015" }, scenario.Codes());
    }

    [Theory]
    [InlineData("contoso.b/2.0.0")]
    [InlineData("contoso.b/2.0.0/")]
    public void LibraryPath_APlainRelativeFolder_IsFollowed(string path)
    {
        using var scenario = ScenarioWithACopyOutside();
        scenario.Assets.Root["libraries"]!["Contoso.B/2.0.0"]!["path"] = path;

        var result = scenario.Verify();

        Assert.Empty(scenario.Codes());
        Assert.Contains(result.Packages, p => p.Id == "Contoso.B");
    }

    private static PinningScenario ScenarioWithACopyOutside()
    {
        var scenario = new PinningScenario();
        var bytes = Package().Build();
        scenario.AddPackage(Package(), nupkg: bytes);

        // A consistent copy beside the packages folder: what a traversal would reach.
        TestPackagesFolder.Install(Outside(scenario), "Contoso.B", "2.0.0", bytes, scenario.ContentHashes["Contoso.B"]);
        return scenario;
    }

    private static string Outside(PinningScenario scenario) => Path.Combine(Path.GetDirectoryName(scenario.PackagesFolder.TrimEnd('/', '\\'))!, "outside");
}
