using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// Turns URLs from nuspecs and MSBuild properties into what an SBOM may hold: absolute URLs of network schemes only
/// (a <c>file:</c> URL or a local path would put a machine path into the SBOM), without credentials (a
/// <c>RepositoryUrl</c> taken from a git remote can carry a token), in the escaped form every JSON-schema
/// <c>iri-reference</c> check accepts. The scp-like git form <c>git@host:owner/repo.git</c> becomes
/// <c>ssh://git@host/owner/repo.git</c>.
/// </summary>
internal static partial class SbomUrls
{
    private static readonly HashSet<string> s_allowedSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "http", "https", "git", "ssh", "git+https", "git+ssh", "svn", "svn+ssh", "hg", "ftp", "ftps",
    };

    /// <summary>The URL to write, or false when the text is not a usable URL.</summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? url)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (ScpLikeGit().Match(trimmed) is { Success: true } scp)
        {
            trimmed = "ssh://" + scp.Groups["user"].Value + scp.Groups["host"].Value + "/" + scp.Groups["path"].Value;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || !s_allowedSchemes.Contains(uri.Scheme) || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            var builder = new UriBuilder(uri);
            var isWeb = uri.Scheme.StartsWith("http", StringComparison.OrdinalIgnoreCase) || uri.Scheme.EndsWith("+https", StringComparison.OrdinalIgnoreCase)
                || uri.Scheme.StartsWith("ftp", StringComparison.OrdinalIgnoreCase);
            builder.Password = string.Empty;
            if (isWeb)
            {
                builder.UserName = string.Empty;
            }

            uri = builder.Uri;
        }

        url = uri.AbsoluteUri;
        return true;
    }

    [GeneratedRegex(@"^(?<user>[A-Za-z0-9._-]+@)?(?<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+):(?<path>[A-Za-z0-9~_][^\s\\]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLikeGit();
}
