using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace SupplyChain.Core.Adoption;

/// <summary>
/// The packages restore downloads without making them dependencies (<c>PackageDownload</c>: targeting and runtime
/// packs), as <c>project.frameworks.*.downloadDependencies</c> of <c>project.assets.json</c> lists them. They come
/// from the package sources too, so package source mapping must cover them.
/// </summary>
public static class DownloadDependencies
{
    /// <summary>Each (id, version) once; exact ranges (<c>[8.0.1, 8.0.1]</c>) become their version, others are skipped.</summary>
    public static IReadOnlyList<(string Id, string Version)> Read(string assetsPath)
    {
        ArgumentNullException.ThrowIfNull(assetsPath);
        var result = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(assetsPath));
            if (!document.RootElement.TryGetProperty("project", out var project) || project.ValueKind != JsonValueKind.Object
                || !project.TryGetProperty("frameworks", out var frameworks) || frameworks.ValueKind != JsonValueKind.Object)
            {
                return result;
            }

            foreach (var framework in frameworks.EnumerateObject())
            {
                if (framework.Value.ValueKind != JsonValueKind.Object || !framework.Value.TryGetProperty("downloadDependencies", out var downloads) || downloads.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var download in downloads.EnumerateArray())
                {
                    if (download.ValueKind == JsonValueKind.Object
                        && download.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                        && download.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String
                        && Exact(version.GetString()!) is { } exact
                        && seen.Add(name.GetString() + "/" + exact))
                    {
                        result.Add((name.GetString()!, exact));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // The pinning checks report an unreadable assets file; init then maps only what it could read.
        }

        return result;
    }

    private static string? Exact(string range)
    {
        var text = range.Trim();
        if (!text.StartsWith('['))
        {
            return text.Length > 0 && !text.Contains(',', StringComparison.Ordinal) && !text.Contains('*', StringComparison.Ordinal) ? text : null;
        }

        var parts = text.Trim('[', ']').Split(',');
        return parts.Length == 2 && text.EndsWith(']') && parts[0].Trim() == parts[1].Trim() && parts[0].Trim().Length > 0 ? parts[0].Trim() : parts.Length == 1 && text.EndsWith(']') ? parts[0].Trim() : null;
    }
}
