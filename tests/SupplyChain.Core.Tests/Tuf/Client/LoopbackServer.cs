using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SupplyChain.Core.Tests.Tuf.Client;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 for tests: each request's raw path (still percent-encoded, without the leading
/// <c>/</c>) goes to a handler that returns the body, or null for 404. It serves until disposed, and only loopback.
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string, LoopbackResponse?> _handler;
    private readonly Task _loop;

    public LoopbackServer(Func<string, LoopbackResponse?> handler)
    {
        _handler = handler;
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    /// <summary>A server that serves the files of a folder (the URL path under the folder, decoded once).</summary>
    public static LoopbackServer ForFolder(string folder)
        => new(path =>
        {
            var relative = Uri.UnescapeDataString(path);
            var full = Path.GetFullPath(Path.Combine(folder, relative));
            return full.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal) && File.Exists(full) ? new LoopbackResponse(File.ReadAllBytes(full)) : null;
        });

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}/";

    /// <summary>The raw paths requested, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public void Dispose()
    {
        // Close alone: on Linux the managed listener's Stop unregisters the port, and a Close after it registers it
        // again to unregister it, binding the port anew: "Address already in use" once another test or process took it.
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var raw = context.Request.RawUrl ?? "/";
            var path = raw.TrimStart('/');
            Requests.Enqueue(path);
            try
            {
                var response = _handler(path);
                if (response is null)
                {
                    context.Response.StatusCode = 404;
                }
                else
                {
                    context.Response.StatusCode = response.Status;
                    context.Response.ContentLength64 = response.Body.Length;
                    await context.Response.OutputStream.WriteAsync(response.Body).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or HttpListenerException)
            {
            }
            finally
            {
                try
                {
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is IOException or HttpListenerException or ObjectDisposedException)
                {
                }
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}

/// <summary>A response of the <see cref="LoopbackServer"/>.</summary>
internal sealed record LoopbackResponse(byte[] Body, int Status = 200);
