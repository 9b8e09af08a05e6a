using System;

namespace SupplyChain.Core.Packages;

/// <summary>How NuGet turns zip entry names into the relative paths it extracts: entry names are percent-encoded and NuGet unescapes them.</summary>
public static class PackageEntryNames
{
    /// <summary>The name of the placeholder NuGet writes in asset groups for an empty folder or an excluded group.</summary>
    public const string EmptyFolderPlaceholder = "_._";

    /// <summary>Returns the relative path NuGet extracts an entry to: percent-escapes decoded, backslashes as '/'.</summary>
    public static string Unescape(string entryName)
    {
        ArgumentNullException.ThrowIfNull(entryName);
        string unescaped;
        try
        {
            unescaped = Uri.UnescapeDataString(entryName);
        }
        catch (UriFormatException)
        {
            unescaped = entryName;
        }

        return unescaped.Replace('\\', '/');
    }

    /// <summary>True when the relative path is an empty-folder placeholder (<c>lib/net8.0/_._</c>).</summary>
    public static bool IsPlaceholder(string relativePath)
        => relativePath.EndsWith("/" + EmptyFolderPlaceholder, StringComparison.Ordinal) || relativePath == EmptyFolderPlaceholder;
}
