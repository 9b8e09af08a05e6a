using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace SupplyChain.Core.Packages;

/// <summary>Where one package lies in a packages folder.</summary>
/// <param name="Directory">The extracted package folder (<c>&lt;folder&gt;/&lt;id-lower&gt;/&lt;version-lower&gt;</c>).</param>
/// <param name="NupkgPath">The .nupkg in it.</param>
internal sealed record PackageLocation(string Directory, string NupkgPath);

/// <summary>
/// Finds packages in packages folders laid out as NuGet's global packages folder (and fallback folders) are:
/// <c>&lt;folder&gt;/&lt;path&gt;/&lt;id-lower&gt;.&lt;version-lower&gt;.nupkg</c>, where <c>path</c> is the library's
/// <c>path</c> in the assets file (normally <c>&lt;id-lower&gt;/&lt;version-lower&gt;</c>). Reads the nuspec and
/// package files from the extracted folder, or from the .nupkg when the folder lacks them, and never outside the package.
/// </summary>
internal static class PackageFileLocator
{
    /// <summary>Finds the package in the first folder that has its .nupkg, or null.</summary>
    /// <param name="packageFolders">The package folders, in the order restore used them.</param>
    /// <param name="id">The package id.</param>
    /// <param name="version">The package version.</param>
    /// <param name="path">The folder the assets file records for the package (relative to a package folder), or null.</param>
    /// <param name="files">The file names the assets file records for the package.</param>
    public static PackageLocation? Find(IReadOnlyList<string> packageFolders, string id, string version, string? path, IReadOnlyList<string> files)
    {
        var idLower = id.ToLowerInvariant();
        var versionLower = version.ToLowerInvariant();
        var relativeFolders = new List<string>();
        if (IsSafeRelativePath(path))
        {
            relativeFolders.Add(path!.Replace('\\', '/').Trim('/'));
        }

        relativeFolders.Add(idLower + "/" + versionLower);
        var fileNames = new List<string> { idLower + "." + versionLower + ".nupkg" };
        foreach (var file in files)
        {
            // Older NuGet kept the id's case in the file names ("User.dependent.1.0.0.nupkg.sha512").
            if (!file.Contains('/', StringComparison.Ordinal) && file.EndsWith(".nupkg.sha512", StringComparison.OrdinalIgnoreCase))
            {
                fileNames.Add(file[..^".sha512".Length]);
            }
        }

        foreach (var folder in packageFolders)
        {
            if (string.IsNullOrWhiteSpace(folder))
            {
                continue;
            }

            foreach (var relative in relativeFolders.Distinct(StringComparer.Ordinal))
            {
                var directory = Path.Combine(folder, relative);
                foreach (var name in fileNames.Distinct(StringComparer.Ordinal))
                {
                    var nupkg = Path.Combine(directory, name);
                    if (File.Exists(nupkg))
                    {
                        return new PackageLocation(directory, nupkg);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Reads a file of the package from the .nupkg, the bytes the SBOM's hashes describe (not from the extracted
    /// folder, whose files anyone with write access to the packages folder can replace or turn into links). Entry
    /// names are percent-encoded by NuGet. Null when the package has no such file, the path would leave the package,
    /// or the file is larger than <paramref name="maxLength"/> (then <paramref name="tooLarge"/> is true).
    /// </summary>
    public static byte[]? ReadPackageFile(PackageLocation location, string relativePath, long maxLength, out bool tooLarge)
    {
        tooLarge = false;
        if (!IsSafeRelativePath(relativePath))
        {
            return null;
        }

        var normalized = relativePath.Replace('\\', '/').TrimStart('/');
        using var archive = ZipFile.OpenRead(location.NupkgPath);
        var entry = archive.Entries.FirstOrDefault(e => string.Equals(PackageEntryNames.Unescape(e.FullName), normalized, StringComparison.Ordinal))
            ?? archive.Entries.FirstOrDefault(e => string.Equals(PackageEntryNames.Unescape(e.FullName), normalized, StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            return null;
        }

        if (entry.Length > maxLength)
        {
            tooLarge = true;
            return null;
        }

        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        CopyAtMost(stream, buffer, maxLength);
        return buffer.ToArray();
    }

    /// <summary>
    /// Opens the nuspec: the copy NuGet extracted as <c>&lt;id-lower&gt;.nuspec</c> (faster than opening the zip),
    /// unless it is missing or a link, else the nuspec at the root of the .nupkg. <paramref name="source"/> names it.
    /// </summary>
    public static Stream? OpenNuspec(PackageLocation location, string id, out string source)
    {
        var extracted = Path.Combine(location.Directory, id.ToLowerInvariant() + ".nuspec");
        var info = new FileInfo(extracted);
        if (info.Exists && info.LinkTarget is null)
        {
            source = extracted;
            return new FileStream(extracted, FileMode.Open, FileAccess.Read, FileShare.Read);
        }

        source = location.NupkgPath;
        using var archive = ZipFile.OpenRead(location.NupkgPath);
        var entry = archive.Entries.FirstOrDefault(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            return null;
        }

        using var stream = entry.Open();
        var buffer = new MemoryStream();
        CopyAtMost(stream, buffer, NuspecMetadata.MaxCharacters * 4);
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>True for a non-empty relative path without <c>..</c> segments, drive letters or a leading separator.</summary>
    internal static bool IsSafeRelativePath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }

        var normalized = path.Replace('\\', '/');
        if (normalized.StartsWith('/') || Path.IsPathRooted(path) || normalized.Contains(':', StringComparison.Ordinal) || normalized.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        return normalized.Split('/').All(segment => segment != "..");
    }

    private static void CopyAtMost(Stream source, Stream destination, long maxLength)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
            if (total > maxLength)
            {
                throw new InvalidDataException("the entry is larger than its declared size");
            }

            destination.Write(buffer, 0, read);
        }
    }
}
