using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;

/// <summary>What the test assembly was told at build time: where the packed SDK is, its version, the bundled TFM.</summary>
public static class TestEnvironment
{
    public static string PackageFolder => Metadata("SupplyChainPackageFolder");

    public static string PackageVersion => Metadata("SupplyChainPackageVersion");

    public static string ToolFolder => Metadata("SupplyChainToolFolder");

    /// <summary>The SDK's own target framework (net10.0 today).</summary>
    public static string TargetFramework => Metadata("BundledNETCoreAppTargetFramework");

    /// <summary>The packed SDK; fails with what to run when it is missing.</summary>
    public static string SdkPackagePath
    {
        get
        {
            var path = Path.Combine(PackageFolder, $"SupplyChain.Sdk.{PackageVersion}.nupkg");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"The SupplyChain.Sdk package is not at '{path}'. Run 'bash eng/pack.sh' (or 'bash eng/test.sh', which packs first).");
            }

            return path;
        }
    }

    private static string Metadata(string key)
        => typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
           ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing.");
}
