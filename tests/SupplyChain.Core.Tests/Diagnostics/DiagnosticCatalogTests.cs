using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Diagnostics;

public class DiagnosticCatalogTests
{
    [Fact]
    public void Catalog_Codes_AreUniqueAndWellFormed()
    {
        var all = DiagnosticCatalog.All;
        Assert.NotEmpty(all);
        Assert.Equal(all.Count, all.Select(d => d.Code).Distinct().Count());
        Assert.Equal(all.Count, all.Select(d => d.Identifier).Distinct().Count());
        foreach (var d in all)
        {
            Assert.Matches(new Regex("^SCSDK[1-79][0-9]{3}$"), d.Code);
            Assert.Contains('_', d.Identifier);
        }
    }

    [Fact]
    public void Catalog_Codes_AreInTheBandOfTheirSeverity()
    {
        foreach (var d in DiagnosticCatalog.All)
        {
            var hundreds = (int.Parse(d.Code.AsSpan(5)) / 100) % 10;
            var expected = d.Code.StartsWith("SCSDK9", StringComparison.Ordinal) || hundreds < 5 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;

            Assert.True(expected == d.DefaultSeverity, $"{d.Code} is {d.DefaultSeverity} but its band says {expected}.");
        }
    }

    [Fact]
    public void Catalog_Messages_AreSentencesThatFormat()
    {
        foreach (var d in DiagnosticCatalog.All)
        {
            Assert.True(d.MessageFormat.EndsWith('.'), $"{d.Code} message does not end with a period.");
            Assert.False(d.MessageFormat.StartsWith("Error", StringComparison.OrdinalIgnoreCase), d.Code);
            var maxArg = Regex.Matches(d.MessageFormat, @"\{(\d+)\}").Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(-1).Max();
            var formatted = d.Format(Enumerable.Range(0, maxArg + 1).Select(i => (object)("arg" + i)).ToArray());
            Assert.DoesNotContain("{", formatted);
        }
    }

    [Fact]
    public void Catalog_EveryCode_HasItsDocumentationPage()
    {
        var docs = Path.Combine(RepositoryPaths.Root, "docs", "diagnostics");
        foreach (var d in DiagnosticCatalog.All)
        {
            var page = Path.Combine(docs, d.Code + ".md");
            Assert.True(File.Exists(page), $"{d.Code} has no page at {page}.");
            var text = File.ReadAllText(page);
            Assert.Contains("# " + d.Code, text);
            Assert.Contains("## Solution", text);
        }
    }

    [Fact]
    public void Catalog_EveryCode_IsInTheDiagnosticsIndex()
    {
        var index = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics", "README.md"));
        foreach (var d in DiagnosticCatalog.All)
        {
            Assert.True(index.Contains($"| [{d.Code}]({d.Code}.md) | {d.Identifier} |", StringComparison.Ordinal), $"{d.Code} is not in docs/diagnostics/README.md; run eng/generate-diagnostics-index.sh.");
        }
    }

    [Fact]
    public void Diagnostic_CanonicalString_HasFileLineAndCode()
    {
        var diagnostic = Diagnostic.Create(DiagnosticCatalog.LockFile_Malformed, "/x/packages.lock.json", 3, "/x/packages.lock.json", "bad");
        Assert.Equal("/x/packages.lock.json(3): error SCSDK1001: " + diagnostic.Message, diagnostic.ToCanonicalString());
    }
}
