using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SupplyChain.Core.Sbom;

/// <summary>
/// Writes a <see cref="CycloneDxBom"/> as CycloneDX JSON, deterministically: the same content gives the same bytes,
/// whatever order the lists were built in.
/// <list type="bullet">
/// <item>Properties of every object in a fixed order (the schema's order); components and tools sorted by bom-ref
/// (ordinal), then group, name, version and purl; dependencies by ref, each dependsOn sorted without duplicates;
/// hashes in the order of <see cref="CycloneDxHashAlgorithm"/>; properties by name, then value; licenses, external
/// references, authors and URLs sorted too.</item>
/// <item>UTF-8 without a byte order mark, two-space indentation, LF line ends and a final LF on every platform.</item>
/// <item>Strings escaped with <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>: only what JSON requires
/// (quotes, backslashes, control characters) and characters outside the Basic Multilingual Plane. The default
/// encoder would also escape HTML-sensitive characters (<c>&lt; &gt; &amp; ' +</c>) and all non-ASCII text, which
/// protects JSON embedded in an HTML page; an SBOM is a file read by JSON parsers, so readable text is worth more
/// (<c>GPL-2.0+</c>, names with accents stay as they are) and nothing is lost.</item>
/// <item><c>serialNumber</c> is <c>urn:uuid:</c> and an RFC 4122 version-5 (SHA-1, name-based) UUID whose name is
/// the document written without the serial number, so equal content gives an equal serial and any change a new one.</item>
/// <item><c>metadata.timestamp</c> only when the model has one, as <c>yyyy-MM-ddTHH:mm:ssZ</c>.</item>
/// <item>Content the chosen spec version does not have (Streebog hashes, patent and citation references, properties
/// of external references in 1.6) is left out; <see cref="CycloneDxDocumentChecks"/> reports each such omission.</item>
/// </list>
/// </summary>
public static class CycloneDxWriter
{
    /// <summary>
    /// The namespace of our serial numbers: the version-5 UUID of the URL
    /// <c>https://github.com/supplychain-sdk/supplychain-sdk#cyclonedx-serial-number</c> in the RFC 4122 URL namespace.
    /// </summary>
    public static readonly Guid SerialNumberNamespace = new("fccc955f-f8e2-5c81-a7a8-ea6c3ef635e6");

    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the BOM, serial number included, as UTF-8 JSON bytes.</summary>
    public static byte[] Write(CycloneDxBom bom)
    {
        ArgumentNullException.ThrowIfNull(bom);
        var withoutSerial = WriteDocument(bom, serialNumber: null);
        return WriteDocument(bom, SerialNumberOf(withoutSerial));
    }

    /// <summary>Writes the BOM to a stream.</summary>
    public static void Write(CycloneDxBom bom, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Write(bom));
    }

    /// <summary>The <c>serialNumber</c> the BOM gets when written: <c>urn:uuid:</c> and a version-5 UUID of its content.</summary>
    public static string ComputeSerialNumber(CycloneDxBom bom)
    {
        ArgumentNullException.ThrowIfNull(bom);
        return SerialNumberOf(WriteDocument(bom, serialNumber: null));
    }

    /// <summary>An RFC 4122 version-5 UUID (SHA-1 of the namespace's bytes in network order, then the name).</summary>
    public static Guid NameBasedUuid(Guid namespaceId, ReadOnlySpan<byte> name)
    {
        var namespaceBytes = namespaceId.ToByteArray(bigEndian: true);
        var input = new byte[namespaceBytes.Length + name.Length];
        namespaceBytes.CopyTo(input, 0);
        name.CopyTo(input.AsSpan(namespaceBytes.Length));

        // SHA-1 is what RFC 4122 prescribes for version 5; the UUID names content, it does not protect it.
#pragma warning disable CA5350
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var uuid = hash.AsSpan(0, 16).ToArray();
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true);
    }

    private static string SerialNumberOf(byte[] documentWithoutSerial)
        => "urn:uuid:" + NameBasedUuid(SerialNumberNamespace, documentWithoutSerial).ToString("D", CultureInfo.InvariantCulture);

    private static byte[] WriteDocument(CycloneDxBom bom, string? serialNumber)
    {
        var version = bom.SpecVersion;
        _ = version.ToSpecString();
        if (bom.Version < 1)
        {
            throw new ArgumentException($"The BOM version must be 1 or more, not {bom.Version}.", nameof(bom));
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", version.SchemaUrl());
            writer.WriteString("bomFormat", CycloneDxBom.BomFormat);
            writer.WriteString("specVersion", version.ToSpecString());
            if (serialNumber is not null)
            {
                writer.WriteString("serialNumber", serialNumber);
            }

            writer.WriteNumber("version", bom.Version);
            if (bom.Metadata is not null)
            {
                writer.WritePropertyName("metadata");
                WriteMetadata(writer, bom.Metadata, version);
            }

            writer.WritePropertyName("components");
            WriteComponents(writer, bom.Components, version);
            WriteExternalReferences(writer, bom.ExternalReferences, version);
            writer.WriteStartArray("dependencies");
            foreach (var dependency in bom.Dependencies.OrderBy(d => d.Ref, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("ref", dependency.Ref);
                writer.WriteStartArray("dependsOn");
                foreach (var reference in dependency.DependsOn.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    writer.WriteStringValue(reference);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteProperties(writer, bom.Properties);
            if (bom.VulnerabilitiesJson is { } vulnerabilities)
            {
                using var parsed = JsonDocument.Parse(vulnerabilities);
                writer.WritePropertyName("vulnerabilities");
                parsed.RootElement.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        // Utf8JsonWriter on .NET 8 ends indented lines with Environment.NewLine. JSON text never holds a raw CR
        // (the encoder escapes it inside strings), so dropping every CR leaves LF line ends everywhere.
        var bytes = buffer.ToArray().Where(b => b != (byte)'\r').ToList();
        bytes.Add((byte)'\n');
        return bytes.ToArray();
    }

    private static void WriteMetadata(Utf8JsonWriter writer, CycloneDxMetadata metadata, CycloneDxSpecVersion version)
    {
        writer.WriteStartObject();
        if (metadata.Timestamp is { } timestamp)
        {
            writer.WriteString("timestamp", FormatTimestamp(timestamp));
        }

        if (metadata.Lifecycles.Count > 0)
        {
            writer.WriteStartArray("lifecycles");
            foreach (var phase in metadata.Lifecycles.Distinct().Order())
            {
                writer.WriteStartObject();
                writer.WriteString("phase", phase.ToJson());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (metadata.Tools.Count > 0)
        {
            writer.WriteStartObject("tools");
            writer.WritePropertyName("components");
            WriteComponents(writer, metadata.Tools, version);
            writer.WriteEndObject();
        }

        WriteAuthors(writer, metadata.Authors);
        if (metadata.Component is not null)
        {
            writer.WritePropertyName("component");
            WriteComponent(writer, metadata.Component, version);
        }

        WriteEntity(writer, "supplier", metadata.Supplier);
        WriteProperties(writer, metadata.Properties);
        writer.WriteEndObject();
    }

    /// <summary>The timestamp form we write: UTC, whole seconds, <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp)
        => timestamp.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteComponents(Utf8JsonWriter writer, IReadOnlyList<Component> components, CycloneDxSpecVersion version)
    {
        writer.WriteStartArray();
        foreach (var component in Sorted(components))
        {
            WriteComponent(writer, component, version);
        }

        writer.WriteEndArray();
    }

    internal static IEnumerable<Component> Sorted(IEnumerable<Component> components)
        => components
            .OrderBy(c => c.BomRef, StringComparer.Ordinal)
            .ThenBy(c => c.Group, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Version, StringComparer.Ordinal)
            .ThenBy(c => c.Purl, StringComparer.Ordinal);

    private static void WriteComponent(Utf8JsonWriter writer, Component component, CycloneDxSpecVersion version)
    {
        writer.WriteStartObject();
        writer.WriteString("type", component.Type.ToJson());
        WriteOptional(writer, "bom-ref", component.BomRef);
        WriteEntity(writer, "supplier", component.Supplier);
        WriteAuthors(writer, component.Authors);
        WriteOptional(writer, "publisher", component.Publisher);
        WriteOptional(writer, "group", component.Group);
        writer.WriteString("name", component.Name);
        WriteOptional(writer, "version", component.Version);
        WriteOptional(writer, "description", component.Description);
        if (component.Scope is { } scope)
        {
            writer.WriteString("scope", scope.ToJson());
        }

        var hashes = component.Hashes
            .Where(h => h.Algorithm.IsSupportedIn(version))
            .OrderBy(h => h.Algorithm)
            .ThenBy(h => h.Content, StringComparer.Ordinal)
            .ToArray();
        if (hashes.Length > 0)
        {
            writer.WriteStartArray("hashes");
            foreach (var hash in hashes)
            {
                writer.WriteStartObject();
                writer.WriteString("alg", hash.Algorithm.ToJson());
                writer.WriteString("content", hash.Content);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (component.Licenses is not null)
        {
            WriteLicenses(writer, component.Licenses);
        }

        WriteOptional(writer, "copyright", component.Copyright);
        WriteOptional(writer, "purl", component.Purl);
        WriteExternalReferences(writer, component.ExternalReferences, version);
        if (component.Components.Count > 0)
        {
            writer.WritePropertyName("components");
            WriteComponents(writer, component.Components, version);
        }

        WriteProperties(writer, component.Properties);
        writer.WriteEndObject();
    }

    private static void WriteLicenses(Utf8JsonWriter writer, CycloneDxLicenseChoice licenses)
    {
        writer.WriteStartArray("licenses");
        if (licenses.Expression is not null)
        {
            writer.WriteStartObject();
            writer.WriteString("expression", licenses.Expression);
            writer.WriteEndObject();
        }
        else
        {
            var sorted = licenses.Licenses
                .OrderBy(l => l.Id, StringComparer.Ordinal)
                .ThenBy(l => l.Name, StringComparer.Ordinal)
                .ThenBy(l => l.Url, StringComparer.Ordinal)
                .ThenBy(l => l.Text?.Content, StringComparer.Ordinal);
            foreach (var license in sorted)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("license");
                WriteOptional(writer, "id", license.Id);
                WriteOptional(writer, "name", license.Name);
                if (license.Text is { } text)
                {
                    writer.WriteStartObject("text");
                    WriteOptional(writer, "contentType", text.ContentType);
                    if (text.IsBase64)
                    {
                        writer.WriteString("encoding", "base64");
                    }

                    writer.WriteString("content", text.Content);
                    writer.WriteEndObject();
                }

                WriteOptional(writer, "url", license.Url);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteExternalReferences(Utf8JsonWriter writer, IReadOnlyList<CycloneDxExternalReference> references, CycloneDxSpecVersion version)
    {
        var sorted = references
            .Where(r => r.Type.IsSupportedIn(version))
            .OrderBy(r => r.Type)
            .ThenBy(r => r.Url, StringComparer.Ordinal)
            .ThenBy(r => r.Comment, StringComparer.Ordinal)
            .ToArray();
        if (sorted.Length == 0)
        {
            return;
        }

        writer.WriteStartArray("externalReferences");
        foreach (var reference in sorted)
        {
            writer.WriteStartObject();
            writer.WriteString("url", reference.Url);
            WriteOptional(writer, "comment", reference.Comment);
            writer.WriteString("type", reference.Type.ToJson());
            if (version >= CycloneDxSpecVersion.V17)
            {
                WriteProperties(writer, reference.Properties);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteProperties(Utf8JsonWriter writer, IReadOnlyList<CycloneDxProperty> properties)
    {
        if (properties.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("properties");
        foreach (var property in properties.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("name", property.Name);
            WriteOptional(writer, "value", property.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteAuthors(Utf8JsonWriter writer, IReadOnlyList<OrganizationalContact> authors)
    {
        if (authors.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("authors");
        foreach (var author in authors.OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Email, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("name", author.Name);
            WriteOptional(writer, "email", author.Email);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteEntity(Utf8JsonWriter writer, string propertyName, OrganizationalEntity? entity)
    {
        if (entity is null)
        {
            return;
        }

        writer.WriteStartObject(propertyName);
        writer.WriteString("name", entity.Name);
        if (entity.Urls.Count > 0)
        {
            writer.WriteStartArray("url");
            foreach (var url in entity.Urls.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(url);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string propertyName, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(propertyName, value);
        }
    }
}
