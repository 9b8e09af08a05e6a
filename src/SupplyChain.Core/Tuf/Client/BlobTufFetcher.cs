using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SupplyChain.Core.Storage;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>
/// Fetches a repository from an Azure blob container with credentials — a private container that anonymous HTTP cannot
/// read — through the same client and credentials the publisher uses (<see cref="AzureBlobContainer"/>). Blob names are
/// the repository's keys under the address's prefix (<c>metadata/2.root.json</c>, <c>targets/DIR/SHA256.NAME</c>);
/// bodies are streamed, so the updater's length limits bound what is read. A missing blob is "not found"; a refused
/// credential, a missing container or an unreachable service is its storage error (SCSDK4302, SCSDK4301, SCSDK4304).
/// Each response, its retries and its body included, has <see cref="Timeout"/> as the HTTP fetcher's has, so a service
/// that answers slowly (a slow-retrieval attack) fails the fetch instead of stalling the build.
/// </summary>
public sealed class BlobTufFetcher : ITufFetcher
{
    private readonly AzureBlobContainer _container;

    /// <summary>Creates a fetcher over a connected container.</summary>
    public BlobTufFetcher(AzureBlobContainer container)
    {
        _container = container ?? throw new ArgumentNullException(nameof(container));
    }

    /// <summary>The time limit of one response: opening it (retries included) and reading its body (30 s, as HTTP's).</summary>
    public TimeSpan Timeout { get; init; } = new HttpTufFetcherOptions().Timeout;

    /// <inheritdoc />
    public string MetadataLocation => _container.Location.DisplayOf("metadata/");

    /// <inheritdoc />
    public string TargetsLocation => _container.Location.DisplayOf("targets/");

    /// <inheritdoc />
    public Task<TufFetchResponse?> FetchMetadataAsync(string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return OpenAsync("metadata/" + fileName, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TufFetchResponse?> FetchTargetAsync(IReadOnlyList<string> pathSegments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathSegments);
        return OpenAsync("targets/" + string.Join('/', pathSegments), cancellationToken);
    }

    private async Task<TufFetchResponse?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var location = _container.Location.DisplayOf(key);
        try
        {
            var opened = await _container.OpenReadAsync(key, timeout.Token).ConfigureAwait(false);
            if (opened is not { } blob)
            {
                timeout.Dispose();
                return null;
            }

            return new TufFetchResponse(blob.Content, blob.Length, location, timeout) { ReadTimeout = timeout.Token };
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            timeout.Dispose();
            throw new TufFetchException(key[(key.LastIndexOf('/') + 1)..], location, string.Format(CultureInfo.InvariantCulture, "no answer within {0} s", Timeout.TotalSeconds), ex);
        }
        catch
        {
            timeout.Dispose();
            throw;
        }
    }
}
