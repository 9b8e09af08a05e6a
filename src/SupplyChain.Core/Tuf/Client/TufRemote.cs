using System;
using System.IO;
using System.Net.Http;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Storage;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>How the client authenticates to a remote (Azure CLI's <c>--auth-mode</c>, with <c>auto</c> and <c>anonymous</c>).</summary>
public enum TufRemoteAuthMode
{
    /// <summary>
    /// A blob address with a SAS token, or whose account <c>AZURE_STORAGE_CONNECTION_STRING</c> is for, is read with that
    /// key through the storage client; every other URL anonymously over HTTP(S).
    /// </summary>
    Auto,

    /// <summary>Plain HTTP(S) GETs with no credentials (a public container, a CDN, any static server).</summary>
    Anonymous,

    /// <summary>A blob address read with its SAS token or <c>AZURE_STORAGE_CONNECTION_STRING</c>; an error without either.</summary>
    Key,

    /// <summary>A blob address read with <c>DefaultAzureCredential</c> (managed identity, workload identity, Azure CLI).</summary>
    Login,
}

/// <summary>
/// Makes the fetcher for a repository address as users give it: an http(s) URL or a folder of the repository,
/// which holds <c>metadata/</c> and <c>targets/</c> (the layout <c>supplychain tuf init</c> writes and any static
/// server serves). A private Azure blob container is read with credentials (<see cref="TufRemoteAuthMode"/>).
/// </summary>
public static class TufRemote
{
    /// <summary>The accepted texts of <see cref="TufRemoteAuthMode"/>, for messages.</summary>
    public const string AuthModeValues = "auto, anonymous, key, login";

    /// <summary>Reads <c>SupplyChainTufRemoteAuthMode</c> / <c>--auth-mode</c>; empty is <c>auto</c>.</summary>
    /// <exception cref="SupplyChainException">SCSDK6000 for another value.</exception>
    public static TufRemoteAuthMode ParseAuthMode(string? value, string settingName)
        => (value ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "" or "auto" => TufRemoteAuthMode.Auto,
            "anonymous" => TufRemoteAuthMode.Anonymous,
            "key" => TufRemoteAuthMode.Key,
            "login" => TufRemoteAuthMode.Login,
            _ => throw SupplyChainException.Create(DiagnosticCatalog.Configuration_InvalidValue, null, 0, settingName, value!, AuthModeValues),
        };

    /// <summary>Creates the fetcher.</summary>
    /// <param name="remote">The base URL or folder of the repository.</param>
    /// <param name="baseDirectory">The folder a relative path is relative to; null for the current one.</param>
    /// <param name="handler">An HTTP handler (a test seam).</param>
    /// <param name="authMode">How to authenticate to a blob address.</param>
    /// <param name="storage">Storage client options (a test seam); null for the defaults.</param>
    /// <exception cref="TufInvalidRemoteException">The address is neither an http(s) URL nor an existing folder.</exception>
    /// <exception cref="SupplyChainException">With <c>key</c> or <c>login</c>: SCSDK4300 when the URL is not a blob address, SCSDK4302 without usable credentials.</exception>
    public static ITufFetcher Create(string remote, string? baseDirectory = null, HttpMessageHandler? handler = null, TufRemoteAuthMode authMode = TufRemoteAuthMode.Auto, BlobStorageOptions? storage = null)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var text = remote.Trim();
        if (HttpTufFetcher.IsHttpUrl(text))
        {
            if (authMode != TufRemoteAuthMode.Anonymous && Blob(text, authMode, storage) is { } blob)
            {
                return blob;
            }

            // A query (a SAS token) belongs after the path, never inside it: such an address is read through the storage client.
            var root = text.EndsWith('/') ? text : text + "/";
            return new HttpTufFetcher(root + "metadata/", root + "targets/", handler);
        }

        if (text.Length > 0 && !text.Contains("://", StringComparison.Ordinal))
        {
            var folder = Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), text));
            if (Directory.Exists(folder))
            {
                return FolderTufFetcher.ForRepository(folder);
            }
        }

        throw new TufInvalidRemoteException(remote);
    }

    private static BlobTufFetcher? Blob(string text, TufRemoteAuthMode authMode, BlobStorageOptions? storage)
    {
        BlobLocation location;
        try
        {
            location = BlobLocation.Parse(text);
        }
        catch (SupplyChainException) when (authMode == TufRemoteAuthMode.Auto)
        {
            // A CDN or any other server: anonymous HTTP.
            return null;
        }

        if (authMode == TufRemoteAuthMode.Auto && !AzureBlobContainer.HasKeyFor(location, storage))
        {
            return null;
        }

        var options = new BlobStorageOptions
        {
            Credential = authMode == TufRemoteAuthMode.Login ? BlobCredentialMode.Login : BlobCredentialMode.Key,
            CheckContainer = false,
            ConnectionString = storage?.ConnectionString,
            Handler = storage?.Handler,
            MaxRetries = storage?.MaxRetries ?? new BlobStorageOptions().MaxRetries,
            RetryDelay = storage?.RetryDelay ?? new BlobStorageOptions().RetryDelay,
            MaxRetryDelay = storage?.MaxRetryDelay ?? new BlobStorageOptions().MaxRetryDelay,
        };
        return new BlobTufFetcher(AzureBlobContainer.Connect(location, options));
    }
}
