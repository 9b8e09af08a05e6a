using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Sbom.Builder;

/// <summary>
/// A project with real packages for the SBOM builder: a temp folder with <c>src/App/App.csproj</c>, a packages
/// folder laid out as NuGet extracts it (real .nupkg files from <see cref="TestPackageBuilder"/>) and an assets file
/// from <see cref="AssetsFileBuilder"/> that lists them with their real content hashes.
/// </summary>
internal sealed class SbomScenario : IDisposable
{
    private readonly Dictionary<string, byte[]> _installed = new(StringComparer.OrdinalIgnoreCase);

    public SbomScenario(params string[] frameworks)
    {
        Directory = new TestDirectory("sbom");
        Assets = new AssetsFileBuilder(ProjectPath, PackagesFolder, version: 3);
        foreach (var framework in frameworks)
        {
            Assets.AddFramework(framework);
        }
    }

    public TestDirectory Directory { get; }

    public string Root => Directory.Path;

    public string PackagesFolder => Directory.Combine("packages");

    public string ProjectPath => Directory.Combine("src", "App", "App.csproj");

    public string AssetsPath => Directory.Combine("src", "App", "obj", "project.assets.json");

    public AssetsFileBuilder Assets { get; }

    /// <summary>The nupkg bytes of an installed package.</summary>
    public byte[] PackageBytes(string id, string version) => _installed[id + "/" + version];

    /// <summary>The .nupkg path of an installed package.</summary>
    public string NupkgPath(string id, string version)
        => Path.Combine(PackagesFolder, id.ToLowerInvariant(), version.ToLowerInvariant(), TestPackageBuilder.FileNameOf(id, version));

    /// <summary>
    /// Installs a package into the packages folder (once) and lists it in a framework's graph with a runtime asset and
    /// the given dependencies (id → version as the package declares it).
    /// </summary>
    public SbomScenario AddPackage(string framework, TestPackageBuilder package, IReadOnlyDictionary<string, string>? dependencies = null, string? extraMetadataXml = null, Dictionary<string, string[]>? assetGroups = null, IEnumerable<string>? files = null, Func<string, string>? changeNuspec = null)
    {
        var key = package.Id + "/" + package.Version;
        if (!_installed.TryGetValue(key, out var bytes))
        {
            bytes = extraMetadataXml is null ? package.Build() : WithMetadata(package.Build(), extraMetadataXml);
            if (changeNuspec is not null)
            {
                bytes = WithNuspec(bytes, changeNuspec);
            }

            TestPackagesFolder.Install(PackagesFolder, package.Id, package.Version, bytes);
            _installed[key] = bytes;
        }

        var dll = "lib/net8.0/" + package.Id + ".dll";
        Assets.AddPackage(
            framework,
            package.Id,
            package.Version,
            TestPackagesFolder.UnsignedContentHash(bytes),
            assetGroups ?? new Dictionary<string, string[]> { ["compile"] = [dll], ["runtime"] = [dll] },
            dependencies,
            files ?? [package.Id.ToLowerInvariant() + ".nuspec", dll]);
        return this;
    }

    /// <summary>A simple package with a library file and an MIT license.</summary>
    public static TestPackageBuilder Package(string id, string version)
        => new TestPackageBuilder(id, version).WithLicenseExpression("MIT").WithLibFile("net8.0", id + ".dll", "assembly of " + id);

    /// <summary>Declares a direct package dependency, optionally with PrivateAssets (suppressParent), IncludeAssets and ExcludeAssets.</summary>
    public SbomScenario Direct(string framework, string id, string version, string? suppressParent = null, string? include = null, string? exclude = null)
    {
        Assets.AddDirectDependency(framework, id, "[" + version + ", )");
        var dependency = Assets.Root["project"]!["frameworks"]![framework]!["dependencies"]![id]!.AsObject();
        if (suppressParent is not null)
        {
            dependency["suppressParent"] = suppressParent;
        }

        if (include is not null)
        {
            dependency["include"] = include;
        }

        if (exclude is not null)
        {
            dependency["exclude"] = exclude;
        }

        return this;
    }

    /// <summary>Lists a name in projectFileDependencyGroups (what restore writes for every direct dependency, projects included).</summary>
    public SbomScenario DirectName(string framework, string name, string version)
    {
        Assets.Root["projectFileDependencyGroups"]![framework]!.AsArray().Add(name + " >= " + version);
        return this;
    }

    /// <summary>Adds a project reference to a framework's graph, with package dependencies of its own.</summary>
    public SbomScenario AddProject(string framework, string name, string relativePath, IReadOnlyDictionary<string, string>? dependencies = null, string version = "1.0.0")
    {
        Assets.AddProjectReference(framework, name, relativePath, version);
        if (dependencies is { Count: > 0 })
        {
            Assets.Root["targets"]![framework]![name + "/" + version]!["dependencies"] =
                new JsonObject(dependencies.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)JsonValue.Create(d.Value))));
        }

        return this;
    }

    public SbomRequest Request(CycloneDxSpecVersion version = CycloneDxSpecVersion.V16)
    {
        Assets.WriteTo(AssetsPath);
        return new SbomRequest
        {
            Project = new SbomProject { Path = ProjectPath, Name = "App", PackageVersion = "1.0.0" },
            AssetsFilePath = AssetsPath,
            BaseDirectory = Root,
            SpecVersion = version,
            Tool = SbomTool.SupplyChainSdk("1.0.0"),
        };
    }

    public SbomResult Build(SbomRequest? request = null)
    {
        var bag = new DiagnosticBag();
        var result = SbomBuilder.Build(request ?? Request(), bag);
        Assert.Equal(bag.Diagnostics, result.Diagnostics);
        return result;
    }

    /// <summary>Builds and asserts success without errors.</summary>
    public BuiltSbom BuildSucceeded(SbomRequest? request = null) => BuiltSbom.From(Build(request));

    /// <summary>Rewrites the nuspec of a package, adding XML inside &lt;metadata&gt;.</summary>
    public static byte[] WithMetadata(byte[] nupkg, string extraMetadataXml)
        => WithNuspec(nupkg, nuspec => nuspec.Replace("  </metadata>", "    " + extraMetadataXml + "\n  </metadata>", StringComparison.Ordinal));

    /// <summary>Rewrites the nuspec entry of a package.</summary>
    public static byte[] WithNuspec(byte[] nupkg, Func<string, string> change)
    {
        using var buffer = new MemoryStream();
        buffer.Write(nupkg);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
            string text;
            using (var reader = new StreamReader(entry.Open(), Encoding.UTF8))
            {
                text = reader.ReadToEnd();
            }

            var name = entry.FullName;
            entry.Delete();
            var replacement = zip.CreateEntry(name);
            replacement.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var writer = new StreamWriter(replacement.Open(), new UTF8Encoding(false));
            writer.Write(change(text));
        }

        return buffer.ToArray();
    }

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    public static string Sha512Hex(byte[] bytes) => Convert.ToHexString(SHA512.HashData(bytes)).ToLowerInvariant();

    public void Dispose() => Directory.Dispose();
}

/// <summary>A result that has its SBOM.</summary>
internal sealed record BuiltSbom(SbomResult Result)
{
    public CycloneDxBom Bom => Result.Bom!;

    public byte[] Bytes => Result.Bytes!;

    public int ComponentCount => Result.ComponentCount;

    public int DependencyEdgeCount => Result.DependencyEdgeCount;

    public IReadOnlyList<Diagnostic> Diagnostics => Result.Diagnostics;

    public IReadOnlyList<Diagnostic> Warnings => Result.Warnings;

    public IReadOnlyList<Diagnostic> Errors => Result.Errors;

    public static BuiltSbom From(SbomResult result)
    {
        Assert.True(result.Succeeded, "The SBOM was not built: " + string.Join("\n", result.Diagnostics.Select(d => d.ToCanonicalString())));
        Assert.Empty(result.Errors);
        Assert.NotNull(result.Bom);
        Assert.NotNull(result.Bytes);
        return new BuiltSbom(result);
    }
}

/// <summary>Queries on a built SBOM.</summary>
internal static class SbomAssert
{
    public static Component Component(this CycloneDxBom bom, string bomRef)
        => bom.Components.SingleOrDefault(c => c.BomRef == bomRef) ?? throw new Xunit.Sdk.XunitException($"No component '{bomRef}' in: {string.Join(", ", bom.Components.Select(c => c.BomRef))}");

    public static IReadOnlyList<string> DependsOn(this CycloneDxBom bom, string bomRef)
        => bom.Dependencies.Single(d => d.Ref == bomRef).DependsOn.Order(StringComparer.Ordinal).ToArray();

    public static IReadOnlyList<string> PropertyValues(this Component component, string name)
        => component.Properties.Where(p => p.Name == name).Select(p => p.Value ?? string.Empty).Order(StringComparer.Ordinal).ToArray();

    public static string RootRef(this CycloneDxBom bom) => bom.Metadata!.Component!.BomRef!;

    /// <summary>Every edge of the graph as "from -> to".</summary>
    public static IReadOnlyList<string> Edges(this CycloneDxBom bom)
        => bom.Dependencies.SelectMany(d => d.DependsOn.Select(t => d.Ref + " -> " + t)).Order(StringComparer.Ordinal).ToArray();
}
