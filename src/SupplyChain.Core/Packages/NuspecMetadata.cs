using System;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace SupplyChain.Core.Packages;

/// <summary>The <c>&lt;license&gt;</c> element of a nuspec.</summary>
/// <param name="Type"><c>expression</c> or <c>file</c> (as written, trimmed).</param>
/// <param name="Value">The expression, or the package-relative path of the license file.</param>
internal sealed record NuspecLicense(string Type, string Value);

/// <summary>The <c>&lt;repository&gt;</c> element of a nuspec.</summary>
internal sealed record NuspecRepository(string? Type, string? Url, string? Commit, string? Branch);

/// <summary>The parts of a nuspec's <c>metadata</c> the SBOM records.</summary>
internal sealed record NuspecMetadata(
    string? Id,
    string? Version,
    string? Authors,
    string? Description,
    string? Copyright,
    string? ProjectUrl,
    string? LicenseUrl,
    NuspecLicense? License,
    NuspecRepository? Repository,
    bool DevelopmentDependency)
{
    /// <summary>Nuspecs larger than this are refused; real ones are a few kilobytes.</summary>
    public const long MaxCharacters = 4 * 1024 * 1024;

    /// <summary>
    /// Parses a nuspec. Document type definitions are refused (no entity expansion, no external entities) and no
    /// external resource is ever resolved. Elements are matched by local name, whatever the nuspec namespace version.
    /// </summary>
    /// <exception cref="XmlException">Not well-formed XML, a DTD, too large, or not a nuspec.</exception>
    public static NuspecMetadata Parse(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
        };
        XDocument document;
        using (var reader = XmlReader.Create(stream, settings))
        {
            document = XDocument.Load(reader, LoadOptions.None);
        }

        var package = document.Root;
        if (package is null || package.Name.LocalName != "package")
        {
            throw new XmlException("the root element is not <package>");
        }

        var metadata = package.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata")
            ?? throw new XmlException("the nuspec has no <metadata> element");

        string? Text(string name)
        {
            var value = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }

        NuspecLicense? license = null;
        if (metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "license") is { } licenseElement
            && licenseElement.Value.Trim() is { Length: > 0 } licenseValue)
        {
            license = new NuspecLicense(((string?)licenseElement.Attribute("type"))?.Trim() ?? "expression", licenseValue);
        }

        NuspecRepository? repository = null;
        if (metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "repository") is { } repositoryElement)
        {
            repository = new NuspecRepository(
                Attribute(repositoryElement, "type"),
                Attribute(repositoryElement, "url"),
                Attribute(repositoryElement, "commit"),
                Attribute(repositoryElement, "branch"));
        }

        return new NuspecMetadata(
            Text("id"),
            Text("version"),
            Text("authors"),
            Text("description"),
            Text("copyright"),
            Text("projectUrl"),
            Text("licenseUrl"),
            license,
            repository,
            string.Equals(Text("developmentDependency"), "true", StringComparison.OrdinalIgnoreCase));
    }

    private static string? Attribute(XElement element, string name)
    {
        var value = ((string?)element.Attribute(name))?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
