using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security;
using System.Text;

namespace SupplyChain.TestUtilities;

/// <summary>
/// Writes a valid .nupkg in-process, laid out as <c>dotnet pack</c> lays it out: <c>[Content_Types].xml</c>,
/// <c>_rels/.rels</c>, <c>&lt;id&gt;.nuspec</c> (id, version, authors, description, optional license expression and
/// developmentDependency, dependency groups per target framework) and the files, with entry names percent-encoded as
/// NuGet writes them. Entry timestamps are fixed, so the same builder gives the same bytes.
/// </summary>
public sealed class TestPackageBuilder
{
    private static readonly DateTimeOffset s_timestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SortedDictionary<string, List<(string Id, string Range)>> _dependencyGroups = new(StringComparer.Ordinal);
    private readonly List<(string Path, byte[] Content)> _files = new();

    /// <summary>Starts a package with an id and a version.</summary>
    public TestPackageBuilder(string id, string version)
    {
        Id = id;
        Version = version;
    }

    /// <summary>The package id.</summary>
    public string Id { get; }

    /// <summary>The package version, as written in the nuspec.</summary>
    public string Version { get; }

    /// <summary>The SPDX license expression, or null.</summary>
    public string? LicenseExpression { get; private set; }

    /// <summary>True when the nuspec says developmentDependency.</summary>
    public bool DevelopmentDependency { get; private set; }

    /// <summary>The description in the nuspec.</summary>
    public string Description { get; private set; } = "A package written by the tests.";

    /// <summary>The file name NuGet gives the package in a feed or packages folder: <c>&lt;id-lower&gt;.&lt;version-lower&gt;.nupkg</c>.</summary>
    public string FileName => FileNameOf(Id, Version);

    /// <summary>The file name of a package: <c>&lt;id-lower&gt;.&lt;version-lower&gt;.nupkg</c>.</summary>
    public static string FileNameOf(string id, string version) => id.ToLowerInvariant() + "." + version.ToLowerInvariant() + ".nupkg";

    /// <summary>Adds a dependency to the group of a target framework (short name, such as <c>net8.0</c>).</summary>
    public TestPackageBuilder WithDependency(string targetFramework, string id, string versionRange)
    {
        GroupOf(targetFramework).Add((id, versionRange));
        return this;
    }

    /// <summary>Adds an empty dependency group for a target framework.</summary>
    public TestPackageBuilder WithDependencyGroup(string targetFramework)
    {
        GroupOf(targetFramework);
        return this;
    }

    /// <summary>Adds <c>lib/&lt;tfm&gt;/&lt;fileName&gt;</c>.</summary>
    public TestPackageBuilder WithLibFile(string targetFramework, string fileName, byte[] content)
        => WithFile("lib/" + targetFramework + "/" + fileName, content);

    /// <summary>Adds <c>lib/&lt;tfm&gt;/&lt;fileName&gt;</c> with UTF-8 text.</summary>
    public TestPackageBuilder WithLibFile(string targetFramework, string fileName, string content)
        => WithLibFile(targetFramework, fileName, Encoding.UTF8.GetBytes(content));

    /// <summary>Adds a file at a path inside the package (unescaped, '/' separated); the entry name is percent-encoded.</summary>
    public TestPackageBuilder WithFile(string path, byte[] content)
    {
        _files.Add((path, content));
        return this;
    }

    /// <summary>Adds a file with UTF-8 text.</summary>
    public TestPackageBuilder WithFile(string path, string content) => WithFile(path, Encoding.UTF8.GetBytes(content));

    /// <summary>Sets the license expression (<c>MIT</c>).</summary>
    public TestPackageBuilder WithLicenseExpression(string expression)
    {
        LicenseExpression = expression;
        return this;
    }

    /// <summary>Marks the package as a development dependency.</summary>
    public TestPackageBuilder AsDevelopmentDependency(bool value = true)
    {
        DevelopmentDependency = value;
        return this;
    }

    /// <summary>Sets the description.</summary>
    public TestPackageBuilder WithDescription(string description)
    {
        Description = description;
        return this;
    }

    /// <summary>The nuspec XML.</summary>
    public string BuildNuspec()
    {
        var builder = new StringBuilder();
        builder.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        builder.Append("<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\">\n");
        builder.Append("  <metadata>\n");
        builder.Append("    <id>").Append(Escape(Id)).Append("</id>\n");
        builder.Append("    <version>").Append(Escape(Version)).Append("</version>\n");
        builder.Append("    <authors>SupplyChain.Sdk tests</authors>\n");
        if (DevelopmentDependency)
        {
            builder.Append("    <developmentDependency>true</developmentDependency>\n");
        }

        if (LicenseExpression is not null)
        {
            builder.Append("    <license type=\"expression\">").Append(Escape(LicenseExpression)).Append("</license>\n");
        }

        builder.Append("    <description>").Append(Escape(Description)).Append("</description>\n");
        if (_dependencyGroups.Count > 0)
        {
            builder.Append("    <dependencies>\n");
            foreach (var group in _dependencyGroups)
            {
                builder.Append("      <group targetFramework=\"").Append(Escape(group.Key)).Append("\">\n");
                foreach (var (id, range) in group.Value)
                {
                    builder.Append("        <dependency id=\"").Append(Escape(id)).Append("\" version=\"").Append(Escape(range)).Append("\" exclude=\"Build,Analyzers\" />\n");
                }

                builder.Append("      </group>\n");
            }

            builder.Append("    </dependencies>\n");
        }

        builder.Append("  </metadata>\n");
        builder.Append("</package>\n");
        return builder.ToString();
    }

    /// <summary>The .nupkg bytes.</summary>
    public byte[] Build()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "_rels/.rels", RelsXml());
            Add(zip, EscapePath(Id + ".nuspec"), Encoding.UTF8.GetBytes(BuildNuspec()));
            foreach (var (path, content) in _files)
            {
                Add(zip, EscapePath(path), content);
            }

            Add(zip, "[Content_Types].xml", ContentTypesXml());
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the package to a folder as <see cref="FileName"/> and returns its full path.</summary>
    public string WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.GetFullPath(Path.Combine(folder, FileName));
        File.WriteAllBytes(path, Build());
        return path;
    }

    /// <summary>Percent-encodes each segment of a path as NuGet does for entry names.</summary>
    public static string EscapePath(string path)
        => string.Join("/", path.Split('/').Select(Uri.EscapeDataString));

    private List<(string Id, string Range)> GroupOf(string targetFramework)
    {
        if (!_dependencyGroups.TryGetValue(targetFramework, out var group))
        {
            group = new List<(string Id, string Range)>();
            _dependencyGroups.Add(targetFramework, group);
        }

        return group;
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = s_timestamp;
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static byte[] RelsXml() => Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>");

    private byte[] ContentTypesXml()
    {
        var extensions = _files.Select(f => Path.GetExtension(f.Path).TrimStart('.')).Append("nuspec").Append("rels")
            .Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(e => e, StringComparer.Ordinal);
        var builder = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">");
        foreach (var extension in extensions)
        {
            builder.Append("<Default Extension=\"").Append(Escape(extension)).Append("\" ContentType=\"application/octet\" />");
        }

        builder.Append("</Types>");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static string Escape(string text) => SecurityElement.Escape(text);
}
