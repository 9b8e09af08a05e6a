using System;
using System.Collections.Generic;
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
/// </summary>
public sealed class BlobTufFetcher : ITufFetcher
{
    private readonly AzureBlobContainer _container;

    /// <summary>Creates a fetcher over a connected container.</summary>
    public BlobTufFetcher(AzureBlobContainer container)
    {
        _container = container ?? throw new ArgumentNullException(nameof(container));
    }

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
        var opened = await _container.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        return opened is { } blob ? new TufFetchResponse(blob.Content, blob.Length, _container.Location.DisplayOf(key)) : null;
    }
}
