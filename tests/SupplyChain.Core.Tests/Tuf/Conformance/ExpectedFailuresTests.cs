using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace SupplyChain.Core.Tests.Tuf.Conformance;

/// <summary>The expected-failures list of the conformance entry point, and its strict reading.</summary>
public class ExpectedFailuresTests
{
    [Fact]
    public void TheXfailsFile_ListsOnlyPortedTestFunctions()
    {
        Assert.True(File.Exists(ExpectedFailures.FilePath));
        var ported = typeof(ExpectedFailuresTests).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(ExpectedFailuresTests).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Select(m => m.Name)
            .Where(n => n.StartsWith("test_", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(53, ported.Count);
        foreach (var entry in ExpectedFailures.Entries)
        {
            var function = entry.Split('[')[0];
            Assert.Contains(function, ported);
        }
    }

    [Fact]
    public void AListedTestThatPasses_Fails()
    {
        var entries = new HashSet<string>(StringComparer.Ordinal) { "test_x[a]" };

        Assert.ThrowsAny<Exception>(() => ExpectedFailures.Check(entries, "test_x", "a", () => { }));
        ExpectedFailures.Check(entries, "test_x", "a", () => throw new InvalidOperationException("fails as expected"));
        ExpectedFailures.Check(entries, "test_x", "b", () => { });
        Assert.Throws<InvalidOperationException>(() => ExpectedFailures.Check(entries, "test_x", "b", () => throw new InvalidOperationException("not listed")));
    }
}
