using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Pinning;

/// <summary>
/// Which packages folder the integrity check reads: the assets file's <c>packageFolders</c> in order (the user's
/// folder, then fallback folders), else restore's <c>packagesPath</c>; none recorded is SCSDK1017, not a silent pass.
/// </summary>
public sealed class PackageFoldersTests
{
    private static TestPackageBuilder Package() => new TestPackageBuilder("Contoso.B", "2.0.0")
        .WithLibFile("net8.0", "Contoso.B.dll", "assembly B");

    [Fact]
    public void NoPackagesFolderRecordedAnywhere_IsSCSDK1017SayingSo()
    {
        using var scenario = new PinningScenario();
        scenario.AddPackage(Package());
        scenario.Assets.Root["packageFolders"] = new JsonObject();
        scenario.Assets.Root["project"]!["restore"]!.AsObject().Remove("packagesPath");

        var result = scenario.Verify();

        Assert.Contains("(none recorded)", scenario.Single("SCSDK1017").Message, System.StringComparison.Ordinal);
        Assert.Empty(result.Packages);
    }

    [Fact]
    public void NoPackageFolders_RestoresPackagesPathIsTheFolderChecked()
    {
        using var scenario = new PinningScenario();
        scenario.AddPackage(Package());
        scenario.Assets.Root["packageFolders"] = new JsonObject();

        var result = scenario.Verify();

        Assert.Empty(scenario.Codes());
        Assert.Equal("Contoso.B", Assert.Single(result.Packages).Id);
    }

    [Fact]
    public void PackageOnlyInAFallbackFolder_IsVerifiedThere()
    {
        using var scenario = new PinningScenario();
        var folder = scenario.AddPackage(Package());
        var fallback = scenario.Root.Combine("fallback");
        var moved = Path.Combine(fallback, Path.GetRelativePath(scenario.PackagesFolder, folder));
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        Directory.Move(folder, moved);
        ((JsonObject)scenario.Assets.Root["packageFolders"]!)[fallback] = new JsonObject();

        var result = scenario.Verify();

        Assert.Empty(scenario.Codes());
        Assert.StartsWith(Path.GetFullPath(fallback), Assert.Single(result.Packages).NupkgPath, System.StringComparison.Ordinal);
    }

    [Fact]
    public void TamperedCopyInAFallbackFolder_IsCaughtThere()
    {
        using var scenario = new PinningScenario();
        var folder = scenario.AddPackage(Package());
        var fallback = scenario.Root.Combine("fallback");
        var moved = Path.Combine(fallback, Path.GetRelativePath(scenario.PackagesFolder, folder));
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        Directory.Move(folder, moved);
        ((JsonObject)scenario.Assets.Root["packageFolders"]!)[fallback] = new JsonObject();
        var dll = Directory.EnumerateFiles(moved, "Contoso.B.dll", SearchOption.AllDirectories).Single();
        File.WriteAllText(dll, "assembly B, changed");

        scenario.Verify();

        Assert.Equal(dll, scenario.Single("SCSDK1008").File);
    }
}
