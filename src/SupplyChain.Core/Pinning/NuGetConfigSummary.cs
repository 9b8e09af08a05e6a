using System;
using System.Collections.Generic;
using System.IO;
using System.Xml;

namespace SupplyChain.Core.Pinning;

/// <summary>
/// What the NuGet configuration files that restore used say about sources and package source mapping, merged as
/// NuGet merges them: the farthest file first, each nearer file adding to it, and <c>&lt;clear /&gt;</c> dropping what
/// came before.
/// </summary>
internal sealed class NuGetConfigSummary
{
    private NuGetConfigSummary()
    {
    }

    /// <summary>True when, after merging, at least one source has at least one package pattern.</summary>
    public bool HasPackageSourceMapping { get; private set; }

    /// <summary>The nearest file with a <c>&lt;packageSources&gt;</c> section and its line, or null.</summary>
    public (string File, int Line)? PackageSourcesLocation { get; private set; }

    /// <summary>The files that could not be read.</summary>
    public IReadOnlyList<string> UnreadableFiles { get; private set; } = Array.Empty<string>();

    private Dictionary<string, (string File, int Line)> SourceLocations { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the files, given nearest first as <c>project.restore.configFilePaths</c> lists them.</summary>
    public static NuGetConfigSummary Read(IReadOnlyList<string> configFilePaths)
    {
        var summary = new NuGetConfigSummary();
        var mapped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unreadable = new List<string>();
        for (var i = configFilePaths.Count - 1; i >= 0; i--)
        {
            var file = configFilePaths[i];
            try
            {
                summary.ReadFile(file, mapped);
            }
            catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                unreadable.Add(file);
            }
        }

        summary.HasPackageSourceMapping = mapped.Count > 0;
        summary.UnreadableFiles = unreadable;
        return summary;
    }

    /// <summary>Where a source (by URL or folder) is added, or null.</summary>
    public (string File, int Line)? FindSource(string source)
        => SourceLocations.TryGetValue(source.TrimEnd('/', '\\'), out var location) ? location : null;

    private void ReadFile(string file, HashSet<string> mapped)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        // A stream, not a URI: XmlReader.Create(string) would resolve a URL in the assets file over the network.
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = XmlReader.Create(stream, settings);
        var lineInfo = (IXmlLineInfo)reader;
        string? section = null;
        string? mappingKey = null;
        var mappingKeyHasPattern = false;
        var depth = -1;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == 1)
            {
                section = null;
                continue;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth == 1)
            {
                section = reader.LocalName;
                depth = reader.Depth;
                if (section == "packageSources")
                {
                    // Files are read farthest first, so the last one seen is the nearest.
                    PackageSourcesLocation = (file, lineInfo.LineNumber);
                }

                if (reader.IsEmptyElement)
                {
                    section = null;
                }

                continue;
            }

            if (section == "packageSources" && reader.Depth == depth + 1 && reader.LocalName == "add" && reader.GetAttribute("value") is { } value)
            {
                SourceLocations[value.TrimEnd('/', '\\')] = (file, lineInfo.LineNumber);
            }
            else if (section == "packageSourceMapping" && reader.Depth == depth + 1)
            {
                if (reader.LocalName == "clear")
                {
                    mapped.Clear();
                }
                else if (reader.LocalName == "packageSource")
                {
                    mappingKey = reader.GetAttribute("key");
                    mappingKeyHasPattern = false;
                }
            }
            else if (section == "packageSourceMapping" && reader.Depth == depth + 2 && reader.LocalName == "package" && mappingKey is not null && !mappingKeyHasPattern
                && !string.IsNullOrWhiteSpace(reader.GetAttribute("pattern")))
            {
                mappingKeyHasPattern = true;
                mapped.Add(mappingKey);
            }
        }
    }
}
