using System;
using System.Globalization;

namespace SupplyChain.Core.Attestations;

/// <summary>
/// Who ran a build, for SLSA provenance <c>runDetails</c>: the builder id (a URI naming the CI workflow or pipeline
/// that ran the build, or the local builder), the invocation id (a URI or id of this very run) and which CI system it was.
/// </summary>
/// <param name="Id">The <c>runDetails.builder.id</c>.</param>
/// <param name="InvocationId">The <c>runDetails.metadata.invocationId</c>.</param>
/// <param name="System">The CI system: <c>github-actions</c>, <c>azure-pipelines</c>, <c>gitlab-ci</c> or <c>local</c>.</param>
public sealed record BuilderIdentity(string Id, string InvocationId, string System)
{
    /// <summary>The builder id of a build that no supported CI system ran (a developer machine, or an unknown CI).</summary>
    public const string LocalBuilderId = AttestationUris.Documentation + "#builder-local";

    /// <summary>
    /// Detects the CI system from its environment variables: GitHub Actions (<c>GITHUB_ACTIONS</c>), Azure Pipelines
    /// (<c>TF_BUILD</c>), GitLab CI (<c>GITLAB_CI</c>); anything else is the local builder with a random invocation id.
    /// </summary>
    /// <param name="environment">Reads an environment variable; null or empty when it is not set.</param>
    public static BuilderIdentity Detect(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return GitHubActions(environment) ?? AzurePipelines(environment) ?? GitLab(environment) ?? Local();
    }

    /// <summary>The local builder, with a random <c>urn:uuid:</c> invocation id.</summary>
    public static BuilderIdentity Local() => new(LocalBuilderId, "urn:uuid:" + Guid.NewGuid().ToString("D"), "local");

    // GitHub Actions: the workflow file at its ref is the builder (GITHUB_WORKFLOW_REF is 'owner/repo/.github/workflows/x.yml@refs/...').
    private static BuilderIdentity? GitHubActions(Func<string, string?> env)
    {
        if (!IsSet(env("GITHUB_ACTIONS")))
        {
            return null;
        }

        var server = (Value(env, "GITHUB_SERVER_URL") ?? "https://github.com").TrimEnd('/');
        var repository = Value(env, "GITHUB_REPOSITORY");
        var workflowRef = Value(env, "GITHUB_WORKFLOW_REF");
        var id = workflowRef is not null
            ? server + "/" + workflowRef
            : repository is not null ? server + "/" + repository + "/actions" : LocalBuilderId;
        var runId = Value(env, "GITHUB_RUN_ID");
        var attempt = Value(env, "GITHUB_RUN_ATTEMPT") ?? "1";
        var invocation = repository is not null && runId is not null
            ? $"{server}/{repository}/actions/runs/{runId}/attempts/{attempt}"
            : "urn:uuid:" + Guid.NewGuid().ToString("D");
        return new BuilderIdentity(id, invocation, "github-actions");
    }

    // Azure Pipelines: the pipeline definition is the builder; the build results page is the invocation.
    private static BuilderIdentity? AzurePipelines(Func<string, string?> env)
    {
        if (!IsSet(env("TF_BUILD")))
        {
            return null;
        }

        var collection = Value(env, "SYSTEM_COLLECTIONURI");
        var project = Value(env, "SYSTEM_TEAMPROJECT");
        var definitionId = Value(env, "SYSTEM_DEFINITIONID");
        var definitionName = Value(env, "BUILD_DEFINITIONNAME");
        var buildId = Value(env, "BUILD_BUILDID");
        string id;
        string invocation;
        if (collection is not null && project is not null)
        {
            var projectUrl = collection.TrimEnd('/') + "/" + Uri.EscapeDataString(project);
            id = definitionId is not null
                ? projectUrl + "/_build?definitionId=" + Uri.EscapeDataString(definitionId)
                : definitionName is not null ? projectUrl + "/_build?definitionName=" + Uri.EscapeDataString(definitionName) : projectUrl + "/_build";
            invocation = buildId is not null ? projectUrl + "/_build/results?buildId=" + Uri.EscapeDataString(buildId) : "urn:uuid:" + Guid.NewGuid().ToString("D");
        }
        else
        {
            id = LocalBuilderId;
            invocation = "urn:uuid:" + Guid.NewGuid().ToString("D");
        }

        return new BuilderIdentity(id, invocation, "azure-pipelines");
    }

    // GitLab CI: the project's runner is the builder (as GitLab's own provenance names it); the job is the invocation.
    private static BuilderIdentity? GitLab(Func<string, string?> env)
    {
        if (!IsSet(env("GITLAB_CI")))
        {
            return null;
        }

        var server = Value(env, "CI_SERVER_URL")?.TrimEnd('/');
        var project = Value(env, "CI_PROJECT_PATH");
        var runner = Value(env, "CI_RUNNER_ID");
        var jobUrl = Value(env, "CI_JOB_URL");
        var jobId = Value(env, "CI_JOB_ID");
        var id = server is not null && project is not null
            ? runner is not null ? $"{server}/{project}/-/runners/{runner}" : $"{server}/{project}"
            : LocalBuilderId;
        var invocation = jobUrl
            ?? (server is not null && project is not null && jobId is not null ? string.Format(CultureInfo.InvariantCulture, "{0}/{1}/-/jobs/{2}", server, project, jobId) : "urn:uuid:" + Guid.NewGuid().ToString("D"));
        return new BuilderIdentity(id, invocation, "gitlab-ci");
    }

    private static string? Value(Func<string, string?> env, string name)
    {
        var value = env(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static bool IsSet(string? value)
        => !string.IsNullOrWhiteSpace(value) && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) && value != "0";
}
