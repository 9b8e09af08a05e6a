using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// The CycloneDX SBOMs of real builds, packs and publishes (docs/sbom.md), and 'supplychain sbom' on the same
/// projects. Few builds, many assertions each: every real build costs seconds.
/// </summary>
[Collection(ShapesCollection.Name)]
[Trait("Category", "E2E")]
public sealed class SbomTests
{
    private const string Epoch = "1700000000";
    private const string EpochTimestamp = "2023-11-14T22:13:20Z";
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private readonly FixtureFeed _feed;

    public SbomTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    private const string UrlToken = "sbomUrlT0ken";

    [Fact]
    public void Pack_MultiTargeted_EmbedsTheSbomOnceAndDescribesEachFramework()
    {
        using var root = E2ERoot.Create("SbomPack", _feed, registry: true);
        root.SetEnvironment("SOURCE_DATE_EPOCH", Epoch);
        var tfm = TestEnvironment.TargetFramework;
        root.WriteFile("src/Lib/Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
                <PackageId>Contoso.Lib</PackageId>
                <Version>3.0.0</Version>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Fixture.Gamma" Version="1.0.0" />
              </ItemGroup>
            </Project>

            """);
        root.WriteFile("src/Lib/Lib.cs", "namespace Lib;\n\npublic static class Lib\n{\n    public static string Name => \"Lib\";\n}\n");
        root.WriteFile("src/App/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>{tfm};net8.0</TargetFrameworks>
                <Authors>
                  Contoso;
                  Fabrikam
                </Authors>
                <Description>A multi-targeted library.</Description>
                <PackageLicenseExpression>MIT</PackageLicenseExpression>
                <PackageProjectUrl>https://example.org/app</PackageProjectUrl>
                <RepositoryUrl>https://ci:{UrlToken}@example.org/app.git</RepositoryUrl>
                <RepositoryCommit>{Commit}</RepositoryCommit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Fixture.Beta" Version="1.0.0" Condition="'$(TargetFramework)' == 'net8.0'" />
                <PackageReference Include="Fixture.Beta" Version="2.0.0" Condition="'$(TargetFramework)' != 'net8.0'" />
                <PackageReference Include="Fixture.DevTool" Version="1.0.0" />
                <PackageReference Include="Fixture.OddLicense" Version="1.0.0" />
                <ProjectReference Include="../Lib/Lib.csproj" />
              </ItemGroup>
            </Project>

            """);
        root.WriteFile("src/App/App.cs", "namespace App;\n\npublic static class App\n{\n    public static string Name => Lib.Lib.Name;\n}\n");

        var pack = root.DotNet("pack", "src/App/App.csproj", "-c", "Release");
        root.AssertSucceeded(pack);
        root.Assert(!pack.Output.Contains("NU5118", StringComparison.Ordinal), "the SBOM is added to the package once, not once per framework (NU5118)", pack);
        root.Assert(pack.Warnings.Any(w => w.Code == "SCSDK2501" && w.Message.Contains("Fixture.OddLicense", StringComparison.Ordinal)), "an invalid license expression of a package is warning SCSDK2501", pack);

        // The sidecar, the copy in the package and the build's document are the same bytes.
        var sidecar = root.FullPath("src/App/bin/Release/App.1.0.0.cdx.json");
        var nupkg = root.FullPath("src/App/bin/Release/App.1.0.0.nupkg");
        root.Assert(File.Exists(sidecar) && File.Exists(nupkg), "pack writes <id>.<version>.cdx.json beside the .nupkg", pack);
        var bytes = File.ReadAllBytes(sidecar);
        using (var zip = ZipFile.OpenRead(nupkg))
        {
            var entries = zip.Entries.Where(e => e.FullName.EndsWith(".cdx.json", StringComparison.Ordinal)).ToArray();
            root.Assert(entries.Length == 1 && entries[0].FullName == "sbom/App.1.0.0.cdx.json", "the package holds one SBOM, at sbom/App.1.0.0.cdx.json: " + string.Join(", ", zip.Entries.Select(e => e.FullName)));
            using var stream = entries[0].Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            root.Assert(copy.ToArray().AsSpan().SequenceEqual(bytes), "the embedded SBOM has the bytes of the sidecar");
        }

        root.Assert(File.ReadAllBytes(root.FullPath("src/App/obj/Release/App.cdx.json")).AsSpan().SequenceEqual(bytes), "the package's SBOM is the project's build SBOM (obj/Release/App.cdx.json)");
        root.Assert(File.Exists(root.FullPath("src/Lib/obj/Release/net8.0/Lib.cdx.json")), "the referenced project gets its own build SBOM", pack);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        root.Assert(!text.Contains(root.Path, StringComparison.Ordinal) && !text.Contains(Path.GetTempPath(), StringComparison.Ordinal), "no machine path in the SBOM");

        using var document = JsonDocument.Parse(bytes);
        var bom = document.RootElement;
        var metadata = bom.GetProperty("metadata");
        root.Assert(metadata.GetProperty("timestamp").GetString() == EpochTimestamp, "metadata.timestamp comes from SOURCE_DATE_EPOCH");
        var tool = metadata.GetProperty("tools").GetProperty("components")[0];
        root.Assert(tool.GetProperty("name").GetString() == "SupplyChain.Sdk" && tool.GetProperty("version").GetString() == TestEnvironment.PackageVersion, "the tool is SupplyChain.Sdk at its version: " + tool);
        var subject = metadata.GetProperty("component");
        root.Assert(subject.GetProperty("bom-ref").GetString() == "pkg:nuget/App@1.0.0" && subject.GetProperty("licenses")[0].GetProperty("expression").GetString() == "MIT", "the subject is the package with its license: " + subject);
        // Authors written over several lines with ';' are the names NuGet writes into the nuspec, one entry each.
        string nuspecAuthors;
        using (var zip = ZipFile.OpenRead(nupkg))
        using (var nuspec = zip.GetEntry("App.nuspec")!.Open())
        {
            nuspecAuthors = System.Xml.Linq.XDocument.Load(nuspec).Descendants().First(e => e.Name.LocalName == "authors").Value;
        }

        var nuspecNames = nuspecAuthors.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        root.Assert(nuspecNames.SequenceEqual(new[] { "Contoso", "Fabrikam" }), "pack writes the authors comma-separated into the nuspec: " + nuspecAuthors);
        root.Assert(subject.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()).SequenceEqual(nuspecNames), "the subject's authors are the nuspec's names: " + subject);

        // The repository URL's credentials reach neither the SBOM nor its settings under obj/ (CI uploads obj/).
        root.Assert(!text.Contains(UrlToken, StringComparison.Ordinal), "no URL credential in the SBOM");
        var settings = Directory.GetFiles(root.FullPath("src/App/obj"), "*.settings", SearchOption.AllDirectories);
        root.Assert(settings.Length > 0 && settings.All(f => !File.ReadAllText(f).Contains(UrlToken, StringComparison.Ordinal)), "no URL credential in the settings files under obj/: " + string.Join(", ", settings));
        root.Assert(subject.GetProperty("externalReferences").EnumerateArray().Any(r => r.GetProperty("type").GetString() == "vcs" && r.GetProperty("url").GetString() == "https://example.org/app.git" && r.GetProperty("comment").GetString() == "commit " + Commit), "RepositoryUrl and RepositoryCommit are a vcs reference: " + subject);
        root.Assert(Frameworks(subject).SequenceEqual(new[] { tfm, "net8.0" }.Order(StringComparer.Ordinal)), "the subject covers both frameworks: " + subject);

        var components = Components(bom);
        void Has(string bomRef, string scope, params string[] frameworks)
        {
            root.Assert(components.TryGetValue(bomRef, out var component), $"{bomRef} is a component; components: {string.Join(", ", components.Keys)}");
            root.Assert(component.GetProperty("scope").GetString() == scope, $"{bomRef} has scope {scope}: {component}");
            root.Assert(Frameworks(component).SequenceEqual(frameworks.Order(StringComparer.Ordinal)), $"{bomRef} is in exactly {string.Join(", ", frameworks)}: {component}");
        }

        // Different versions per framework: both appear, each with its own framework.
        Has("pkg:nuget/Fixture.Beta@1.0.0", "required", "net8.0");
        Has("pkg:nuget/Fixture.Beta@2.0.0", "required", tfm);
        Has("pkg:nuget/Fixture.Alpha@1.0.0", "required", "net8.0");
        Has("pkg:nuget/Fixture.Alpha@1.1.0", "required", tfm);

        // What does not ship: a development dependency, and SupplyChain.Sdk itself (PrivateAssets="all").
        Has("pkg:nuget/Fixture.DevTool@1.0.0", "excluded", tfm, "net8.0");
        Has($"pkg:nuget/SupplyChain.Sdk@{TestEnvironment.PackageVersion}", "excluded", tfm, "net8.0");

        // Poor third-party metadata: the component is still there, its license kept as a name.
        Has("pkg:nuget/Fixture.OddLicense@1.0.0", "required", tfm, "net8.0");
        root.Assert(components["pkg:nuget/Fixture.OddLicense@1.0.0"].GetProperty("licenses")[0].GetProperty("license").GetProperty("name").GetString() == "MIT OR OR Apache-2.0", "the invalid expression is kept as a license name");

        // The project reference is a component named by its package, and brings in its own dependencies.
        Has("pkg:nuget/Contoso.Lib@3.0.0", "required", tfm, "net8.0");
        Has("pkg:nuget/Fixture.Gamma@1.0.0", "required", tfm, "net8.0");
        root.Assert(DependsOn(bom, "pkg:nuget/App@1.0.0").Contains("pkg:nuget/Contoso.Lib@3.0.0") && DependsOn(bom, "pkg:nuget/Contoso.Lib@3.0.0").SequenceEqual(new[] { "pkg:nuget/Fixture.Gamma@1.0.0" }), "the project depends on the project reference, which depends on its package");
        var beta = components["pkg:nuget/Fixture.Beta@1.0.0"];
        root.Assert(beta.GetProperty("hashes").GetArrayLength() == 2 && beta.GetProperty("properties").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "supplychain:nuget:contentHash"), "packages carry their file hashes and NuGet content hash: " + beta);

        // 'supplychain sbom' without a build: the same components, as CycloneDX 1.7 on request.
        var cliFile = root.FullPath("cli/App.cdx.json");
        var cli = ProcessRunner.Run("dotnet", new[] { Path.Combine(TestEnvironment.ToolFolder, "SupplyChain.Tool.dll"), "sbom", root.FullPath("src/App/App.csproj"), "--spec-version", "1.7", "--out", cliFile }, root.Path, root.Environment, TimeSpan.FromMinutes(3));
        root.Assert(cli.ExitCode == 0 && File.Exists(cliFile), "supplychain sbom writes the SBOM of the project", cli);
        using var cliDocument = JsonDocument.Parse(File.ReadAllBytes(cliFile));
        root.Assert(cliDocument.RootElement.GetProperty("specVersion").GetString() == "1.7", "--spec-version 1.7 writes CycloneDX 1.7");
        root.Assert(Components(cliDocument.RootElement).Keys.SequenceEqual(components.Keys), "the command lists the components the build lists: " + string.Join(", ", Components(cliDocument.RootElement).Keys));

        Validate(root, "1.6", sidecar);
        Validate(root, "1.7", cliFile);
    }

    [Fact]
    public void BuildAndPublish_WriteTheSbomIncrementallyAndDeterministically()
    {
        using var root = E2ERoot.Create("SbomBuild", _feed);
        root.SetEnvironment("SOURCE_DATE_EPOCH", null);
        root.WriteFile("Directory.Build.targets", root.ReadFile("Directory.Build.targets").Replace("</Project>", """
              <Target Name="Test_WriteSbomItem" AfterTargets="SupplyChainGenerateSbom">
                <WriteLinesToFile File="$(MSBuildProjectDirectory)/sbom-item.txt" Overwrite="true" Lines="@(SupplyChainSbom->'%(FullPath)')" />
              </Target>
            </Project>
            """, StringComparison.Ordinal));
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"1.0.0") }, extraProperties: "<OutputType>Exe</OutputType><IsPackable>false</IsPackable>");
        root.WriteFile("src/App/Program.cs", "System.Console.WriteLine(App.Uses.All());\n");
        var sbom = root.FullPath($"src/App/obj/Release/{TestEnvironment.TargetFramework}/App.cdx.json");

        var first = root.DotNet("build", project, "-c", "Release");
        root.AssertSucceeded(first);
        root.Assert(File.Exists(sbom), "the build writes the SBOM in the intermediate folder", first);
        root.Assert(root.ReadFile("src/App/sbom-item.txt").Trim() == sbom, "the item SupplyChainSbom names it: " + root.ReadFile("src/App/sbom-item.txt"), first);
        var bytes = File.ReadAllBytes(sbom);
        using (var document = JsonDocument.Parse(bytes))
        {
            var bom = document.RootElement;
            var subject = bom.GetProperty("metadata").GetProperty("component");
            root.Assert(!bom.GetProperty("metadata").TryGetProperty("timestamp", out _), "no timestamp without SOURCE_DATE_EPOCH");
            root.Assert(subject.GetProperty("type").GetString() == "application" && subject.GetProperty("bom-ref").GetString() == "project:src/App/App.csproj", "a non-packable executable is an application named by its path relative to the base folder: " + subject);
            root.Assert(Components(bom).ContainsKey("pkg:nuget/Fixture.Alpha@1.0.0"), "transitive packages are components");
        }

        var noop = root.DotNet("build", project, "-c", "Release", "--no-restore", "-v:d");
        root.AssertSucceeded(noop);
        root.Assert(noop.Output.Contains("Skipping target \"_SupplyChainGenerateSbom\" because all output files are up-to-date", StringComparison.Ordinal), "a no-op build does not regenerate the SBOM", noop);
        root.Assert(File.ReadAllBytes(sbom).AsSpan().SequenceEqual(bytes), "the SBOM is unchanged");

        File.Delete(sbom);
        var again = root.DotNet("build", project, "-c", "Release", "--no-restore");
        root.AssertSucceeded(again);
        root.Assert(File.Exists(sbom) && File.ReadAllBytes(sbom).AsSpan().SequenceEqual(bytes), "a second generation from the same inputs gives the same bytes", again);

        var invalid = root.DotNet("build", project, "-c", "Release", "--no-restore", "-p:SupplyChainSbomSpecVersion=2.0");
        var error = root.AssertFailedWith(invalid, "SCSDK6000");
        root.Assert(error.Message.Contains("SupplyChainSbomSpecVersion", StringComparison.Ordinal) && !File.Exists(sbom), "an invalid spec version fails the build and leaves no SBOM", invalid);

        var publish = root.DotNet("publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false");
        root.AssertSucceeded(publish);
        var published = root.FullPath($"src/App/bin/Release/{TestEnvironment.TargetFramework}/linux-x64/publish/App.cdx.json");
        root.Assert(File.Exists(published) && File.Exists(Path.Combine(Path.GetDirectoryName(published)!, "App.dll")), "publish writes the SBOM beside the published files", publish);
        using (var document = JsonDocument.Parse(File.ReadAllBytes(published)))
        {
            var subject = document.RootElement.GetProperty("metadata").GetProperty("component");
            var rid = subject.GetProperty("properties").EnumerateArray().Where(p => p.GetProperty("name").GetString() == "supplychain:runtimeIdentifier").Select(p => p.GetProperty("value").GetString()).ToArray();
            root.Assert(rid.SequenceEqual(new[] { "linux-x64" }) && Frameworks(subject).SequenceEqual(new[] { TestEnvironment.TargetFramework }), "the published SBOM covers the published framework and runtime identifier: " + subject);
        }

        Validate(root, "1.6", published);

        // Bad input to 'supplychain sbom': a package missing from the folder (1), a malformed assets file (2).
        var tool = Path.Combine(TestEnvironment.ToolFolder, "SupplyChain.Tool.dll");
        Directory.Delete(Path.Combine(root.PackagesPath, "fixture.alpha"), recursive: true);
        var missing = ProcessRunner.Run("dotnet", new[] { tool, "sbom", root.FullPath(project) }, root.Path, root.Environment, TimeSpan.FromMinutes(3));
        root.Assert(missing.ExitCode == 1 && missing.Errors.Any(e => e.Code == "SCSDK2009"), "a package missing from the packages folder exits 1 with SCSDK2009", missing);
        File.WriteAllText(root.FullPath("src/App/obj/project.assets.json"), "{ \"version\": 3, \"targets\": ");
        var malformed = ProcessRunner.Run("dotnet", new[] { tool, "sbom", root.FullPath(project) }, root.Path, root.Environment, TimeSpan.FromMinutes(3));
        root.Assert(malformed.ExitCode == 2 && malformed.Errors.Any(e => e.Code == "SCSDK1015"), "a malformed assets file exits 2 with SCSDK1015", malformed);
    }

    private static Dictionary<string, JsonElement> Components(JsonElement bom)
        => bom.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("bom-ref").GetString()!, c => c, StringComparer.Ordinal);

    private static IEnumerable<string> Frameworks(JsonElement component)
        => component.TryGetProperty("properties", out var properties)
            ? properties.EnumerateArray().Where(p => p.GetProperty("name").GetString() == "supplychain:targetFramework").Select(p => p.GetProperty("value").GetString()!).Order(StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();

    private static string[] DependsOn(JsonElement bom, string bomRef)
        => bom.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("ref").GetString() == bomRef)
            .GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()!).ToArray();

    // The official CycloneDX validator (tests/interop). Without Node.js this part is skipped, except on CI.
    private static void Validate(E2ERoot root, string specVersion, string file)
    {
        if (NodeInterop.SkipReason is not null)
        {
            return;
        }

        var result = NodeInterop.RunScript("validate-cyclonedx.mjs", new[] { file, "--spec", specVersion }, TimeSpan.FromMinutes(2));
        root.Assert(result.ExitCode == 0, $"the SBOM is valid CycloneDX {specVersion} for the official validator", result);
    }
}
