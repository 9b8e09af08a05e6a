using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Frameworks;

namespace SupplyChain.Core.Assets;

/// <summary>
/// What restore wrote to <c>obj/project.assets.json</c>: the restore graphs (<c>targets</c>), the extracted packages
/// (<c>libraries</c>), the package folders, the project as restore saw it and the restore log.
/// Read it with <see cref="Read"/> or <see cref="Parse"/>.
/// </summary>
public sealed class ProjectAssetsFile
{
    /// <summary>The assets-file versions this release reads: 3 (NuGet 4.x-6.x) and 4 (the .NET 9 and 10 SDKs).</summary>
    public static IReadOnlyList<int> SupportedVersions { get; } = new[] { 3, 4 };

    internal ProjectAssetsFile(
        string path,
        int version,
        IReadOnlyList<AssetsTarget> targets,
        IReadOnlyList<AssetsLibrary> libraries,
        IReadOnlyList<string> packageFolders,
        AssetsRestoreMetadata? restore,
        IReadOnlyList<AssetsProjectFramework> frameworks,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> centralTransitiveDependencies,
        IReadOnlyList<AssetsLogMessage> logs)
    {
        Path = path;
        Version = version;
        Targets = targets;
        Libraries = libraries;
        PackageFolders = packageFolders;
        Restore = restore;
        Frameworks = frameworks;
        CentralTransitiveDependencies = centralTransitiveDependencies;
        Logs = logs;
        LibrariesByKey = libraries.ToDictionary(l => LibraryKey(l.Id, l.Version), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The file this was read from, as given.</summary>
    public string Path { get; }

    /// <summary>The format version.</summary>
    public int Version { get; }

    /// <summary>The restore graphs.</summary>
    public IReadOnlyList<AssetsTarget> Targets { get; }

    /// <summary>The packages and projects of all graphs.</summary>
    public IReadOnlyList<AssetsLibrary> Libraries { get; }

    /// <summary>The libraries keyed by <c>Id/Version</c>, ignoring case.</summary>
    public IReadOnlyDictionary<string, AssetsLibrary> LibrariesByKey { get; }

    /// <summary>The package folders, the global packages folder first, then fallback folders.</summary>
    public IReadOnlyList<string> PackageFolders { get; }

    /// <summary>The restore settings, or null when the file has no <c>project.restore</c>.</summary>
    public AssetsRestoreMetadata? Restore { get; }

    /// <summary>The project's frameworks with their direct dependencies.</summary>
    public IReadOnlyList<AssetsProjectFramework> Frameworks { get; }

    /// <summary>The centrally pinned transitive dependencies per framework alias: id → version range.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> CentralTransitiveDependencies { get; }

    /// <summary>The warnings and errors restore logged.</summary>
    public IReadOnlyList<AssetsLogMessage> Logs { get; }

    /// <summary>
    /// Reads an assets file. Throws <see cref="SupplyChainException"/>: SCSDK1016 when the file does not exist or has a
    /// version this release does not read, SCSDK1015 when it is not valid JSON or not of the assets-file shape,
    /// SCSDK6001 when it cannot be read.
    /// </summary>
    public static ProjectAssetsFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw SupplyChainException.Create(DiagnosticCatalog.AssetsFile_Unsupported, path, 0, path, "does not exist, so the restored dependencies cannot be checked");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, path, 0, path, ex.Message), ex);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses the UTF-8 bytes of an assets file; <paramref name="path"/> names it in diagnostics. Throws as <see cref="Read"/> does.</summary>
    public static ProjectAssetsFile Parse(ReadOnlySpan<byte> utf8, string path) => ProjectAssetsFileReader.Parse(utf8, path);

    /// <summary>The key of <see cref="LibrariesByKey"/>.</summary>
    public static string LibraryKey(string id, string version) => id + "/" + version;

    /// <summary>Finds the library entry of a target library, or null.</summary>
    public AssetsLibrary? FindLibrary(string id, string version)
        => LibrariesByKey.TryGetValue(LibraryKey(id, version), out var library) ? library : null;

    /// <summary>
    /// Finds the project framework a target framework name or alias refers to: first by alias (the key of
    /// <c>project.frameworks</c>), then by framework, whatever form it is written in.
    /// </summary>
    public AssetsProjectFramework? FindFramework(string frameworkOrAlias)
    {
        var byAlias = Frameworks.FirstOrDefault(f => string.Equals(f.Alias, frameworkOrAlias, StringComparison.OrdinalIgnoreCase)
            || string.Equals(f.TargetAlias, frameworkOrAlias, StringComparison.OrdinalIgnoreCase));
        if (byAlias is not null || !TargetFrameworkName.TryParse(frameworkOrAlias, out var name))
        {
            return byAlias;
        }

        return Frameworks.FirstOrDefault(f => f.Framework.Equals(name));
    }

    /// <summary>
    /// True when a graph key (<c>net10.0</c>, <c>net10.0/linux-x64</c>, a long name or an alias) belongs to the given
    /// project framework. A key that is another framework's alias belongs to that one only, so two aliases of the same
    /// framework (<c>apple;banana</c>, both net10.0) stay apart.
    /// </summary>
    public bool IsGraphOf(AssetsProjectFramework framework, string key, FrameworkRuntimePair graph)
    {
        ArgumentNullException.ThrowIfNull(framework);
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        var frameworkPart = slash < 0 ? key : key[..slash];
        if (string.Equals(frameworkPart, framework.Alias, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (Frameworks.Any(f => string.Equals(f.Alias, frameworkPart, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return graph.Framework.Equals(framework.Framework);
    }

    /// <summary>True when a graph key (<c>net10.0</c>, <c>net10.0/linux-x64</c>, a long name or an alias) belongs to the given project framework; see <see cref="IsGraphOf"/> for aliases.</summary>
    public static bool GraphBelongsTo(FrameworkRuntimePair graph, string key, AssetsProjectFramework framework)
    {
        var slash = key.LastIndexOf('/');
        var frameworkPart = slash < 0 ? key : key[..slash];
        return string.Equals(frameworkPart, framework.Alias, StringComparison.OrdinalIgnoreCase)
            || graph.Framework.Equals(framework.Framework);
    }
}
