using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Packages;

public sealed class SdkPackageVerifierTests
{
    [Fact]
    public void Verify_NotPinned_WarnsWithTheHashToPin()
    {
        using var dir = new TestDirectory("sdkpv");
        var nupkg = new TestPackageBuilder("SupplyChain.Sdk", "1.0.0").WithFile("Sdk/Sdk.props", "<Project />").WriteTo(dir.Path);
        var bag = new DiagnosticBag();

        var hash = SdkPackageVerifier.Verify(nupkg, null, "1.0.0", bag);

        Assert.Equal(Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(nupkg))), hash);
        var warning = Assert.Single(bag.Diagnostics);
        Assert.Equal("SCSDK1501", warning.Code);
        Assert.Contains(hash!, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AnotherPinnedHash_IsSCSDK1019()
    {
        using var dir = new TestDirectory("sdkpv");
        var nupkg = new TestPackageBuilder("SupplyChain.Sdk", "1.0.0").WithFile("Sdk/Sdk.props", "<Project />").WriteTo(dir.Path);
        var bag = new DiagnosticBag();

        SdkPackageVerifier.Verify(nupkg, Convert.ToBase64String(new byte[64]), "1.0.0", bag);

        Assert.Equal("SCSDK1019", Assert.Single(bag.Diagnostics).Code);
    }

    [Fact]
    public void VersionFromGlobalJson_NearestFileWins_AndOnlyItsMSBuildSdksCount()
    {
        using var dir = new TestDirectory("sdkpv");
        dir.WriteFile("global.json", "{ \"msbuild-sdks\": { \"SupplyChain.Sdk\": \"2.0.0\" } }");
        dir.WriteFile("a/global.json", "{\n  // comments are allowed\n  \"sdk\": { \"version\": \"10.0.100\" },\n  \"msbuild-sdks\": { \"supplychain.sdk\": \"1.2.3\", },\n}");
        dir.WriteFile("b/global.json", "{ \"sdk\": { \"version\": \"10.0.100\" } }");
        Directory.CreateDirectory(dir.Combine("a", "src", "App"));
        Directory.CreateDirectory(dir.Combine("b", "src"));
        Directory.CreateDirectory(dir.Combine("c"));

        Assert.Equal("1.2.3", SdkPackageVerifier.VersionFromGlobalJson(dir.Combine("a", "src", "App")));
        Assert.Null(SdkPackageVerifier.VersionFromGlobalJson(dir.Combine("b", "src")));
        Assert.Equal("2.0.0", SdkPackageVerifier.VersionFromGlobalJson(dir.Combine("c")));
    }

    [Fact]
    public void VersionFromGlobalJson_Malformed_IsNull()
    {
        using var dir = new TestDirectory("sdkpv");
        dir.WriteFile("global.json", "{ \"msbuild-sdks\": ");

        Assert.Null(SdkPackageVerifier.VersionFromGlobalJson(dir.Path));
    }

    [Fact]
    public void PackagePath_IsWhereNuGetExtractsIt_LowerCase()
        => Assert.Equal(
            Path.GetFullPath(Path.Combine("/p", "supplychain.sdk", "1.0.0-beta", "supplychain.sdk.1.0.0-beta.nupkg")),
            SdkPackageVerifier.PackagePath("/p", "1.0.0-Beta"));

    [Theory]
    [InlineData("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Sdk Name=\"SupplyChain.Sdk\" />\n</Project>", true)]
    [InlineData("<Project Sdk=\"Microsoft.NET.Sdk\"><SDK   Version=\"1.0.0\" Name = \"supplychain.sdk\"/></Project>", true)]
    [InlineData("<Project Sdk=\"Microsoft.NET.Sdk;SupplyChain.Sdk/1.0.0\" />", true)]
    [InlineData("<Project><Import Project=\"Sdk.props\" Sdk=\"SupplyChain.Sdk\" /></Project>", true)]
    [InlineData("<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"SupplyChain.Sdk\" Version=\"1.0.0\" /></ItemGroup></Project>", false)]
    [InlineData("<Project Sdk=\"Contoso.SupplyChain.Sdk\" />", false)]
    public void IsNamedInProjectFile_ReadsTheProjectFileItself(string text, bool expected)
    {
        using var dir = new TestDirectory("sdkpv");
        var project = dir.WriteFile("App.csproj", text);

        Assert.Equal(expected, SdkPackageVerifier.IsNamedInProjectFile(project));
    }
}
