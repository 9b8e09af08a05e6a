using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;

namespace SupplyChain.Core.Tests.Sbom.Builder;

public sealed class SbomBuilderProjectReferenceTests
{
    private const string Root = "project:src/App/App.csproj";

    private static SbomScenario WithLibrary()
    {
        var scenario = new SbomScenario("net8.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Alpha", "1.0.0"))
            .AddProject("net8.0", "Contoso.Lib", "../Lib/Lib.csproj", new Dictionary<string, string> { ["Fixture.Alpha"] = "1.0.0" });
        return scenario;
    }

    [Fact]
    public void Build_ProjectReference_IsAComponentNamedByItsRelativePath()
    {
        using var scenario = WithLibrary();
        scenario.DirectName("net8.0", "Contoso.Lib", "1.0.0");

        var bom = scenario.BuildSucceeded().Bom;

        var library = bom.Component("project:src/Lib/Lib.csproj");
        Assert.Equal(ComponentType.Library, library.Type);
        Assert.Equal("Lib", library.Name);
        Assert.Equal("1.0.0", library.Version);
        Assert.Null(library.Purl);
        Assert.Empty(library.Hashes);
        Assert.Equal(ComponentScope.Required, library.Scope);
        Assert.Equal(["net8.0"], library.PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal(["project:src/Lib/Lib.csproj"], bom.DependsOn(Root));
        Assert.Equal(["pkg:nuget/Fixture.Alpha@1.0.0"], bom.DependsOn("project:src/Lib/Lib.csproj"));
    }

    [Fact]
    public void Build_PackableProjectReference_IsNamedByThePurlOfItsPackage()
    {
        using var scenario = WithLibrary();
        var request = scenario.Request() with
        {
            ProjectReferences = [new SbomProjectReference("../Lib/Lib.csproj") { IsPackable = true, PackageId = "Contoso.Lib", PackageVersion = "3.0.0" }],
        };

        var bom = scenario.BuildSucceeded(request).Bom;

        var library = bom.Component("pkg:nuget/Contoso.Lib@3.0.0");
        Assert.Equal(("Contoso.Lib", "3.0.0", "pkg:nuget/Contoso.Lib@3.0.0"), (library.Name, library.Version, library.Purl));

        // The request's project references say which projects are direct, without projectFileDependencyGroups.
        Assert.Equal(["pkg:nuget/Contoso.Lib@3.0.0"], bom.DependsOn(Root));
    }

    [Fact]
    public void Build_ProjectReferenceByAbsolutePath_IsMatched()
    {
        using var scenario = WithLibrary();
        var absolute = Path.Combine(scenario.Root, "src", "Lib", "Lib.csproj");
        var request = scenario.Request() with
        {
            ProjectReferences = [new SbomProjectReference(absolute) { IsPackable = true, PackageId = "Contoso.Lib", PackageVersion = "3.0.0" }],
        };

        var bom = scenario.BuildSucceeded(request).Bom;

        Assert.Equal(["pkg:nuget/Contoso.Lib@3.0.0"], bom.DependsOn(Root));
    }

    [Fact]
    public void Build_ProjectOutsideTheBaseDirectory_IsNamedByARelativePathThatClimbsOut()
    {
        using var scenario = WithLibrary();
        scenario.DirectName("net8.0", "Contoso.Lib", "1.0.0");
        var request = scenario.Request() with { BaseDirectory = Path.Combine(scenario.Root, "src", "App") };

        var bom = scenario.BuildSucceeded(request).Bom;

        Assert.Equal("project:App.csproj", bom.RootRef());
        Assert.Equal(["project:../Lib/Lib.csproj"], bom.DependsOn("project:App.csproj"));
    }

    [Fact]
    public void Build_PackageDependingOnAProject_HasTheEdge()
    {
        // As in cyclonedx-dotnet's Issue-758: a package id is satisfied by a project of the solution.
        using var scenario = new SbomScenario("net8.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("User.Dependent", "1.0.0"), new Dictionary<string, string> { ["User.Dependency"] = "1.0.0" })
            .AddProject("net8.0", "User.Dependency", "../Dependency/User.Dependency.csproj")
            .Direct("net8.0", "User.Dependent", "1.0.0")
            .DirectName("net8.0", "User.Dependency", "1.0.0");

        var bom = scenario.BuildSucceeded().Bom;

        Assert.Equal(["project:src/Dependency/User.Dependency.csproj"], bom.DependsOn("pkg:nuget/User.Dependent@1.0.0"));
        Assert.Equal(["pkg:nuget/User.Dependent@1.0.0", "project:src/Dependency/User.Dependency.csproj"], bom.DependsOn(Root));
    }

    [Fact]
    public void Build_NoDirectDependencyInformation_RecordsTheGraphsEntryPointsAsDirect()
    {
        using var scenario = WithLibrary();

        var result = scenario.BuildSucceeded();

        // Without projectFileDependencyGroups or request references, the project library (nothing depends on it) is an entry point.
        Assert.Equal(["project:src/Lib/Lib.csproj"], result.Bom.DependsOn(Root));
        Assert.Equal(2, result.DependencyEdgeCount);
        Assert.Equal(2, result.Bom.Components.Count(c => c.Scope == ComponentScope.Required));
    }
}
