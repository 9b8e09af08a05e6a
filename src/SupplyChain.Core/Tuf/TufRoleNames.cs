using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// How role names become file names and URL path segments. A delegated role's name is chosen by whoever controls
/// the delegating metadata, so it can be <c>../a</c>, <c>.</c>, <c>/</c> or non-ASCII. Like python-tuf
/// (<c>urllib.parse.quote(name, safe="")</c>) every byte of the UTF-8 name outside the RFC 3986 unreserved set
/// (<c>A-Z a-z 0-9 - . _ ~</c>) is percent-encoded with upper-case hex, so the encoded name never contains a
/// separator, and with the <c>.json</c> suffix it is never <c>.</c> or <c>..</c>: <c>../a</c> is stored as
/// <c>..%2Fa.json</c>, <c>.</c> as <c>..json</c>, <c>ö</c> as <c>%C3%B6.json</c>. The same encoding is the URL
/// path segment (it equals <see cref="Uri.EscapeDataString(string)"/>).
/// </summary>
public static class TufRoleNames
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The start of the file name of every delegated role in a client's metadata folder.</summary>
    public const string DelegatedFilePrefix = "delegated-";

    /// <summary>The start of the file name of a delegated role whose escaped name is too long (SHA-256 of the name).</summary>
    public const string HashedDelegatedFilePrefix = "delegated~sha256-";

    /// <summary>
    /// The longest file name (in characters, which are ASCII) a delegated role is stored under with its escaped name;
    /// longer ones are stored under <see cref="HashedDelegatedFilePrefix"/> and the SHA-256 of the name. File systems
    /// allow 255 bytes, and an atomic write's temporary file adds about 40.
    /// </summary>
    public const int MaxEscapedFileNameLength = 160;

    /// <summary>Percent-encodes a role name with no safe characters beyond the unreserved set.</summary>
    /// <exception cref="ArgumentException">The name is not valid Unicode (a lone surrogate).</exception>
    public static string Encode(string roleName) => Encode(roleName, escapeUpperCase: false);

    /// <summary>
    /// The file name, inside a client's metadata folder, of the trusted metadata of a role. Top-level roles keep
    /// their plain names (<c>root.json</c>, <c>timestamp.json</c>, <c>snapshot.json</c>, <c>targets.json</c>, as
    /// every TUF client and the conformance suite expect). A delegated role lives in its own namespace:
    /// <c>delegated-&lt;escaped&gt;.json</c>, where the escape is <see cref="Encode(string)"/> with the upper-case
    /// letters percent-encoded too, so the name has no upper-case letter outside a <c>%XX</c> escape and two names
    /// that differ only in case (<c>Foo</c>, <c>foo</c>) never give file names that a case-insensitive file system
    /// (Windows, macOS) takes for one; no delegated file name can equal a top-level one in any case, nor a Windows
    /// device name (<c>CON</c>, <c>NUL</c>). When that name would be longer than
    /// <see cref="MaxEscapedFileNameLength"/>, the role is stored as <c>delegated~sha256-&lt;hex&gt;.json</c>, the
    /// lowercase hex SHA-256 of its UTF-8 name.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not valid Unicode.</exception>
    public static string TrustedFileName(string roleName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        if (TufRoles.IsTopLevel(roleName))
        {
            return FileName(roleName);
        }

        var escaped = Encode(roleName, escapeUpperCase: true);
        if (DelegatedFilePrefix.Length + escaped.Length + 5 <= MaxEscapedFileNameLength)
        {
            return DelegatedFilePrefix + escaped + ".json";
        }

        return HashedDelegatedFilePrefix + Convert.ToHexString(SHA256.HashData(s_strictUtf8.GetBytes(roleName))).ToLowerInvariant() + ".json";
    }

    /// <summary>The full path of <see cref="TrustedFileName"/> inside a client's metadata folder.</summary>
    /// <exception cref="ArgumentException">The name is not valid Unicode.</exception>
    public static string TrustedPathInFolder(string folder, string roleName) => CheckedPath(folder, TrustedFileName(roleName), roleName);

    private static string Encode(string roleName, bool escapeUpperCase)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        byte[] utf8;
        try
        {
            utf8 = s_strictUtf8.GetBytes(roleName);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The role name is not valid Unicode.", nameof(roleName), ex);
        }

        var builder = new StringBuilder(utf8.Length);
        foreach (var b in utf8)
        {
            if ((!escapeUpperCase && b is >= (byte)'A' and <= (byte)'Z') || b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The plain file name of a role in a repository: <c>&lt;encoded&gt;.json</c>. (A client stores delegated roles
    /// under <see cref="TrustedFileName"/> instead.)
    /// </summary>
    public static string FileName(string roleName) => Encode(roleName) + ".json";

    /// <summary>
    /// The file name of a version of a role's metadata (consistent snapshots, and every root):
    /// <c>&lt;version&gt;.&lt;encoded&gt;.json</c>.
    /// </summary>
    public static string VersionedFileName(string roleName, long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        return version.ToString(CultureInfo.InvariantCulture) + "." + FileName(roleName);
    }

    /// <summary>
    /// The name under which snapshot (and timestamp) metadata lists a role: the role name as it is, plus
    /// <c>.json</c> (<c>targets.json</c>, <c>../a.json</c>). This is a key in signed JSON, never a path.
    /// </summary>
    public static string MetaFileName(string roleName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        return roleName + ".json";
    }

    /// <summary>
    /// The full path of a role's metadata file inside <paramref name="folder"/>. The encoded name cannot leave the
    /// folder; the result is checked anyway, so a mistake here fails instead of writing elsewhere.
    /// </summary>
    /// <param name="folder">The metadata folder.</param>
    /// <param name="roleName">The role.</param>
    /// <param name="version">A version for the versioned name, or null for the plain one.</param>
    /// <exception cref="ArgumentException">The name is not valid Unicode.</exception>
    public static string PathInFolder(string folder, string roleName, long? version = null)
    {
        var name = version is { } v ? VersionedFileName(roleName, v) : FileName(roleName);
        return CheckedPath(folder, name, roleName);
    }

    private static string CheckedPath(string folder, string name, string roleName)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var root = Path.GetFullPath(folder);
        var full = Path.GetFullPath(Path.Combine(root, name));
        if (!string.Equals(Path.GetDirectoryName(full), Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
        {
            throw new ArgumentException($"The role name '{roleName}' does not map to a file directly inside '{root}'.", nameof(roleName));
        }

        return full;
    }
}
