using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Frameworks;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.LockFiles;

/// <summary>
/// Reads <c>packages.lock.json</c> (versions 1, 2 and 3) strictly: invalid JSON, a truncated file, a wrong shape or a
/// duplicate entry is <see cref="DiagnosticCatalog.LockFile_Malformed"/> (SCSDK1001) with the line, an unknown version
/// <see cref="DiagnosticCatalog.LockFile_UnsupportedVersion"/> (SCSDK1003). Every failure is a
/// <see cref="SupplyChainException"/>; no other exception escapes for bad input.
/// </summary>
public static class PackagesLockFileReader
{
    /// <summary>Reads a lock file from disk (SCSDK6001 when it cannot be read).</summary>
    public static PackagesLockFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
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

    /// <summary>Parses the UTF-8 bytes of a lock file; <paramref name="path"/> names it in diagnostics.</summary>
    public static PackagesLockFile Parse(ReadOnlySpan<byte> utf8, string path)
    {
        JsonTreeNode root;
        try
        {
            root = JsonTreeParser.Parse(utf8);
        }
        catch (JsonException ex)
        {
            throw Malformed(path, (int)(ex.LineNumber ?? -1) + 1, "it is not valid JSON (" + JsonErrorText.Describe(ex) + ")", ex);
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
            if (!PackagesLockFile.SupportedVersions.Contains(version))
            {
                throw SupplyChainException.Create(
                    DiagnosticCatalog.LockFile_UnsupportedVersion,
                    path,
                    versionNode.Line,
                    path,
                    version.ToString(CultureInfo.InvariantCulture),
                    FormatVersions());
            }

            var targets = new List<PackagesLockTarget>();
            if (version < 3)
            {
                foreach (var section in root.Required("dependencies", "the document").ExpectObject("'dependencies'").Properties)
                {
                    targets.Add(ReadSection(section, section.Value, section.Name));
                }
            }
            else
            {
                // Version 3: every property but 'version' is a section keyed by alias (and runtime), with its framework inside.
                foreach (var section in root.Properties)
                {
                    if (string.Equals(section.Name, "version", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    var what = $"the section '{section.Name}'";
                    var node = section.Value.ExpectObject(what);
                    var framework = node.Required("framework", what).ExpectString($"'framework' of {what}");
                    var slash = section.Name.LastIndexOf('/');
                    var graphKey = slash < 0 ? framework : framework + section.Name[slash..];
                    targets.Add(ReadSection(section, node.Required("dependencies", what), graphKey));
                }
            }

            return new PackagesLockFile(path, version, targets);
        }
        catch (JsonShapeException ex)
        {
            throw Malformed(path, ex.Line, ex.Message, ex);
        }
    }

    private static string FormatVersions()
    {
        var versions = PackagesLockFile.SupportedVersions.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        return string.Join(", ", versions[..^1]) + " and " + versions[^1];
    }

    private static PackagesLockTarget ReadSection(JsonTreeProperty section, JsonTreeNode dependencies, string graphKey)
    {
        if (!FrameworkRuntimePair.TryParse(graphKey, out var graph) || string.IsNullOrWhiteSpace(section.Name))
        {
            throw new JsonShapeException($"the section '{section.Name}' is not a framework name", section.Line);
        }

        var what = $"the section '{section.Name}'";
        var entries = new List<PackagesLockDependency>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in dependencies.ExpectObject($"the dependencies of {what}").Properties)
        {
            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                throw new JsonShapeException($"{what} has an entry without a name", entry.Line);
            }

            if (!ids.Add(entry.Name))
            {
                throw new JsonShapeException($"{what} lists '{entry.Name}' more than once", entry.Line);
            }

            var entryWhat = $"'{entry.Name}' in {what}";
            var node = entry.Value.ExpectObject(entryWhat);
            var typeNode = node.Required("type", entryWhat);
            var typeText = typeNode.ExpectString($"'type' of {entryWhat}");
            if (!Enum.TryParse<PackagesLockDependencyType>(typeText, ignoreCase: true, out var type) || !Enum.IsDefined(type) || int.TryParse(typeText, out _))
            {
                throw new JsonShapeException($"{entryWhat} has the unknown type '{typeText}'", typeNode.Line);
            }

            entries.Add(new PackagesLockDependency(
                entry.Name,
                type,
                node.OptionalString("requested", entryWhat),
                node.OptionalString("resolved", entryWhat),
                node.OptionalString("contentHash", entryWhat),
                node.OptionalStringMap("dependencies", entryWhat),
                entry.Line));
        }

        return new PackagesLockTarget(section.Name, graph, entries, section.Line);
    }

    private static SupplyChainException Malformed(string path, int line, string reason, Exception inner)
        => new(Diagnostic.Create(DiagnosticCatalog.LockFile_Malformed, path, Math.Max(line, 0), path, reason), inner);
}
