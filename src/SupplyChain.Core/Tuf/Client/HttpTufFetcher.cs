using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>
/// Fetches a repository over HTTP(S). Every request has a time limit that covers the headers and the body; a
/// request that fails for a transient reason (no connection, a timeout, HTTP 408, 429 or 5xx) is tried again a few
/// times, with a short pause; 404 and 403 mean "not found" at once, and other answers fail at once. File names are
/// joined to the base URLs as they are: role names arrive percent-encoded (<c>%2F</c> stays <c>%2F</c>), and each
/// part of a target path is percent-encoded here.
/// </summary>
public sealed class HttpTufFetcher : ITufFetcher, IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly string _metadataBase;
    private readonly string _targetsBase;

    /// <summary>Creates a fetcher.</summary>
    /// <param name="metadataBaseUrl">The URL of the metadata folder; a missing final <c>/</c> is added.</param>
    /// <param name="targetsBaseUrl">The URL of the targets folder; a missing final <c>/</c> is added.</param>
    /// <param name="handler">The HTTP handler (a test seam); null for the default one.</param>
    /// <param name="options">Time limit and retries; null for the defaults.</param>
    public HttpTufFetcher(string metadataBaseUrl, string targetsBaseUrl, HttpMessageHandler? handler = null, HttpTufFetcherOptions? options = null)
    {
        _metadataBase = RequireHttpUrl(metadataBaseUrl, nameof(metadataBaseUrl));
        _targetsBase = RequireHttpUrl(targetsBaseUrl, nameof(targetsBaseUrl));
        Options = options ?? new HttpTufFetcherOptions();
        _client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        _ownsClient = true;
    }

    /// <summary>The time limit and retries.</summary>
    public HttpTufFetcherOptions Options { get; }

    /// <inheritdoc />
    public string MetadataLocation => _metadataBase;

    /// <inheritdoc />
    public string TargetsLocation => _targetsBase;

    /// <summary>True for an absolute http:// or https:// URL.</summary>
    public static bool IsHttpUrl(string? value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <inheritdoc />
    public Task<TufFetchResponse?> FetchMetadataAsync(string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return SendAsync(_metadataBase + fileName, fileName, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TufFetchResponse?> FetchTargetAsync(IReadOnlyList<string> pathSegments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathSegments);
        var builder = new StringBuilder(_targetsBase);
        for (var i = 0; i < pathSegments.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            builder.Append(Uri.EscapeDataString(pathSegments[i]));
        }

        return SendAsync(builder.ToString(), string.Join("/", pathSegments), cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task<TufFetchResponse?> SendAsync(string url, string name, CancellationToken cancellationToken)
    {
        var uri = new Uri(url, UriKind.Absolute);
        for (var attempt = 1; ; attempt++)
        {
            var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.Timeout);
            HttpResponseMessage? response = null;
            string reason;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
                {
                    response.Dispose();
                    timeout.Dispose();
                    return null;
                }

                if (response.IsSuccessStatusCode)
                {
                    var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                    return new TufFetchResponse(stream, response.Content.Headers.ContentLength, url, new Owner(response, timeout)) { ReadTimeout = timeout.Token };
                }

                var status = (int)response.StatusCode;
                reason = string.Format(CultureInfo.InvariantCulture, "the server answered HTTP {0} {1}", status, response.ReasonPhrase);
                response.Dispose();
                timeout.Dispose();
                if (!(status is 408 or 429 || status >= 500) || attempt >= Options.Attempts)
                {
                    throw new TufFetchException(name, url, reason);
                }
            }
            catch (HttpRequestException ex)
            {
                response?.Dispose();
                timeout.Dispose();
                if (attempt >= Options.Attempts)
                {
                    throw new TufFetchException(name, url, ex.Message.TrimEnd('.'), ex);
                }
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                response?.Dispose();
                timeout.Dispose();
                if (attempt >= Options.Attempts)
                {
                    throw new TufFetchException(name, url, string.Format(CultureInfo.InvariantCulture, "no answer within {0} s", Options.Timeout.TotalSeconds), ex);
                }
            }
            catch
            {
                response?.Dispose();
                timeout.Dispose();
                throw;
            }

            await Task.Delay(Options.RetryDelay * attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string RequireHttpUrl(string value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (!IsHttpUrl(value))
        {
            throw new ArgumentException($"'{value}' is not an absolute http:// or https:// URL.", parameterName);
        }

        return value.EndsWith('/') ? value : value + "/";
    }

    private sealed class Owner : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly CancellationTokenSource _timeout;

        public Owner(HttpResponseMessage response, CancellationTokenSource timeout)
        {
            _response = response;
            _timeout = timeout;
        }

        public void Dispose()
        {
            _response.Dispose();
            _timeout.Dispose();
        }
    }
}

/// <summary>How an <see cref="HttpTufFetcher"/> waits and retries.</summary>
public sealed record HttpTufFetcherOptions
{
    /// <summary>The time limit of one request, headers and body (30 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a request is tried in all when it fails for a transient reason (3).</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>The pause before the second try; it grows with each try (250 ms, then 500 ms).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);
}
