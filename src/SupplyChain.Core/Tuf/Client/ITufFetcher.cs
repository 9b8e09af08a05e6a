using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>
/// Where an <see cref="Updater"/> gets repository files from: metadata by file name (<c>2.root.json</c>,
/// <c>timestamp.json</c>, <c>3.%3F.json</c>: role names already percent-encoded) and targets by path. A fetcher only
/// transports bytes; the updater bounds how much it reads and verifies everything.
/// </summary>
public interface ITufFetcher
{
    /// <summary>A description of the metadata location for messages (a URL or a folder).</summary>
    string MetadataLocation { get; }

    /// <summary>A description of the targets location for messages.</summary>
    string TargetsLocation { get; }

    /// <summary>Opens a metadata file.</summary>
    /// <param name="fileName">The file name, with the role name percent-encoded (<see cref="TufRoleNames"/>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response, or null when the repository does not have the file (HTTP 404 or 403, no such file).</returns>
    /// <exception cref="TufFetchException">The file could not be fetched for another reason.</exception>
    Task<TufFetchResponse?> FetchMetadataAsync(string fileName, CancellationToken cancellationToken);

    /// <summary>Opens a target file.</summary>
    /// <param name="pathSegments">
    /// The parts of the target path to fetch, unencoded (the last one already carries the hash prefix of consistent
    /// snapshots when the updater uses it). The updater has checked that none is empty, <c>.</c> or <c>..</c>.
    /// </param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response, or null when the repository does not have the file.</returns>
    /// <exception cref="TufFetchException">The file could not be fetched for another reason.</exception>
    Task<TufFetchResponse?> FetchTargetAsync(IReadOnlyList<string> pathSegments, CancellationToken cancellationToken);
}

/// <summary>An open response of an <see cref="ITufFetcher"/>: the body, and its length when the server said it.</summary>
public sealed class TufFetchResponse : IDisposable
{
    private readonly IDisposable? _owner;

    /// <summary>Creates a response.</summary>
    /// <param name="content">The body; read it at most to the limit the caller sets.</param>
    /// <param name="declaredLength">The length the server or file system gives, or null.</param>
    /// <param name="location">Where the body comes from (URL or file), for messages.</param>
    /// <param name="owner">Something to dispose with the response (an HTTP response, a timeout).</param>
    public TufFetchResponse(Stream content, long? declaredLength, string location, IDisposable? owner = null)
    {
        Content = content ?? throw new ArgumentNullException(nameof(content));
        DeclaredLength = declaredLength;
        Location = location ?? throw new ArgumentNullException(nameof(location));
        _owner = owner;
    }

    /// <summary>The body.</summary>
    public Stream Content { get; }

    /// <summary>The length the server or file system gives, or null when unknown.</summary>
    public long? DeclaredLength { get; }

    /// <summary>Where the body comes from.</summary>
    public string Location { get; }

    /// <summary>A token that is cancelled when the response's time is up (the body read uses it).</summary>
    public CancellationToken ReadTimeout { get; init; }

    /// <inheritdoc />
    public void Dispose()
    {
        Content.Dispose();
        _owner?.Dispose();
    }
}
