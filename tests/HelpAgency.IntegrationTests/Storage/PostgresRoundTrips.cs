using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// A loopback relay in front of PostgreSQL that counts round trips: the times a client sent something after the
/// server had answered it, so a client's pipelined messages (a BEGIN sent ahead of a command, the commands of one
/// batch) are one, and a commit or a rollback is one like any command, whatever the client library traces.
/// </summary>
public sealed class PostgresRoundTrips : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _serverHost;
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = [];
    private readonly Task _accepting;
    private long _count;

    /// <summary>Relays connections made with <see cref="ConnectionString"/> to the server <paramref name="connectionString"/> names.</summary>
    public PostgresRoundTrips(string connectionString)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        (_serverHost, _serverPort) = (server.Host!, server.Port);
        _listener.Start();
        server.Host = "127.0.0.1";
        server.Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        ConnectionString = server.ToString();
        _accepting = AcceptAsync();
    }

    /// <summary>The given connection string, pointed at the relay.</summary>
    public string ConnectionString { get; }

    /// <summary>Round trips so far, over every relayed connection.</summary>
    public long Count => Interlocked.Read(ref _count);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient { NoDelay = true };
                client.NoDelay = true;
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(server);
                }

                await server.ConnectAsync(_serverHost, _serverPort, _stop.Token);
                var talk = new Talk();
                _ = RelayAsync(client.GetStream(), server.GetStream(), () =>
                {
                    // The client speaks again after an answer: a new round trip. Counted before the server can answer it.
                    if (talk.Answered)
                    {
                        talk.Answered = false;
                        Interlocked.Increment(ref _count);
                    }
                });
                _ = RelayAsync(server.GetStream(), client.GetStream(), () => talk.Answered = true);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Copies one direction, calling <paramref name="received"/> for each read before passing it on.</summary>
    private async Task RelayAsync(NetworkStream from, NetworkStream to, Action received)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                received();
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            // A side that closed closes the other: a backend whose client left ends.
            try
            {
                to.Socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Who spoke last on one connection.</summary>
    private sealed class Talk
    {
        private volatile bool _answered = true;

        public bool Answered
        {
            get => _answered;
            set => _answered = value;
        }
    }
}
