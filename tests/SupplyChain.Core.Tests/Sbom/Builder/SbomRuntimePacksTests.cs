using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Sbom.Builder;

public sealed class SbomRuntimePacksTests
{
    private const string PackId = "Microsoft.NETCore.App.Runtime.linux-x64";
    private const string PackRef = "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@10.0.12";

    private static (SbomScenario Scenario, BuiltSbom Built) Scenario()
    {
        var scenario = new SbomScenario("net10.0");
        scenario.AddPackage("net10.0", SbomScenario.Package("Fixture.Alpha", "1.0.0")).Direct("net10.0", "Fixture.Alpha", "1.0.0");
        return (scenario, scenario.BuildSucceeded());
    }

    [Fact]
    public void Add_RuntimePack_IsAFrameworkComponentTheSubjectDependsOn()
    {
        var (scenario, built) = Scenario();
        using var _ = scenario;
        var bytes = new TestPackageBuilder(PackId, "10.0.12").WithLicenseExpression("MIT").WithDescription("The runtime.").WithFile("runtimes/linux-x64/lib/net10.0/System.Runtime.dll", "runtime").Build();
        var directory = TestPackagesFolder.Install(scenario.Directory.Combine("packs"), PackId, "10.0.12", bytes);
        var bag = new DiagnosticBag();

        var result = SbomRuntimePacks.Add(built.Result, [new SbomRuntimePack(PackId, "10.0.12", directory)], bag);

        Assert.Empty(bag.Diagnostics);
        Assert.True(result.Succeeded);
        var pack = result.Bom.Component(PackRef);
        Assert.Equal((ComponentType.Framework, ComponentScope.Required, PackRef), (pack.Type, pack.Scope, pack.Purl));
        Assert.Equal(SbomScenario.Sha256Hex(bytes), pack.Hashes.Single(h => h.Algorithm == CycloneDxHashAlgorithm.Sha256).Content);
        Assert.Equal(SbomScenario.Sha512Hex(bytes), pack.Hashes.Single(h => h.Algorithm == CycloneDxHashAlgorithm.Sha512).Content);
        Assert.Equal([TestPackagesFolder.UnsignedContentHash(bytes)], pack.PropertyValues(SbomPropertyNames.NuGetContentHash));
        Assert.Equal(["net10.0"], pack.PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal("The runtime.", pack.Description);
        Assert.Contains(PackRef, result.Bom.DependsOn(result.Bom.RootRef()));
        Assert.Empty(result.Bom.DependsOn(PackRef));
        Assert.Equal(built.ComponentCount + 1, result.ComponentCount);
        Assert.Equal(built.DependencyEdgeCount + 1, result.DependencyEdgeCount);
        Assert.Equal(CycloneDxWriter.Write(result.Bom), result.Bytes);
        Assert.NotEqual(CycloneDxWriter.ComputeSerialNumber(built.Bom), CycloneDxWriter.ComputeSerialNumber(result.Bom));
    }

    [Fact]
    public void Add_PackMissingFromItsFolder_IsSCSDK2009AndNoSbom()
    {
        var (scenario, built) = Scenario();
        using var _ = scenario;
        var bag = new DiagnosticBag();

        var result = SbomRuntimePacks.Add(built.Result, [new SbomRuntimePack(PackId, "10.0.12", scenario.Directory.Combine("nowhere"))], bag);

        Assert.False(result.Succeeded);
        Assert.Equal("SCSDK2009", Assert.Single(result.Errors).Code);
        Assert.Equal(result.Errors, bag.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Add_NoPacks_ReturnsTheSameResult()
    {
        var (scenario, built) = Scenario();
        using var _ = scenario;
        Assert.Same(built.Result, SbomRuntimePacks.Add(built.Result, [], new DiagnosticBag()));
    }
}
