using System.Collections.Generic;
using System.Linq;

namespace SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;

/// <summary>Writes consumer projects into an <see cref="E2ERoot"/>.</summary>
public static class Consumer
{
    /// <summary>
    /// Writes <c>src/{name}/{name}.csproj</c> with the given package references (a null version leaves it to
    /// central package management) and a class that calls every referenced fixture package, so the compiler reads them.
    /// Returns the project path relative to the root.
    /// </summary>
    public static string Write(
        E2ERoot root,
        string name,
        IEnumerable<(string Id, string? Version)> packages,
        string? targetFrameworks = null,
        IEnumerable<string>? projectReferences = null,
        string extraProperties = "",
        string? sdk = null)
    {
        var packageList = packages.ToArray();
        var references = string.Join("\n", packageList.Select(p => p.Version is null
            ? $"    <PackageReference Include=\"{p.Id}\" />"
            : $"    <PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />"));
        var projects = string.Join("\n", (projectReferences ?? Enumerable.Empty<string>()).Select(p => $"    <ProjectReference Include=\"{p}\" />"));
        var tfms = targetFrameworks ?? TestEnvironment.TargetFramework;
        var tfmProperty = tfms.Contains(';', System.StringComparison.Ordinal) ? $"<TargetFrameworks>{tfms}</TargetFrameworks>" : $"<TargetFramework>{tfms}</TargetFramework>";
        var sdkElement = sdk is null ? string.Empty : $"  <Sdk Name=\"{sdk}\" />\n";
        var path = $"src/{name}/{name}.csproj";
        root.WriteFile(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
            {sdkElement}  <PropertyGroup>
                {tfmProperty}
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
              <ItemGroup>
            {projects}
              </ItemGroup>
            </Project>

            """);
        var calls = string.Join(" + ", packageList.Where(p => p.Id.StartsWith("Fixture.", System.StringComparison.Ordinal)).Select(p => $"{FixtureFeed.ApiType(p.Id)}.Greeting()").DefaultIfEmpty("\"none\""));
        root.WriteFile($"src/{name}/Uses.cs", $$"""
            namespace {{name}};

            public static class Uses
            {
                public static string All() => {{calls}};
            }

            """);
        return path;
    }
}
