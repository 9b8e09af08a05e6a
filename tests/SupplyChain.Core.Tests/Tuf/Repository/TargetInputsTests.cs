using System;
using System.IO;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf.Repository;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf.Repository;

/// <summary>
/// The one rule for the path a file gets in a repository, shared by <c>supplychain tuf add</c> and publishing on pack.
/// </summary>
public sealed class TargetInputsTests
{
    [Fact]
    public void FromFiles_PackageGoesToItsFlatContainerPath_WithItsSidecarsBesideIt_AndOtherFilesAtTheirNames()
    {
        using var dir = new TestDirectory("targetinputs");
        var nupkg = Package(dir, "Contoso.Lib", "1.2.3", "Contoso.Lib.1.2.3.nupkg");
        var sbom = dir.WriteFile("in/CONTOSO.LIB.1.2.3.cdx.json", "{}");
        var other = dir.WriteFile("in/readme.txt", "r");

        var requests = TargetInputs.FromFiles(new[] { nupkg, sbom, other }, null);

        Assert.Equal(
            new[] { "contoso.lib/1.2.3/contoso.lib.1.2.3.nupkg", "contoso.lib/1.2.3/contoso.lib.1.2.3.cdx.json", "readme.txt" },
            requests.Select(r => r.TargetPath));
        Assert.All(requests.Take(2), r => Assert.Equal("contoso.lib/1.2.3/contoso.lib.1.2.3.nupkg", r.Release));
        Assert.Null(requests[2].Release);
    }

    [Fact]
    public void FromFiles_APackageWhoseNameExtendsAnotherPackagesStem_IsNotItsSidecar()
    {
        using var dir = new TestDirectory("targetinputs");
        var first = Package(dir, "Foo", "1.0.0", "Foo.1.0.0.nupkg");
        var second = Package(dir, "Foo", "1.0.0.1", "Foo.1.0.0.1.nupkg");

        var requests = TargetInputs.FromFiles(new[] { first, second }, null);

        Assert.Equal(new[] { "foo/1.0.0/foo.1.0.0.nupkg", "foo/1.0.0.1/foo.1.0.0.1.nupkg" }, requests.Select(r => r.TargetPath));
    }

    [Fact]
    public void FromFiles_FolderAddsEveryFileAtItsRelativePath_AndAPathEndingInSlashPrefixesEverything()
    {
        using var dir = new TestDirectory("targetinputs");
        dir.WriteFile("tree/a.txt", "a");
        dir.WriteFile("tree/sub/b.txt", "b");
        var single = dir.WriteFile("c.txt", "c");

        Assert.Equal(new[] { "a.txt", "sub/b.txt", "c.txt" }, TargetInputs.FromFiles(new[] { dir.Combine("tree"), single }, null).Select(r => r.TargetPath));
        Assert.Equal(new[] { "docs/a.txt", "docs/sub/b.txt", "docs/c.txt" }, TargetInputs.FromFiles(new[] { dir.Combine("tree"), single }, "docs/").Select(r => r.TargetPath));
    }

    [Fact]
    public void FromFiles_APathNamesOneFile_AndIsRefusedForSeveralOrForAFolder()
    {
        using var dir = new TestDirectory("targetinputs");
        var a = dir.WriteFile("a.txt", "a");
        var b = dir.WriteFile("b.txt", "b");
        dir.WriteFile("tree/c.txt", "c");

        var request = Assert.Single(TargetInputs.FromFiles(new[] { a }, "x/renamed.txt"));
        Assert.Equal("x/renamed.txt", request.TargetPath);
        Assert.Equal("SCSDK4106", Assert.Throws<SupplyChainException>(() => TargetInputs.FromFiles(new[] { a, b }, "x/renamed.txt")).Diagnostic.Code);
        Assert.Equal("SCSDK4106", Assert.Throws<SupplyChainException>(() => TargetInputs.FromFiles(new[] { dir.Combine("tree") }, "x/renamed.txt")).Diagnostic.Code);
    }

    [Fact]
    public void FromFiles_AMissingInput_IsSCSDK6002()
    {
        using var dir = new TestDirectory("targetinputs");
        var error = Assert.Throws<SupplyChainException>(() => TargetInputs.FromFiles(new[] { dir.Combine("missing.nupkg") }, null));
        Assert.Equal("SCSDK6002", error.Diagnostic.Code);
    }

    [Fact]
    public void SidecarsOf_MatchesTheStemAndADotIgnoringCase_NotAPrefixWithoutTheDot()
    {
        var sidecars = TargetInputs.SidecarsOf(
            Path.Combine("out", "Contoso.Lib.1.2.3.nupkg"),
            new[] { Path.Combine("out", "contoso.lib.1.2.3.cdx.json"), Path.Combine("out", "Contoso.Lib.1.2.3-beta.cdx.json"), Path.Combine("out", "Contoso.Lib.1.2.3.intoto.jsonl"), Path.Combine("elsewhere", "Other.cdx.json") });

        Assert.Equal(new[] { Path.Combine("out", "contoso.lib.1.2.3.cdx.json"), Path.Combine("out", "Contoso.Lib.1.2.3.intoto.jsonl") }, sidecars);
    }

    private static string Package(TestDirectory dir, string id, string version, string fileName)
    {
        var path = dir.Combine("in/" + fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(new TestPackageBuilder(id, version).WithLibFile("net8.0", id + ".dll", "x").WriteTo(dir.Combine("build-" + fileName)), path);
        return path;
    }
}
