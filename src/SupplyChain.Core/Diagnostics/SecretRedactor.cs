using System;
using System.Text;
using System.Text.RegularExpressions;

namespace SupplyChain.Core.Diagnostics;

/// <summary>
/// Removes credentials from URLs before they reach a message, a log or a file: the userinfo
/// (<c>https://user:token@host/</c> becomes <c>https://***@host/</c>) and the values of query and fragment parameters
/// that carry secrets (an Azure SAS <c>sig=</c>, <c>token=</c>, <c>access_token=</c>, an S3 or GCS signature and the like;
/// <c>?sv=2024&amp;sig=abc</c> becomes <c>?sv=2024&amp;sig=***</c>). Every coded message goes through it
/// (<see cref="Diagnostic"/>), and so do the hosts' low-importance messages.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    // Exact parameter names (compared without case, '-' and '_' ignored) whose value is a secret.
    private static readonly string[] s_secretNames =
    {
        "sig", "sas", "code", "key", "pass", "pwd", "auth", "jwt", "otp", "session", "sessionid", "sid", "ticket",
    };

    // Parts of parameter names whose value is a secret: access_token, X-Amz-Signature, X-Amz-Credential, client_secret,
    // api_key, apikey, password, private_token, X-Goog-Credential, refresh_token, authorization ...
    private static readonly string[] s_secretNameParts =
    {
        "token", "secret", "signature", "password", "passwd", "credential", "apikey", "accesskey", "authorization", "bearer", "privatekey",
    };

    /// <summary>Redacts every URL found in a text (a message, an exception text); text without a URL is returned as it is.</summary>
    /// <param name="text">The text, or null.</param>
    public static string? RedactUrls(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains("://", StringComparison.Ordinal))
        {
            return text;
        }

        return UrlInText().Replace(text, match =>
        {
            // Punctuation that ends a sentence is not part of the URL.
            var url = match.Value.TrimEnd('.', ',', ';', ':', '!', ')', ']', '}');
            return RedactUrl(url) + match.Value[url.Length..];
        });
    }

    /// <summary>Redacts one URL: its userinfo and the values of secret query and fragment parameters.</summary>
    /// <param name="url">The URL as written (it is not normalised; what is not a secret stays as it is).</param>
    public static string RedactUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return url;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(new[] { '/', '?', '#', '\\' }, authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var builder = new StringBuilder(url.Length);
        builder.Append(url, 0, authorityStart);
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at >= authorityStart)
        {
            builder.Append(Mask).Append(url, at, authorityEnd - at);
        }
        else
        {
            builder.Append(url, authorityStart, authorityEnd - authorityStart);
        }

        var rest = url[authorityEnd..];
        var query = rest.IndexOfAny(new[] { '?', '#' });
        if (query < 0)
        {
            return builder.Append(rest).ToString();
        }

        builder.Append(rest, 0, query);
        builder.Append(RedactParameters(rest[query..]));
        return builder.ToString();
    }

    /// <summary>True when a query parameter of this name holds a secret (compared without case; '-', '_' and '.' ignored).</summary>
    public static bool IsSecretParameterName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(name);
        }
        catch (UriFormatException)
        {
            decoded = name;
        }

        var normalized = new StringBuilder(decoded.Length);
        foreach (var c in decoded)
        {
            if (c is not ('-' or '_' or '.' or ' '))
            {
                normalized.Append(char.ToLowerInvariant(c));
            }
        }

        var key = normalized.ToString();
        if (Array.IndexOf(s_secretNames, key) >= 0)
        {
            return true;
        }

        foreach (var part in s_secretNameParts)
        {
            if (key.Contains(part, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // "?a=1&sig=2#access_token=3": the separators ('?', '#', '&', ';') are kept, secret values become the mask.
    private static string RedactParameters(string part)
    {
        var builder = new StringBuilder(part.Length);
        var start = 0;
        for (var i = 0; i <= part.Length; i++)
        {
            if (i < part.Length && part[i] is not ('?' or '#' or '&' or ';'))
            {
                continue;
            }

            var parameter = part[start..i];
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && IsSecretParameterName(parameter[..equals]) && equals < parameter.Length - 1)
            {
                builder.Append(parameter, 0, equals + 1).Append(Mask);
            }
            else
            {
                builder.Append(parameter);
            }

            if (i < part.Length)
            {
                builder.Append(part[i]);
            }

            start = i + 1;
        }

        return builder.ToString();
    }

    // A URL in free text ends at whitespace, a quote or an angle bracket; a scheme is a letter and then letters,
    // digits, '+', '-' or '.'.
    [GeneratedRegex(@"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*://[^\s'""<>`]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlInText();
}
