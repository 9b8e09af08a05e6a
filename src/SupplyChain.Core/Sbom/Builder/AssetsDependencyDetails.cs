using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Frameworks;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>NuGet's asset flags (<c>LibraryIncludeFlags</c>) as the assets file spells them.</summary>
[Flags]
internal enum AssetFlags
{
    None = 0,
    Runtime = 1,
    Compile = 2,
    Build = 4,
    Native = 8,
    ContentFiles = 16,
    Analyzers = 32,
    BuildTransitive = 64,
    All = Runtime | Compile | Build | Native | ContentFiles | Analyzers | BuildTransitive,
}

/// <summary>How the project declares one direct package dependency for one framework.</summary>
/// <param name="Include">The <c>include</c> flags (<c>IncludeAssets</c>); All when absent.</param>
/// <param name="Exclude">The <c>exclude</c> flags (<c>ExcludeAssets</c>); None when absent.</param>
/// <param name="SuppressParent">The <c>suppressParent</c> flags (<c>PrivateAssets</c>); NuGet's default (ContentFiles, Analyzers, Build) when absent.</param>
internal sealed record DirectDependencyFlags(AssetFlags Include, AssetFlags Exclude, AssetFlags SuppressParent)
{
    /// <summary>The flags of a plain <c>PackageReference</c>.</summary>
    public static readonly DirectDependencyFlags Default = new(AssetFlags.All, AssetFlags.None, AssetFlags.ContentFiles | AssetFlags.Analyzers | AssetFlags.Build);

    /// <summary>The assets the project takes from the package.</summary>
    public AssetFlags Effective => Include & ~Exclude;

    /// <summary>PrivateAssets="all": nothing of the package flows to the project's consumers.</summary>
    public bool IsPrivate => SuppressParent == AssetFlags.All;

    /// <summary>True when the project takes nothing from the package that is compiled against, run or copied (only build logic or analyzers).</summary>
    public bool TakesNoShippedAssets => (Effective & (AssetFlags.Runtime | AssetFlags.Compile | AssetFlags.Native | AssetFlags.ContentFiles)) == AssetFlags.None;
}

/// <summary>
/// What the SBOM needs from <c>project.assets.json</c> that <see cref="Assets.ProjectAssetsFile"/> does not carry:
/// the asset flags of direct dependencies (<c>project.frameworks.&lt;alias&gt;.dependencies.&lt;id&gt;.include</c>,
/// <c>exclude</c>, <c>suppressParent</c>) and the direct dependencies by name
/// (<c>projectFileDependencyGroups</c>, which also lists project references). Read after the assets file was read
/// successfully, so it is lenient: what it does not find, it leaves out.
/// </summary>
internal sealed class AssetsDependencyDetails
{
    private readonly Dictionary<string, Dictionary<string, DirectDependencyFlags>> _flagsByAlias;
    private readonly List<(TargetFrameworkName Framework, string Key, IReadOnlyList<string> Names)> _groups;

    private AssetsDependencyDetails(
        Dictionary<string, Dictionary<string, DirectDependencyFlags>> flagsByAlias,
        List<(TargetFrameworkName Framework, string Key, IReadOnlyList<string> Names)> groups)
    {
        _flagsByAlias = flagsByAlias;
        _groups = groups;
    }

    /// <summary>Reads the details from the UTF-8 bytes of an assets file that <see cref="Assets.ProjectAssetsFile"/> accepted.</summary>
    public static AssetsDependencyDetails Parse(ReadOnlySpan<byte> utf8)
    {
        var root = JsonTreeParser.Parse(utf8);
        var flags = new Dictionary<string, Dictionary<string, DirectDependencyFlags>>(StringComparer.OrdinalIgnoreCase);
        var frameworks = Object(Object(root.Find("project")?.Value)?.Find("frameworks")?.Value);
        foreach (var framework in frameworks?.Properties ?? Array.Empty<JsonTreeProperty>())
        {
            var byId = new Dictionary<string, DirectDependencyFlags>(StringComparer.OrdinalIgnoreCase);
            var dependencies = Object(Object(framework.Value)?.Find("dependencies")?.Value);
            foreach (var dependency in dependencies?.Properties ?? Array.Empty<JsonTreeProperty>())
            {
                var node = Object(dependency.Value);
                if (node is null)
                {
                    continue;
                }

                byId[dependency.Name] = new DirectDependencyFlags(
                    ParseFlags(String(node.Find("include")?.Value), AssetFlags.All),
                    ParseFlags(String(node.Find("exclude")?.Value), AssetFlags.None),
                    ParseFlags(String(node.Find("suppressParent")?.Value), DirectDependencyFlags.Default.SuppressParent));
            }

            flags[framework.Name] = byId;
        }

        var groups = new List<(TargetFrameworkName, string, IReadOnlyList<string>)>();
        var groupsNode = Object(root.Find("projectFileDependencyGroups")?.Value);
        foreach (var group in groupsNode?.Properties ?? Array.Empty<JsonTreeProperty>())
        {
            if (!TargetFrameworkName.TryParse(group.Name, out var framework) || group.Value.Kind != JsonTreeKind.Array)
            {
                continue;
            }

            // Each entry is "Id", "Id >= 1.0.0" or "Id >= 1.0.0 < 2.0.0": the id is the first word.
            var names = group.Value.Items
                .Select(String)
                .Where(text => !string.IsNullOrWhiteSpace(text))
                .Select(text => text!.Trim().Split(' ', 2)[0])
                .ToArray();
            groups.Add((framework, group.Name, names));
        }

        return new AssetsDependencyDetails(flags, groups);
    }

    /// <summary>The flags of a direct package dependency of a framework alias, or the defaults.</summary>
    public DirectDependencyFlags FlagsOf(string alias, string id)
        => _flagsByAlias.TryGetValue(alias, out var byId) && byId.TryGetValue(id, out var flags) ? flags : DirectDependencyFlags.Default;

    /// <summary>The names of the direct dependencies (packages and projects) of a framework, from <c>projectFileDependencyGroups</c>.</summary>
    public IReadOnlyList<string> DirectNamesOf(TargetFrameworkName framework, string alias)
    {
        foreach (var (groupFramework, key, names) in _groups)
        {
            if (string.Equals(key, alias, StringComparison.OrdinalIgnoreCase) || groupFramework.Equals(framework))
            {
                return names;
            }
        }

        return Array.Empty<string>();
    }

    /// <summary>Parses <c>All</c>, <c>None</c> or a comma-separated list such as <c>Runtime, Build, Native</c>; unknown words are ignored.</summary>
    internal static AssetFlags ParseFlags(string? text, AssetFlags whenAbsent)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return whenAbsent;
        }

        var flags = AssetFlags.None;
        foreach (var word in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (word.All(char.IsAsciiLetter) && Enum.TryParse<AssetFlags>(word, ignoreCase: true, out var flag))
            {
                flags |= flag;
            }
        }

        return flags;
    }

    private static JsonTreeNode? Object(JsonTreeNode? node) => node is { Kind: JsonTreeKind.Object } ? node : null;

    private static string? String(JsonTreeNode? node) => node is { Kind: JsonTreeKind.String } ? node.Text : null;
}
