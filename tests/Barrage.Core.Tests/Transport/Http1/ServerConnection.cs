using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Barrage.Core.Tests.Transport.Http1;

/// <summary>One accepted connection of a <see cref="ScriptedServer"/>, as its script sees it.</summary>
internal sealed class ServerConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly ScriptedServer _server;
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[16 * 1024];
    private Stream _stream;

    public ServerConnection(Socket socket, ScriptedServer server, CancellationToken stopping)
    {
        _socket = socket;
        _server = server;
        Stopping = stopping;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    /// <summary>Cancelled when the server is disposed: scripts that wait use it so they end with the test.</summary>
    public CancellationToken Stopping { get; }

    public long BytesSent { get; private set; }

    public async Task<string?> AuthenticateAsync(X509Certificate2 certificate)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        _stream = ssl;
        await ssl.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions { ServerCertificate = certificate }, Stopping);
        return ssl.TargetHostName;
    }

    /// <summary>Reads one whole request (head and Content-Length body) and records it; null when the client closed first.</summary>
    public async Task<byte[]?> ReadRequestAsync()
    {
        while (true)
        {
            int length = RequestLength();
            if (length > 0)
            {
                byte[] request = [.. _pending.GetRange(0, length)];
                _pending.RemoveRange(0, length);
                _server.Record(request);
                return request;
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer, Stopping);
            }
            catch (IOException)
            {
                return null;
            }

            if (read == 0)
                return null;
            _pending.AddRange(_buffer.AsSpan(0, read));
        }
    }

    /// <summary>Reads whatever has arrived (at least one byte), without waiting for a whole request.</summary>
    public async Task<int> ReadSomeAsync() => await _stream.ReadAsync(_buffer, Stopping);

    /// <summary>Waits until the client closes the connection (or the test ends), discarding what it sends.</summary>
    public async Task WaitForClientToCloseAsync()
    {
        try
        {
            while (await _stream.ReadAsync(_buffer, Stopping) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes, Stopping);
        await _stream.FlushAsync(Stopping);
        BytesSent += bytes.Length;
    }

    /// <summary>Closes with a RST instead of a FIN.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    /// <summary>Closes gracefully (FIN).</summary>
    public void Close()
    {
        _socket.Shutdown(SocketShutdown.Send);
        _socket.Close();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }

    // The length of the first complete request in the pending bytes, or 0 if there is none yet.
    private int RequestLength()
    {
        byte[] pending = [.. _pending];
        int end = pending.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
            return 0;
        int headLength = end + 4;
        int bodyLength = 0;
        foreach (string line in Encoding.Latin1.GetString(pending, 0, end).Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                bodyLength = int.Parse(line.AsSpan("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return pending.Length >= headLength + bodyLength ? headLength + bodyLength : 0;
    }
}
