using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Adoption;

/// <summary>
/// The package sources and the package source mapping of the NuGet configuration files restore used, merged as
/// NuGet merges them (the farthest file first; <c>&lt;clear /&gt;</c> drops what came before).
/// </summary>
public sealed class NuGetConfigFiles
{
    private readonly List<(string Key, string Value, string File)> _sources = new();

    private NuGetConfigFiles()
    {
    }

    /// <summary>The merged mapping.</summary>
    public PackageSourceMapping Mapping { get; } = new();

    /// <summary>Every source added by any file (key, value as written resolved against the file's folder, file).</summary>
    public IReadOnlyList<(string Key, string Value, string File)> Sources => _sources;

    /// <summary>Reads the files, given nearest first (as <c>project.restore.configFilePaths</c> lists them).</summary>
    public static NuGetConfigFiles Read(IReadOnlyList<string> nearestFirst)
    {
        ArgumentNullException.ThrowIfNull(nearestFirst);
        var result = new NuGetConfigFiles();
        for (var i = nearestFirst.Count - 1; i >= 0; i--)
        {
            var file = nearestFirst[i];
            XmlSpliceDocument document;
            try
            {
                document = XmlSpliceDocument.Parse(File.ReadAllBytes(file));
            }
            catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, file, 0, file, ex.Message);
            }

            foreach (var section in document.Root.Elements("packageSources"))
            {
                foreach (var add in section.Elements("add"))
                {
                    if (add.Attribute("key") is { } key && add.Attribute("value") is { } value)
                    {
                        result._sources.Add((key, Resolve(value, Path.GetDirectoryName(file)!), file));
                    }
                }
            }

            foreach (var section in document.Root.Elements("packageSourceMapping"))
            {
                foreach (var child in section.Children)
                {
                    if (child.Name.Equals("clear", StringComparison.OrdinalIgnoreCase))
                    {
                        result.Mapping.Clear();
                    }
                    else if (child.Name.Equals("packageSource", StringComparison.OrdinalIgnoreCase) && child.Attribute("key") is { } key)
                    {
                        foreach (var package in child.Elements("package"))
                        {
                            if (package.Attribute("pattern") is { Length: > 0 } pattern)
                            {
                                result.Mapping.Add(key, pattern.Trim());
                            }
                        }
                    }
                }
            }
        }

        return result;
    }

    /// <summary>The key of a source (a URL or folder as restore lists it), the nearest file's key winning, or null.</summary>
    public string? KeyOf(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var normalized = Normalize(source);
        string? found = null;
        foreach (var (key, value, _) in _sources)
        {
            if (string.Equals(Normalize(value), normalized, StringComparison.OrdinalIgnoreCase))
            {
                found = key;
            }
        }

        return found;
    }

    /// <summary>A source value compared as NuGet writes sources: trailing separators dropped, folders made full.</summary>
    public static string Normalize(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var trimmed = source.Trim().TrimEnd('/', '\\');
        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            return trimmed;
        }

        try
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(trimmed));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return trimmed;
        }
    }

    private static string Resolve(string value, string directory)
        => value.Contains("://", StringComparison.Ordinal) || Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(directory, value));
}
