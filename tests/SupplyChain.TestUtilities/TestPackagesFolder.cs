using System;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;

namespace SupplyChain.TestUtilities;

/// <summary>
/// Installs a .nupkg into a global-packages-folder layout the way NuGet restore extracts it:
/// <c>&lt;folder&gt;/&lt;id-lower&gt;/&lt;version-lower&gt;/</c> with the .nupkg, <c>.nupkg.sha512</c> (SHA-512 of the
/// file), <c>.nupkg.metadata</c> (the content hash), the nuspec as <c>&lt;id-lower&gt;.nuspec</c>, and every file with its
/// entry name unescaped. The OPC parts (<c>[Content_Types].xml</c>, <c>_rels/</c>, <c>package/</c>) are not extracted.
/// </summary>
public static class TestPackagesFolder
{
    /// <summary>Installs a package and returns the folder it was extracted to.</summary>
    /// <param name="packagesFolder">The global packages folder.</param>
    /// <param name="id">The package id.</param>
    /// <param name="version">The normalised version.</param>
    /// <param name="nupkg">The package bytes.</param>
    /// <param name="contentHash">The NuGet content hash; null for an unsigned package, whose content hash is the SHA-512 of the file.</param>
    public static string Install(string packagesFolder, string id, string version, byte[] nupkg, string? contentHash = null)
    {
        var idLower = id.ToLowerInvariant();
        var versionLower = version.ToLowerInvariant();
        var folder = Path.Combine(packagesFolder, idLower, versionLower);
        Directory.CreateDirectory(folder);
        var fileName = idLower + "." + versionLower + ".nupkg";
        File.WriteAllBytes(Path.Combine(folder, fileName), nupkg);
        var fileHash = Convert.ToBase64String(SHA512.HashData(nupkg));
        File.WriteAllText(Path.Combine(folder, fileName + ".sha512"), fileHash);
        File.WriteAllText(
            Path.Combine(folder, ".nupkg.metadata"),
            "{\n  \"version\": 2,\n  \"contentHash\": \"" + (contentHash ?? fileHash) + "\",\n  \"source\": \"" + packagesFolder.Replace("\\", "\\\\", StringComparison.Ordinal) + "\"\n}");
        using var archive = new ZipArchive(new MemoryStream(nupkg), ZipArchiveMode.Read);
        foreach (var entry in archive.Entries)
        {
            var name = Uri.UnescapeDataString(entry.FullName);
            if (name.StartsWith("_rels/", StringComparison.Ordinal) || name.StartsWith("package/", StringComparison.Ordinal)
                || name == "[Content_Types].xml" || name.EndsWith('/'))
            {
                continue;
            }

            var target = !name.Contains('/', StringComparison.Ordinal) && name.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)
                ? Path.Combine(folder, idLower + ".nuspec")
                : Path.Combine(folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
        }

        return folder;
    }

    /// <summary>The content hash of an unsigned package: the base64 SHA-512 of its bytes.</summary>
    public static string UnsignedContentHash(byte[] nupkg) => Convert.ToBase64String(SHA512.HashData(nupkg));
}
