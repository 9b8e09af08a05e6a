using System.Collections.Generic;
using System.Linq;
using System.Text;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf.Conformance;

/// <summary>tuf-conformance <c>test_file_download.py</c>, ported.</summary>
public class FileDownloadTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("target file contents");

    [Fact]
    public void test_client_downloads_expected_file() => ExpectedFailures.Check(nameof(test_client_downloads_expected_file), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_client_downloads_expected_file));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        repo.AddArtifact(TufRoles.Targets, Content, "target_file.txt");
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.Refresh());
        Assert.Empty(client.DownloadedTargetBytes());
        Assert.Equal(0, client.DownloadTarget("target_file.txt"));
        Assert.Equal(new[] { Content }, client.DownloadedTargetBytes());
    });

    [Fact]
    public void test_client_downloads_expected_file_in_sub_dir() => ExpectedFailures.Check(nameof(test_client_downloads_expected_file_in_sub_dir), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_client_downloads_expected_file_in_sub_dir));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        repo.AddArtifact(TufRoles.Targets, Content, "path/to/a/target_file.txt");
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.DownloadTarget("path/to/a/target_file.txt"));
        Assert.Equal(new[] { Content }, client.DownloadedTargetBytes());
        Assert.Equal(("path/to/a/target_file.txt", repo.Artifacts["path/to/a/target_file.txt"].Target.Hashes["sha256"]), repo.ArtifactStatistics.Single());
    });

    [Fact]
    public void test_repository_substitutes_target_file() => ExpectedFailures.Check(nameof(test_repository_substitutes_target_file), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_repository_substitutes_target_file));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        repo.AddArtifact(TufRoles.Targets, Content, "target_file.txt");
        repo.AddArtifact(TufRoles.Targets, Encoding.UTF8.GetBytes("content"), "another_target_file.txt");
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.DownloadTarget("target_file.txt"));
        Assert.Equal(new[] { Content }, client.DownloadedTargetBytes());

        var malicious = Encoding.UTF8.GetBytes("malicious data - should not download");
        foreach (var path in new[] { "target_file.txt", "another_target_file.txt" })
        {
            repo.Artifacts[path] = (malicious, repo.Artifacts[path].Target);
        }

        client.DownloadTarget("target_file.txt");
        Assert.Equal(new[] { Content }, client.DownloadedTargetBytes());
        Assert.Equal(1, client.DownloadTarget("another_target_file.txt"));
        Assert.Equal(new[] { Content }, client.DownloadedTargetBytes());
    });

    [Fact]
    public void test_multiple_changes_to_target() => ExpectedFailures.Check(nameof(test_multiple_changes_to_target), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_multiple_changes_to_target));
        var repo = client.Repository;
        Assert.Equal(0, client.InitClient());
        repo.AddArtifact(TufRoles.Targets, Content, "target_file.txt");
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.DownloadTarget("target_file.txt"));
        var expected = new List<byte[]> { Content };
        var previous = Content;
        Assert.Equal(expected, client.DownloadedTargetBytes());

        for (var i = 0; i < 11; i++)
        {
            var modified = Encoding.UTF8.GetBytes($"modified file contents {i}");
            repo.AddArtifact(TufRoles.Targets, modified, "target_file.txt");
            var added = Encoding.UTF8.GetBytes($"new file contents {i}");
            repo.AddArtifact(TufRoles.Targets, added, $"new-target-{i}");
            repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
            if (i % 5 == 0)
            {
                Assert.Equal(0, client.DownloadTarget("target_file.txt"));
                expected.Remove(previous);
                expected.Add(modified);
                previous = modified;
                Assert.Equal(expected, client.DownloadedTargetBytes());
                Assert.Equal(0, client.DownloadTarget($"new-target-{i}"));
                expected.Add(added);
                Assert.Equal(expected, client.DownloadedTargetBytes());

                // The artifact changes without its hashes and length in the metadata.
                repo.Artifacts["target_file.txt"] = (Encoding.UTF8.GetBytes($"malicious contents {i}"), repo.Artifacts["target_file.txt"].Target);
                repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
                client.DownloadTarget("target_file.txt");
                Assert.Equal(expected, client.DownloadedTargetBytes());
            }
        }
    });

    public static TheoryData<string> HashAlgorithms => new() { "sha256", "sha512", "sha256+sha512" };

    [Theory]
    [MemberData(nameof(HashAlgorithms))]
    public void test_download_with_hash_algorithms(string algorithms) => ExpectedFailures.Check(nameof(test_download_with_hash_algorithms), algorithms, () =>
    {
        using var client = new ConformanceRunner(nameof(test_download_with_hash_algorithms) + "[" + algorithms + "]");
        var repo = client.Repository;
        var target = repo.AddArtifact(TufRoles.Targets, Content, "target_file.txt", algorithms.Split('+'));
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        repo.Publish(TufRoles.Root);
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.DownloadTarget("target_file.txt"));
        var download = Assert.Single(repo.ArtifactStatistics);
        Assert.Contains(download, target.Hashes.Values.Select(h => ("target_file.txt", (string?)h)));
        Assert.Equal(new[] { Content }, client.DownloadedTargetBytes());
    });

    [Fact]
    public void test_download_with_unknown_hash_algorithm() => ExpectedFailures.Check(nameof(test_download_with_unknown_hash_algorithm), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_download_with_unknown_hash_algorithm));
        var repo = client.Repository;
        var known = repo.AddArtifact(TufRoles.Targets, Content, "target_file.txt", "sha512");
        var target = new TargetFile("target_file.txt", known.Length, new Dictionary<string, string> { ["unknown-hash"] = known.Hashes["sha512"] });
        repo.Targets.TargetFiles["target_file.txt"] = target;
        repo.Artifacts["target_file.txt"] = (Content, target);
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.InitClient());
        Assert.Equal(1, client.DownloadTarget("target_file.txt"));
        Assert.Empty(client.DownloadedTargetBytes());
    });

    [Fact]
    public void test_artifact_cache() => ExpectedFailures.Check(nameof(test_artifact_cache), null, () =>
    {
        using var client = new ConformanceRunner(nameof(test_artifact_cache));
        var repo = client.Repository;
        repo.AddArtifact(TufRoles.Targets, Content, "target_file.txt");
        repo.Publish(TufRoles.Targets, TufRoles.Snapshot, TufRoles.Timestamp);
        Assert.Equal(0, client.InitClient());
        Assert.Equal(0, client.DownloadTarget("target_file.txt"));
        Assert.Single(repo.ArtifactStatistics);

        // Downloading an unchanged target again makes no artifact request.
        Assert.Equal(0, client.DownloadTarget("target_file.txt"));
        Assert.Single(repo.ArtifactStatistics);
        Assert.Equal(new[] { Content }, client.DownloadedTargetBytes());
    });
}
