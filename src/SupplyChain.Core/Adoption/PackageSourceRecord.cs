using System;
using System.IO;
using System.Text.Json;

namespace SupplyChain.Core.Adoption;

/// <summary>
/// Where NuGet says a package came from: the <c>source</c> of <c>.nupkg.metadata</c>, which NuGet writes into each
/// package folder of the global packages folder when it extracts the package.
/// </summary>
public static class PackageSourceRecord
{
    /// <summary>The file name NuGet writes.</summary>
    public const string FileName = ".nupkg.metadata";

    /// <summary>The recorded source of the package folder, or null when there is no readable record.</summary>
    public static string? Read(string packageFolder)
    {
        ArgumentNullException.ThrowIfNull(packageFolder);
        var path = Path.Combine(packageFolder, FileName);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > 1024 * 1024)
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("source", out var source)
                && source.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(source.GetString())
                ? source.GetString()
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
