using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Frameworks;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Assets;

/// <summary>Turns the JSON of <c>project.assets.json</c> into a <see cref="ProjectAssetsFile"/>, checking its shape.</summary>
internal static class ProjectAssetsFileReader
{
    public static ProjectAssetsFile Parse(ReadOnlySpan<byte> utf8, string path)
    {
        JsonTreeNode root;
        try
        {
            root = JsonTreeParser.Parse(utf8);
        }
        catch (JsonException ex)
        {
            throw Malformed(path, (int)(ex.LineNumber ?? -1) + 1, Describe(ex), ex);
        }
        catch (JsonShapeException ex)
        {
            throw Malformed(path, ex.Line, ex.Message, ex);
        }

        try
        {
            root.ExpectObject("the document");
            var versionNode = root.Required("version", "the document");
            var version = versionNode.ExpectInt32("'version'");
            if (!ProjectAssetsFile.SupportedVersions.Contains(version))
            {
                throw SupplyChainException.Create(
                    DiagnosticCatalog.AssetsFile_Unsupported,
                    path,
                    versionNode.Line,
                    path,
                    $"has version {version.ToString(CultureInfo.InvariantCulture)}, which this SupplyChain.Sdk does not read (it reads versions {string.Join(" and ", ProjectAssetsFile.SupportedVersions)})");
            }

            var targets = ReadTargets(root.Required("targets", "the document").ExpectObject("'targets'"));
            var libraries = ReadLibraries(root.Required("libraries", "the document").ExpectObject("'libraries'"));
            var packageFolders = root.OptionalObject("packageFolders", "the document")?.Properties.Select(p => p.Name).ToArray() ?? Array.Empty<string>();
            var project = root.OptionalObject("project", "the document");
            var restore = project?.OptionalObject("restore", "'project'") is { } restoreNode ? ReadRestore(restoreNode) : null;
            var frameworks = project?.OptionalObject("frameworks", "'project'") is { } frameworksNode ? ReadFrameworks(frameworksNode) : Array.Empty<AssetsProjectFramework>();
            var central = ReadCentralTransitive(root.OptionalObject("centralTransitiveDependencyGroups", "the document"));
            var logs = ReadLogs(root.Find("logs")?.Value);
            CheckLibrariesOfTargets(targets, libraries);
            return new ProjectAssetsFile(path, version, targets, libraries, packageFolders, restore, frameworks, central, logs);
        }
        catch (JsonShapeException ex)
        {
            throw Malformed(path, ex.Line, ex.Message, ex);
        }
    }

    private static IReadOnlyList<AssetsTarget> ReadTargets(JsonTreeNode targetsNode)
    {
        var targets = new List<AssetsTarget>();
        foreach (var target in targetsNode.Properties)
        {
            if (!FrameworkRuntimePair.TryParse(target.Name, out var graph))
            {
                throw new JsonShapeException($"the target '{target.Name}' is not a framework name", target.Line);
            }

            var what = $"the target '{target.Name}'";
            var libraries = new List<AssetsTargetLibrary>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in target.Value.ExpectObject(what).Properties)
            {
                var (id, version) = SplitKey(entry, what);
                if (!seen.Add(entry.Name))
                {
                    throw new JsonShapeException($"{what} lists '{entry.Name}' more than once", entry.Line);
                }

                var entryWhat = $"'{entry.Name}' in {what}";
                var node = entry.Value.ExpectObject(entryWhat);
                var groups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                foreach (var group in AssetGroups.All)
                {
                    if (node.OptionalObject(group, entryWhat) is { } groupNode)
                    {
                        groups[group] = groupNode.Properties.Select(p => p.Name).ToArray();
                    }
                }

                libraries.Add(new AssetsTargetLibrary(
                    id,
                    version,
                    node.OptionalString("type", entryWhat) ?? "package",
                    node.OptionalStringMap("dependencies", entryWhat),
                    groups));
            }

            targets.Add(new AssetsTarget(target.Name, graph, libraries));
        }

        return targets;
    }

    private static IReadOnlyList<AssetsLibrary> ReadLibraries(JsonTreeNode librariesNode)
    {
        var libraries = new List<AssetsLibrary>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in librariesNode.Properties)
        {
            var (id, version) = SplitKey(entry, "'libraries'");
            if (!seen.Add(entry.Name))
            {
                throw new JsonShapeException($"'libraries' lists '{entry.Name}' more than once", entry.Line);
            }

            var what = $"the library '{entry.Name}'";
            var node = entry.Value.ExpectObject(what);
            libraries.Add(new AssetsLibrary(
                id,
                version,
                node.OptionalString("type", what) ?? "package",
                node.OptionalString("path", what),
                node.OptionalString("sha512", what),
                node.OptionalStringArray("files", what)));
        }

        return libraries;
    }

    private static AssetsRestoreMetadata ReadRestore(JsonTreeNode node)
    {
        const string What = "'project.restore'";
        var sources = node.OptionalObject("sources", What)?.Properties.Select(p => p.Name).ToArray() ?? Array.Empty<string>();
        var lockProperties = node.OptionalObject("restoreLockProperties", What);
        return new AssetsRestoreMetadata(
            node.OptionalString("projectPath", What),
            node.OptionalString("packagesPath", What),
            sources,
            node.OptionalStringArray("configFilePaths", What),
            node.OptionalStringArray("fallbackFolders", What),
            lockProperties?.OptionalBoolean("restorePackagesWithLockFile", "'restoreLockProperties'"),
            lockProperties?.OptionalBoolean("restoreLockedMode", "'restoreLockProperties'"),
            node.OptionalBoolean("centralPackageVersionsManagementEnabled", What) ?? false,
            node.OptionalBoolean("centralPackageTransitivePinningEnabled", What) ?? false);
    }

    private static IReadOnlyList<AssetsProjectFramework> ReadFrameworks(JsonTreeNode node)
    {
        var frameworks = new List<AssetsProjectFramework>();
        foreach (var property in node.Properties)
        {
            var what = $"the project framework '{property.Name}'";
            var frameworkNode = property.Value.ExpectObject(what);
            var frameworkText = frameworkNode.OptionalString("framework", what) ?? property.Name;
            if (!TargetFrameworkName.TryParse(frameworkText, out var framework))
            {
                throw new JsonShapeException($"{what} has an empty framework name", property.Line);
            }

            var dependencies = new List<AssetsProjectDependency>();
            if (frameworkNode.OptionalObject("dependencies", what) is { } dependenciesNode)
            {
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var dependency in dependenciesNode.Properties)
                {
                    if (!seen.Add(dependency.Name))
                    {
                        throw new JsonShapeException($"{what} lists the dependency '{dependency.Name}' more than once", dependency.Line);
                    }

                    var dependencyWhat = $"the dependency '{dependency.Name}' of {what}";
                    var d = dependency.Value.ExpectObject(dependencyWhat);
                    dependencies.Add(new AssetsProjectDependency(
                        dependency.Name,
                        d.OptionalString("target", dependencyWhat) ?? "Package",
                        d.OptionalString("version", dependencyWhat),
                        d.OptionalBoolean("autoReferenced", dependencyWhat) ?? false,
                        d.OptionalBoolean("versionCentrallyManaged", dependencyWhat) ?? false,
                        d.OptionalString("versionOverride", dependencyWhat),
                        dependency.Line));
                }
            }

            frameworks.Add(new AssetsProjectFramework(
                property.Name,
                framework,
                frameworkNode.OptionalString("targetAlias", what),
                dependencies,
                frameworkNode.OptionalStringMap("centralPackageVersions", what)));
        }

        return frameworks;
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ReadCentralTransitive(JsonTreeNode? node)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        if (node is null)
        {
            return result;
        }

        foreach (var framework in node.Properties)
        {
            var what = $"'centralTransitiveDependencyGroups.{framework.Name}'";
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var dependency in framework.Value.ExpectObject(what).Properties)
            {
                var version = dependency.Value.ExpectObject($"'{dependency.Name}' in {what}").OptionalString("version", what);
                if (version is not null && !map.TryAdd(dependency.Name, version))
                {
                    throw new JsonShapeException($"{what} lists '{dependency.Name}' more than once", dependency.Line);
                }
            }

            result[framework.Name] = map;
        }

        return result;
    }

    private static IReadOnlyList<AssetsLogMessage> ReadLogs(JsonTreeNode? node)
    {
        if (node is null || node.Kind == JsonTreeKind.Null)
        {
            return Array.Empty<AssetsLogMessage>();
        }

        var logs = new List<AssetsLogMessage>();
        foreach (var item in node.ExpectArray("'logs'").Items)
        {
            item.ExpectObject("an item of 'logs'");
            logs.Add(new AssetsLogMessage(
                item.OptionalString("code", "a log message") ?? string.Empty,
                item.OptionalString("level", "a log message"),
                item.OptionalString("message", "a log message"),
                item.OptionalString("libraryId", "a log message"),
                item.OptionalStringArray("targetGraphs", "a log message")));
        }

        return logs;
    }

    private static void CheckLibrariesOfTargets(IReadOnlyList<AssetsTarget> targets, IReadOnlyList<AssetsLibrary> libraries)
    {
        var keys = new HashSet<string>(libraries.Select(l => ProjectAssetsFile.LibraryKey(l.Id, l.Version)), StringComparer.OrdinalIgnoreCase);
        foreach (var target in targets)
        {
            foreach (var library in target.Libraries)
            {
                if (!keys.Contains(ProjectAssetsFile.LibraryKey(library.Id, library.Version)))
                {
                    throw new JsonShapeException($"the target '{target.Key}' lists '{library.Id}/{library.Version}', which 'libraries' does not", 0);
                }
            }
        }
    }

    private static (string Id, string Version) SplitKey(JsonTreeProperty entry, string what)
    {
        var slash = entry.Name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == entry.Name.Length - 1)
        {
            throw new JsonShapeException($"{what} has the entry '{entry.Name}', which is not of the form 'Id/Version'", entry.Line);
        }

        return (entry.Name[..slash], entry.Name[(slash + 1)..]);
    }

    private static string Describe(JsonException ex)
    {
        return "it is not valid JSON (" + JsonErrorText.Describe(ex) + ")";
    }

    private static SupplyChainException Malformed(string path, int line, string reason, Exception inner)
        => new(Diagnostic.Create(DiagnosticCatalog.AssetsFile_Malformed, path, Math.Max(line, 0), path, reason), inner);
}
