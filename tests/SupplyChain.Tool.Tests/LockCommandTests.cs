using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChain.TestUtilities;

namespace SupplyChain.Tool.Tests;

public sealed class LockCommandTests
{
    [Fact]
    public void LockHash_UnsignedPackage_PrintsTheSha512OfTheFile()
    {
        using var dir = new TestDirectory();
        var nupkg = new TestPackageBuilder("Contoso.Lib", "1.0.0").WithLibFile("net8.0", "Contoso.Lib.dll", "bytes").WriteTo(dir.Path);

        var (exit, output, _, _) = CommandRunner.Run("lock", "hash", nupkg);

        Assert.Equal(0, exit);
        Assert.StartsWith(Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(nupkg))) + "  ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void LockHash_MissingFile_ExitsTwoWithSCSDK6002()
    {
        var (exit, _, _, diagnostics) = CommandRunner.Run("lock", "hash", "/nonexistent/x.nupkg");

        Assert.Equal(2, exit);
        Assert.Equal("SCSDK6002", Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void LockHash_NotAZip_SaysTheFileIsNotAPackageWithSCSDK1028()
    {
        using var dir = new TestDirectory();
        var file = dir.WriteFile("broken.nupkg", "not a zip");

        var (exit, _, _, diagnostics) = CommandRunner.Run("lock", "hash", file);

        Assert.Equal(2, exit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SCSDK1028", diagnostic.Code);
        Assert.Contains("is not a NuGet package", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("restore", diagnostic.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("folder", diagnostic.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void LockHash_ZipWithoutNuspec_SaysTheFileIsNotAPackageWithSCSDK1028()
    {
        using var dir = new TestDirectory();
        var file = Path.Combine(dir.Path, "docs.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(file, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("just a zip");
        }

        var (exit, output, _, diagnostics) = CommandRunner.Run("lock", "hash", file);

        Assert.Equal(2, exit);
        Assert.Equal("SCSDK1028", Assert.Single(diagnostics).Code);
        Assert.DoesNotContain(file, output, StringComparison.Ordinal);
    }

    [Fact]
    public void LockVerify_PathThatDoesNotExist_ExitsTwo()
    {
        var (exit, _, _, diagnostics) = CommandRunner.Run("lock", "verify", "/nonexistent/App.csproj");

        Assert.Equal(2, exit);
        Assert.Equal("SCSDK6002", Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void LockVerify_MalformedAssetsFile_ExitsTwoWithSCSDK1015()
    {
        using var dir = new TestDirectory();
        var project = dir.WriteFile("App/App.csproj", "<Project />");
        var assets = dir.WriteFile("App/obj/project.assets.json", "{ \"version\": 3, ");

        var (exit, output, _, diagnostics) = CommandRunner.Run(Evaluating(assets), "lock", "verify", project);

        Assert.Equal(2, exit);
        Assert.Contains(diagnostics, d => d.Code == "SCSDK1015" && d.File == assets);
        Assert.Contains("0 of 1 project(s) verified.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void LockVerify_FloatingVersionDeclared_ExitsOneWithSCSDK1009AtTheItem()
    {
        using var dir = new TestDirectory();
        var project = dir.WriteFile("App/App.csproj", "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"Contoso.Lib\" Version=\"1.*\" />\n  </ItemGroup>\n</Project>\n");
        var assets = dir.WriteFile("App/obj/project.assets.json", "{ \"version\": 3, \"targets\": { \"net10.0\": {} }, \"libraries\": {}, \"packageFolders\": {}, \"project\": { \"version\": \"1.0.0\", \"restore\": { \"projectPath\": \"" + project + "\", \"sources\": {} }, \"frameworks\": { \"net10.0\": {} } } }");

        var (exit, _, _, diagnostics) = CommandRunner.Run(
            Evaluating(assets, ("PackageReference", "Contoso.Lib", "1.*", project)), "lock", "verify", project);

        Assert.Equal(1, exit);
        var error = diagnostics.First(d => d.Code == "SCSDK1009");
        Assert.Equal(project, error.File);
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LockVerify_SdkForm_ChecksThePinOfThePackageTheResolverUses_NotTheOneTheEvaluationNames(bool pinned)
    {
        using var dir = new TestDirectory();
        dir.WriteFile("global.json", "{ \"msbuild-sdks\": { \"SupplyChain.Sdk\": \"1.0.0\" } }");
        var project = dir.WriteFile("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Sdk Name=\"SupplyChain.Sdk\" />\n</Project>\n");
        var packages = dir.Combine("pkgs");
        var resolved = new TestPackageBuilder("SupplyChain.Sdk", "1.0.0").WithFile("Sdk/Sdk.targets", "<Project><!-- changed --></Project>").WriteTo(Path.Combine(packages, "supplychain.sdk", "1.0.0"));
        var pristine = new TestPackageBuilder("SupplyChain.Sdk", "1.0.0").WithFile("Sdk/Sdk.targets", "<Project />").WriteTo(dir.Combine("elsewhere"));
        var pristineHash = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(pristine)));
        var resolvedHash = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(resolved)));
        var assets = dir.WriteFile("App/obj/project.assets.json", "{ \"version\": 3, \"targets\": { \"net10.0\": {} }, \"libraries\": {}, \"packageFolders\": { \"" + packages + "/\": {} }, \"project\": { \"version\": \"1.0.0\", \"restore\": { \"projectPath\": \"" + project + "\", \"sources\": {}, \"restoreLockProperties\": { \"restoreLockedMode\": true } }, \"frameworks\": { \"net10.0\": {} } } }");
        File.WriteAllText(dir.Combine("App", "packages.lock.json"), "{ \"version\": 1, \"dependencies\": { \"net10.0\": {} } }");
        var properties = new System.Collections.Generic.Dictionary<string, string>
        {
            ["ProjectAssetsFile"] = assets,
            ["SupplyChainSdkVersion"] = "1.0.0",
            ["_SupplyChainSdkPackagePath"] = pristine,
        };
        if (pinned)
        {
            properties["SupplyChainSdkContentHash"] = pristineHash;
        }

        var (exit, output, _, diagnostics) = CommandRunner.Run(
            (o, e) => new CommandContext(o, e, (p, _, _) => new ProjectEvaluation(p, properties, new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyDictionary<string, string>>>())),
            "lock",
            "verify",
            project);

        Assert.Contains(resolvedHash, output, StringComparison.Ordinal);
        if (pinned)
        {
            Assert.Equal(1, exit);
            Assert.Contains(diagnostics, d => d.Code == "SCSDK1019");
        }
        else
        {
            Assert.Equal(0, exit);
            Assert.Contains(diagnostics, d => d.Code == "SCSDK1501" && d.Message.Contains(resolvedHash, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Run_UnknownVerb_ExitsTwo()
    {
        var (exit, _, error, _) = CommandRunner.Run("frobnicate");

        Assert.Equal(2, exit);
        Assert.Contains("frobnicate", error, StringComparison.Ordinal);
    }

    private static CommandContextFactory Evaluating(string assetsFile, params (string Type, string Id, string Version, string DefiningFile)[] items)
        => (output, error) => new CommandContext(output, error, (project, _, _) => new ProjectEvaluation(
            project,
            new System.Collections.Generic.Dictionary<string, string> { ["ProjectAssetsFile"] = assetsFile },
            items.GroupBy(i => i.Type).ToDictionary(
                g => g.Key,
                g => (System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyDictionary<string, string>>)g
                    .Select(i => (System.Collections.Generic.IReadOnlyDictionary<string, string>)new System.Collections.Generic.Dictionary<string, string>
                    {
                        ["Identity"] = i.Id,
                        ["Version"] = i.Version,
                        ["DefiningProjectFullPath"] = i.DefiningFile,
                    }).ToArray())));
}
