using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Barrage.Target.Recording;

/// <summary>
/// HTTPS through the proxy: a connection that opens with <c>CONNECT host:port</c> becomes a plain TCP tunnel to that
/// host. What goes through is encrypted end to end, so nothing of it is recorded; the tunnel's host is, so the plan
/// can say what it is missing. Kestrel has no CONNECT support, hence this runs on the raw connection before HTTP
/// parsing; any other connection goes on to the HTTP proxy untouched, and a CONNECT that comes on it after other
/// requests is handed back here by <see cref="ContinueAsync"/>. With <c>--mitm</c> (<paramref name="mitm"/>)
/// the tunnel leads to the proxy's own decrypting listener instead of the host, and so is recorded.
/// </summary>
internal sealed class ConnectTunnel(Action<string> opened, MitmConnections? mitm, CancellationToken stopping)
{
    private const int MaxHeadBytes = 16 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HalfClosedWait = TimeSpan.FromSeconds(5);
    private static readonly byte[] Connect = "CONNECT "u8.ToArray();
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] Established = "HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray();
    // The first byte of a TLS record that carries a handshake (a ClientHello opens every TLS connection).
    private const byte TlsHandshake = 22;
    // Where a connection handed on to HTTP keeps itself, so a later CONNECT on it can take the raw transport over.
    private static readonly object ConnectionKey = new();

    /// <summary>The connection middleware: tunnels a CONNECT connection, passes any other to <paramref name="next"/>.</summary>
    public async Task HandleAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var input = connection.Transport.Input;
        // Peek: look at the first bytes without consuming them, so the HTTP parser still sees them. More is awaited
        // only while what came is the start of "CONNECT "; the pipe forbids examining less than before, so the
        // final advance keeps the examined mark where the wait left it.
        ReadResult peek;
        SequencePosition? examined = null;
        bool isConnect;
        while (true)
        {
            try
            {
                peek = await input.ReadAsync(connection.ConnectionClosed);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                return; // closed before it said anything
            }
            var length = (int)Math.Min(peek.Buffer.Length, Connect.Length);
            bool prefix = peek.Buffer.Slice(0, length).ToArray().AsSpan().SequenceEqual(Connect.AsSpan(0, length));
            if (!prefix || length == Connect.Length || peek.IsCompleted || peek.IsCanceled)
            {
                isConnect = prefix && length == Connect.Length;
                break;
            }
            examined = peek.Buffer.End;
            input.AdvanceTo(peek.Buffer.Start, peek.Buffer.End);
        }
        input.AdvanceTo(peek.Buffer.Start, examined ?? peek.Buffer.Start);
        if (!isConnect)
        {
            connection.Items[ConnectionKey] = connection;
            await next(connection);
            return;
        }
        try
        {
            await TunnelAsync(connection);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // the client left or the proxy is stopping: nothing to answer
        }
    }

    private async Task TunnelAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, stopping);
        string? head = null;
        while (head is null)
        {
            var read = await input.ReadAsync(cancel.Token);
            var reader = new SequenceReader<byte>(read.Buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> lines, HeadEnd))
            {
                head = Encoding.ASCII.GetString(lines);
                input.AdvanceTo(reader.Position);
                break;
            }
            if (read.Buffer.Length > MaxHeadBytes || read.IsCompleted)
            {
                input.AdvanceTo(read.Buffer.End);
                await RespondAsync(output, StatusCodes.Status400BadRequest, "the CONNECT request's head is incomplete or too large", cancel.Token);
                return;
            }
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        // CONNECT host:port HTTP/1.1
        var parts = head.Split('\n')[0].Trim().Split(' ');
        if (parts.Length != 3)
        {
            await RespondAsync(output, StatusCodes.Status400BadRequest, "CONNECT needs host:port", cancel.Token);
            return;
        }
        if (await OpenAsync(connection, parts[1], cancel) is { } refused)
            await RespondAsync(output, refused.Status, refused.Message, cancel.Token);
    }

    /// <summary>
    /// A CONNECT that came on a connection after other requests (RFC 9110 allows it; curl and some clients reuse a
    /// proxy connection so): the connection becomes the tunnel for the rest of its life. False when the request's
    /// connection is not one of the clients' (a CONNECT inside a decrypted tunnel), which is left to the caller.
    /// </summary>
    public async Task<bool> ContinueAsync(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items is not { } items
            || !items.TryGetValue(ConnectionKey, out var item) || item is not ConnectionContext connection)
            return false;
        // Kestrel has parsed this request's head and reads nothing more until the handler returns: what follows on
        // the transport is the tunnel's.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, stopping);
        (int Status, string Message)? refused;
        try
        {
            refused = await OpenAsync(connection, context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "", cancel);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            refused = null;
        }
        if (refused is { } answer)
        {
            // Nothing went on the connection yet: HTTP answers, and the connection stays HTTP.
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            var body = Encoding.UTF8.GetBytes(answer.Message + "\n");
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
            return true;
        }
        // The connection was the tunnel: no HTTP response, and no next request, may follow on it.
        context.Abort();
        return true;
    }

    // Connects to the CONNECT's target (or, with --mitm, the decrypting listener), then pipes until either side ends.
    // Returns the refusal to answer with when the tunnel could not be opened; nothing was written then.
    private async Task<(int Status, string Message)?> OpenAsync(ConnectionContext connection, string authority, CancellationTokenSource cancel)
    {
        if (!TryAuthority(authority, out var host, out var port))
            return (StatusCodes.Status400BadRequest, "CONNECT needs host:port");
        var output = connection.Transport.Output;
        var tls = true;
        if (mitm is not null)
        {
            // Not every tunnel carries TLS: curl -p (--proxytunnel) and browsers' ws:// through a proxy send plain
            // HTTP in it, which the decrypting listener cannot take. The client speaks first, so its first byte says
            // which: a TLS handshake record starts with 22. A plain tunnel goes to the host as it would without --mitm.
            await output.WriteAsync(Established, cancel.Token);
            var first = await connection.Transport.Input.ReadAsync(cancel.Token);
            if (first.Buffer.IsEmpty)
                return null;
            tls = first.Buffer.FirstSpan[0] == TlsHandshake;
            connection.Transport.Input.AdvanceTo(first.Buffer.Start);
        }
        var decrypting = mitm is not null && tls;
        using var upstream = decrypting
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true } // to the loopback listener
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        int? decrypted = null;
        try
        {
            using var connectCancel = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
            connectCancel.CancelAfter(ConnectTimeout);
            if (decrypting)
                decrypted = await mitm!.ConnectAsync(upstream, host, port, connectCancel.Token);
            else
                await upstream.ConnectAsync(host, port, connectCancel.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            cancel.Token.ThrowIfCancellationRequested();
            if (mitm is not null)
                return null; // the client was told the tunnel is open: all it can see now is the connection closing
            return (StatusCodes.Status502BadGateway, $"cannot reach {host}:{port}: {e.Message}");
        }
        try
        {
            if (decrypted is null)
                opened($"{host}:{port}");
            if (mitm is null)
                await output.WriteAsync(Established, cancel.Token);
            await PipeAsync(connection.Transport.Input, output, upstream, decrypted is not null, cancel);
        }
        finally
        {
            if (decrypted is { } key)
                mitm!.Release(key);
        }
        return null;
    }

    private static async Task PipeAsync(PipeReader input, PipeWriter output, Socket upstream, bool decrypted, CancellationTokenSource cancel)
    {
        await using var network = new NetworkStream(upstream, ownsSocket: false);
        var up = PumpAsync(input.AsStream(leaveOpen: true), network, () => upstream.Shutdown(SocketShutdown.Send), cancel.Token);
        var down = PumpAsync(network, output.AsStream(leaveOpen: true), () => output.Complete(), cancel.Token);
        // A side that has ended is half-closed towards the other; one that then stays silent is not waited on forever.
        // The decrypting listener closing its end (the proxy stopping, once its responses are out) leaves nothing to wait for.
        var first = await Task.WhenAny(up, down);
        if (decrypted && first == down)
            await cancel.CancelAsync();
        else
            cancel.CancelAfter(HalfClosedWait);
        await Task.WhenAll(up, down);
    }

    // Copies one direction until its end, then half-closes the other side so the peer sees the end too.
    private static async Task PumpAsync(Stream from, Stream to, Action end, CancellationToken cancel)
    {
        try
        {
            await from.CopyToAsync(to, cancel);
            await to.FlushAsync(cancel);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // either side went away: the tunnel ends
        }
        try
        {
            end();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private static bool TryAuthority(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            return false;
        host = text[..colon].Trim('[', ']');
        return Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }

    private static async Task RespondAsync(PipeWriter output, int status, string message, CancellationToken cancel)
    {
        var body = Encoding.UTF8.GetBytes(message + "\n");
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await output.WriteAsync(head, cancel);
        await output.WriteAsync(body, cancel);
    }
}
