using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Pinning;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Pinning;

/// <summary>
/// A consistent restore state on disk for one test: a project, a NuGet config with one mapped https source, a packages
/// folder with real packages installed the way NuGet extracts them, and the assets and lock files restore would
/// write for them. A test changes one thing (the lock file, a package file, a source...) and runs the verifier.
/// </summary>
internal sealed class PinningScenario : IDisposable
{
    public const string Framework = "net10.0";

    private readonly List<(string ItemType, string Id, string? Version)> _items = new();

    public PinningScenario(int assetsVersion = 4)
    {
        Root = new TestDirectory("pin");
        ProjectPath = Root.Combine("src", "App", "App.csproj");
        PackagesFolder = Root.Combine("packages");
        AssetsPath = Root.Combine("src", "App", "obj", "project.assets.json");
        LockPath = Root.Combine("src", "App", "packages.lock.json");
        ConfigPath = Root.Combine("nuget.config");
        Directory.CreateDirectory(PackagesFolder);
        Assets = new AssetsFileBuilder(ProjectPath, PackagesFolder, assetsVersion).AddFramework(Framework);
        Assets.AddSource("https://api.nuget.org/v3/index.json").AddConfigFile(ConfigPath);
        Lock = new LockFileBuilder(1).AddSection(Framework);
        ConfigXml = """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <clear />
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """;
    }

    public TestDirectory Root { get; }

    public string ProjectPath { get; }

    public string PackagesFolder { get; }

    public string AssetsPath { get; }

    public string LockPath { get; }

    public string ConfigPath { get; }

    public AssetsFileBuilder Assets { get; }

    public LockFileBuilder Lock { get; }

    public string ConfigXml { get; set; }

    public bool WriteLockFile { get; set; } = true;

    public Dictionary<string, string> ContentHashes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> PackageDirectories { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<DeclaredPackageVersion> Declared { get; } = new();

    public DiagnosticBag Sink { get; private set; } = new();

    /// <summary>Installs a package and records it as restore and the lock file would; returns its folder.</summary>
    public string AddPackage(TestPackageBuilder package, bool direct = true, string? requested = null, IReadOnlyDictionary<string, string>? dependencies = null, byte[]? nupkg = null, string? contentHash = null)
    {
        var bytes = nupkg ?? package.Build();
        var hash = contentHash ?? TestPackagesFolder.UnsignedContentHash(bytes);
        var folder = TestPackagesFolder.Install(PackagesFolder, package.Id, package.Version, bytes, hash);
        ContentHashes[package.Id] = hash;
        PackageDirectories[package.Id] = folder;
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
        var groups = new Dictionary<string, string[]>();
        var lib = files.Where(f => f.StartsWith("lib/", StringComparison.Ordinal)).ToArray();
        if (lib.Length > 0)
        {
            groups["compile"] = lib;
            groups["runtime"] = lib;
        }

        var build = files.Where(f => f.StartsWith("build/", StringComparison.Ordinal)).ToArray();
        if (build.Length > 0)
        {
            groups["build"] = build;
        }

        var native = files.Where(f => f.StartsWith("runtimes/", StringComparison.Ordinal)).ToArray();
        if (native.Length > 0)
        {
            groups["runtimeTargets"] = native;
        }

        Assets.AddPackage(Framework, package.Id, package.Version, hash, groups, dependencies, files);
        var range = requested ?? "[" + package.Version + ", )";
        if (direct)
        {
            Assets.AddDirectDependency(Framework, package.Id, range);
            Lock.Add(Framework, package.Id, "Direct", range, package.Version, hash, dependencies);
            _items.Add(("PackageReference", package.Id, package.Version));
        }
        else
        {
            Lock.Add(Framework, package.Id, "Transitive", null, package.Version, hash, dependencies);
        }

        return folder;
    }

    /// <summary>Adds a package item to the project file only (for line lookups).</summary>
    public void AddProjectItem(string itemType, string id, string? version) => _items.Add((itemType, id, version));

    public PinningRequest Request(Func<PinningRequest, PinningRequest>? configure = null)
    {
        var request = new PinningRequest(ProjectPath, AssetsPath, LockPath) { DeclaredVersions = Declared.ToArray() };
        return configure is null ? request : configure(request);
    }

    /// <summary>Writes the project, config, assets and lock files, and runs the verifier.</summary>
    public PinningResult Verify(Func<PinningRequest, PinningRequest>? configure = null)
    {
        WriteFiles();
        Sink = new DiagnosticBag();
        return PinningVerifier.Verify(Request(configure), Sink);
    }

    public void WriteFiles()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ProjectPath)!);
        File.WriteAllText(ProjectPath, ProjectXml());
        File.WriteAllText(ConfigPath, ConfigXml);
        Assets.WriteTo(AssetsPath);
        if (WriteLockFile)
        {
            Lock.WriteTo(LockPath);
        }
        else if (File.Exists(LockPath))
        {
            File.Delete(LockPath);
        }
    }

    public IReadOnlyList<string> Codes() => Sink.Diagnostics.Select(d => d.Code).ToArray();

    public Diagnostic Single(string code) => Assert.Single(Sink.Diagnostics, d => d.Code == code);

    public string ProjectXml()
    {
        var builder = new StringBuilder();
        builder.Append("<Project Sdk=\"Microsoft.NET.Sdk\">\n");
        builder.Append("  <PropertyGroup>\n    <TargetFramework>").Append(Framework).Append("</TargetFramework>\n  </PropertyGroup>\n");
        builder.Append("  <ItemGroup>\n");
        foreach (var (itemType, id, version) in _items)
        {
            builder.Append("    <").Append(itemType).Append(" Include=\"").Append(id).Append('"');
            if (version is not null)
            {
                builder.Append(" Version=\"").Append(version).Append('"');
            }

            builder.Append(" />\n");
        }

        builder.Append("  </ItemGroup>\n</Project>\n");
        return builder.ToString();
    }

    public void Dispose() => Root.Dispose();
}
