using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading;
using SupplyChain.TestUtilities;
using Xunit.Sdk;

namespace SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A consumer repository in a fresh folder under the system temp folder (never inside this repository:
/// nuget.config merges up the directory chain). It has its own nuget.config with cleared and mapped sources,
/// stub Directory.Build.* files, a global.json, and its own NUGET_PACKAGES. Deleted when the test passed,
/// kept (and its binary logs copied to artifacts/log/e2e) when an assertion of ours failed.
/// </summary>
public sealed class E2ERoot : IDisposable
{
    private static int s_counter;
    private readonly Dictionary<string, string> _environment;
    private int _step;
    private bool _failed;

    private E2ERoot(string path, string scenario, Dictionary<string, string> environment)
    {
        Path = path;
        Scenario = scenario;
        _environment = environment;
    }

    public string Path { get; }

    public string Scenario { get; }

    /// <summary>The isolated NuGet packages folder (NUGET_PACKAGES).</summary>
    public string PackagesPath => System.IO.Path.Combine(Path, ".packages");

    /// <summary>Environment variables of every child process (a copy; change with <see cref="SetEnvironment"/>).</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    public static E2ERoot Create(string scenario, FixtureFeed feed, SdkReferenceStyle style = SdkReferenceStyle.PackageReference, bool registry = false, bool centralPackageManagement = false)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scsdk-e2e", $"{scenario}-{Environment_ProcessId()}-{Interlocked.Increment(ref s_counter)}");
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
        var environment = ProcessRunner.CleanEnvironment();
        environment["NUGET_PACKAGES"] = System.IO.Path.Combine(path, ".packages");
        environment["NUGET_HTTP_CACHE_PATH"] = System.IO.Path.Combine(path, ".http-cache");
        var root = new E2ERoot(path, scenario, environment);
        root.WriteNuGetConfig(feed, registry);
        root.WriteStubs(style, centralPackageManagement);
        return root;
    }

    /// <summary>Writes a file below the root (folders created), with LF newlines.</summary>
    public string WriteFile(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content.Replace("\r\n", "\n"));
        return full;
    }

    public string ReadFile(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Path, relativePath));

    public string FullPath(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public void SetEnvironment(string name, string? value)
    {
        if (value is null)
        {
            _environment.Remove(name);
        }
        else
        {
            _environment[name] = value;
        }
    }

    /// <summary>
    /// Runs 'dotnet VERB ARGS' in the root (or a folder below it) with -nodeReuse:false and a binary log per step.
    /// </summary>
    public ProcessResult DotNet(string verb, params string[] args) => DotNetIn(".", verb, args);

    public ProcessResult DotNetIn(string relativeFolder, string verb, params string[] args)
    {
        var step = Interlocked.Increment(ref _step);
        var binlog = System.IO.Path.Combine(Path, "logs", $"{step:00}-{verb}.binlog");
        var arguments = new List<string> { verb };
        arguments.AddRange(args);
        if (verb is "build" or "pack" or "restore" or "publish" or "msbuild" or "clean")
        {
            arguments.Add("-nodeReuse:false");
            arguments.Add("-bl:" + binlog);
        }
        else
        {
            binlog = null;
        }

        return ProcessRunner.Run("dotnet", arguments, System.IO.Path.Combine(Path, relativeFolder), _environment, TimeSpan.FromMinutes(5), binlog);
    }

    /// <summary>Asserts a condition; on failure keeps the root and copies its logs, and puts the output tail in the message.</summary>
    public void Assert(bool condition, string message, ProcessResult? result = null)
    {
        if (condition)
        {
            return;
        }

        _failed = true;
        var logs = System.IO.Path.Combine(RepositoryPaths.Root, "artifacts", "log", "e2e", System.IO.Path.GetFileName(Path));
        try
        {
            if (Directory.Exists(System.IO.Path.Combine(Path, "logs")))
            {
                Directory.CreateDirectory(logs);
                foreach (var log in Directory.GetFiles(System.IO.Path.Combine(Path, "logs")))
                {
                    File.Copy(log, System.IO.Path.Combine(logs, System.IO.Path.GetFileName(log)), overwrite: true);
                }
            }
        }
        catch (IOException)
        {
            // The copy is a convenience; the assertion below is what matters.
        }

        throw new XunitException($"[{Scenario}] {message}\nRoot kept at: {Path}\nLogs: {logs}\n" + (result?.Tail() ?? string.Empty));
    }

    /// <summary>Asserts the command succeeded with no SupplyChain.Sdk error.</summary>
    public void AssertSucceeded(ProcessResult result)
        => Assert(result.ExitCode == 0 && result.SupplyChainDiagnostics.All(d => !d.IsError), "expected success", result);

    /// <summary>Asserts the command failed with the given code among its errors; returns that error.</summary>
    public BuildDiagnostic AssertFailedWith(ProcessResult result, string code)
    {
        Assert(result.ExitCode != 0, $"expected failure with {code}, but the command succeeded", result);
        var error = result.Errors.FirstOrDefault(e => e.Code == code);
        Assert(error is not null, $"expected error {code}; got {string.Join(", ", result.Errors.Select(e => e.Code).Distinct())}", result);
        return error!;
    }

    public void Dispose()
    {
        if (_failed || System.Environment.GetEnvironmentVariable("SUPPLYCHAIN_KEEP_E2E") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }

    private static int Environment_ProcessId() => System.Environment.ProcessId;

    private void WriteNuGetConfig(FixtureFeed feed, bool registry)
    {
        var sources = new List<(string Key, string Value, string[] Patterns)>
        {
            ("supplychain", TestEnvironment.PackageFolder, new[] { "SupplyChain.*" }),
            ("fixtures", feed.Path, new[] { "Fixture.*" }),
        };
        if (registry)
        {
            sources.Add(("nuget.org", "https://api.nuget.org/v3/index.json", new[] { "*" }));
        }

        var add = string.Join("\n", sources.Select(s => $"    <add key=\"{s.Key}\" value=\"{SecurityElement.Escape(s.Value)}\" />"));
        var map = string.Join("\n", sources.Select(s => $"    <packageSource key=\"{s.Key}\">\n" + string.Join("\n", s.Patterns.Select(p => $"      <package pattern=\"{p}\" />")) + "\n    </packageSource>"));
        WriteFile("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
            {add}
              </packageSources>
              <disabledPackageSources>
                <clear />
              </disabledPackageSources>
              <packageSourceMapping>
                <clear />
            {map}
              </packageSourceMapping>
            </configuration>

            """);
    }

    private void WriteStubs(SdkReferenceStyle style, bool centralPackageManagement)
    {
        var version = TestEnvironment.PackageVersion;
        var sdkReference = style == SdkReferenceStyle.PackageReference
            ? $"""
                <ItemGroup>
                  <PackageReference Include="SupplyChain.Sdk" Version="{version}" PrivateAssets="all" />
                </ItemGroup>
              """
            : string.Empty;
        WriteFile("Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>{(centralPackageManagement || style == SdkReferenceStyle.GlobalPackageReference ? "true" : "false")}</ManagePackageVersionsCentrally>
                <!-- As README recommends: lock files from the very first restore, before the package's props exist. -->
                <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
                <ImplicitUsings>disable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
              </PropertyGroup>
            {sdkReference}
            </Project>

            """);
        WriteFile("Directory.Build.targets", """
            <Project>
              <!-- Test seam: writes evaluated values for assertions. -->
              <Target Name="Test_EvaluateExpressions">
                <WriteLinesToFile File="$(MSBuildProjectDirectory)/evaluated.txt" Overwrite="true"
                                  Lines="RestorePackagesWithLockFile=$(RestorePackagesWithLockFile);RestoreLockedMode=$(RestoreLockedMode);SupplyChainPinning=$(SupplyChainPinning);SupplyChainIsContinuousIntegration=$(SupplyChainIsContinuousIntegration);SupplyChainSdkVersion=$(SupplyChainSdkVersion)" />
              </Target>
            </Project>

            """);
        if (style == SdkReferenceStyle.GlobalPackageReference)
        {
            WriteFile("Directory.Packages.props", $"""
                <Project>
                  <PropertyGroup>
                    <CentralPackageTransitivePinningEnabled>true</CentralPackageTransitivePinningEnabled>
                  </PropertyGroup>
                  <ItemGroup>
                    <GlobalPackageReference Include="SupplyChain.Sdk" Version="{version}" />
                  </ItemGroup>
                </Project>

                """);
        }

        WriteFile(".editorconfig", "root = true\n");
        var globalJson = File.ReadAllText(System.IO.Path.Combine(RepositoryPaths.Root, "global.json")).TrimEnd();
        if (style == SdkReferenceStyle.ProjectSdk)
        {
            globalJson = globalJson[..globalJson.LastIndexOf('}')].TrimEnd() + $",\n  \"msbuild-sdks\": {{\n    \"SupplyChain.Sdk\": \"{version}\"\n  }}\n}}";
        }

        WriteFile("global.json", globalJson + "\n");
    }
}
