using System.Collections.Generic;
using SupplyChain.Core.Attestations;

namespace SupplyChain.Core.Tests.Attestations;

public sealed class BuilderIdentityTests
{
    [Fact]
    public void Detect_GitHubActions_UsesTheWorkflowRefAndTheRun()
    {
        var identity = BuilderIdentity.Detect(Env(new()
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_REPOSITORY"] = "contoso/lib",
            ["GITHUB_WORKFLOW_REF"] = "contoso/lib/.github/workflows/release.yml@refs/heads/main",
            ["GITHUB_RUN_ID"] = "1536140711",
            ["GITHUB_RUN_ATTEMPT"] = "2",
        }));
        Assert.Equal("github-actions", identity.System);
        Assert.Equal("https://github.com/contoso/lib/.github/workflows/release.yml@refs/heads/main", identity.Id);
        Assert.Equal("https://github.com/contoso/lib/actions/runs/1536140711/attempts/2", identity.InvocationId);
    }

    [Fact]
    public void Detect_AzurePipelines_UsesTheDefinitionAndTheBuild()
    {
        var identity = BuilderIdentity.Detect(Env(new()
        {
            ["TF_BUILD"] = "True",
            ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/contoso/",
            ["SYSTEM_TEAMPROJECT"] = "Supply Chain",
            ["SYSTEM_DEFINITIONID"] = "42",
            ["BUILD_DEFINITIONNAME"] = "lib-ci",
            ["BUILD_BUILDID"] = "1001",
        }));
        Assert.Equal("azure-pipelines", identity.System);
        Assert.Equal("https://dev.azure.com/contoso/Supply%20Chain/_build?definitionId=42", identity.Id);
        Assert.Equal("https://dev.azure.com/contoso/Supply%20Chain/_build/results?buildId=1001", identity.InvocationId);
    }

    [Fact]
    public void Detect_AzurePipelinesWithoutDefinitionId_UsesTheDefinitionName()
    {
        var identity = BuilderIdentity.Detect(Env(new()
        {
            ["TF_BUILD"] = "True",
            ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/contoso",
            ["SYSTEM_TEAMPROJECT"] = "lib",
            ["BUILD_DEFINITIONNAME"] = "lib ci",
        }));
        Assert.Equal("https://dev.azure.com/contoso/lib/_build?definitionName=lib%20ci", identity.Id);
        Assert.StartsWith("urn:uuid:", identity.InvocationId, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_GitLab_UsesTheRunnerAndTheJob()
    {
        var identity = BuilderIdentity.Detect(Env(new()
        {
            ["GITLAB_CI"] = "true",
            ["CI"] = "true",
            ["CI_SERVER_URL"] = "https://gitlab.com",
            ["CI_PROJECT_PATH"] = "contoso/lib",
            ["CI_RUNNER_ID"] = "12270807",
            ["CI_JOB_ID"] = "4242",
        }));
        Assert.Equal("gitlab-ci", identity.System);
        Assert.Equal("https://gitlab.com/contoso/lib/-/runners/12270807", identity.Id);
        Assert.Equal("https://gitlab.com/contoso/lib/-/jobs/4242", identity.InvocationId);
    }

    [Fact]
    public void Detect_NoKnownCi_IsTheLocalBuilderWithARandomInvocation()
    {
        var first = BuilderIdentity.Detect(Env(new() { ["CI"] = "true" }));
        var second = BuilderIdentity.Detect(Env(new()));
        Assert.Equal(BuilderIdentity.LocalBuilderId, first.Id);
        Assert.Equal("local", first.System);
        Assert.StartsWith("urn:uuid:", first.InvocationId, System.StringComparison.Ordinal);
        Assert.NotEqual(first.InvocationId, second.InvocationId);
    }

    [Fact]
    public void Detect_GitHubActionsSetToFalse_IsNotGitHub()
        => Assert.Equal("local", BuilderIdentity.Detect(Env(new() { ["GITHUB_ACTIONS"] = "false" })).System);

    private static System.Func<string, string?> Env(Dictionary<string, string> values) => name => values.TryGetValue(name, out var value) ? value : null;
}
