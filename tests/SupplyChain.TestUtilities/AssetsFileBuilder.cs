using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplyChain.TestUtilities;

/// <summary>
/// Builds a <c>project.assets.json</c> in the shape NuGet restore writes (version 3 or 4): targets, libraries,
/// packageFolders, project.restore and project.frameworks, centralTransitiveDependencyGroups and logs.
/// <see cref="Root"/> is the document itself, so a test can change anything before writing it.
/// </summary>
public sealed class AssetsFileBuilder
{
    /// <summary>Starts an assets file for a project restored into <paramref name="packagesPath"/>.</summary>
    public AssetsFileBuilder(string projectPath, string packagesPath, int version = 3)
    {
        Root = new JsonObject
        {
            ["version"] = version,
            ["targets"] = new JsonObject(),
            ["libraries"] = new JsonObject(),
            ["projectFileDependencyGroups"] = new JsonObject(),
            ["packageFolders"] = new JsonObject { [packagesPath] = new JsonObject() },
            ["project"] = new JsonObject
            {
                ["version"] = "1.0.0",
                ["restore"] = new JsonObject
                {
                    ["projectUniqueName"] = projectPath,
                    ["projectName"] = Path.GetFileNameWithoutExtension(projectPath),
                    ["projectPath"] = projectPath,
                    ["packagesPath"] = packagesPath,
                    ["outputPath"] = Path.Combine(Path.GetDirectoryName(projectPath) ?? string.Empty, "obj") + "/",
                    ["projectStyle"] = "PackageReference",
                    ["configFilePaths"] = new JsonArray(),
                    ["originalTargetFrameworks"] = new JsonArray(),
                    ["sources"] = new JsonObject(),
                    ["frameworks"] = new JsonObject(),
                    ["restoreLockProperties"] = new JsonObject { ["restorePackagesWithLockFile"] = "true" },
                },
                ["frameworks"] = new JsonObject(),
            },
        };
    }

    /// <summary>The document.</summary>
    public JsonObject Root { get; }

    private JsonObject Restore => Root["project"]!["restore"]!.AsObject();

    /// <summary>Adds a project framework (<c>project.frameworks</c>) and its portable target.</summary>
    public AssetsFileBuilder AddFramework(string alias, string? framework = null, string? targetKey = null)
    {
        Root["project"]!["frameworks"]![alias] = new JsonObject
        {
            ["framework"] = framework ?? alias,
            ["targetAlias"] = alias,
            ["dependencies"] = new JsonObject(),
        };
        Restore["frameworks"]![alias] = new JsonObject { ["targetAlias"] = alias, ["projectReferences"] = new JsonObject() };
        Restore["originalTargetFrameworks"]!.AsArray().Add(alias);
        Root["projectFileDependencyGroups"]![targetKey ?? framework ?? alias] = new JsonArray();
        return AddTarget(targetKey ?? framework ?? alias);
    }

    /// <summary>Adds an empty restore graph (for a runtime graph, <c>net10.0/linux-x64</c>).</summary>
    public AssetsFileBuilder AddTarget(string key)
    {
        Root["targets"]![key] ??= new JsonObject();
        return this;
    }

    /// <summary>Adds a direct dependency to a framework, with the range as restore writes it (<c>[1.0.0, )</c>).</summary>
    public AssetsFileBuilder AddDirectDependency(string alias, string id, string versionRange, bool centrallyManaged = false, string? versionOverride = null, bool autoReferenced = false)
    {
        var dependency = new JsonObject { ["target"] = "Package", ["version"] = versionRange };
        if (autoReferenced)
        {
            dependency["autoReferenced"] = true;
        }

        if (centrallyManaged)
        {
            dependency["versionCentrallyManaged"] = true;
        }

        if (versionOverride is not null)
        {
            dependency["versionOverride"] = versionOverride;
        }

        Root["project"]!["frameworks"]![alias]!["dependencies"]![id] = dependency;
        return this;
    }

    /// <summary>Adds a central package version (<c>PackageVersion</c>) as written.</summary>
    public AssetsFileBuilder AddCentralPackageVersion(string alias, string id, string version)
    {
        var framework = Root["project"]!["frameworks"]![alias]!.AsObject();
        framework["centralPackageVersions"] ??= new JsonObject();
        framework["centralPackageVersions"]![id] = version;
        Restore["centralPackageVersionsManagementEnabled"] = true;
        return this;
    }

    /// <summary>Adds a centrally pinned transitive dependency.</summary>
    public AssetsFileBuilder AddCentralTransitive(string alias, string id, string versionRange)
    {
        Root["centralTransitiveDependencyGroups"] ??= new JsonObject();
        Root["centralTransitiveDependencyGroups"]![alias] ??= new JsonObject();
        Root["centralTransitiveDependencyGroups"]![alias]![id] = new JsonObject { ["include"] = "All", ["version"] = versionRange };
        return this;
    }

    /// <summary>Adds a package to a graph and to <c>libraries</c> (once).</summary>
    public AssetsFileBuilder AddPackage(
        string targetKey,
        string id,
        string version,
        string? sha512,
        IReadOnlyDictionary<string, string[]>? assetGroups = null,
        IReadOnlyDictionary<string, string>? dependencies = null,
        IEnumerable<string>? files = null)
    {
        AddTarget(targetKey);
        var entry = new JsonObject { ["type"] = "package" };
        if (dependencies is { Count: > 0 })
        {
            entry["dependencies"] = new JsonObject(dependencies.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)JsonValue.Create(d.Value))));
        }

        foreach (var group in assetGroups ?? new Dictionary<string, string[]>())
        {
            entry[group.Key] = new JsonObject(group.Value.Select(p => KeyValuePair.Create(p, (JsonNode?)new JsonObject())));
        }

        Root["targets"]![targetKey]![id + "/" + version] = entry;
        var libraries = Root["libraries"]!.AsObject();
        if (!libraries.ContainsKey(id + "/" + version))
        {
            var library = new JsonObject { ["type"] = "package", ["path"] = id.ToLowerInvariant() + "/" + version.ToLowerInvariant() };
            if (sha512 is not null)
            {
                library["sha512"] = sha512;
            }

            library["files"] = new JsonArray((files ?? Array.Empty<string>()).Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
            libraries[id + "/" + version] = library;
        }

        return this;
    }

    /// <summary>Adds a project reference to a graph and to <c>libraries</c>.</summary>
    public AssetsFileBuilder AddProjectReference(string targetKey, string name, string relativePath, string version = "1.0.0")
    {
        AddTarget(targetKey);
        Root["targets"]![targetKey]![name + "/" + version] = new JsonObject { ["type"] = "project", ["framework"] = ".NETCoreApp,Version=v10.0" };
        Root["libraries"]![name + "/" + version] ??= new JsonObject { ["type"] = "project", ["path"] = relativePath, ["msbuildProject"] = relativePath };
        return this;
    }

    /// <summary>Adds a package source as restore records it (a URL or a folder).</summary>
    public AssetsFileBuilder AddSource(string source)
    {
        Restore["sources"]![source] = new JsonObject();
        return this;
    }

    /// <summary>Adds a NuGet configuration file that restore read, in the order restore lists them (nearest first).</summary>
    public AssetsFileBuilder AddConfigFile(string path)
    {
        Restore["configFilePaths"]!.AsArray().Add(path);
        return this;
    }

    /// <summary>Sets <c>restoreLockedMode</c> (null removes it).</summary>
    public AssetsFileBuilder WithLockedMode(bool? lockedMode)
    {
        var properties = Restore["restoreLockProperties"]!.AsObject();
        if (lockedMode is null)
        {
            properties.Remove("restoreLockedMode");
        }
        else
        {
            properties["restoreLockedMode"] = lockedMode.Value;
        }

        return this;
    }

    /// <summary>Adds a restore log message.</summary>
    public AssetsFileBuilder AddLog(string code, string libraryId, string message, params string[] targetGraphs)
    {
        Root["logs"] ??= new JsonArray();
        Root["logs"]!.AsArray().Add(new JsonObject
        {
            ["code"] = code,
            ["level"] = "Warning",
            ["warningLevel"] = 1,
            ["message"] = message,
            ["libraryId"] = libraryId,
            ["targetGraphs"] = new JsonArray(targetGraphs.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
        });
        return this;
    }

    /// <summary>The document as indented JSON.</summary>
    public string ToJson() => Root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Writes the document and returns the path.</summary>
    public string WriteTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, ToJson());
        return path;
    }
}
