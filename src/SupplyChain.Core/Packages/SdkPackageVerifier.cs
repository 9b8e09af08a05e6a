using System;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Packages;

/// <summary>
/// The MSBuild-SDK form's own package: no lock file covers it, so its bytes are pinned by the content hash the
/// user writes into SupplyChainSdkContentHash.
/// </summary>
public static class SdkPackageVerifier
{
    private static readonly Regex s_sdkReference = new(
        @"(\bSdk\s*=\s*""[^""]*(?<![\w.])SupplyChain\.Sdk(?![\w.])[^""]*""|<Sdk\s+[^>]*\bName\s*=\s*""\s*SupplyChain\.Sdk\s*"")",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    /// <summary>
    /// Compares the package's NuGet content hash with the pinned one: SCSDK1019 on a mismatch, SCSDK1501 (with the hash to
    /// pin) when nothing is pinned, SCSDK1007 when the package file is missing. Returns the computed hash, or null.
    /// </summary>
    public static string? Verify(string packagePath, string? expectedContentHash, string version, IDiagnosticSink sink)
    {
        if (!File.Exists(packagePath))
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Package_MissingFromPackagesFolder, packagePath, 0, "SupplyChain.Sdk", version, Path.GetDirectoryName(packagePath), packagePath));
            return null;
        }

        var actual = PackageContentHash.Compute(packagePath).ContentHash;
        if (expectedContentHash is null)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.SdkPackage_NotPinnedByHash, packagePath, 0, version, actual));
        }
        else if (!string.Equals(expectedContentHash.Trim(), actual, StringComparison.Ordinal))
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.SdkPackage_ContentHashMismatch, packagePath, 0, packagePath, actual, expectedContentHash.Trim()));
        }

        return actual;
    }

    /// <summary>The package id, as NuGet folders spell it.</summary>
    public const string PackageId = "SupplyChain.Sdk";

    /// <summary>
    /// The version of SupplyChain.Sdk that the nearest <c>global.json</c> at or above <paramref name="startDirectory"/> pins in
    /// <c>msbuild-sdks</c> (the file MSBuild's SDK resolver reads), or null when that file pins none or cannot be read.
    /// </summary>
    public static string? VersionFromGlobalJson(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "global.json");
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("msbuild-sdks", out var sdks) && sdks.ValueKind == JsonValueKind.Object)
                {
                    foreach (var sdk in sdks.EnumerateObject())
                    {
                        if (string.Equals(sdk.Name, PackageId, StringComparison.OrdinalIgnoreCase) && sdk.Value.ValueKind == JsonValueKind.String)
                        {
                            return sdk.Value.GetString() is { Length: > 0 } version ? version.Trim() : null;
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
            {
                return null;
            }

            return null;
        }

        return null;
    }

    /// <summary>Where NuGet extracts the SDK package of <paramref name="version"/> in a global packages folder: <c>supplychain.sdk/VERSION/supplychain.sdk.VERSION.nupkg</c>.</summary>
    public static string PackagePath(string packagesFolder, string version)
    {
        var lower = version.Trim().ToLowerInvariant();
        var id = PackageId.ToLowerInvariant();
        return Path.GetFullPath(Path.Combine(packagesFolder, id, lower, $"{id}.{lower}.nupkg"));
    }

    /// <summary>
    /// Whether the project file itself names SupplyChain.Sdk as an MSBuild SDK (<c>Sdk="...SupplyChain.Sdk..."</c> or
    /// <c>&lt;Sdk Name="SupplyChain.Sdk" /&gt;</c>), read from the file rather than from an evaluation the SDK takes part in.
    /// </summary>
    public static bool IsNamedInProjectFile(string projectPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(projectPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        try
        {
            return s_sdkReference.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // A project file too odd to read quickly: check the SDK package rather than skip it.
            return true;
        }
    }
}
