using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Storage;

/// <summary>A blob read with the ETag it had.</summary>
/// <param name="Content">The bytes.</param>
/// <param name="ETag">The ETag to make a later write conditional on.</param>
public sealed record StoredBlob(byte[] Content, string ETag);

/// <summary>The headers a blob is served with.</summary>
/// <param name="ContentType">Such as <c>application/json</c>.</param>
/// <param name="CacheControl">Such as <c>public, max-age=31536000, immutable</c>.</param>
public sealed record BlobHeaders(string ContentType, string CacheControl);

/// <summary>
/// The blob operations a TUF repository needs, over the official Azure client: reads with ETags, writes that are
/// conditional (<c>If-None-Match: *</c> to create, <c>If-Match</c> to replace), listing, and a lease on a lock blob.
/// Credentials: the SAS token of the address, else <c>AZURE_STORAGE_CONNECTION_STRING</c>, else
/// <c>DefaultAzureCredential</c>. Throttling, server errors and network errors are retried with exponential backoff
/// (bounded); what still fails becomes a coded error whose text never carries a key, a SAS token or a connection string.
/// </summary>
public sealed class AzureBlobContainer
{
    /// <summary>The environment variable with a connection string (an account key or a SAS).</summary>
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    private readonly BlobContainerClient _container;
    private readonly BlobStorageOptions _options;

    private AzureBlobContainer(BlobLocation location, BlobContainerClient container, string credentialSource, BlobStorageOptions options)
    {
        Location = location;
        _container = container;
        CredentialSource = credentialSource;
        _options = options;
    }

    /// <summary>Where the repository is.</summary>
    public BlobLocation Location { get; }

    /// <summary>Where the credentials came from, for messages (never the credentials).</summary>
    public string CredentialSource { get; }

    /// <summary>Connects to the container and checks that it exists and that the credentials are accepted.</summary>
    /// <exception cref="SupplyChainException">SCSDK4301 no container, SCSDK4302 credentials refused or missing, SCSDK4304 unreachable.</exception>
    /// <param name="location">The repository's address.</param>
    /// <param name="options">Lease and retries; null for the defaults.</param>
    /// <param name="sink">Receives SCSDK4700 when a real account is reached with its account key; null to drop it.</param>
    public static AzureBlobContainer Connect(BlobLocation location, BlobStorageOptions? options = null, IDiagnosticSink? sink = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        options ??= new BlobStorageOptions();
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        clientOptions.Diagnostics.IsLoggingEnabled = false;
        clientOptions.Diagnostics.IsDistributedTracingEnabled = false;
        clientOptions.Diagnostics.IsTelemetryEnabled = false;
        if (options.Handler is not null)
        {
            clientOptions.Transport = new HttpClientTransport(options.Handler);
        }

        BlobContainerClient client;
        string source;
        var connectionString = options.ConnectionString ?? Environment.GetEnvironmentVariable(ConnectionStringVariable);
        try
        {
            if (options.Credential == BlobCredentialMode.Login)
            {
                if (location.ContainerUri.Scheme != Uri.UriSchemeHttps)
                {
                    throw SupplyChainException.Create(
                        DiagnosticCatalog.Storage_AccessDenied, null, 0, location.Display, "DefaultAzureCredential", "Azure identities send tokens over HTTPS only; use the emulator's connection string");
                }

                source = "DefaultAzureCredential (managed identity, workload identity, Azure CLI)";
                client = new BlobContainerClient(location.ContainerUri, new DefaultAzureCredential(new DefaultAzureCredentialOptions { ExcludeInteractiveBrowserCredential = true }), clientOptions);
            }
            else if (location.Sas is not null)
            {
                source = "the SAS token of the address";
                client = new BlobContainerClient(location.ContainerUriWithSas, clientOptions);
            }
            else if (!string.IsNullOrWhiteSpace(connectionString))
            {
                source = ConnectionStringVariable;
                var service = new BlobServiceClient(connectionString, clientOptions);
                if (!string.Equals(service.AccountName, location.Account, StringComparison.OrdinalIgnoreCase))
                {
                    throw SupplyChainException.Create(
                        DiagnosticCatalog.Storage_AccessDenied, null, 0, location.Display, source, $"it is for the account '{service.AccountName}', not '{location.Account}'");
                }

                client = service.GetBlobContainerClient(location.Container);
                if (!location.IsLoopback && connectionString.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase))
                {
                    sink?.Report(Diagnostic.Create(DiagnosticCatalog.Storage_AccountKeyInUse, null, 0, location.Display));
                }

                if (!string.Equals(client.Uri.AbsoluteUri.TrimEnd('/'), location.ContainerUri.AbsoluteUri.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
                {
                    throw SupplyChainException.Create(
                        DiagnosticCatalog.Storage_AccessDenied, null, 0, location.Display, source, $"its blob endpoint is '{SecretRedactor.RedactUrl(service.Uri.AbsoluteUri)}', not the one of the address");
                }
            }
            else if (options.Credential == BlobCredentialMode.Key)
            {
                throw SupplyChainException.Create(
                    DiagnosticCatalog.Storage_AccessDenied, null, 0, location.Display, ConnectionStringVariable, "the address has no SAS token and AZURE_STORAGE_CONNECTION_STRING is not set");
            }
            else if (location.ContainerUri.Scheme != Uri.UriSchemeHttps)
            {
                // Tokens are only ever sent over HTTPS; an emulator on plain HTTP takes its account key.
                throw SupplyChainException.Create(
                    DiagnosticCatalog.Storage_AccessDenied, null, 0, location.Display, ConnectionStringVariable, "a plain-HTTP emulator address needs the emulator's connection string in AZURE_STORAGE_CONNECTION_STRING (Azure identities send tokens over HTTPS only)");
            }
            else
            {
                source = "DefaultAzureCredential (managed identity, workload identity, Azure CLI)";
                var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ExcludeInteractiveBrowserCredential = true });
                client = new BlobContainerClient(location.ContainerUri, credential, clientOptions);
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            // A malformed connection string: its text is a secret, so it is never shown.
            throw SupplyChainException.Create(DiagnosticCatalog.Storage_AccessDenied, null, 0, location.Display, ConnectionStringVariable, "it is not a valid storage connection string");
        }

        var container = new AzureBlobContainer(location, client, source, options);
        if (!options.CheckContainer)
        {
            return container;
        }

        container.Run("the container", () =>
        {
            if (!client.Exists().Value)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Storage_ContainerNotFound, null, 0, location.Display, location.Container);
            }

            return 0;
        });
        return container;
    }

    /// <summary>Reads a blob with its ETag; null when it does not exist.</summary>
    public StoredBlob? TryRead(string key)
        => Run(key, () =>
        {
            try
            {
                var result = _container.GetBlobClient(Location.BlobName(key)).DownloadContent().Value;
                return new StoredBlob(result.Content.ToArray(), result.Details.ETag.ToString());
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.BlobNotFound)
            {
                return null;
            }
        });

    /// <summary>
    /// True when a key reaches the address without an identity: its SAS token, or <c>AZURE_STORAGE_CONNECTION_STRING</c>
    /// for the same account (no request is made).
    /// </summary>
    public static bool HasKeyFor(BlobLocation location, BlobStorageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Sas is not null)
        {
            return true;
        }

        var connectionString = options?.ConnectionString ?? Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        try
        {
            return string.Equals(new BlobServiceClient(connectionString).AccountName, location.Account, StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            // Connect reports it (without its text).
            return true;
        }
    }

    /// <summary>Opens a blob for streaming (the caller bounds how much it reads); null when it does not exist.</summary>
    /// <exception cref="SupplyChainException">SCSDK4301 no container, SCSDK4302 access refused, SCSDK4304 unreachable.</exception>
    public async System.Threading.Tasks.Task<(Stream Content, long Length)?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _container.GetBlobClient(Location.BlobName(key)).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return (result.Value.Content, result.Value.Details.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
        catch (RequestFailedException ex)
        {
            throw Map(ex, key);
        }
        catch (AuthenticationFailedException ex)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Storage_AccessDenied, null, 0, Location.Display, CredentialSource, Shorten(ex.Message));
        }
    }

    /// <summary>True when the blob exists.</summary>
    public bool Exists(string key) => Run(key, () => _container.GetBlobClient(Location.BlobName(key)).Exists().Value);

    /// <summary>
    /// Writes a blob that must not exist (<c>If-None-Match: *</c>), or replaces the one with <paramref name="ifMatch"/>
    /// as its ETag. Returns the new ETag, or null when the condition failed (another writer was first).
    /// </summary>
    public string? Write(string key, byte[] content, BlobHeaders headers, string? ifMatch = null)
        => Write(key, BinaryData.FromBytes(content), headers, ifMatch);

    /// <summary>Writes the content of a file, as <see cref="Write(string, byte[], BlobHeaders, string?)"/>.</summary>
    public string? WriteFile(string key, string sourcePath, BlobHeaders headers, string? ifMatch = null)
    {
        using var stream = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Run(key, () => Upload(key, stream, headers, ifMatch));
    }

    /// <summary>Deletes a blob (with <paramref name="ifMatch"/>, only that version of it); false when it was not there.</summary>
    public bool Delete(string key, string? ifMatch = null)
        => Run(key, () =>
        {
            try
            {
                var conditions = ifMatch is null ? null : new BlobRequestConditions { IfMatch = new ETag(ifMatch) };
                return _container.GetBlobClient(Location.BlobName(key)).DeleteIfExists(DeleteSnapshotsOption.IncludeSnapshots, conditions).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                return false;
            }
        });

    /// <summary>The keys (relative to the prefix) of the blobs whose key starts with <paramref name="keyPrefix"/>, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<string> List(string keyPrefix, int max = int.MaxValue)
        => Run(keyPrefix.Length == 0 ? "(the prefix)" : keyPrefix, () =>
        {
            var result = new List<string>();
            foreach (var item in _container.GetBlobs(BlobTraits.None, BlobStates.None, Location.BlobName(keyPrefix), CancellationToken.None))
            {
                result.Add(item.Name[Location.Prefix.Length..]);
                if (result.Count >= max)
                {
                    break;
                }
            }

            return result;
        });

    /// <summary>
    /// Takes a lease on a lock blob (made if missing), waiting up to <paramref name="timeout"/> for another holder; the
    /// lease is renewed in the background until disposed. A holder that is killed stops renewing: its lease expires
    /// after <see cref="BlobStorageOptions.LeaseDuration"/>.
    /// </summary>
    /// <exception cref="SupplyChainException">SCSDK4102 after the timeout.</exception>
    public BlobLease AcquireLease(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(Location.BlobName(key));
        Run(key, () =>
        {
            try
            {
                blob.Upload(BinaryData.FromString(string.Empty), new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain", CacheControl = "no-store" },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                });
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // There already: the usual case.
            }

            return 0;
        });

        var leaseClient = blob.GetBlobLeaseClient();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var wait = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            var acquired = Run(key, () =>
            {
                try
                {
                    leaseClient.Acquire(_options.LeaseDuration);
                    return true;
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    return false;
                }
            });
            if (acquired)
            {
                return new BlobLease(this, leaseClient, key, _options.LeaseDuration);
            }

            if (watch.Elapsed >= timeout)
            {
                throw SupplyChainException.Create(
                    DiagnosticCatalog.TufRepository_Locked, null, 0, Location.Display, Location.DisplayOf(key), ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
            }

            if (cancellationToken.WaitHandle.WaitOne(wait))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>Runs a request and turns what the service or the credential said into a coded error.</summary>
    internal T Run<T>(string key, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (RequestFailedException ex)
        {
            throw Map(ex, key);
        }
        catch (AuthenticationFailedException ex)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Storage_AccessDenied, null, 0, Location.Display, CredentialSource, Shorten(ex.Message));
        }
        catch (AggregateException ex) when (ex.InnerException is RequestFailedException inner)
        {
            throw Map(inner, key);
        }
    }

    private static string Shorten(string message)
    {
        var text = SecretRedactor.RedactUrls(message) ?? string.Empty;
        var line = text.Split('\n')[0].Trim();
        return line.Length > 400 ? line[..400] + "..." : line;
    }

    private string? Upload(string key, Stream content, BlobHeaders headers, string? ifMatch)
    {
        try
        {
            var info = _container.GetBlobClient(Location.BlobName(key)).Upload(content, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = headers.ContentType, CacheControl = headers.CacheControl },
                Conditions = ifMatch is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(ifMatch) },
            });
            return info.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 && ex.ErrorCode is "BlobAlreadyExists" or "ConditionNotMet")
        {
            return null;
        }
    }

    private string? Write(string key, BinaryData content, BlobHeaders headers, string? ifMatch)
        => Run(key, () =>
        {
            using var stream = content.ToStream();
            return Upload(key, stream, headers, ifMatch);
        });

    private SupplyChainException Map(RequestFailedException ex, string key)
    {
        var shown = Location.DisplayOf(key);
        var what = ex.Status == 0 ? Shorten(ex.InnerException?.Message ?? ex.Message) : $"HTTP {ex.Status.ToString(CultureInfo.InvariantCulture)} {ex.ErrorCode}";
        if (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return SupplyChainException.Create(DiagnosticCatalog.Storage_ContainerNotFound, null, 0, Location.Display, Location.Container);
        }

        if (ex.Status is 401 or 403)
        {
            return SupplyChainException.Create(DiagnosticCatalog.Storage_AccessDenied, null, 0, Location.Display, CredentialSource, what);
        }

        if (ex.Status is 0 or 408 or 429 or >= 500)
        {
            return SupplyChainException.Create(DiagnosticCatalog.Storage_Unavailable, null, 0, Location.Display, shown, (_options.MaxRetries + 1).ToString(CultureInfo.InvariantCulture), what);
        }

        return SupplyChainException.Create(DiagnosticCatalog.Storage_RequestFailed, null, 0, Location.Display, shown, what);
    }
}
