using System.IO;
using SupplyChain.Core.Adoption;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Adoption;

/// <summary>init writes only inside the repository: '..', symbolic links to files or folders outside are refused.</summary>
public sealed class RepositoryBoundaryTests
{
    [Fact]
    public void For_FindsTheGitWorkTreeAboveAProject()
    {
        using var directory = new TestDirectory("boundary");
        Directory.CreateDirectory(directory.Combine("repo", ".git"));
        var project = directory.WriteFile("repo/src/App/App.csproj", "<Project />");
        var boundary = RepositoryBoundary.For(project);
        Assert.True(boundary.IsGitWorkTree);
        Assert.Equal(directory.Combine("repo"), boundary.Root);
    }

    [Fact]
    public void APathAboveTheRoot_OrASiblingWithTheSamePrefix_IsOutside()
    {
        using var directory = new TestDirectory("boundary");
        var boundary = RepositoryBoundary.Create(directory.Combine("repo"), isGit: true);
        Assert.NotNull(boundary.WhyOutside(directory.Combine("repo", "..", "nuget.config")));
        Assert.NotNull(boundary.WhyOutside(directory.Combine("repo-evil", "nuget.config")));
        Assert.Null(boundary.WhyOutside(directory.Combine("repo", "nuget.config")));
    }

    [Fact]
    public void AFileSymlinkPointingOutside_IsOutside()
    {
        using var directory = new TestDirectory("boundary");
        var outside = directory.WriteFile("home/.nuget/NuGet.Config", "<configuration />");
        Directory.CreateDirectory(directory.Combine("repo"));
        File.CreateSymbolicLink(directory.Combine("repo", "nuget.config"), outside);
        var boundary = RepositoryBoundary.Create(directory.Combine("repo"), isGit: true);
        Assert.Contains("symbolic link", boundary.WhyOutside(directory.Combine("repo", "nuget.config")), System.StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderSymlinkPointingOutside_IsOutside_EvenForAFileThatDoesNotExistYet()
    {
        using var directory = new TestDirectory("boundary");
        Directory.CreateDirectory(directory.Combine("elsewhere"));
        Directory.CreateDirectory(directory.Combine("repo"));
        Directory.CreateSymbolicLink(directory.Combine("repo", "src"), directory.Combine("elsewhere"));
        var boundary = RepositoryBoundary.Create(directory.Combine("repo"), isGit: true);
        Assert.NotNull(boundary.WhyOutside(directory.Combine("repo", "src", "Directory.Build.props")));
    }

    [Fact]
    public void ASymlinkInsideTheRepository_ToAnotherFileInside_IsAllowed()
    {
        using var directory = new TestDirectory("boundary");
        var shared = directory.WriteFile("repo/eng/shared.props", "<Project />");
        File.CreateSymbolicLink(directory.Combine("repo", "Directory.Build.props"), shared);
        var boundary = RepositoryBoundary.Create(directory.Combine("repo"), isGit: true);
        Assert.Null(boundary.WhyOutside(directory.Combine("repo", "Directory.Build.props")));
        Assert.Equal(shared, RepositoryBoundary.RealPath(directory.Combine("repo", "Directory.Build.props")));
    }

    [Fact]
    public void ARelativeSymlinkChainThatEndsOutside_IsOutside()
    {
        using var directory = new TestDirectory("boundary");
        directory.WriteFile("secret.props", "<Project />");
        Directory.CreateDirectory(directory.Combine("repo", "a"));
        File.CreateSymbolicLink(directory.Combine("repo", "a", "hop.props"), "../../secret.props");
        File.CreateSymbolicLink(directory.Combine("repo", "Directory.Build.props"), "a/hop.props");
        var boundary = RepositoryBoundary.Create(directory.Combine("repo"), isGit: true);
        Assert.NotNull(boundary.WhyOutside(directory.Combine("repo", "Directory.Build.props")));
    }
}
