using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Packaging;

/// <summary>
/// The README each package carries is what nuget.org shows: there, a relative link or image resolves against
/// nuget.org and breaks, and a repository script means nothing to a consumer. Guards every README a project packs.
/// </summary>
public class PackageReadmeTests
{
    /// <summary>Larger than this is a repository README, not a package page.</summary>
    private const int MaxReadmeBytes = 12 * 1024;

    private static readonly Regex s_inlineLink = new(@"\]\(\s*<?(?<target>[^)\s>]*)", RegexOptions.CultureInvariant);
    private static readonly Regex s_referenceLink = new(@"^\s{0,3}\[[^\]]+\]:\s*<?(?<target>[^\s>]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Regex s_htmlLink = new(@"\b(?:src|href)\s*=\s*[""']?(?<target>[^""'\s>]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static TheoryData<string> PackedReadmes()
    {
        var data = new TheoryData<string>();
        foreach (var readme in FindPackedReadmes())
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Root, readme).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void PackedReadmes_IncludeTheSdkAndTheTool()
    {
        var readmes = FindPackedReadmes().Select(p => Path.GetRelativePath(RepositoryPaths.Root, p).Replace('\\', '/')).ToArray();
        Assert.Contains("src/SupplyChain.Sdk/README.md", readmes);
        Assert.Contains("src/SupplyChain.Tool/README.md", readmes);
    }

    [Theory]
    [MemberData(nameof(PackedReadmes))]
    public void PackedReadme_HasOnlyAbsoluteLinksAndImages(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, relativePath));
        var relative = RelativeTargets(text).ToArray();
        Assert.True(relative.Length == 0, $"{relativePath} links to {string.Join(", ", relative.Select(t => "'" + t + "'"))}, which cannot resolve on nuget.org; use https:// links.");
    }

    [Theory]
    [MemberData(nameof(PackedReadmes))]
    public void PackedReadme_IsAPackagePageNotTheRepositoryReadme(string relativePath)
    {
        var path = Path.Combine(RepositoryPaths.Root, relativePath);
        var size = new FileInfo(path).Length;
        Assert.True(size <= MaxReadmeBytes, $"{relativePath} is {size} bytes; a package README is at most {MaxReadmeBytes}.");
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("eng/", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[page](docs/pinning.md)", "docs/pinning.md")]
    [InlineData("![logo](images/logo.png)", "images/logo.png")]
    [InlineData("[up](../README.md#install)", "../README.md#install")]
    [InlineData("[x]( <docs/a b.md>)", "docs/a")]
    [InlineData("[ref]: docs/pinning.md", "docs/pinning.md")]
    [InlineData("<img src=\"logo.png\">", "logo.png")]
    [InlineData("[empty]()", "")]
    [InlineData("[proto](//example.org/a)", "//example.org/a")]
    [InlineData("[file](file:///etc/passwd)", "file:///etc/passwd")]
    public void RelativeTargets_FindsLinksNuGetOrgCannotResolve(string markdown, string expected)
        => Assert.Equal(new[] { expected }, RelativeTargets(markdown));

    [Theory]
    [InlineData("[page](https://github.com/supplychain-sdk/supplychain-sdk/blob/main/docs/pinning.md)")]
    [InlineData("[tuf](http://theupdateframework.io/)")]
    [InlineData("[install](#install)")]
    [InlineData("![badge](https://img.shields.io/nuget/v/SupplyChain.Sdk)")]
    [InlineData("[ref]: https://www.nuget.org/packages/SupplyChain.Tool")]
    public void RelativeTargets_AcceptsAbsoluteLinksAndAnchors(string markdown)
        => Assert.Empty(RelativeTargets(markdown));

    /// <summary>The link and image targets that are neither http(s) URLs nor anchors.</summary>
    private static IEnumerable<string> RelativeTargets(string markdown)
    {
        foreach (var regex in new[] { s_inlineLink, s_referenceLink, s_htmlLink })
        {
            foreach (Match match in regex.Matches(markdown))
            {
                var target = match.Groups["target"].Value;
                if (target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                    || target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                    || (target.StartsWith('#') && target.Length > 1))
                {
                    continue;
                }

                yield return target;
            }
        }
    }

    /// <summary>Every file a project under src/ packs as its package README (PackageReadmeFile).</summary>
    private static IEnumerable<string> FindPackedReadmes()
    {
        var src = Path.Combine(RepositoryPaths.Root, "src");
        foreach (var project in Directory.EnumerateFiles(src, "*.csproj", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            var readme = XDocument.Load(project).Descendants("PackageReadmeFile").Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);
            if (readme is not null)
            {
                var path = Path.Combine(Path.GetDirectoryName(project)!, readme);
                Assert.True(File.Exists(path), $"{project} packs the README '{readme}', which does not exist.");
                yield return path;
            }
        }
    }
}
