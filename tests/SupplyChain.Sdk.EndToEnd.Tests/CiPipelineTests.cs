using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// The pipelines of docs/ci run as written against a sample: the release workflow (locked restore, lock verify, build,
/// test, pack with a signing key from an environment variable into a TUF repository, TUF publish, attestation
/// verification), then the verifying workflow (TUF client download of the package and its attestations, attest verify,
/// the consumer's locked restore and build).
/// </summary>
[Collection(PinningCollection.Name)]
[Trait("Category", "E2E")]
public sealed class CiPipelineTests
{
    private readonly FixtureFeed _feed;

    public CiPipelineTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    [Fact]
    public void ReleaseThenVerifyPipelines_RunAsWritten_AgainstASample()
    {
        using var root = E2ERoot.Create("CiPipelines", _feed);
        Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"1.0.0") }, extraProperties: "<PackageId>Contoso.App</PackageId><Version>1.0.0</Version>");
        root.WriteFile("App.slnx", "<Solution>\n  <Project Path=\"src/App/App.csproj\" />\n</Solution>\n");
        var tool = Path.Combine(TestEnvironment.ToolFolder, "SupplyChain.Tool.dll");

        // One-time setup of docs/ci/README.md: lock files committed (a first restore), keys, a TUF repository.
        root.AssertSucceeded(root.DotNet("restore", "src/App/App.csproj"));
        Directory.CreateDirectory(root.FullPath("keys"));
        foreach (var key in new[] { "release-signing", "root", "targets", "snapshot", "timestamp" })
        {
            Run(root, $"dotnet \"{tool}\" keygen --type ecdsa-p256 --out keys/{key}");
        }

        Run(root, $"dotnet \"{tool}\" tuf init tuf --root-key keys/root --targets-key keys/targets --snapshot-key keys/snapshot --timestamp-key keys/timestamp");
        root.SetEnvironment("RELEASE_SIGNING_KEY", root.ReadFile("keys/release-signing"));
        root.SetEnvironment("TUF_TARGETS_KEY", root.ReadFile("keys/targets"));
        root.SetEnvironment("TUF_SNAPSHOT_KEY", root.ReadFile("keys/snapshot"));
        root.SetEnvironment("TUF_TIMESTAMP_KEY", root.ReadFile("keys/timestamp"));
        root.SetEnvironment("GITHUB_ACTIONS", "true");
        root.SetEnvironment("GITHUB_WORKSPACE", root.Path);
        root.SetEnvironment("SUPPLYCHAIN_TOOL", tool);

        foreach (var script in Runnable("github-actions-release.yml"))
        {
            Run(root, script);
        }

        root.Assert(File.Exists(root.FullPath("artifacts/packages/Contoso.App.1.0.0.cdx.json")) && File.Exists(root.FullPath("artifacts/packages/Contoso.App.1.0.0.intoto.jsonl")), "the pack wrote the SBOM and the attestations beside the package");

        // The consumer: trusted material copied out of band, the repository served from the folder.
        Directory.CreateDirectory(root.FullPath("trusted"));
        File.Copy(root.FullPath("tuf/metadata/1.root.json"), root.FullPath("trusted/1.root.json"));
        File.Copy(root.FullPath("keys/release-signing.pub"), root.FullPath("trusted/release-signing.pub"));
        root.SetEnvironment("TUF_REPOSITORY", root.FullPath("tuf"));
        root.SetEnvironment("PACKAGE_ID", "contoso.app");
        root.SetEnvironment("PACKAGE_VERSION", "1.0.0");
        foreach (var script in Runnable("github-actions-verify.yml"))
        {
            Run(root, script);
        }

        root.Assert(File.ReadAllBytes(root.FullPath("verified/contoso.app.1.0.0.nupkg")).SequenceEqual(File.ReadAllBytes(root.FullPath("artifacts/packages/Contoso.App.1.0.0.nupkg"))), "the TUF client downloaded the packed bytes");
    }

    /// <summary>The pipeline's scripts, with the tool manifest's 'dotnet tool run supplychain' pointed at the tool under test.</summary>
    private static IEnumerable<string> Runnable(string file)
        => CiPipelineCommands.Scripts(file)
            .Where(s => s != "dotnet tool restore") // no tool manifest here: the tool under test is run directly
            .Select(s => s.Replace("dotnet tool run supplychain", "dotnet \"$SUPPLYCHAIN_TOOL\"", StringComparison.Ordinal));

    private static void Run(E2ERoot root, string script)
    {
        var result = ProcessRunner.Run("bash", new[] { "-c", script }, root.Path, root.Environment, TimeSpan.FromMinutes(5));
        root.Assert(result.ExitCode == 0, "the pipeline step succeeds: " + script, result);
    }
}
