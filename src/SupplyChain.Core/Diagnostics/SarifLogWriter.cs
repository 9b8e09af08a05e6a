using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SupplyChain.Core.Diagnostics;

/// <summary>
/// Writes findings as a SARIF 2.1.0 log (one run, tool SupplyChain.Sdk, one rule per code with its help page), so CI
/// code scanning shows them. Files under <c>baseDirectory</c> are written relative to it (<c>%SRCROOT%</c>), others as
/// absolute <c>file:</c> URIs. Deterministic: same findings, same bytes.
/// </summary>
public static class SarifLogWriter
{
    /// <summary>The SARIF version written.</summary>
    public const string Version = "2.1.0";

    /// <summary>The schema URI written in <c>$schema</c>.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The result property naming the check (project and category) that reported a result.</summary>
    public const string SourceProperty = "supplyChainSource";

    /// <summary>Serialises findings; with <paramref name="source"/>, each result names it in <see cref="SourceProperty"/>.</summary>
    public static byte[] Write(IEnumerable<Diagnostic> diagnostics, string toolVersion, string? baseDirectory, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var list = diagnostics.ToList();
        var root = baseDirectory is null ? null : Path.GetFullPath(baseDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUri);
            writer.WriteString("version", Version);
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            writer.WriteStartObject("tool");
            writer.WriteStartObject("driver");
            writer.WriteString("name", "SupplyChain.Sdk");
            writer.WriteString("version", toolVersion);
            writer.WriteString("informationUri", "https://github.com/supplychain-sdk/supplychain-sdk");
            writer.WriteStartArray("rules");
            foreach (var descriptor in list.Select(d => d.Descriptor).DistinctBy(d => d.Code).OrderBy(d => d.Code, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("id", descriptor.Code);
                writer.WriteString("name", descriptor.Identifier.Replace("_", string.Empty, StringComparison.Ordinal));
                writer.WriteStartObject("shortDescription");
                writer.WriteString("text", descriptor.Identifier.Replace('_', ' '));
                writer.WriteEndObject();
                writer.WriteString("helpUri", descriptor.HelpLink);
                writer.WriteStartObject("defaultConfiguration");
                writer.WriteString("level", Level(descriptor.DefaultSeverity));
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            if (root is not null)
            {
                writer.WriteStartObject("originalUriBaseIds");
                writer.WriteStartObject("%SRCROOT%");
                writer.WriteString("uri", new Uri(root).AbsoluteUri);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteStartArray("results");
            foreach (var diagnostic in list)
            {
                writer.WriteStartObject();
                writer.WriteString("ruleId", diagnostic.Code);
                writer.WriteString("level", Level(diagnostic.Severity));
                writer.WriteStartObject("message");
                writer.WriteString("text", diagnostic.Message);
                writer.WriteEndObject();
                if (diagnostic.File is { } file && !file.Contains("://", StringComparison.Ordinal))
                {
                    writer.WriteStartArray("locations");
                    writer.WriteStartObject();
                    writer.WriteStartObject("physicalLocation");
                    writer.WriteStartObject("artifactLocation");
                    var full = Path.GetFullPath(file.Split('!')[0]);
                    if (root is not null && full.StartsWith(root, StringComparison.Ordinal))
                    {
                        writer.WriteString("uri", string.Join('/', Path.GetRelativePath(root, full).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)));
                        writer.WriteString("uriBaseId", "%SRCROOT%");
                    }
                    else
                    {
                        writer.WriteString("uri", new Uri(full).AbsoluteUri);
                    }

                    writer.WriteEndObject();
                    if (diagnostic.Line > 0)
                    {
                        writer.WriteStartObject("region");
                        writer.WriteNumber("startLine", diagnostic.Line);
                        if (diagnostic.Column > 0)
                        {
                            writer.WriteNumber("startColumn", diagnostic.Column);
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                }

                if (source is not null)
                {
                    writer.WriteStartObject("properties");
                    writer.WriteString(SourceProperty, source);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };
}
