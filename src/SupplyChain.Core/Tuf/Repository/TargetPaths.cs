using System;
using System.Text;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>
/// Target paths a repository can hold, and the paths of NuGet packages. A target path is what clients ask for and
/// what the targets metadata lists; its file is stored as <c>targets/DIR/SHA256.NAME</c>, so every segment must be a
/// file name on Windows and Linux.
/// </summary>
public static class TargetPaths
{
    /// <summary>The longest file name (in UTF-8 bytes) a file system is expected to hold.</summary>
    public const int MaxFileNameBytes = 255;

    // "SHA256." before the name of the stored file.
    private const int HashPrefixLength = 65;

    /// <summary>
    /// Why a target path cannot be used, or null when it can: relative, non-empty segments separated by <c>/</c>, no
    /// <c>.</c> or <c>..</c> segment, no character that Windows or Linux file names cannot hold (control characters,
    /// <c>\ : * ? " &lt; &gt; |</c>), no segment ending in a dot or space, and a stored name short enough.
    /// </summary>
    public static string? Validate(string? targetPath)
    {
        if (string.IsNullOrEmpty(targetPath))
        {
            return "it is empty";
        }

        if (targetPath.StartsWith('/'))
        {
            return "it starts with '/'";
        }

        var segments = targetPath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                return "it has an empty segment";
            }

            if (segment is "." or "..")
            {
                return $"it has a '{segment}' segment";
            }

            foreach (var c in segment)
            {
                if (char.IsControl(c) || c is '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|')
                {
                    return c < ' ' || c == '\u007f' ? "it has a control character" : $"it has the character '{c}'";
                }

                if (char.IsSurrogate(c) && !IsWellFormed(segment))
                {
                    return "it is not valid Unicode";
                }
            }

            if (segment.EndsWith('.') || segment.EndsWith(' '))
            {
                return "a segment ends with a dot or a space";
            }

            var bytes = Encoding.UTF8.GetByteCount(segment) + (i == segments.Length - 1 ? HashPrefixLength : 0);
            if (bytes > MaxFileNameBytes)
            {
                return i == segments.Length - 1
                    ? $"its file name, stored with a 64-character hash prefix, would be longer than {MaxFileNameBytes} bytes"
                    : $"a folder name is longer than {MaxFileNameBytes} bytes";
            }
        }

        return null;
    }

    /// <summary>Throws SCSDK4105 when <paramref name="targetPath"/> is not valid.</summary>
    /// <exception cref="SupplyChainException">The path is not valid.</exception>
    public static void Require(string targetPath)
    {
        if (Validate(targetPath) is { } reason)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidTargetPath, null, 0, targetPath, reason);
        }
    }

    /// <summary>
    /// The NuGet flat-container folder of a package, <c>ID-LOWER/VERSION-LOWER</c>, with the version normalised
    /// (build metadata dropped) as NuGet's flat container names it.
    /// </summary>
    public static string NuGetPackageFolder(string id, string normalizedVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(normalizedVersion);
        return id.ToLowerInvariant() + "/" + normalizedVersion.ToLowerInvariant();
    }

    /// <summary>The NuGet flat-container path of a package: <c>ID-LOWER/VERSION-LOWER/ID-LOWER.VERSION-LOWER.nupkg</c>.</summary>
    public static string NuGetPackagePath(string id, string normalizedVersion)
        => NuGetPackageFolder(id, normalizedVersion) + "/" + NuGetFileStem(id, normalizedVersion) + ".nupkg";

    /// <summary>The lower-case <c>ID.VERSION</c> that the package's file names start with in the flat container.</summary>
    public static string NuGetFileStem(string id, string normalizedVersion)
        => id.ToLowerInvariant() + "." + normalizedVersion.ToLowerInvariant();

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
