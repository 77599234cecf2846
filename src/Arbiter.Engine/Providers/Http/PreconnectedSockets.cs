using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Arbiter.Engine.Providers.Http;

/// <summary>
/// TCP connections opened ahead of a run's first wave, handed to the HTTP handler as it asks for connections
/// (<see cref="SocketsHttpHandler.ConnectCallback"/>). A run starts with as many requests as it has slots, and each
/// would otherwise open its connection only when it leaves: the handshakes (one round trip each to a remote
/// endpoint) then happen while the store is still being prepared instead of inside the first calls. TLS, when the
/// endpoint has it, is still negotiated by the handler over the stream given here. When no opened connection is
/// waiting (none asked for, all taken, or one went stale) the callback connects as the handler itself would.
/// </summary>
internal sealed class PreconnectedSockets : IDisposable
{
    /// <summary>A connection waiting longer than this may have been closed by the server's idle timeout: not handed out.</summary>
    internal static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<(string Host, int Port), Endpoint> _ready = new();
    private readonly CancellationTokenSource _disposed = new();
    private int _disposeCalls;

    /// <summary>
    /// Starts opening connections to <paramref name="endpoint"/>'s host and port until <paramref name="count"/> are waiting
    /// or being opened (so repeated runs in one process never hold more than one wave's worth); returns at once.
    /// </summary>
    public void Open(Uri endpoint, int count)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var key = (endpoint.IdnHost, endpoint.Port);
        var pool = _ready.GetOrAdd(key, _ => new());
        while (true)
        {
            var opening = Volatile.Read(ref pool.Opening);
            if (opening + pool.Queue.Count >= count) return;
            if (Interlocked.CompareExchange(ref pool.Opening, opening + 1, opening) == opening) _ = OpenOneAsync(key, pool);
        }
    }

    /// <summary>Opened connections to <paramref name="host"/>:<paramref name="port"/> not yet handed out.</summary>
    internal int Waiting(string host, int port) => _ready.TryGetValue((host, port), out var pool) ? pool.Queue.Count : 0;

    /// <summary>The handler's connect step: a waiting connection to the request's host and port, else a new one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.DnsEndPoint;
        if (_ready.TryGetValue((endpoint.Host, endpoint.Port), out var pool))
        {
            while (pool.Queue.TryDequeue(out var waiting))
            {
                if (IsUsable(waiting.Socket, waiting.Opened)) return new NetworkStream(waiting.Socket, ownsSocket: true);
                waiting.Socket.Dispose();
            }
        }

        return new NetworkStream(await ConnectNewAsync(endpoint, cancellationToken).ConfigureAwait(false), ownsSocket: true);
    }

    // As SocketsHttpHandler connects by default: dual-mode where IPv6 exists, Nagle off.
    private static async Task<Socket> ConnectNewAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task OpenOneAsync((string Host, int Port) key, Endpoint pool)
    {
        try
        {
            var socket = await ConnectNewAsync(new DnsEndPoint(key.Host, key.Port), _disposed.Token).ConfigureAwait(false);
            pool.Queue.Enqueue((socket, Stopwatch.GetTimestamp()));
            // Disposed meanwhile: nobody will take it.
            if (_disposed.IsCancellationRequested) Drain();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Only a head start: the request that needs this connection connects (and reports the failure) itself.
        }
        finally
        {
            Interlocked.Decrement(ref pool.Opening);
        }
    }

    // Young, still connected, and nothing to read: a socket the server closed reads as readable (end of stream).
    private static bool IsUsable(Socket socket, long opened)
    {
        try
        {
            return Stopwatch.GetElapsedTime(opened) < MaxAge && socket.Connected && !socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private void Drain()
    {
        foreach (var pool in _ready.Values)
        {
            while (pool.Queue.TryDequeue(out var waiting)) waiting.Socket.Dispose();
        }
    }

    /// <summary>One host and port: connections waiting, and how many are being opened.</summary>
    private sealed class Endpoint
    {
        public readonly ConcurrentQueue<(Socket Socket, long Opened)> Queue = new();
        public int Opening;
    }

    /// <summary>Closes the waiting connections; a second call (a host and its container both disposing) does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeCalls, 1) != 0) return;
        _disposed.Cancel();
        Drain();
        _disposed.Dispose();
    }
}
