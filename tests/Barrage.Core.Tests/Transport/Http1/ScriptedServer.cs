using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Barrage.Core.Tests.Transport.Http1;

/// <summary>
/// A raw-socket server on 127.0.0.1 that answers each connection with a script: exact bytes, closes,
/// resets, silences. It records the connections it accepted and the requests it read. Disposing it
/// stops everything; a script that threw anything but a connection error fails the test there.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<ServerConnection, Task> _script;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly ConcurrentQueue<Exception> _scriptErrors = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    public ScriptedServer(Func<ServerConnection, Task> script, X509Certificate2? certificate = null, int backlog = 16)
    {
        _script = script;
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(backlog);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Every request read by any connection, as bytes, in the order read.</summary>
    public ConcurrentQueue<byte[]> Requests { get; } = new();

    /// <summary>The TLS server names (SNI) clients asked for.</summary>
    public ConcurrentQueue<string> ServerNames { get; } = new();

    public Uri Url(string pathAndQuery = "/", string host = "127.0.0.1") =>
        new($"{(_certificate is null ? "http" : "https")}://{host}:{Port}{pathAndQuery}");

    /// <summary>A script that answers every request on a connection with the same bytes until the client leaves.</summary>
    public static Func<ServerConnection, Task> AnswerEach(string response) => async connection =>
    {
        while (await connection.ReadRequestAsync() is not null)
            await connection.SendAsync(response);
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Task[] running;
        lock (_connections)
            running = [.. _connections];
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        if (!_scriptErrors.IsEmpty)
            throw new AggregateException("A server script failed.", _scriptErrors);
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped (a stopped TcpListener says InvalidOperationException).
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_connections)
                _connections.Add(RunAsync(socket));
        }
    }

    private async Task RunAsync(Socket socket)
    {
        var connection = new ServerConnection(socket, this, _stop.Token);
        try
        {
            if (_certificate is not null)
            {
                string? name = await connection.AuthenticateAsync(_certificate);
                ServerNames.Enqueue(name ?? "");
            }

            await _script(connection);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                                      or System.Security.Authentication.AuthenticationException)
        {
            // The client went away, reset, refused our certificate, or the test is over.
        }
        catch (Exception e)
        {
            _scriptErrors.Enqueue(e);
        }
        finally
        {
            connection.Dispose();
        }
    }

    internal void Record(byte[] request) => Requests.Enqueue(request);
}
