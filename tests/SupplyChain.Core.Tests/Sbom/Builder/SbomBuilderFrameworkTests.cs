using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;

namespace SupplyChain.Core.Tests.Sbom.Builder;

/// <summary>How the target frameworks of a multi-targeted project are represented (docs/sbom.md).</summary>
public sealed class SbomBuilderFrameworkTests
{
    private const string Root = "project:src/App/App.csproj";
    private const string Alpha10 = "pkg:nuget/Fixture.Alpha@1.0.0";
    private const string Alpha11 = "pkg:nuget/Fixture.Alpha@1.1.0";
    private const string Beta = "pkg:nuget/Fixture.Beta@1.0.0";
    private const string Gamma = "pkg:nuget/Fixture.Gamma@1.0.0";

    // net8.0 resolves Fixture.Alpha 1.0.0, net10.0 resolves 1.1.0 (a direct reference with another version there);
    // Fixture.Beta 1.0.0 is in both and depends on Fixture.Alpha in both.
    private static SbomScenario Conflict()
    {
        var scenario = new SbomScenario("net8.0", "net10.0");
        var alphaOf = new Dictionary<string, string> { ["Fixture.Alpha"] = "1.0.0" };
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Alpha", "1.0.0"))
            .AddPackage("net8.0", SbomScenario.Package("Fixture.Beta", "1.0.0"), alphaOf)
            .Direct("net8.0", "Fixture.Beta", "1.0.0")
            .AddPackage("net10.0", SbomScenario.Package("Fixture.Alpha", "1.1.0"))
            .AddPackage("net10.0", SbomScenario.Package("Fixture.Beta", "1.0.0"), alphaOf)
            .Direct("net10.0", "Fixture.Beta", "1.0.0")
            .Direct("net10.0", "Fixture.Alpha", "1.1.0");
        return scenario;
    }

    [Fact]
    public void Build_FrameworksResolveDifferentVersions_ListsEachVersionWithItsFrameworks()
    {
        using var scenario = Conflict();

        var bom = scenario.BuildSucceeded().Bom;

        Assert.Equal([Alpha10, Alpha11, Beta], bom.Components.Select(c => c.BomRef!).Order(StringComparer.Ordinal));
        Assert.Equal(["net8.0"], bom.Component(Alpha10).PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal(["net10.0"], bom.Component(Alpha11).PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal(["net10.0", "net8.0"], bom.Component(Beta).PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal(["net10.0", "net8.0"], bom.Metadata!.Component!.PropertyValues(SbomPropertyNames.TargetFramework));
    }

    [Fact]
    public void Build_FrameworksResolveDifferentVersions_MergesTheEdgesOfEveryFramework()
    {
        using var scenario = Conflict();

        var result = scenario.BuildSucceeded();

        var bom = result.Bom;
        Assert.Equal([Alpha11, Beta], bom.DependsOn(Root));
        Assert.Equal([Alpha10, Alpha11], bom.DependsOn(Beta));
        Assert.Empty(bom.DependsOn(Alpha10));
        Assert.Empty(bom.DependsOn(Alpha11));
        Assert.Equal(4, result.DependencyEdgeCount);

        // Each edge holds in every framework that has both of its ends, so no edge needs a framework annotation,
        // and the graph of one framework is exactly what its tagged components span.
        Assert.All(bom.Components.Append(bom.Metadata!.Component!), c => Assert.Empty(c.PropertyValues(SbomPropertyNames.TargetFrameworkDependency)));
        Assert.Equal(["Fixture.Alpha@1.0.0 <- Fixture.Beta", "Fixture.Beta <- App"], FrameworkGraph(bom, "net8.0"));
        Assert.Equal(["Fixture.Alpha@1.1.0 <- App", "Fixture.Alpha@1.1.0 <- Fixture.Beta", "Fixture.Beta <- App"], FrameworkGraph(bom, "net10.0"));
    }

    [Fact]
    public void Build_EdgeOfOneFrameworkOnly_IsAnnotatedWithItsFramework()
    {
        // Fixture.Gamma is a direct dependency in both frameworks; Fixture.Beta depends on it only in net10.0 (its
        // nuspec has another dependency group there). Both ends are in net8.0 too, so the edge is annotated.
        using var scenario = new SbomScenario("net8.0", "net10.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Gamma", "1.0.0"))
            .AddPackage("net8.0", SbomScenario.Package("Fixture.Beta", "1.0.0"))
            .Direct("net8.0", "Fixture.Beta", "1.0.0")
            .Direct("net8.0", "Fixture.Gamma", "1.0.0")
            .AddPackage("net10.0", SbomScenario.Package("Fixture.Gamma", "1.0.0"))
            .AddPackage("net10.0", SbomScenario.Package("Fixture.Beta", "1.0.0"), new Dictionary<string, string> { ["Fixture.Gamma"] = "1.0.0" })
            .Direct("net10.0", "Fixture.Beta", "1.0.0");

        var bom = scenario.BuildSucceeded().Bom;

        Assert.Equal([Gamma], bom.DependsOn(Beta));
        Assert.Equal(["net10.0 " + Gamma], bom.Component(Beta).PropertyValues(SbomPropertyNames.TargetFrameworkDependency));

        // The root depends on Gamma directly in net8.0 only (in net10.0 it comes through Beta).
        Assert.Equal([Beta, Gamma], bom.DependsOn(Root));
        Assert.Equal(["net8.0 " + Gamma], bom.Metadata!.Component!.PropertyValues(SbomPropertyNames.TargetFrameworkDependency));
        Assert.Equal(["Fixture.Beta <- App", "Fixture.Gamma <- App"], FrameworkGraph(bom, "net8.0"));
        Assert.Equal(["Fixture.Beta <- App", "Fixture.Gamma <- Fixture.Beta"], FrameworkGraph(bom, "net10.0"));
    }

    [Fact]
    public void Build_TargetFrameworksChosen_CoversOnlyThose()
    {
        using var scenario = Conflict();
        var request = scenario.Request() with { TargetFrameworks = ["net8.0"] };

        var bom = scenario.BuildSucceeded(request).Bom;

        Assert.Equal([Alpha10, Beta], bom.Components.Select(c => c.BomRef!).Order(StringComparer.Ordinal));
        Assert.Equal(["net8.0"], bom.Component(Beta).PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal(["net8.0"], bom.Metadata!.Component!.PropertyValues(SbomPropertyNames.TargetFramework));
    }

    [Fact]
    public void Build_NoTargetFrameworksChosen_CoversAll()
    {
        using var scenario = Conflict();

        var bom = scenario.BuildSucceeded(scenario.Request() with { TargetFrameworks = [] }).Bom;

        Assert.Equal([Alpha10, Alpha11, Beta], bom.Components.Select(c => c.BomRef!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Build_TargetFrameworkByLongName_IsFound()
    {
        using var scenario = Conflict();

        var bom = scenario.BuildSucceeded(scenario.Request() with { TargetFrameworks = [".NETCoreApp,Version=v10.0"] }).Bom;

        Assert.Equal([Alpha11, Beta], bom.Components.Select(c => c.BomRef!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Build_TargetFrameworkNotRestored_Fails()
    {
        using var scenario = Conflict();

        var result = scenario.Build(scenario.Request() with { TargetFrameworks = ["net9.0"] });

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("SCSDK2011", error.Code);
        Assert.Contains("'net9.0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RuntimeIdentifier_ReadsTheRuntimeGraph()
    {
        using var scenario = new SbomScenario("net8.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Alpha", "1.0.0"), new Dictionary<string, string> { ["Fixture.Native"] = "1.0.0" })
            .AddPackage("net8.0", SbomScenario.Package("Fixture.Native", "1.0.0"))
            .AddPackage("net8.0/linux-x64", SbomScenario.Package("Fixture.Alpha", "1.0.0"), new Dictionary<string, string> { ["Fixture.Native"] = "1.0.0" })
            .AddPackage("net8.0/linux-x64", SbomScenario.Package("Fixture.Native", "1.0.0"), new Dictionary<string, string> { ["runtime.linux-x64.Fixture.Native"] = "1.0.0" })
            .AddPackage("net8.0/linux-x64", SbomScenario.Package("runtime.linux-x64.Fixture.Native", "1.0.0"))
            .Direct("net8.0", "Fixture.Alpha", "1.0.0");

        var portable = scenario.BuildSucceeded().Bom;
        var runtime = scenario.BuildSucceeded(scenario.Request() with { RuntimeIdentifier = "linux-x64" }).Bom;

        Assert.Equal(2, portable.Components.Count);
        Assert.Empty(portable.Metadata!.Component!.PropertyValues(SbomPropertyNames.RuntimeIdentifier));
        Assert.Equal(3, runtime.Components.Count);
        Assert.Equal(["pkg:nuget/runtime.linux-x64.Fixture.Native@1.0.0"], runtime.DependsOn("pkg:nuget/Fixture.Native@1.0.0"));
        Assert.Equal(["linux-x64"], runtime.Metadata!.Component!.PropertyValues(SbomPropertyNames.RuntimeIdentifier));
        Assert.Equal(["net8.0"], runtime.Component("pkg:nuget/runtime.linux-x64.Fixture.Native@1.0.0").PropertyValues(SbomPropertyNames.TargetFramework));
    }

    [Fact]
    public void Build_RuntimeIdentifierNotRestored_Fails()
    {
        using var scenario = Conflict();

        var result = scenario.Build(scenario.Request() with { RuntimeIdentifier = "win-arm64" });

        Assert.False(result.Succeeded);
        Assert.Equal(["SCSDK2011", "SCSDK2011"], result.Errors.Select(e => e.Code));
        Assert.Contains(result.Errors, e => e.Message.Contains("'net8.0/win-arm64'", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_DependencyIdInOtherCase_ResolvesToThePackageOfTheGraph()
    {
        using var scenario = new SbomScenario("net8.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Alpha", "1.0.0"), new Dictionary<string, string> { ["fixture.BETA"] = "2.0.0" })
            .AddPackage("net8.0", SbomScenario.Package("Fixture.Beta", "2.0.0"))
            .Direct("net8.0", "fixture.alpha", "1.0.0");

        var bom = scenario.BuildSucceeded().Bom;

        Assert.Equal(["pkg:nuget/Fixture.Alpha@1.0.0"], bom.DependsOn(Root));
        Assert.Equal(["pkg:nuget/Fixture.Beta@2.0.0"], bom.DependsOn("pkg:nuget/Fixture.Alpha@1.0.0"));
    }

    /// <summary>
    /// The graph of one framework as a reader of the document gets it: the components tagged with the framework,
    /// the merged edges between them, minus the edges annotated for other frameworks only. "to &lt;- from".
    /// </summary>
    internal static IReadOnlyList<string> FrameworkGraph(CycloneDxBom bom, string framework)
    {
        var root = bom.Metadata!.Component!;
        var all = bom.Components.Append(root).ToDictionary(c => c.BomRef!, StringComparer.Ordinal);
        bool In(Component c) => c == root || c.PropertyValues(SbomPropertyNames.TargetFramework).Contains(framework);
        string Label(Component c)
        {
            var sameName = bom.Components.Count(o => o.Name == c.Name) > 1;
            return sameName ? c.Name + "@" + c.Version : c.Name;
        }

        var edges = new List<string>();
        foreach (var dependency in bom.Dependencies)
        {
            var from = all[dependency.Ref];
            if (!In(from))
            {
                continue;
            }

            var annotations = from.PropertyValues(SbomPropertyNames.TargetFrameworkDependency).Select(v => v.Split(' ', 2)).ToArray();
            foreach (var target in dependency.DependsOn)
            {
                var to = all[target];
                var annotatedFor = annotations.Where(a => a[1] == target).Select(a => a[0]).ToArray();
                if (In(to) && (annotatedFor.Length == 0 || annotatedFor.Contains(framework)))
                {
                    edges.Add(Label(to) + " <- " + Label(from));
                }
            }
        }

        return edges.Order(StringComparer.Ordinal).ToArray();
    }
}
