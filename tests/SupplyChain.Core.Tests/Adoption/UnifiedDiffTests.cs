using SupplyChain.Core.Adoption;

namespace SupplyChain.Core.Tests.Adoption;

/// <summary>The unified diff that --dry-run prints: the format of diff -u, hunks with three lines of context.</summary>
public sealed class UnifiedDiffTests
{
    [Fact]
    public void EqualTexts_HaveNoDiff() => Assert.Equal(string.Empty, UnifiedDiff.Create("a.txt", "x\n", "x\n"));

    [Fact]
    public void OneChangedLine_IsOneHunkWithThreeLinesOfContext()
    {
        var before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        var after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        Assert.Equal("--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", UnifiedDiff.Create("f", before, after));
    }

    [Fact]
    public void DistantChanges_AreSeparateHunks_WithCorrectLineNumbers()
    {
        var before = string.Join("\n", System.Linq.Enumerable.Range(1, 20)) + "\n";
        var after = before.Replace("\n2\n", "\ntwo\n", System.StringComparison.Ordinal).Replace("\n19\n", "\n19\nnew\n", System.StringComparison.Ordinal);
        var diff = UnifiedDiff.Create("f", before, after);
        Assert.Contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n", diff, System.StringComparison.Ordinal);
        Assert.Contains("@@ -17,4 +17,5 @@\n 17\n 18\n 19\n+new\n 20\n", diff, System.StringComparison.Ordinal);
    }

    [Fact]
    public void ANewFile_IsAllAdditions_FromDevNull()
        => Assert.Equal("--- /dev/null\n+++ b/n\n@@ -0,0 +1,2 @@\n+a\n+b\n", UnifiedDiff.Create("n", null, "a\nb\n"));

    [Fact]
    public void TheDiff_AppliedWithPatch_GivesTheNewText()
    {
        // What a reviewer does with the dry run: the diff must be a real patch.
        using var directory = new TestUtilities.TestDirectory("diff");
        var before = "<Project>\n  <A />\n  <B />\n  <C />\n  <D />\n  <E />\n  <F />\n  <G />\n  <H />\n</Project>\n";
        var after = before.Replace("  <B />\n", "  <B Version=\"1\" />\n", System.StringComparison.Ordinal).Replace("</Project>", "  <I />\n</Project>", System.StringComparison.Ordinal);
        var file = directory.WriteFile("p.props", before);
        directory.WriteFile("change.diff", UnifiedDiff.Create("p.props", before, after));
        var result = TestUtilities.ProcessRunner.Run("patch", new[] { "-p1", "-i", "change.diff" }, directory.Path, TestUtilities.ProcessRunner.CleanEnvironment(), System.TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(after, System.IO.File.ReadAllText(file));
    }
}
