using System;
using System.IO;
using SupplyChain.Core.LockFiles;

namespace SupplyChain.Core.Tests.LockFiles;

/// <summary>
/// One lock-file location rule: Core's <see cref="LockFileLocation"/> (used by the CLI) and the MSBuild computation of
/// <c>_SupplyChainLockFilePath</c> in SupplyChain.Sdk.LockFiles.targets must be the same rule, NuGet's.
/// </summary>
public sealed class LockFileLocationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scsdk-lockrule-" + Guid.NewGuid().ToString("N"));

    public LockFileLocationTests()
    {
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void NuGetLockFilePath_WinsAndIsRelativeToTheProjectFolder()
    {
        File.WriteAllText(Path.Combine(_folder, "packages.My_App.lock.json"), "{}");

        var path = LockFileLocation.For(Path.Combine(_folder, "My App.csproj"), "My App", "locks/../custom.lock.json");

        Assert.Equal(Path.Combine(_folder, "custom.lock.json"), path);
    }

    [Fact]
    public void ProjectNamedLockFile_IsUsedWhenItExists_WithSpacesReplaced()
    {
        File.WriteAllText(Path.Combine(_folder, "packages.My_App.lock.json"), "{}");
        File.WriteAllText(Path.Combine(_folder, "packages.lock.json"), "{}");

        Assert.Equal(Path.Combine(_folder, "packages.My_App.lock.json"), LockFileLocation.For(Path.Combine(_folder, "My App.csproj"), "My App", null));
        Assert.Equal(Path.Combine(_folder, "packages.My_App.lock.json"), LockFileLocation.For(Path.Combine(_folder, "My App.csproj"), null, " "));
    }

    [Fact]
    public void WithoutEither_ThePlainLockFileIsTheLocation_EvenWhenMissing()
    {
        Assert.Equal(Path.Combine(_folder, "packages.lock.json"), LockFileLocation.For(Path.Combine(_folder, "App.csproj"), "App", null));
    }

    [Fact]
    public void TheTargetsComputeTheSameRule()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "SupplyChain.Sdk.sln")))
        {
            directory = Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("The repository root was not found.");
        }

        var targets = File.ReadAllText(Path.Combine(directory, "src", "SupplyChain.Sdk", "build", "SupplyChain.Sdk.LockFiles.targets"));
        var custom = targets.IndexOf("<_SupplyChainLockFilePath Condition=\"'$(NuGetLockFilePath)' != ''\">$([MSBuild]::NormalizePath('$(MSBuildProjectDirectory)', '$(NuGetLockFilePath)'))</_SupplyChainLockFilePath>", StringComparison.Ordinal);
        var namedDefinition = targets.IndexOf("<_SupplyChainNamedLockFilePath>$(MSBuildProjectDirectory)/packages.$(MSBuildProjectName.Replace(' ', '_')).lock.json</_SupplyChainNamedLockFilePath>", StringComparison.Ordinal);
        var named = targets.IndexOf("<_SupplyChainLockFilePath Condition=\"'$(_SupplyChainLockFilePath)' == '' and Exists('$(_SupplyChainNamedLockFilePath)')\">$(_SupplyChainNamedLockFilePath)</_SupplyChainLockFilePath>", StringComparison.Ordinal);
        var plain = targets.IndexOf("<_SupplyChainLockFilePath Condition=\"'$(_SupplyChainLockFilePath)' == ''\">$(MSBuildProjectDirectory)/packages.lock.json</_SupplyChainLockFilePath>", StringComparison.Ordinal);

        Assert.True(custom >= 0 && namedDefinition > custom && named > namedDefinition && plain > named, "The MSBuild computation of _SupplyChainLockFilePath is no longer LockFileLocation.For's rule; change both together.");
        Assert.Contains("LockFileLocation", targets, StringComparison.Ordinal);
    }
}
