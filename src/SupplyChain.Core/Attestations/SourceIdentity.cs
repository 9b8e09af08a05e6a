using System;
using System.Linq;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Attestations;

/// <summary>
/// The source a package was built from, as its SLSA provenance records it: the repository URL (credentials, query and
/// machine paths removed), the commit (a full hex object id) and the ref (<c>refs/heads/main</c>, <c>refs/tags/v1.0</c>).
/// </summary>
/// <param name="RepositoryUrl">The sanitized repository URL, or null.</param>
/// <param name="Commit">The lowercase commit id, or null.</param>
/// <param name="Ref">The full git ref, or null.</param>
public sealed record SourceIdentity(string? RepositoryUrl, string? Commit, string? Ref)
{
    /// <summary>
    /// The source from MSBuild's properties (SourceLink's <c>RepositoryUrl</c> / <c>PrivateRepositoryUrl</c>,
    /// <c>RepositoryCommit</c> / <c>SourceRevisionId</c>, NuGet's <c>RepositoryBranch</c>) and, for what they leave
    /// out, the CI system's checkout (GitHub Actions: <c>GITHUB_SERVER_URL</c>/<c>GITHUB_REPOSITORY</c>,
    /// <c>GITHUB_SHA</c>, <c>GITHUB_REF</c>; Azure Pipelines: <c>BUILD_REPOSITORY_URI</c>, <c>BUILD_SOURCEVERSION</c>,
    /// <c>BUILD_SOURCEBRANCH</c>; GitLab CI: <c>CI_PROJECT_URL</c>, <c>CI_COMMIT_SHA</c>, <c>CI_COMMIT_TAG</c> /
    /// <c>CI_COMMIT_BRANCH</c>). The CI values describe one checkout: they are used only when the CI system is the one
    /// running the build (its marker variable is set), and only when they describe the commit and repository the
    /// properties name (a ref of another commit or repository is never attached to this one).
    /// </summary>
    /// <param name="repositoryUrl">The repository URL property, or null.</param>
    /// <param name="commit">The commit property, or null.</param>
    /// <param name="branch">NuGet's <c>RepositoryBranch</c> (<c>main</c> or <c>refs/heads/main</c>), or null.</param>
    /// <param name="environment">Reads environment variables; null or empty when not set.</param>
    /// <param name="sink">Receives SCSDK6610 for a branch that is not a git ref name, and low-importance messages.</param>
    public static SourceIdentity Resolve(string? repositoryUrl, string? commit, string? branch, Func<string, string?> environment, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(sink);
        var url = SlsaProvenanceBuilder.SanitizeRepositoryUrl(repositoryUrl);
        var sha = SlsaProvenanceBuilder.NormalizeCommit(commit);
        string? gitRef = null;
        if (!string.IsNullOrWhiteSpace(branch))
        {
            gitRef = NormalizeRef(branch);
            if (gitRef is null)
            {
                sink.Report(Diagnostic.Create(DiagnosticCatalog.Provenance_BranchNotARef, null, 0, branch.Trim()));
            }
        }

        if (FromCi(environment) is not { } ci)
        {
            return new SourceIdentity(url, sha, gitRef);
        }

        if (sha is not null && ci.Commit is not null && !string.Equals(sha, ci.Commit, StringComparison.Ordinal))
        {
            sink.Trace($"The CI checkout ({ci.Commit}) is not the commit the build reports ({sha}): its repository and ref are not recorded.");
            return new SourceIdentity(url, sha, gitRef);
        }

        if (url is not null && ci.RepositoryUrl is not null && !SameRepository(url, ci.RepositoryUrl))
        {
            sink.Trace($"The CI repository ({ci.RepositoryUrl}) is not the repository the build reports ({url}): its ref is not recorded.");
            return new SourceIdentity(url, sha ?? ci.Commit, gitRef);
        }

        return new SourceIdentity(url ?? ci.RepositoryUrl, sha ?? ci.Commit, gitRef ?? ci.Ref);
    }

    /// <summary>
    /// A full git ref: <c>refs/...</c> as it is, a branch name as <c>refs/heads/NAME</c>; null when it is not a valid
    /// ref name (git's check-ref-format rules: no control characters, space, <c>~ ^ : ? * [ \</c>, no <c>..</c>,
    /// <c>@{</c>, <c>//</c>, no part starting with <c>.</c> or ending with <c>.lock</c>, not ending in <c>/</c> or <c>.</c>).
    /// </summary>
    public static string? NormalizeRef(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        var full = text.StartsWith("refs/", StringComparison.Ordinal) ? text : "refs/heads/" + text;
        if (full.Length > 255 || full.Any(c => c < 0x20 || c == 0x7f || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\')
            || full.Contains("..", StringComparison.Ordinal) || full.Contains("@{", StringComparison.Ordinal) || full.Contains("//", StringComparison.Ordinal)
            || full.EndsWith('/') || full.EndsWith('.') || full == "refs/heads/@")
        {
            return null;
        }

        foreach (var part in full.Split('/'))
        {
            if (part.Length == 0 || part.StartsWith('.') || part.EndsWith(".lock", StringComparison.Ordinal))
            {
                return null;
            }
        }

        return full.Split('/').Length >= 3 ? full : null;
    }

    /// <summary>True when two repository URLs name the same repository (ignoring a trailing <c>/</c> or <c>.git</c>, and the case of the host).</summary>
    public static bool SameRepository(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return string.Equals(Canonical(first), Canonical(second), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A repository URL without a trailing <c>/</c> or <c>.git</c> and without a <c>git+</c> prefix, for comparisons.</summary>
    public static string Canonical(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.Trim();
        if (text.StartsWith("git+", StringComparison.Ordinal))
        {
            text = text[4..];
        }

        text = text.TrimEnd('/');
        return text.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? text[..^4] : text;
    }

    private static SourceIdentity? FromCi(Func<string, string?> env)
    {
        if (IsSet(env("GITHUB_ACTIONS")))
        {
            var server = (Value(env, "GITHUB_SERVER_URL") ?? "https://github.com").TrimEnd('/');
            var repository = Value(env, "GITHUB_REPOSITORY");
            return new SourceIdentity(
                repository is null ? null : SlsaProvenanceBuilder.SanitizeRepositoryUrl(server + "/" + repository),
                SlsaProvenanceBuilder.NormalizeCommit(Value(env, "GITHUB_SHA")),
                Value(env, "GITHUB_REF") is { } githubRef && githubRef.StartsWith("refs/", StringComparison.Ordinal) ? NormalizeRef(githubRef) : null);
        }

        if (IsSet(env("TF_BUILD")))
        {
            return new SourceIdentity(
                SlsaProvenanceBuilder.SanitizeRepositoryUrl(Value(env, "BUILD_REPOSITORY_URI")),
                SlsaProvenanceBuilder.NormalizeCommit(Value(env, "BUILD_SOURCEVERSION")),
                Value(env, "BUILD_SOURCEBRANCH") is { } azureRef && azureRef.StartsWith("refs/", StringComparison.Ordinal) ? NormalizeRef(azureRef) : null);
        }

        if (IsSet(env("GITLAB_CI")))
        {
            var tag = Value(env, "CI_COMMIT_TAG");
            var branch = Value(env, "CI_COMMIT_BRANCH");
            return new SourceIdentity(
                SlsaProvenanceBuilder.SanitizeRepositoryUrl(Value(env, "CI_PROJECT_URL")),
                SlsaProvenanceBuilder.NormalizeCommit(Value(env, "CI_COMMIT_SHA")),
                tag is not null ? NormalizeRef("refs/tags/" + tag) : branch is not null ? NormalizeRef("refs/heads/" + branch) : null);
        }

        return null;
    }

    private static string? Value(Func<string, string?> env, string name)
    {
        var value = env(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static bool IsSet(string? value)
        => !string.IsNullOrWhiteSpace(value) && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) && value != "0";
}
