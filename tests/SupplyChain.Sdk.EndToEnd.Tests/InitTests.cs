using System;
using System.IO;
using System.Linq;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// 'supplychain init' on repositories shaped like real ones (issue 13): afterwards 'dotnet build' passes with the SDK
/// in CI locked mode and 'supplychain lock verify' exits 0; a second run changes nothing; --dry-run writes nothing.
/// </summary>
[Collection(ShapesCollection.Name)]
[Trait("Category", "E2E")]
public sealed class InitTests
{
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromMinutes(5);
    private readonly FixtureFeed _feed;

    public InitTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    [Fact]
    public void Init_CentralPackageManagement_TwoUnmappedSources_FloatingAndRangedVersions_SolutionWithTestProject_BuildsLockedInCi()
    {
        using var root = E2ERoot.Create("InitCpm", _feed, SdkReferenceStyle.None);
        WriteUnmappedNuGetConfig(root, registry: true);
        root.WriteFile("Directory.Build.props", """
            <Project>
              <!-- Company-wide settings: kept as written. -->
              <PropertyGroup>
                <ImplicitUsings>disable</ImplicitUsings>
                <Nullable>enable</Nullable>

                <GenerateDocumentationFile>false</GenerateDocumentationFile>
              </PropertyGroup>
            </Project>

            """);
        root.WriteFile("Directory.Packages.props", """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <!-- Floating: the newest 1.x -->
                <PackageVersion Include="Fixture.Alpha" Version="1.*" />
                <PackageVersion Include="Fixture.Beta"
                                Version="[1.0.0, 3.0.0)" />
              </ItemGroup>
            </Project>

            """);

        // tests/ has its own Directory.Packages.props that does not import the one above (it stops inheritance).
        root.WriteFile("tests/Directory.Packages.props", """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="Fixture.Gamma" Version="1.0.*" />
              </ItemGroup>
            </Project>

            """);
        Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)null), ("Fixture.Beta", (string?)null) }, targetFrameworks: $"{TestEnvironment.TargetFramework};net8.0");
        WriteTestProject(root, "App.Tests", "Fixture.Gamma", null, "../../src/App/App.csproj");
        root.WriteFile("App.slnx", """
            <Solution>
              <Project Path="src/App/App.csproj" />
              <Project Path="tests/App.Tests/App.Tests.csproj" />
            </Solution>

            """);
        GitCommit(root, "the repository before init");

        var dryRun = Tool(root, "init", "--dry-run");
        root.Assert(dryRun.ExitCode == 0, "init --dry-run exits 0", dryRun);
        root.Assert(dryRun.Output.Contains("--- a/Directory.Packages.props", StringComparison.Ordinal) && dryRun.Output.Contains("+    <PackageVersion Include=\"Fixture.Alpha\" Version=\"1.1.0\" />", StringComparison.Ordinal), "the dry run prints a unified diff", dryRun);
        root.Assert(GitStatus(root).Length == 0, "the dry run wrote nothing: " + GitStatus(root));

        var init = Tool(root, "init");
        root.Assert(init.ExitCode == 0, "init exits 0: nothing is left for a human", init);
        var packages = root.ReadFile("Directory.Packages.props");
        root.Assert(packages.Contains("<PackageVersion Include=\"Fixture.Alpha\" Version=\"1.1.0\" />", StringComparison.Ordinal), "the floating version is pinned to what restore resolved: " + packages);
        root.Assert(packages.Contains("<PackageVersion Include=\"Fixture.Beta\"\n                    Version=\"1.0.0\" />", StringComparison.Ordinal), "the range is pinned to the version restore resolved (its lowest), the attribute layout kept: " + packages);
        root.Assert(packages.Contains("<!-- Floating: the newest 1.x -->", StringComparison.Ordinal), "comments survive: " + packages);
        root.Assert(packages.Contains($"<GlobalPackageReference Include=\"SupplyChain.Sdk\" Version=\"{TestEnvironment.PackageVersion}\" />", StringComparison.Ordinal), "the SDK is a GlobalPackageReference pinned to the tool's version: " + packages);
        var testPackages = root.ReadFile("tests/Directory.Packages.props");
        root.Assert(testPackages.Contains("<GlobalPackageReference Include=\"SupplyChain.Sdk\"", StringComparison.Ordinal) && testPackages.Contains("Version=\"1.0.0\" />", StringComparison.Ordinal), "the Directory.Packages.props that stops inheritance gets the SDK and its pin too: " + testPackages);
        var props = root.ReadFile("Directory.Build.props");
        root.Assert(props.StartsWith("<Project>\n  <!-- Company-wide settings: kept as written. -->\n  <PropertyGroup>\n    <ImplicitUsings>disable</ImplicitUsings>\n    <Nullable>enable</Nullable>\n\n", StringComparison.Ordinal)
            && props.Contains("<RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>", StringComparison.Ordinal)
            && props.Contains("<RestoreLockedMode>true</RestoreLockedMode>", StringComparison.Ordinal), "Directory.Build.props keeps its text and gains lock files and CI locked mode: " + props);
        var config = root.ReadFile("nuget.config");
        root.Assert(config.Contains("<package pattern=\"Fixture.*\" />", StringComparison.Ordinal) && config.Contains("<package pattern=\"SupplyChain.Sdk\" />", StringComparison.Ordinal) && config.Contains("<package pattern=\"Microsoft.*\" />", StringComparison.Ordinal) && !config.Contains("pattern=\"*\"", StringComparison.Ordinal), "each source is mapped to what it served, with a prefix where a whole prefix came from one source: " + config);
        root.Assert(File.Exists(root.FullPath("src/App/packages.lock.json")) && File.Exists(root.FullPath("tests/App.Tests/packages.lock.json")), "init restored, so the lock files exist", init);

        GitCommit(root, "supplychain init");
        var again = Tool(root, "init");
        root.Assert(again.ExitCode == 0 && again.Output.Contains("nothing to change", StringComparison.Ordinal), "a second run changes nothing and says so", again);
        root.Assert(GitStatus(root).Length == 0, "a second run leaves the tree clean: " + GitStatus(root));

        root.SetEnvironment("CI", "true");
        var build = root.DotNet("build", "App.slnx");
        root.AssertSucceeded(build);
        var verify = Tool(root, "lock", "verify", "App.slnx");
        root.Assert(verify.ExitCode == 0, "'supplychain lock verify' exits 0 after init", verify);
    }

    [Fact]
    public void Init_ProjectFilesWithoutCentralManagement_MappedSources_MultiTargeting_PinsInTheProjectAndRefusesADirtyTree()
    {
        using var root = E2ERoot.Create("InitPlain", _feed, SdkReferenceStyle.None, registry: true);
        root.WriteFile("Directory.Build.props", "<Project>\r\n  <PropertyGroup>\r\n    <ImplicitUsings>disable</ImplicitUsings>\r\n    <Nullable>enable</Nullable>\r\n  </PropertyGroup>\r\n</Project>\r\n".Replace("\r\n", "\n", StringComparison.Ordinal));
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"[1.0.0,2.0.0]"), ("Fixture.Gamma", (string?)"1.0.0") }, targetFrameworks: $"{TestEnvironment.TargetFramework};net8.0");
        GitCommit(root, "before");

        root.WriteFile("scratch.txt", "uncommitted");
        var dirty = Tool(root, "init");
        root.Assert(dirty.ExitCode == 2 && dirty.Output.Contains("SCSDK7000", StringComparison.Ordinal), "a dirty working tree is refused with SCSDK7000 and exit code 2", dirty);
        root.Assert(!root.ReadFile("Directory.Build.props").Contains("SupplyChain.Sdk", StringComparison.Ordinal), "nothing was written");
        File.Delete(root.FullPath("scratch.txt"));

        var init = Tool(root, "init", "src/App/App.csproj");
        root.Assert(init.ExitCode == 0, "init of a project exits 0", init);
        var text = root.ReadFile(project);
        root.Assert(text.Contains("<PackageReference Include=\"Fixture.Beta\" Version=\"1.0.0\" />", StringComparison.Ordinal), "the range in the project file is pinned to what restore resolved (its lowest version): " + text);
        var props = root.ReadFile("Directory.Build.props");
        root.Assert(props.Contains($"<PackageReference Include=\"SupplyChain.Sdk\" Version=\"{TestEnvironment.PackageVersion}\" PrivateAssets=\"all\" />", StringComparison.Ordinal), "the SDK is a PackageReference in Directory.Build.props: " + props);
        var config = root.ReadFile("nuget.config");
        root.Assert(!config.Contains("<package pattern=\"Fixture.Beta\"", StringComparison.Ordinal) && !config.Contains("<package pattern=\"SupplyChain.Sdk\"", StringComparison.Ordinal), "an existing mapping that covers every package is left alone: " + config);

        root.SetEnvironment("CI", "true");
        var build = root.DotNet("build", project);
        root.AssertSucceeded(build);
        var verify = Tool(root, "lock", "verify", project);
        root.Assert(verify.ExitCode == 0, "'supplychain lock verify' exits 0 after init", verify);
    }

    [Fact]
    public void Init_SdkForm_WritesGlobalJsonAndDirectorySolutionTargets_ThenTheSolutionBuildsLockedInCi()
    {
        using var root = E2ERoot.Create("InitSdkForm", _feed, SdkReferenceStyle.None);
        WriteUnmappedNuGetConfig(root);
        root.WriteFile("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <ImplicitUsings>disable</ImplicitUsings>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n</Project>\n");
        Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.*") });
        root.WriteFile("App.slnx", "<Solution>\n  <Project Path=\"src/App/App.csproj\" />\n</Solution>\n");
        GitCommit(root, "before");

        var init = Tool(root, "init", "--sdk-form");
        root.Assert(init.ExitCode == 0, "init --sdk-form exits 0", init);
        var globalJson = root.ReadFile("global.json");
        root.Assert(globalJson.Contains($"\"SupplyChain.Sdk\": \"{TestEnvironment.PackageVersion}\"", StringComparison.Ordinal) && globalJson.Contains("\"sdk\"", StringComparison.Ordinal), "global.json pins the SDK and keeps its sdk section: " + globalJson);
        root.Assert(root.ReadFile("src/App/App.csproj").Contains("<Sdk Name=\"SupplyChain.Sdk\" />", StringComparison.Ordinal), "the project names the SDK");
        root.Assert(root.ReadFile("Directory.Solution.targets").Contains("<Import Project=\"Solution.targets\" Sdk=\"SupplyChain.Sdk\" />", StringComparison.Ordinal), "Directory.Solution.targets imports the SDK's Solution.targets");
        root.Assert(root.ReadFile("src/App/App.csproj").Contains("Version=\"1.1.0\"", StringComparison.Ordinal), "the floating version is pinned");

        root.SetEnvironment("CI", "true");
        var build = root.DotNet("build", "App.slnx");
        root.AssertSucceeded(build);
        var verify = Tool(root, "lock", "verify", "App.slnx");
        root.Assert(verify.ExitCode == 0, "'supplychain lock verify' exits 0 after init", verify);
    }

    private static void WriteUnmappedNuGetConfig(E2ERoot root, bool registry = false)
        => root.WriteFile("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <!-- Two sources, no mapping yet. -->
              <packageSources>
                <clear />
                <add key="local-sdk" value="{System.Security.SecurityElement.Escape(TestEnvironment.PackageFolder)}" />
                <add key="fixtures" value="{System.Security.SecurityElement.Escape(FeedPath(root))}" />{(registry ? "\n    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" />" : string.Empty)}
              </packageSources>
            </configuration>

            """);

    private static string FeedPath(E2ERoot root)
    {
        // The feed E2ERoot.Create mapped: read it back from the config it wrote.
        var config = root.ReadFile("nuget.config");
        var start = config.IndexOf("key=\"fixtures\" value=\"", StringComparison.Ordinal) + "key=\"fixtures\" value=\"".Length;
        return System.Net.WebUtility.HtmlDecode(config[start..config.IndexOf('"', start)]);
    }

    private static void WriteTestProject(E2ERoot root, string name, string package, string? version, string reference)
    {
        var versionAttribute = version is null ? string.Empty : $" Version=\"{version}\"";
        root.WriteFile($"tests/{name}/{name}.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>{TestEnvironment.TargetFramework}</TargetFramework>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{package}"{versionAttribute} />
                <ProjectReference Include="{reference}" />
              </ItemGroup>
            </Project>

            """);
        root.WriteFile($"tests/{name}/UnitTests.cs", $$"""
            namespace {{name.Replace(".", "_", StringComparison.Ordinal)}};

            public static class UnitTests
            {
                public static string Run() => App.Uses.All() + {{FixtureFeed.ApiType(package)}}.Greeting();
            }

            """);
    }

    private static void GitCommit(E2ERoot root, string message)
    {
        root.WriteFile(".gitignore", "bin/\nobj/\n.packages/\n.http-cache/\nlogs/\n");
        foreach (var args in new[] { new[] { "init", "-q" }, new[] { "add", "-A" }, new[] { "-c", "user.name=e2e", "-c", "user.email=e2e@example.org", "commit", "-q", "--allow-empty", "-m", message } })
        {
            var result = ProcessRunner.Run("git", args, root.Path, root.Environment, TimeSpan.FromMinutes(1));
            root.Assert(result.ExitCode == 0, "git " + string.Join(' ', args), result);
        }
    }

    private static string GitStatus(E2ERoot root)
        => ProcessRunner.Run("git", new[] { "status", "--porcelain" }, root.Path, root.Environment, TimeSpan.FromMinutes(1)).Output.Trim();

    private static ProcessResult Tool(E2ERoot root, params string[] args)
        => ProcessRunner.Run("dotnet", new[] { Path.Combine(TestEnvironment.ToolFolder, "SupplyChain.Tool.dll") }.Concat(args), root.Path, root.Environment, s_toolTimeout);
}
