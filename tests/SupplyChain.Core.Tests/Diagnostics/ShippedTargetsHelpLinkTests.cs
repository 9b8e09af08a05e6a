using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Diagnostics;

/// <summary>
/// Diagnostics that the shipped targets raise with MSBuild's own Error and Warning tasks do not pass through the task
/// sink that adds the help link, so each must carry its HelpLink itself: IDEs show it as the link to the code's page.
/// </summary>
public class ShippedTargetsHelpLinkTests
{
    private const string PageBase = "https://github.com/supplychain-sdk/supplychain-sdk/blob/main/docs/diagnostics/";

    [Fact]
    public void HelpLinkBase_IsThePublishedDiagnosticsFolder()
        => Assert.Equal(PageBase, DiagnosticDescriptor.HelpLinkBase);

    [Fact]
    public void ShippedErrorsAndWarnings_WithAnScsdkCode_LinkToTheirPage()
    {
        var findings = new List<string>();
        var checkedCount = 0;
        foreach (var file in ShippedMSBuildFiles())
        {
            var document = XDocument.Load(file, LoadOptions.SetLineInfo);
            foreach (var element in document.Descendants().Where(e => e.Name.LocalName is "Error" or "Warning"))
            {
                var code = ((string?)element.Attribute("Code"))?.Trim();
                if (code is null || !code.StartsWith("SCSDK", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                checkedCount++;
                var where = $"{Path.GetRelativePath(RepositoryPaths.Root, file)}({((System.Xml.IXmlLineInfo)element).LineNumber}) <{element.Name.LocalName} Code=\"{code}\">";
                var expected = PageBase + code + ".md";
                var helpLink = (string?)element.Attribute("HelpLink");
                if (!string.Equals(helpLink, expected, StringComparison.Ordinal))
                {
                    findings.Add($"{where} has HelpLink '{helpLink ?? "(none)"}'; expected '{expected}'.");
                }

                if (!File.Exists(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics", code + ".md")))
                {
                    findings.Add($"{where}: {code} has no page under docs/diagnostics.");
                }
            }
        }

        Assert.True(checkedCount > 0, "No <Error> or <Warning> with an SCSDK code was found in the shipped targets; the search is broken.");
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    /// <summary>Every .props and .targets file the SupplyChain.Sdk package ships (build/, buildMultiTargeting/, Sdk/).</summary>
    private static IEnumerable<string> ShippedMSBuildFiles()
    {
        var package = Path.Combine(RepositoryPaths.Root, "src", "SupplyChain.Sdk");
        var files = new[] { "build", "buildMultiTargeting", "Sdk" }
            .Select(folder => Path.Combine(package, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".props", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".targets", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(files);
        return files;
    }
}
