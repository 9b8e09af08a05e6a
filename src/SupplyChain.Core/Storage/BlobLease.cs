using System;
using System.Threading;
using Azure;
using Azure.Storage.Blobs.Specialized;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Storage;

/// <summary>
/// A held lease on a lock blob, renewed every third of its period on a timer. When a renewal fails (the lease
/// expired while the process was stalled and another writer took it), <see cref="ThrowIfLost"/> fails every later write.
/// </summary>
public sealed class BlobLease : IDisposable
{
    private readonly AzureBlobContainer _container;
    private readonly BlobLeaseClient _client;
    private readonly string _key;
    private readonly Timer _timer;
    private readonly object _gate = new();
    private string? _lost;
    private bool _disposed;

    internal BlobLease(AzureBlobContainer container, BlobLeaseClient client, string key, TimeSpan duration)
    {
        _container = container;
        _client = client;
        _key = key;
        var period = TimeSpan.FromTicks(duration.Ticks / 3);
        _timer = new Timer(_ => Renew(), null, period, period);
    }

    /// <summary>The lease id (the lock's proof of ownership).</summary>
    public string LeaseId => _client.LeaseId;

    /// <summary>Fails with SCSDK4305 when the lease was lost.</summary>
    public void ThrowIfLost()
    {
        lock (_gate)
        {
            if (_lost is not null)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Storage_LeaseLost, null, 0, _container.Location.Display, _container.Location.DisplayOf(_key), _lost);
            }
        }
    }

    /// <summary>Stops renewing and releases the lease (the next writer need not wait for it to expire).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _timer.Dispose();
        try
        {
            _client.Release();
        }
        catch (RequestFailedException)
        {
            // Expired or taken: nothing to release.
        }
    }

    private void Renew()
    {
        lock (_gate)
        {
            if (_disposed || _lost is not null)
            {
                return;
            }

            try
            {
                _client.Renew();
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                _lost = $"HTTP {ex.Status} {ex.ErrorCode}";
            }
            catch (RequestFailedException)
            {
                // Transient (throttling, 5xx after retries): the next renewal tries again while the lease lasts.
            }
        }
    }
}
