using System;
using System.IO;
using System.Linq;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.TestUtilities;
using SupplyChain.Tuf.ConformanceClient;

namespace SupplyChain.Core.Tests.Tuf.Conformance;

/// <summary>
/// tuf-conformance <c>test_static_repositories.py</c>, ported: init with an initial root, refresh at a fixed
/// instant, download one target; all must return 0. The suite's own static data (sigstore-root-signing,
/// tuf-on-ci-0.11) is not available here, so the repositories are the real ones under ../shared/vectors.
/// </summary>
public class StaticRepositoryTests
{
    public static TheoryData<string> Repositories => new() { "python-tuf", "go-tuf-multirepo" };

    [VectorTheory]
    [MemberData(nameof(Repositories))]
    public void test_static_repository(string id) => ExpectedFailures.Check(nameof(test_static_repository), id, () =>
    {
        var (repository, root, target) = id == "python-tuf"
            ? (RepositoryPaths.Vector("python-tuf", "repository_data", "repository"), RepositoryPaths.Vector("python-tuf", "repository_data", "repository", "metadata", "root.json"), "file3.txt")
            : (RepositoryPaths.Vector("go-tuf", "examples", "multirepo", "repository"), RepositoryPaths.Vector("go-tuf", "examples", "multirepo", "client", "root.json"), "sigstore-tuf-root/root.json");
        using var directory = new TestDirectory("tufstatic");
        using var server = Client.LoopbackServer.ForFolder(repository);
        var error = new StringWriter();
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        var metadata = directory.Combine("metadata");
        var artifacts = directory.Combine("targets");
        Directory.CreateDirectory(artifacts);

        Assert.Equal(0, ConformanceClient.Run(new[] { "--metadata-dir", metadata, "init", root }, error, clock));
        Assert.Equal(0, ConformanceClient.Run(new[] { "--metadata-url", server.BaseUrl + "metadata/", "--metadata-dir", metadata, "refresh" }, error, clock));
        Assert.Equal(0, ConformanceClient.Run(new[] { "--metadata-url", server.BaseUrl + "metadata/", "--metadata-dir", metadata, "--target-name", target, "--target-dir", artifacts, "--target-base-url", server.BaseUrl + "targets/", "download" }, error, clock));
        Assert.Equal(string.Empty, error.ToString());
        Assert.Single(Directory.GetFiles(artifacts));
    });
}
