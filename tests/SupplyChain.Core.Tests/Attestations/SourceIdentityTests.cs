using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tests.Attestations;

/// <summary>
/// The source repository, commit and ref our pack writes into its SLSA provenance: from MSBuild's properties, the CI
/// checkout for what they leave out, credentials never written.
/// </summary>
public sealed class SourceIdentityTests
{
    private const string Commit = "c27d339ee6075c1f744c5d4b200f7901aad2c369";
    private const string OtherCommit = "0123456789abcdef0123456789abcdef01234567";

    private static Func<string, string?> Env(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    private static SlsaProvenanceRequest Request(SourceIdentity source) => new()
    {
        ProjectPath = "src/Lib/Lib.csproj",
        PackageId = "Contoso.Lib",
        PackageVersion = "1.0.0",
        RepositoryUrl = source.RepositoryUrl,
        RepositoryCommit = source.Commit,
        RepositoryRef = source.Ref,
        Builder = BuilderIdentity.Local(),
        StartedOn = AttestationTestHelpers.Started,
        FinishedOn = AttestationTestHelpers.Finished,
    };

    [Fact]
    public void Properties_RecordRepositoryRefAndCommit_TheWayGitHubsBuildTypeDoes()
    {
        var source = SourceIdentity.Resolve("https://github.com/contoso/lib.git", Commit.ToUpperInvariant(), "main", Env(), new DiagnosticBag());
        var predicate = SlsaProvenanceBuilder.BuildPredicate(Request(source));

        var external = predicate["buildDefinition"]!["externalParameters"]!["source"]!;
        Assert.Equal("https://github.com/contoso/lib.git", (string?)external["repository"]);
        Assert.Equal("refs/heads/main", (string?)external["ref"]);
        Assert.Equal(Commit, (string?)external["commit"]);
        var dependency = predicate["buildDefinition"]!["resolvedDependencies"]![0]!;
        Assert.Equal("git+https://github.com/contoso/lib.git@refs/heads/main", (string?)dependency["uri"]);
        Assert.Equal(Commit, (string?)dependency["digest"]!["gitCommit"]);
    }

    [Fact]
    public void NoRef_TheGitDependencyStaysAtTheCommit()
    {
        var source = SourceIdentity.Resolve("https://github.com/contoso/lib", Commit, null, Env(), new DiagnosticBag());
        var predicate = SlsaProvenanceBuilder.BuildPredicate(Request(source));
        Assert.Null(predicate["buildDefinition"]!["externalParameters"]!["source"]!["ref"]);
        Assert.Equal("git+https://github.com/contoso/lib@" + Commit, (string?)predicate["buildDefinition"]!["resolvedDependencies"]![0]!["uri"]);
    }

    [Theory]
    [InlineData("https://builder:ghp_s3cr3tT0ken@github.com/contoso/lib.git")]
    [InlineData("https://ghp_s3cr3tT0ken@github.com/contoso/lib.git")]
    [InlineData("https://x-access-token:ghp_s3cr3tT0ken@github.com/contoso/lib.git?token=ghp_s3cr3tT0ken")]
    public void CredentialsInTheRepositoryUrl_NeverReachTheProvenance(string url)
    {
        var source = SourceIdentity.Resolve(url, Commit, "refs/heads/main", Env(), new DiagnosticBag());
        var predicate = SlsaProvenanceBuilder.BuildPredicate(Request(source));
        Assert.DoesNotContain("s3cr3t", predicate.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("git+https://github.com/contoso/lib.git@refs/heads/main", (string?)predicate["buildDefinition"]!["resolvedDependencies"]![0]!["uri"]);
    }

    [Fact]
    public void CredentialsInTheCiServerUrl_NeverReachTheProvenance()
    {
        var env = Env(("GITHUB_ACTIONS", "true"), ("GITHUB_SERVER_URL", "https://bot:ghp_s3cr3t@ghe.contoso.com"), ("GITHUB_REPOSITORY", "contoso/lib"), ("GITHUB_SHA", Commit), ("GITHUB_REF", "refs/tags/v1.0.0"));
        var source = SourceIdentity.Resolve(null, null, null, env, new DiagnosticBag());
        Assert.Equal(new SourceIdentity("https://ghe.contoso.com/contoso/lib", Commit, "refs/tags/v1.0.0"), source);
        Assert.DoesNotContain("s3cr3t", SlsaProvenanceBuilder.BuildPredicate(Request(source)).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GitHubActions_FillsWhatThePropertiesLeaveOut_WhenItIsTheSameCheckout()
    {
        var env = Env(("GITHUB_ACTIONS", "true"), ("GITHUB_REPOSITORY", "contoso/lib"), ("GITHUB_SHA", Commit), ("GITHUB_REF", "refs/heads/release/2.0"));
        Assert.Equal(new SourceIdentity("https://github.com/contoso/lib.git", Commit, "refs/heads/release/2.0"), SourceIdentity.Resolve("https://github.com/contoso/lib.git", Commit, null, env, new DiagnosticBag()));
        Assert.Equal(new SourceIdentity("https://github.com/contoso/lib", Commit, "refs/heads/release/2.0"), SourceIdentity.Resolve(null, null, null, env, new DiagnosticBag()));

        // The property wins over the CI ref.
        Assert.Equal("refs/heads/hotfix", SourceIdentity.Resolve(null, Commit, "hotfix", env, new DiagnosticBag()).Ref);
    }

    [Fact]
    public void CiRefOfAnotherCommit_IsNotAttachedToTheBuiltCommit()
    {
        // The workflow checked out another commit than the one it was triggered for: GITHUB_REF names the trigger's.
        var env = Env(("GITHUB_ACTIONS", "true"), ("GITHUB_REPOSITORY", "contoso/lib"), ("GITHUB_SHA", OtherCommit), ("GITHUB_REF", "refs/heads/main"));
        Assert.Equal(new SourceIdentity("https://github.com/contoso/lib", Commit, null), SourceIdentity.Resolve("https://github.com/contoso/lib", Commit, null, env, new DiagnosticBag()));
    }

    [Fact]
    public void CiRefOfAnotherRepository_IsNotAttachedToTheBuiltRepository()
    {
        var env = Env(("GITHUB_ACTIONS", "true"), ("GITHUB_REPOSITORY", "contoso/tools"), ("GITHUB_SHA", Commit), ("GITHUB_REF", "refs/heads/main"));
        Assert.Equal(new SourceIdentity("https://github.com/contoso/lib", Commit, null), SourceIdentity.Resolve("https://github.com/contoso/lib", Commit, null, env, new DiagnosticBag()));
    }

    [Fact]
    public void CiVariables_WithoutTheCiSystemsMarker_AreIgnored()
    {
        // A developer's shell with a stale GITHUB_REF is not a CI build.
        var env = Env(("GITHUB_REPOSITORY", "contoso/lib"), ("GITHUB_SHA", Commit), ("GITHUB_REF", "refs/heads/main"));
        Assert.Equal(new SourceIdentity(null, null, null), SourceIdentity.Resolve(null, null, null, env, new DiagnosticBag()));
    }

    [Fact]
    public void AzurePipelinesAndGitLab_GiveTheirCheckout()
    {
        var azure = Env(("TF_BUILD", "True"), ("BUILD_REPOSITORY_URI", "https://dev.azure.com/contoso/lib/_git/lib"), ("BUILD_SOURCEVERSION", Commit), ("BUILD_SOURCEBRANCH", "refs/heads/main"));
        Assert.Equal(new SourceIdentity("https://dev.azure.com/contoso/lib/_git/lib", Commit, "refs/heads/main"), SourceIdentity.Resolve(null, null, null, azure, new DiagnosticBag()));
        var gitlab = Env(("GITLAB_CI", "true"), ("CI_PROJECT_URL", "https://gitlab.com/contoso/lib"), ("CI_COMMIT_SHA", Commit), ("CI_COMMIT_TAG", "v1.2.0"), ("CI_COMMIT_BRANCH", "main"));
        Assert.Equal(new SourceIdentity("https://gitlab.com/contoso/lib", Commit, "refs/tags/v1.2.0"), SourceIdentity.Resolve(null, null, null, gitlab, new DiagnosticBag()));
    }

    [Theory]
    [InlineData("main", "refs/heads/main")]
    [InlineData("feature/x", "refs/heads/feature/x")]
    [InlineData("refs/tags/v1.0.0", "refs/tags/v1.0.0")]
    [InlineData("refs/pull/12/merge", "refs/pull/12/merge")]
    [InlineData("ma in", null)]
    [InlineData("main..evil", null)]
    [InlineData("x@{1}", null)]
    [InlineData("refs/heads/x.lock", null)]
    [InlineData("refs/heads/", null)]
    [InlineData("refs/main", null)]
    [InlineData("a\nb", null)]
    public void NormalizeRef_FollowsGitsRefNameRules(string value, string? expected)
        => Assert.Equal(expected, SourceIdentity.NormalizeRef(value));

    [Fact]
    public void BranchThatIsNotARefName_IsWarnedAbout_AndNoRefIsRecorded()
    {
        var bag = new DiagnosticBag();
        var source = SourceIdentity.Resolve("https://github.com/contoso/lib", Commit, "main..x", Env(), bag);
        Assert.Null(source.Ref);
        var warning = Assert.Single(bag.Diagnostics);
        Assert.Equal("SCSDK6610", warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("main..x", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PackageAttestor_WritesTheRefFromTheRequest()
    {
        using var dir = new TestUtilities.TestDirectory("source-identity");
        var nupkg = AttestationTestHelpers.WritePackage(dir.Path);
        using var key = SupplyChain.Core.Crypto.KeyGenerator.Generate();
        var keyFile = dir.WriteFile("key.pem", key.ExportPkcs8Pem());
        var result = PackageAttestor.Attest(
            new PackageAttestationRequest
            {
                Packages = new[] { nupkg },
                ProjectPath = System.IO.Path.Combine(dir.Path, "Contoso.Lib.csproj"),
                Signer = new AttestationSignerOptions { KeySource = keyFile },
                PackageId = "Contoso.Lib",
                PackageVersion = "1.2.3",
                RepositoryUrl = "https://builder:ghp_s3cr3t@github.com/contoso/lib.git",
                RepositoryCommit = Commit,
                RepositoryBranch = "main",
                Environment = Env(),
            },
            new DiagnosticBag());
        var text = System.IO.File.ReadAllText(result.Packages[0].Files.Single(f => f.EndsWith(".intoto.jsonl", StringComparison.Ordinal)));
        var statement = DsseEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(text.Split('\n')[0])).Payload;
        var json = System.Text.Encoding.UTF8.GetString(statement.Span);
        Assert.Contains("\"ref\":\"refs/heads/main\"", json, StringComparison.Ordinal);
        Assert.Contains("\"uri\":\"git+https://github.com/contoso/lib.git@refs/heads/main\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", json, StringComparison.Ordinal);
    }
}
