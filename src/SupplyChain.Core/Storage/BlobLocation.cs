using System;
using System.Globalization;
using System.Linq;
using System.Net;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Storage;

/// <summary>
/// Where a repository lives in Azure Blob Storage: <c>https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]</c>
/// (any <c>https://ACCOUNT.blob.SUFFIX</c> of a national cloud), or path-style for an emulator on this machine:
/// <c>http://127.0.0.1:PORT/ACCOUNT/CONTAINER[/PREFIX]</c>. A query string is a SAS token; it is kept out of
/// <see cref="Display"/> and every message.
/// </summary>
public sealed class BlobLocation
{
    private BlobLocation(Uri containerUri, string account, string container, string prefix, string? sas, bool isLoopback)
    {
        ContainerUri = containerUri;
        Account = account;
        Container = container;
        Prefix = prefix;
        Sas = sas;
        IsLoopback = isLoopback;
    }

    /// <summary>The container's URL, without a SAS token.</summary>
    public Uri ContainerUri { get; }

    /// <summary>The storage account name.</summary>
    public string Account { get; }

    /// <summary>The container name.</summary>
    public string Container { get; }

    /// <summary>The blob name prefix of the repository: empty, or segments ending with <c>/</c>.</summary>
    public string Prefix { get; }

    /// <summary>The SAS token of the address (without <c>?</c>), or null. Never shown.</summary>
    internal string? Sas { get; }

    /// <summary>True for an emulator on this machine (plain HTTP is accepted only there).</summary>
    public bool IsLoopback { get; }

    /// <summary>The address as shown in messages: no SAS token, no credentials.</summary>
    public string Display => ContainerUri.AbsoluteUri + (Prefix.Length == 0 ? string.Empty : "/" + Prefix.TrimEnd('/'));

    /// <summary>True when <paramref name="value"/> is an http(s) address (a blob repository) rather than a folder.</summary>
    public static bool IsBlobAddress(string? value)
        => value is not null
        && (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The blob name of a repository file (<c>metadata/timestamp.json</c>) under the prefix.</summary>
    public string BlobName(string key) => Prefix + key;

    /// <summary>The URL of a repository file, as shown in messages.</summary>
    public string DisplayOf(string key) => Display.TrimEnd('/') + "/" + key;

    /// <summary>Parses an address.</summary>
    /// <exception cref="SupplyChainException">SCSDK4300 for anything that is not one of the accepted forms.</exception>
    public static BlobLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var shown = SecretRedactor.RedactUrl(value);
        SupplyChainException Invalid(string reason) => SupplyChainException.Create(DiagnosticCatalog.Storage_InvalidLocation, null, 0, shown, reason);

        var lowered = value.Split('?', '#')[0].ToLowerInvariant().Replace("%2e", ".", StringComparison.Ordinal).Replace('\\', '/');
        if (lowered.Contains("/./", StringComparison.Ordinal) || lowered.Contains("/../", StringComparison.Ordinal) || lowered.EndsWith("/.", StringComparison.Ordinal) || lowered.EndsWith("/..", StringComparison.Ordinal))
        {
            throw Invalid("it has '.' or '..' path segments");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw Invalid("it is not an absolute http(s) URL");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw Invalid("it carries a user name or password; give credentials with AZURE_STORAGE_CONNECTION_STRING or an Azure identity instead");
        }

        if (uri.Fragment.Length > 0)
        {
            throw Invalid("it has a fragment ('#...')");
        }

        var isLoopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
        if (uri.Scheme == Uri.UriSchemeHttp && !isLoopback)
        {
            throw Invalid("plain http is accepted only for an emulator on this machine (127.0.0.1); use https");
        }

        string? sas = null;
        if (uri.Query.Length > 1)
        {
            sas = uri.Query[1..];
            if (!sas.Split('&').Any(p => p.StartsWith("sig=", StringComparison.Ordinal)))
            {
                throw Invalid("its query string is not a SAS token (no 'sig=')");
            }
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        string account;
        var pathStyle = isLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out _);
        if (pathStyle)
        {
            if (segments.Count < 2)
            {
                throw Invalid("an emulator address names the account and the container: http://127.0.0.1:PORT/ACCOUNT/CONTAINER");
            }

            account = segments[0];
            segments.RemoveAt(0);
        }
        else
        {
            var dot = uri.Host.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !uri.Host[dot..].StartsWith(".blob.", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("the host is not a blob endpoint (ACCOUNT.blob.core.windows.net)");
            }

            account = uri.Host[..dot].ToLowerInvariant();
            if (segments.Count < 1)
            {
                throw Invalid("it names no container");
            }
        }

        if (!IsAccountName(account))
        {
            throw Invalid($"'{account}' is not a storage account name (3 to 24 lowercase letters and digits)");
        }

        var container = segments[0];
        if (!IsContainerName(container))
        {
            throw Invalid($"'{container}' is not a container name (3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit)");
        }

        var prefixSegments = segments.Skip(1).ToList();
        foreach (var segment in prefixSegments)
        {
            if (segment is "." or ".." || segment.Contains('\\', StringComparison.Ordinal) || segment.Any(char.IsControl))
            {
                throw Invalid($"the prefix segment '{segment}' is not allowed");
            }
        }

        var prefix = prefixSegments.Count == 0 ? string.Empty : string.Join('/', prefixSegments) + "/";
        if (prefix.Length > 512)
        {
            throw Invalid("the prefix is longer than 512 characters");
        }

        var builder = new UriBuilder(uri.Scheme, uri.Host, uri.Port)
        {
            Path = pathStyle ? account + "/" + container : container,
        };
        if (uri.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return new BlobLocation(builder.Uri, account, container, prefix, sas, isLoopback);
    }

    /// <summary>The blob service endpoint of the account (the container URL without the container).</summary>
    public Uri ServiceUri
    {
        get
        {
            var text = ContainerUri.AbsoluteUri;
            return new Uri(text[..text.LastIndexOf('/')] + "/");
        }
    }

    /// <summary>The address as written, with its SAS token, for the storage client only.</summary>
    internal Uri ContainerUriWithSas => Sas is null ? ContainerUri : new Uri(ContainerUri.AbsoluteUri + "?" + Sas);

    private static bool IsAccountName(string name)
        => name.Length is >= 3 and <= 24 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    private static bool IsContainerName(string name)
        => name.Length is >= 3 and <= 63
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && name[0] != '-' && name[^1] != '-'
        && !name.Contains("--", StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Display;

    internal static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
