using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Sbom;

/// <summary>CycloneDX properties a check of the build adds to the components of one package (id and version).</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The package version (normalised, as the lock file has it).</param>
/// <param name="Properties">The properties, in the order they are written.</param>
public sealed record PackageProperties(string Id, string Version, IReadOnlyList<CycloneDxProperty> Properties);

/// <summary>
/// The file through which a check that runs earlier in the build (the consumption policy) hands the SBOM properties
/// of packages: <c>{"version":1,"packages":[{"id","version","properties":[{"name","value"}]}]}</c>, ordered by id and
/// version, so the SBOM stays deterministic. The SBOM generator reads it; the check that writes it owns the names.
/// </summary>
public static class PackagePropertiesFile
{
    /// <summary>Serialises the entries, ordered by id (case-insensitively) and version.</summary>
    public static byte[] Write(IEnumerable<PackageProperties> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteStartArray("packages");
            foreach (var package in packages.OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Version, StringComparer.OrdinalIgnoreCase))
            {
                writer.WriteStartObject();
                writer.WriteString("id", package.Id);
                writer.WriteString("version", package.Version);
                writer.WriteStartArray("properties");
                foreach (var property in package.Properties)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", property.Name);
                    if (property.Value is not null)
                    {
                        writer.WriteString("value", property.Value);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads the file.</summary>
    /// <exception cref="InvalidDataException">It is not such a file.</exception>
    public static IReadOnlyList<PackageProperties> Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var node = Json.StrictJson.ParseOrThrow(utf8);
            if (node?["version"]?.GetValue<int>() != 1 || node["packages"] is not JsonArray packages)
            {
                throw new InvalidDataException("not a package properties file of version 1");
            }

            return packages.Select(p => new PackageProperties(
                p!["id"]!.GetValue<string>(),
                p["version"]!.GetValue<string>(),
                ((JsonArray)p["properties"]!).Select(q => new CycloneDxProperty(q!["name"]!.GetValue<string>(), q["value"]?.GetValue<string>())).ToArray())).ToList();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or InvalidCastException or FormatException)
        {
            throw new InvalidDataException("not a package properties file of version 1: " + ex.Message, ex);
        }
    }

    /// <summary>The key <see cref="Lookup"/> uses: the id and version, case-insensitively.</summary>
    public static string Key(string id, string version) => id.ToUpperInvariant() + "/" + version.ToUpperInvariant();

    /// <summary>The entries by <see cref="Key"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CycloneDxProperty>> Lookup(IEnumerable<PackageProperties> packages)
        => packages.GroupBy(p => Key(p.Id, p.Version), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<CycloneDxProperty>)g.SelectMany(p => p.Properties).ToArray(), StringComparer.Ordinal);
}
