using System;
using System.Collections.Generic;
using System.IO;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A local folder feed of small, real packages written in-process once per test run (a pack adds nothing here):
/// each has a nuspec and a real net8.0 assembly, so consumers restore, lock and compile against them.
/// </summary>
public sealed class FixtureFeed : IDisposable
{
    private static int s_instances;

    public FixtureFeed()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scsdk-e2e", $"feed-{Environment.ProcessId}-{System.Threading.Interlocked.Increment(ref s_instances)}");
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }

        Directory.CreateDirectory(Path);
        Write("Fixture.Alpha", "1.0.0", Array.Empty<(string, string)>());
        Write("Fixture.Alpha", "1.1.0", Array.Empty<(string, string)>());
        Write("Fixture.Beta", "1.0.0", new[] { ("Fixture.Alpha", "1.0.0") });
        Write("Fixture.Beta", "2.0.0", new[] { ("Fixture.Alpha", "1.1.0") });
        Write("Fixture.Gamma", "1.0.0", Array.Empty<(string, string)>());

        // For SBOM scenarios: a development dependency (its nuspec says so), and poor third-party metadata.
        Write("Fixture.DevTool", "1.0.0", Array.Empty<(string, string)>(), developmentDependency: true);
        Write("Fixture.OddLicense", "1.0.0", Array.Empty<(string, string)>(), licenseExpression: "MIT OR OR Apache-2.0");
    }

    /// <summary>The feed folder.</summary>
    public string Path { get; }

    /// <summary>The type every fixture assembly defines: <c>{Id}.Api</c> with a static Greeting() method.</summary>
    public static string ApiType(string id) => id + ".Api";

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private void Write(string id, string version, IReadOnlyList<(string Id, string Version)> dependencies, bool developmentDependency = false, string licenseExpression = "MIT")
    {
        var package = new TestPackageBuilder(id, version)
            .WithDescription("A fixture package for end-to-end tests.")
            .WithLicenseExpression(licenseExpression)
            .AsDevelopmentDependency(developmentDependency)
            .WithDependencyGroup("net8.0")
            .WithLibFile("net8.0", id + ".dll", TestAssemblyBuilder.Build(id, $"{id} {version}", new Version(version + ".0")));
        foreach (var (dependencyId, dependencyVersion) in dependencies)
        {
            package.WithDependency("net8.0", dependencyId, dependencyVersion);
        }

        package.WriteTo(Path);
    }
}
