using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Sbom.Builder;

public sealed class SbomBuilderTests
{
    private static SbomScenario AlphaBeta()
    {
        var scenario = new SbomScenario("net8.0");
        scenario.AddPackage("net8.0", SbomScenario.Package("Fixture.Alpha", "1.0.0"), new Dictionary<string, string> { ["Fixture.Beta"] = "2.0.0" })
            .AddPackage("net8.0", SbomScenario.Package("Fixture.Beta", "2.0.0"))
            .Direct("net8.0", "Fixture.Alpha", "1.0.0");
        return scenario;
    }

    [Fact]
    public void Build_PackagesWithDependencies_ListsComponentsAndGraph()
    {
        using var scenario = AlphaBeta();

        var result = scenario.BuildSucceeded();

        var bom = result.Bom;
        Assert.Equal(CycloneDxSpecVersion.V16, bom.SpecVersion);
        Assert.Equal("project:src/App/App.csproj", bom.RootRef());
        Assert.Equal(["pkg:nuget/Fixture.Alpha@1.0.0", "pkg:nuget/Fixture.Beta@2.0.0"], bom.Components.Select(c => c.BomRef!).Order(StringComparer.Ordinal));
        Assert.Equal(["pkg:nuget/Fixture.Alpha@1.0.0"], bom.DependsOn("project:src/App/App.csproj"));
        Assert.Equal(["pkg:nuget/Fixture.Beta@2.0.0"], bom.DependsOn("pkg:nuget/Fixture.Alpha@1.0.0"));
        Assert.Empty(bom.DependsOn("pkg:nuget/Fixture.Beta@2.0.0"));
        Assert.Equal(3, bom.Dependencies.Count);
        Assert.Equal(2, result.ComponentCount);
        Assert.Equal(2, result.DependencyEdgeCount);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Build_Package_RecordsFileHashesContentHashAndNuspecMetadata()
    {
        using var scenario = AlphaBeta();

        var bom = scenario.BuildSucceeded().Bom;

        var alpha = bom.Component("pkg:nuget/Fixture.Alpha@1.0.0");
        var bytes = scenario.PackageBytes("Fixture.Alpha", "1.0.0");
        Assert.Equal(ComponentType.Library, alpha.Type);
        Assert.Equal("Fixture.Alpha", alpha.Name);
        Assert.Equal("1.0.0", alpha.Version);
        Assert.Equal("pkg:nuget/Fixture.Alpha@1.0.0", alpha.Purl);
        Assert.Equal(ComponentScope.Required, alpha.Scope);
        Assert.Equal(
            [new CycloneDxHash(CycloneDxHashAlgorithm.Sha256, SbomScenario.Sha256Hex(bytes)), new CycloneDxHash(CycloneDxHashAlgorithm.Sha512, SbomScenario.Sha512Hex(bytes))],
            alpha.Hashes);
        Assert.Equal([TestPackagesFolder.UnsignedContentHash(bytes)], alpha.PropertyValues(SbomPropertyNames.NuGetContentHash));
        Assert.Equal(["false"], alpha.PropertyValues(SbomPropertyNames.NuGetSigned));
        Assert.Equal(["net8.0"], alpha.PropertyValues(SbomPropertyNames.TargetFramework));
        Assert.Equal("A package written by the tests.", alpha.Description);
        Assert.Equal([new OrganizationalContact("SupplyChain.Sdk tests")], alpha.Authors);
        Assert.Equal("MIT", alpha.Licenses!.Expression);
    }

    [Fact]
    public void Build_SignedPackage_ContentHashIsOfTheUnsignedPackageAndHashesOfTheFile()
    {
        using var scenario = new SbomScenario("net8.0");
        var unsigned = SbomScenario.Package("Fixture.Signed", "1.0.0").Build();
        var signed = TestPackageSigner.AppendSignatureEntry(unsigned, Encoding.ASCII.GetBytes("not a real signature"));
        TestPackagesFolder.Install(scenario.PackagesFolder, "Fixture.Signed", "1.0.0", signed, TestPackagesFolder.UnsignedContentHash(unsigned));
        scenario.Assets.AddPackage("net8.0", "Fixture.Signed", "1.0.0", TestPackagesFolder.UnsignedContentHash(unsigned));
        scenario.Direct("net8.0", "Fixture.Signed", "1.0.0");

        var component = scenario.BuildSucceeded().Bom.Component("pkg:nuget/Fixture.Signed@1.0.0");

        Assert.Equal([TestPackagesFolder.UnsignedContentHash(unsigned)], component.PropertyValues(SbomPropertyNames.NuGetContentHash));
        Assert.Equal(["true"], component.PropertyValues(SbomPropertyNames.NuGetSigned));
        Assert.Equal(SbomScenario.Sha512Hex(signed), component.Hashes.Single(h => h.Algorithm == CycloneDxHashAlgorithm.Sha512).Content);
        Assert.Equal(SbomScenario.Sha256Hex(signed), component.Hashes.Single(h => h.Algorithm == CycloneDxHashAlgorithm.Sha256).Content);
    }

    [Fact]
    public void Build_Metadata_HasProjectToolLifecycleAndNoTimestampUnlessGiven()
    {
        using var scenario = AlphaBeta();
        var request = scenario.Request();

        var withoutTime = scenario.BuildSucceeded(request);
        var withTime = scenario.BuildSucceeded(request with { Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) });

        var metadata = withoutTime.Bom.Metadata!;
        Assert.Null(metadata.Timestamp);
        Assert.DoesNotContain("\"timestamp\"", Encoding.UTF8.GetString(withoutTime.Bytes), StringComparison.Ordinal);
        Assert.Contains("\"timestamp\": \"2023-11-14T22:13:20Z\"", Encoding.UTF8.GetString(withTime.Bytes), StringComparison.Ordinal);
        Assert.Equal([CycloneDxLifecyclePhase.Build], metadata.Lifecycles);
        var tool = Assert.Single(metadata.Tools);
        Assert.Equal(("SupplyChain.Sdk", "1.0.0", "pkg:nuget/SupplyChain.Sdk@1.0.0"), (tool.Name, tool.Version, tool.Purl));
        Assert.Null(tool.BomRef);
        var root = metadata.Component!;
        Assert.Equal(("App", ComponentType.Library, "1.0.0"), (root.Name, root.Type, root.Version));
        Assert.Null(root.Purl);
        Assert.Equal(["net8.0"], root.PropertyValues(SbomPropertyNames.TargetFramework));
    }

    [Fact]
    public void Build_AuthorsWrittenOverSeveralLinesWithSemicolons_AreTheNamesNuGetWritesIntoTheNuspec()
    {
        // <Authors> as people write it in a project file; pack writes <authors>Contoso Ltd,Fabrikam,  Jane Doe</authors>.
        using var scenario = AlphaBeta();
        var request = scenario.Request() with
        {
            Project = new SbomProject
            {
                Path = scenario.ProjectPath,
                Name = "App",
                IsPackable = true,
                PackageId = "Contoso.App",
                PackageVersion = "1.0.0",
                Authors = "\n      Contoso Ltd;\n      Fabrikam,  Jane Doe ;\n      ;\n      Contoso Ltd\n    ",
            },
        };

        var root = scenario.BuildSucceeded(request).Bom.Metadata!.Component!;

        Assert.Equal(["Contoso Ltd", "Fabrikam", "Jane Doe"], root.Authors.Select(a => a.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData(" ; , ", new string[0])]
    [InlineData("Contoso", new[] { "Contoso" })]
    [InlineData("Contoso,Fabrikam, Jane Doe", new[] { "Contoso", "Fabrikam", "Jane Doe" })]
    [InlineData("\n  Contoso;\n  Fabrikam\n", new[] { "Contoso", "Fabrikam" })]
    public void PackageAuthors_SplitsLikeNuGetPack(string? authors, string[] expected)
        => Assert.Equal(expected, PackageAuthors.Split(authors));

    [Fact]
    public void Build_PackableApplicationProject_IsNamedByItsPurlAndCarriesItsPackageMetadata()
    {
        using var scenario = AlphaBeta();
        var request = scenario.Request() with
        {
            Project = new SbomProject
            {
                Path = scenario.ProjectPath,
                Name = "App",
                Type = ComponentType.Application,
                IsPackable = true,
                PackageId = "Contoso.App",
                PackageVersion = "2.1.0-beta.1",
                Authors = "Contoso, Fabrikam",
                Description = "The app.",
                Copyright = "(c) Contoso",
                LicenseExpression = "apache-2.0 or mit",
                ProjectUrl = "https://contoso.example/app",
                RepositoryUrl = "https://user:secret-token@github.com/contoso/app.git",
                RepositoryCommit = "0123456789abcdef0123456789abcdef01234567",
            },
        };

        var result = scenario.BuildSucceeded(request);

        var root = result.Bom.Metadata!.Component!;
        Assert.Equal("pkg:nuget/Contoso.App@2.1.0-beta.1", root.BomRef);
        Assert.Equal(root.BomRef, root.Purl);
        Assert.Equal(("Contoso.App", "2.1.0-beta.1", ComponentType.Application), (root.Name, root.Version, root.Type));
        Assert.Equal(["Contoso", "Fabrikam"], root.Authors.Select(a => a.Name));
        Assert.Equal(("The app.", "(c) Contoso"), (root.Description, root.Copyright));
        Assert.Equal("Apache-2.0 OR MIT", root.Licenses!.Expression);
        Assert.Equal(
            [
                new CycloneDxExternalReference(ExternalReferenceType.Vcs, "https://github.com/contoso/app.git", "commit 0123456789abcdef0123456789abcdef01234567"),
                new CycloneDxExternalReference(ExternalReferenceType.Website, "https://contoso.example/app"),
            ],
            root.ExternalReferences.OrderBy(r => r.Type));
        Assert.DoesNotContain("secret-token", Encoding.UTF8.GetString(result.Bytes), StringComparison.Ordinal);
        Assert.Equal(["pkg:nuget/Fixture.Alpha@1.0.0"], result.Bom.DependsOn("pkg:nuget/Contoso.App@2.1.0-beta.1"));
    }

    [Fact]
    public void Build_ProjectLicenseExpressionInvalid_WarnsAndRecordsName()
    {
        using var scenario = AlphaBeta();
        var request = scenario.Request() with { Project = new SbomProject { Path = scenario.ProjectPath, LicenseExpression = "MIT OR Not-A-License" } };

        var result = scenario.BuildSucceeded(request);

        var warning = Assert.Single(result.Warnings);
        Assert.Equal("SCSDK2503", warning.Code);
        Assert.Equal(Path.GetFullPath(scenario.ProjectPath), warning.File);
        var license = Assert.Single(result.Bom.Metadata!.Component!.Licenses!.Licenses);
        Assert.Equal("MIT OR Not-A-License", license.Name);
    }

    [Fact]
    public void Build_SameInputs_GiveByteIdenticalOutput()
    {
        using var scenario = AlphaBeta();
        var request = scenario.Request() with { Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) };

        var first = scenario.BuildSucceeded(request);
        var second = scenario.BuildSucceeded(request);

        Assert.Equal(first.Bytes, second.Bytes);
        Assert.Equal(CycloneDxWriter.Write(first.Bom), first.Bytes);
    }

    [Fact]
    public void Build_AssetsFileInAnotherOrderAndAnotherFolder_GivesTheSameBytes()
    {
        using var first = new SbomScenario("net8.0", "net10.0");
        using var second = new SbomScenario("net10.0", "net8.0");
        foreach (var scenario in new[] { first, second })
        {
            var frameworks = scenario == first ? new[] { "net8.0", "net10.0" } : new[] { "net10.0", "net8.0" };
            foreach (var framework in frameworks)
            {
                var packages = new[] { ("Fixture.Beta", "2.0.0"), ("Fixture.Alpha", "1.0.0") };
                foreach (var (id, version) in scenario == first ? packages : packages.Reverse())
                {
                    var dependencies = id == "Fixture.Alpha" ? new Dictionary<string, string> { ["Fixture.Beta"] = "2.0.0" } : null;
                    scenario.AddPackage(framework, SbomScenario.Package(id, version), dependencies);
                }

                scenario.Direct(framework, "Fixture.Alpha", "1.0.0");
            }
        }

        var a = first.BuildSucceeded();
        var b = second.BuildSucceeded();

        Assert.Equal(Encoding.UTF8.GetString(a.Bytes), Encoding.UTF8.GetString(b.Bytes));
    }

    [Fact]
    public void Build_Output_HasNoAbsolutePath()
    {
        using var scenario = AlphaBeta();
        scenario.AddProject("net8.0", "Lib", "../Lib/Lib.csproj").DirectName("net8.0", "Lib", "1.0.0");

        var result = scenario.BuildSucceeded();

        var text = Encoding.UTF8.GetString(result.Bytes);
        Assert.DoesNotContain(scenario.Root, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar), text, StringComparison.Ordinal);
        Assert.DoesNotContain(scenario.PackagesFolder, text, StringComparison.Ordinal);
        Assert.Contains("project:src/Lib/Lib.csproj", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(result.Bytes);
        Assert.All(AllStrings(document.RootElement), s => Assert.False(Path.IsPathRooted(s) && s.Length > 1, $"'{s}' is an absolute path."));
    }

    [Fact]
    public void Build_Output_PassesTheDocumentChecks()
    {
        using var scenario = AlphaBeta();

        var result = scenario.BuildSucceeded();

        Assert.Empty(CycloneDxDocumentChecks.Check(result.Bom).Diagnostics);
        var referenced = result.Bom.Components.Select(c => c.BomRef!).Append(result.Bom.RootRef()).Order(StringComparer.Ordinal);
        Assert.Equal(referenced, result.Bom.Dependencies.Select(d => d.Ref).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Build_PackageMissingFromPackagesFolder_FailsNamingThePackage()
    {
        using var scenario = AlphaBeta();
        Directory.Delete(Path.Combine(scenario.PackagesFolder, "fixture.beta"), recursive: true);
        var sink = new DiagnosticBag();

        var result = SbomBuilder.Build(scenario.Request(), sink);

        Assert.False(result.Succeeded);
        Assert.Null(result.Bom);
        Assert.Null(result.Bytes);
        var error = Assert.Single(result.Errors);
        Assert.Equal("SCSDK2009", error.Code);
        Assert.Contains("'Fixture.Beta' 2.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains(scenario.PackagesFolder, error.Message, StringComparison.Ordinal);
        Assert.Equal(scenario.AssetsPath, error.File);
        Assert.Equal(sink.Diagnostics, result.Diagnostics);
    }

    [Fact]
    public void Build_SeveralPackagesMissing_ReportsEachOfThem()
    {
        using var scenario = AlphaBeta();
        Directory.Delete(scenario.PackagesFolder, recursive: true);

        var result = scenario.Build();

        Assert.False(result.Succeeded);
        Assert.Equal(["SCSDK2009", "SCSDK2009"], result.Errors.Select(e => e.Code));
        Assert.Contains(result.Errors, e => e.Message.Contains("'Fixture.Alpha' 1.0.0", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.Contains("'Fixture.Beta' 2.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_PackageFoldersGivenByTheCaller_AreSearchedInOrder()
    {
        using var scenario = AlphaBeta();
        var moved = scenario.Directory.Combine("fallback");
        Directory.Move(scenario.PackagesFolder, moved);
        Directory.CreateDirectory(scenario.PackagesFolder);

        var result = scenario.BuildSucceeded(scenario.Request() with { PackageFolders = [scenario.PackagesFolder, moved] });

        Assert.Equal(2, result.ComponentCount);
    }

    [Fact]
    public void Build_MalformedAssetsFile_ReportsTheReadersDiagnostic()
    {
        using var scenario = AlphaBeta();
        var request = scenario.Request();
        File.WriteAllText(request.AssetsFilePath, "{ \"version\": 3, \"targets\": ");

        var result = scenario.Build(request);

        Assert.False(result.Succeeded);
        Assert.Equal("SCSDK1015", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Build_MissingAssetsFile_ReportsTheReadersDiagnostic()
    {
        using var scenario = AlphaBeta();
        var request = scenario.Request() with { AssetsFilePath = scenario.Directory.Combine("nowhere", "project.assets.json") };

        var result = scenario.Build(request);

        Assert.False(result.Succeeded);
        Assert.Equal("SCSDK1016", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Build_PackageChangedAfterRestore_FailsWithContentHashError()
    {
        using var scenario = AlphaBeta();
        var request = scenario.Request();
        var replacement = SbomScenario.Package("Fixture.Beta", "2.0.0").WithDescription("Other bytes.").Build();
        File.WriteAllBytes(scenario.NupkgPath("Fixture.Beta", "2.0.0"), replacement);

        var result = scenario.Build(request);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("SCSDK2010", error.Code);
        Assert.Equal(scenario.NupkgPath("Fixture.Beta", "2.0.0"), error.File);
        Assert.Contains(TestPackagesFolder.UnsignedContentHash(replacement), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LockFilePinsOtherContentHash_FailsWithTheLockFileDiagnostic()
    {
        using var scenario = AlphaBeta();
        var alpha = TestPackagesFolder.UnsignedContentHash(scenario.PackageBytes("Fixture.Alpha", "1.0.0"));
        var wrong = Convert.ToBase64String(new byte[64]);
        var lockPath = new LockFileBuilder()
            .Add("net8.0", "Fixture.Alpha", "Direct", "[1.0.0, )", "1.0.0", alpha)
            .Add("net8.0", "Fixture.Beta", "Transitive", null, "2.0.0", wrong)
            .WriteTo(scenario.Directory.Combine("src", "App", "packages.lock.json"));

        var result = scenario.Build(scenario.Request() with { LockFilePath = lockPath });

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("SCSDK1005", error.Code);
        Assert.Equal(lockPath, error.File);
        Assert.Contains("'Fixture.Beta' 2.0.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LockFileMatches_Succeeds()
    {
        using var scenario = AlphaBeta();
        var lockPath = new LockFileBuilder()
            .Add("net8.0", "Fixture.Alpha", "Direct", "[1.0.0, )", "1.0.0", TestPackagesFolder.UnsignedContentHash(scenario.PackageBytes("Fixture.Alpha", "1.0.0")))
            .Add("net8.0", "Fixture.Beta", "Transitive", null, "2.0.0", TestPackagesFolder.UnsignedContentHash(scenario.PackageBytes("Fixture.Beta", "2.0.0")))
            .WriteTo(scenario.Directory.Combine("src", "App", "packages.lock.json"));

        var result = scenario.BuildSucceeded(scenario.Request() with { LockFilePath = lockPath });

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Build_NuspecWithDocumentTypeDefinition_IsRefusedWithoutResolvingEntities()
    {
        using var scenario = new SbomScenario("net8.0");
        var secret = scenario.Directory.WriteFile("secret.txt", "TOP-SECRET-CONTENT");
        var hostile = SbomScenario.WithNuspec(
            SbomScenario.Package("Fixture.Xxe", "1.0.0").Build(),
            nuspec => nuspec.Replace("<package ", $"<!DOCTYPE package [<!ENTITY xxe SYSTEM \"file://{secret}\">]>\n<package ", StringComparison.Ordinal)
                .Replace("<description>A package written by the tests.</description>", "<description>&xxe;</description>", StringComparison.Ordinal));
        TestPackagesFolder.Install(scenario.PackagesFolder, "Fixture.Xxe", "1.0.0", hostile);
        scenario.Assets.AddPackage("net8.0", "Fixture.Xxe", "1.0.0", TestPackagesFolder.UnsignedContentHash(hostile));
        scenario.Direct("net8.0", "Fixture.Xxe", "1.0.0");

        var result = scenario.Build();

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("SCSDK2012", error.Code);
        Assert.DoesNotContain("TOP-SECRET-CONTENT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoExtractedNuspec_ReadsItFromTheNupkg()
    {
        using var scenario = AlphaBeta();
        File.Delete(Path.Combine(scenario.PackagesFolder, "fixture.alpha", "1.0.0", "fixture.alpha.nuspec"));

        var alpha = scenario.BuildSucceeded().Bom.Component("pkg:nuget/Fixture.Alpha@1.0.0");

        Assert.Equal("A package written by the tests.", alpha.Description);
        Assert.Equal("MIT", alpha.Licenses!.Expression);
    }

    [Fact]
    public void Build_NotANupkg_ReportsTheUnreadablePackage()
    {
        using var scenario = AlphaBeta();
        var request = scenario.Request();
        var path = scenario.NupkgPath("Fixture.Beta", "2.0.0");
        File.WriteAllText(path, "not a zip");

        var result = scenario.Build(request);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == "SCSDK1018" && e.File == path);
    }

    [Theory]
    [InlineData(CycloneDxSpecVersion.V16, "1.6")]
    [InlineData(CycloneDxSpecVersion.V17, "1.7")]
    public void Build_SpecVersion_IsWritten(CycloneDxSpecVersion version, string text)
    {
        using var scenario = AlphaBeta();

        var result = scenario.BuildSucceeded(scenario.Request(version));

        using var document = JsonDocument.Parse(result.Bytes);
        Assert.Equal(text, document.RootElement.GetProperty("specVersion").GetString());
        Assert.Equal(version, result.Bom.SpecVersion);
    }

    private static IEnumerable<string> AllStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var value in AllStrings(property.Value))
                    {
                        yield return value;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var value in AllStrings(item))
                    {
                        yield return value;
                    }
                }

                break;
        }
    }
}
