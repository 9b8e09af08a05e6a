using System.Collections.Generic;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;

namespace SupplyChain.Core.Tests.Sbom.Builder;

/// <summary>Which packages ship (scope required) and which do not (scope excluded); see docs/sbom.md.</summary>
public sealed class SbomBuilderScopeTests
{
    private const string Tool = "pkg:nuget/Fixture.Tool@1.0.0";
    private const string ToolHelper = "pkg:nuget/Fixture.ToolHelper@1.0.0";
    private const string Shared = "pkg:nuget/Fixture.Shared@1.0.0";
    private const string Runtime = "pkg:nuget/Fixture.Runtime@1.0.0";

    // Fixture.Runtime (shipping) → Fixture.Shared; Fixture.Tool (PrivateAssets=all) → Fixture.ToolHelper, Fixture.Shared.
    private static SbomScenario PrivateTool()
    {
        var scenario = new SbomScenario("net8.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Runtime", "1.0.0"), new Dictionary<string, string> { ["Fixture.Shared"] = "1.0.0" })
            .AddPackage("net8.0", SbomScenario.Package("Fixture.Shared", "1.0.0"))
            .AddPackage("net8.0", SbomScenario.Package("Fixture.Tool", "1.0.0"), new Dictionary<string, string> { ["Fixture.ToolHelper"] = "1.0.0", ["Fixture.Shared"] = "1.0.0" })
            .AddPackage("net8.0", SbomScenario.Package("Fixture.ToolHelper", "1.0.0"))
            .Direct("net8.0", "Fixture.Runtime", "1.0.0")
            .Direct("net8.0", "Fixture.Tool", "1.0.0", suppressParent: "All");
        return scenario;
    }

    [Fact]
    public void Build_PrivateAssetsAllInALibrary_IsExcludedWithWhatOnlyItBringsIn()
    {
        using var scenario = PrivateTool();

        var bom = scenario.BuildSucceeded().Bom;

        Assert.Equal(ComponentScope.Excluded, bom.Component(Tool).Scope);
        Assert.Equal(ComponentScope.Excluded, bom.Component(ToolHelper).Scope);
        Assert.Equal(ComponentScope.Required, bom.Component(Shared).Scope);
        Assert.Equal(ComponentScope.Required, bom.Component(Runtime).Scope);

        // Excluded packages stay in the document and in the graph.
        Assert.Contains(Tool, bom.DependsOn(bom.RootRef()));
        Assert.Equal([Shared, ToolHelper], bom.DependsOn(Tool));
    }

    [Fact]
    public void Build_PrivateAssetsAllInAnApplication_ShipsWhatHasRuntimeAssets()
    {
        using var scenario = PrivateTool();
        var request = scenario.Request() with { Project = new SbomProject { Path = scenario.ProjectPath, Type = ComponentType.Application } };

        var bom = scenario.BuildSucceeded(request).Bom;

        Assert.Equal(ComponentScope.Required, bom.Component(Tool).Scope);
        Assert.Equal(ComponentScope.Required, bom.Component(ToolHelper).Scope);
    }

    [Fact]
    public void Build_PrivateAssetsAllWithoutRuntimeAssetsInAnApplication_IsExcluded()
    {
        using var scenario = new SbomScenario("net8.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Build", "1.0.0"), assetGroups: new Dictionary<string, string[]> { ["build"] = ["build/Fixture.Build.targets"] }, files: ["build/Fixture.Build.targets"])
            .Direct("net8.0", "Fixture.Build", "1.0.0", suppressParent: "All");
        var request = scenario.Request() with { Project = new SbomProject { Path = scenario.ProjectPath, Type = ComponentType.Application } };

        var bom = scenario.BuildSucceeded(request).Bom;

        Assert.Equal(ComponentScope.Excluded, bom.Component("pkg:nuget/Fixture.Build@1.0.0").Scope);
    }

    [Fact]
    public void Build_NuspecDevelopmentDependency_IsExcluded()
    {
        using var scenario = new SbomScenario("net8.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Dev", "1.0.0").AsDevelopmentDependency(), new Dictionary<string, string> { ["Fixture.DevHelper"] = "1.0.0" })
            .AddPackage("net8.0", SbomScenario.Package("Fixture.DevHelper", "1.0.0"))
            .Direct("net8.0", "Fixture.Dev", "1.0.0");

        var bom = scenario.BuildSucceeded().Bom;

        Assert.Equal(ComponentScope.Excluded, bom.Component("pkg:nuget/Fixture.Dev@1.0.0").Scope);
        Assert.Equal(ComponentScope.Excluded, bom.Component("pkg:nuget/Fixture.DevHelper@1.0.0").Scope);
    }

    [Fact]
    public void Build_DevelopmentDependencyIdsOfTheCaller_AreExcluded()
    {
        using var scenario = PrivateTool();
        var request = scenario.Request() with { DevelopmentDependencyIds = ["fixture.runtime"] };

        var bom = scenario.BuildSucceeded(request).Bom;

        Assert.Equal(ComponentScope.Excluded, bom.Component(Runtime).Scope);
        Assert.Equal(ComponentScope.Excluded, bom.Component(Shared).Scope);
    }

    [Fact]
    public void Build_AnalyzerOnlyPackage_IsExcludedButItsDependenciesKeepTheirScope()
    {
        using var scenario = new SbomScenario("net8.0");
        scenario.AddPackage(
                "net8.0",
                SbomScenario.Package("Fixture.Analyzers", "1.0.0"),
                new Dictionary<string, string> { ["Fixture.Runtime"] = "1.0.0" },
                assetGroups: new Dictionary<string, string[]>(),
                files: ["analyzers/dotnet/cs/Fixture.Analyzers.dll", "build/Fixture.Analyzers.props", "fixture.analyzers.nuspec"])
            .AddPackage("net8.0", SbomScenario.Package("Fixture.Runtime", "1.0.0"))
            .Direct("net8.0", "Fixture.Analyzers", "1.0.0");

        var bom = scenario.BuildSucceeded().Bom;

        Assert.Equal(ComponentScope.Excluded, bom.Component("pkg:nuget/Fixture.Analyzers@1.0.0").Scope);
        Assert.Equal(ComponentScope.Required, bom.Component(Runtime).Scope);
    }

    [Fact]
    public void Build_MetaPackageWithoutAssets_IsRequired()
    {
        using var scenario = new SbomScenario("net8.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Meta", "1.0.0"), new Dictionary<string, string> { ["Fixture.Runtime"] = "1.0.0" }, assetGroups: new Dictionary<string, string[]>(), files: ["fixture.meta.nuspec"])
            .AddPackage("net8.0", SbomScenario.Package("Fixture.Runtime", "1.0.0"))
            .Direct("net8.0", "Fixture.Meta", "1.0.0");

        var bom = scenario.BuildSucceeded().Bom;

        Assert.Equal(ComponentScope.Required, bom.Component("pkg:nuget/Fixture.Meta@1.0.0").Scope);
        Assert.Equal(ComponentScope.Required, bom.Component(Runtime).Scope);
    }

    [Theory]
    [InlineData("Build, Analyzers", null, ComponentScope.Excluded)]
    [InlineData(null, "Runtime, Compile, Native, ContentFiles", ComponentScope.Excluded)]
    [InlineData("All", "Compile", ComponentScope.Required)]
    [InlineData(null, "Build", ComponentScope.Required)]
    public void Build_IncludeAndExcludeAssets_DecideWhetherADirectDependencyShips(string? include, string? exclude, ComponentScope expected)
    {
        using var scenario = new SbomScenario("net8.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Runtime", "1.0.0"))
            .Direct("net8.0", "Fixture.Runtime", "1.0.0", include: include, exclude: exclude);

        var bom = scenario.BuildSucceeded().Bom;

        Assert.Equal(expected, bom.Component(Runtime).Scope);
    }

    [Fact]
    public void Build_ScopeDiffersBetweenFrameworks_ShipsWhenItShipsInOne()
    {
        using var scenario = new SbomScenario("net8.0", "net10.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Runtime", "1.0.0"))
            .Direct("net8.0", "Fixture.Runtime", "1.0.0", suppressParent: "All")
            .AddPackage("net10.0", SbomScenario.Package("Fixture.Runtime", "1.0.0"))
            .Direct("net10.0", "Fixture.Runtime", "1.0.0");

        var bom = scenario.BuildSucceeded().Bom;

        Assert.Equal(ComponentScope.Required, bom.Component(Runtime).Scope);
    }
}
