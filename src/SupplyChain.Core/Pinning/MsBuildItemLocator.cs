using System;
using System.Collections.Generic;
using System.IO;
using System.Xml;

namespace SupplyChain.Core.Pinning;

/// <summary>
/// Finds the line of a package item (<c>PackageReference</c>, <c>PackageVersion</c>, <c>GlobalPackageReference</c>)
/// in the MSBuild file that defines it, so a diagnostic can point at it. Files are read once, with DTDs prohibited
/// and no resolver; a file that cannot be read simply has no known lines.
/// </summary>
internal sealed class MsBuildItemLocator
{
    private readonly Dictionary<string, IReadOnlyList<ItemLocation>> _files = new(StringComparer.Ordinal);

    /// <summary>Returns the 1-based line of the item whose <c>Include</c> or <c>Update</c> names <paramref name="id"/>, preferring one whose version is <paramref name="version"/>; 0 when not found.</summary>
    public int FindLine(string? file, string itemType, string id, string? version = null)
    {
        if (string.IsNullOrEmpty(file))
        {
            return 0;
        }

        var best = 0;
        foreach (var item in Load(file))
        {
            if (!string.Equals(item.ItemType, itemType, StringComparison.OrdinalIgnoreCase) || !NamesId(item.Names, id))
            {
                continue;
            }

            if (version is not null && (string.Equals(item.Version, version, StringComparison.OrdinalIgnoreCase) || string.Equals(item.VersionOverride, version, StringComparison.OrdinalIgnoreCase)))
            {
                return item.Line;
            }

            if (best == 0)
            {
                best = item.Line;
            }
        }

        return best;
    }

    private static bool NamesId(string names, string id)
    {
        foreach (var part in names.Split(';'))
        {
            if (string.Equals(part.Trim(), id, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private IReadOnlyList<ItemLocation> Load(string file)
    {
        if (_files.TryGetValue(file, out var cached))
        {
            return cached;
        }

        var items = new List<ItemLocation>();
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = XmlReader.Create(stream, settings);
            var lineInfo = (IXmlLineInfo)reader;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName is not ("PackageReference" or "PackageVersion" or "GlobalPackageReference"))
                {
                    continue;
                }

                var names = reader.GetAttribute("Include") ?? reader.GetAttribute("Update");
                if (names is null)
                {
                    continue;
                }

                var line = lineInfo.LineNumber;
                var itemType = reader.LocalName;
                var version = reader.GetAttribute("Version");
                var versionOverride = reader.GetAttribute("VersionOverride");
                if (!reader.IsEmptyElement)
                {
                    using var children = reader.ReadSubtree();
                    while (children.Read())
                    {
                        if (children.NodeType == XmlNodeType.Element && children.LocalName == "Version")
                        {
                            version ??= children.ReadElementContentAsString().Trim();
                        }
                        else if (children.NodeType == XmlNodeType.Element && children.LocalName == "VersionOverride")
                        {
                            versionOverride ??= children.ReadElementContentAsString().Trim();
                        }
                    }
                }

                items.Add(new ItemLocation(itemType, names, version, versionOverride, line));
            }
        }
        catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The line is a convenience; the finding is reported without it.
        }

        _files[file] = items;
        return items;
    }

    private sealed record ItemLocation(string ItemType, string Names, string? Version, string? VersionOverride, int Line);
}
