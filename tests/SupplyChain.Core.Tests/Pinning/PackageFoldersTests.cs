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
        var (fallback, moved) = InFallbackFolder(scenario, folder, move: true);

        var result = scenario.Verify();

        Assert.Empty(scenario.Codes());
        Assert.StartsWith(Path.GetFullPath(fallback), Assert.Single(result.Packages).NupkgPath, System.StringComparison.Ordinal);
    }

    [Fact]
    public void TamperedCopyInAFallbackFolder_IsCaughtThere()
    {
        using var scenario = new PinningScenario();
        var folder = scenario.AddPackage(Package());
        var (_, moved) = InFallbackFolder(scenario, folder, move: true);
        var dll = Directory.EnumerateFiles(moved, "Contoso.B.dll", SearchOption.AllDirectories).Single();
        File.WriteAllText(dll, "assembly B, changed");

        scenario.Verify();

        Assert.Equal(dll, scenario.Single("SCSDK1008").File);
    }

    [Fact]
    public void TamperedCopyInThePackagesFolder_IsCaught_EvenWithACleanCopyInAFallbackFolder()
    {
        // NuGet resolves from the first folder that holds the package: that copy is the one the build loads, so it is
        // the one checked, whatever a later folder holds.
        using var scenario = new PinningScenario();
        var folder = scenario.AddPackage(Package());
        InFallbackFolder(scenario, folder, move: false);
        var dll = Directory.EnumerateFiles(folder, "Contoso.B.dll", SearchOption.AllDirectories).Single();
        File.WriteAllText(dll, "assembly B, changed");

        scenario.Verify();

        Assert.Equal(dll, scenario.Single("SCSDK1008").File);
    }

    [Fact]
    public void PackageInNoFolder_IsSCSDK1007_OnTheLockFileLineThatPinsIt()
    {
        using var scenario = new PinningScenario();
        var folder = scenario.AddPackage(Package());
        Directory.Delete(folder, recursive: true);

        scenario.Verify();

        var missing = scenario.Single("SCSDK1007");
        Assert.Equal(scenario.LockPath, missing.File);
        Assert.True(missing.Line > 0, $"the finding is on line {missing.Line} of the lock file");
        Assert.Contains("contoso.b.2.0.0.nupkg", missing.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void PackageInNoFolder_NotPinnedInTheLockFile_IsSCSDK1007_OnTheAssetsFile()
    {
        using var scenario = new PinningScenario();
        var folder = scenario.AddPackage(Package());
        scenario.WriteLockFile = false;
        Directory.Delete(folder, recursive: true);

        scenario.Verify();

        var missing = scenario.Single("SCSDK1007");
        Assert.Equal(scenario.AssetsPath, missing.File);
    }

    [Fact]
    public void PackageInNoFolder_WithoutAnyContentHash_IsSCSDK1007_OnTheAssetsFile_NotACrash()
    {
        // Nothing pins it: neither a lock file nor restore's own record (an assets file without sha512), so no pin's
        // line can be named.
        using var scenario = new PinningScenario();
        var folder = scenario.AddPackage(Package(), contentHash: string.Empty);
        scenario.WriteLockFile = false;
        Directory.Delete(folder, recursive: true);

        scenario.Verify();

        var missing = scenario.Single("SCSDK1007");
        Assert.Equal(scenario.AssetsPath, missing.File);
        Assert.Equal(0, missing.Line);
        Assert.DoesNotContain(scenario.Sink.Diagnostics, d => d.Code == "SCSDK9001");
    }

    [Fact]
    public void Packages_AreCheckedAndReportedInIdOrder_WhateverOrderTheAssetsFileListsThem()
    {
        // Deterministic findings and results: the same build gives the same report, line for line.
        using var scenario = new PinningScenario();
        var folders = new[] { "Contoso.Zeta", "Contoso.Alpha", "Contoso.Mu" }
            .Select(id => scenario.AddPackage(new TestPackageBuilder(id, "1.0.0").WithLibFile("net8.0", id + ".dll", "assembly " + id)))
            .ToArray();
        foreach (var folder in folders)
        {
            File.WriteAllText(Directory.EnumerateFiles(folder, "*.dll", SearchOption.AllDirectories).Single(), "changed");
        }

        var result = scenario.Verify();

        var tampered = scenario.Sink.Diagnostics.Where(d => d.Code == "SCSDK1008").Select(d => Path.GetFileNameWithoutExtension(d.File)).ToArray();
        Assert.Equal(new[] { "Contoso.Alpha", "Contoso.Mu", "Contoso.Zeta" }, tampered);
        Assert.Equal(new[] { "Contoso.Alpha", "Contoso.Mu", "Contoso.Zeta" }, result.Packages.Select(p => p.Id).ToArray());
    }

    /// <summary>Moves or copies a package's folder into a fallback folder that the assets file lists after the packages folder.</summary>
    private static (string Fallback, string PackageDirectory) InFallbackFolder(PinningScenario scenario, string folder, bool move)
    {
        var fallback = scenario.Root.Combine("fallback");
        var target = Path.Combine(fallback, Path.GetRelativePath(scenario.PackagesFolder, folder));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (move)
        {
            Directory.Move(folder, target);
        }
        else
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var destination = Path.Combine(target, Path.GetRelativePath(folder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        }

        ((JsonObject)scenario.Assets.Root["packageFolders"]!)[fallback] = new JsonObject();
        return (fallback, target);
    }
}
