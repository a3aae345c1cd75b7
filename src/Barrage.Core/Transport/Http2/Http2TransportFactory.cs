using System.Diagnostics;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;

namespace Barrage.Transport.Http2;

/// <summary>
/// Makes HTTP/2 transports over one shared <see cref="SocketsHttpHandler"/>: every user's requests are streams
/// multiplexed over the handler's few connections (one, plus another each time every stream of the open ones is busy,
/// when <see cref="TransportOptions.Http2MultipleConnections"/> allows), h2c with prior knowledge for http:// and ALPN
/// for https://. Thread-safe; dispose it after the run to close the connections.
/// </summary>
/// <remarks>
/// Phases, as far as the handler lets them be seen (see <see cref="TransportResult"/>):
/// connect is TCP connect plus TLS handshake of a connection this request caused to be opened (0 when it rode an open
/// one, as on a reused HTTP/1.1 connection); send ends when the handler has taken the whole body (0 without a body);
/// latency runs from there to the response headers (it includes writing the headers, any wait for a stream or for the
/// connection's HTTP/2 handshake, and the server's time); receive is reading the body. Bytes are best effort: headers
/// count as their HTTP/1.1 text (HPACK's compressed size and HTTP/2 framing are not observable per request), bodies as
/// their payload. <see cref="TransportOptions.KeepAlive"/> does not apply: HTTP/2 keeps its connections.
/// </remarks>
public sealed class Http2TransportFactory : ITransportFactory, IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly TransportOptions _options;

    /// <summary>Makes a factory (and its connection pool) for transports that use <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout or the header limit is not positive.</exception>
    public Http2TransportFactory(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxResponseHeaderBytes, nameof(options));
        _options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = options.ConnectTimeout,
            EnableMultipleHttp2Connections = options.Http2MultipleConnections,
            MaxResponseHeadersLength = Math.Max(1, options.MaxResponseHeaderBytes / 1024),
            ConnectCallback = ConnectAsync,
            PlaintextStreamFilter = Connected,
        };
        if (!options.VerifyCertificates)
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>Makes a transport for one user; its requests share this factory's connections.</summary>
    public ITransport Create() => new Http2Transport(_invoker, _options);

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _invoker.Dispose();

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (ConnectTiming.Of(context.InitialRequestMessage) is { } timing)
            timing.Started = Stopwatch.GetTimestamp();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // Runs once the connection is ready for HTTP: after the TLS handshake, when there is one. Requests are HTTP/2 only
    // (RequestVersionExact), so the stream carries HTTP/2 frames.
    private static ValueTask<Stream> Connected(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
    {
        if (ConnectTiming.Of(context.InitialRequestMessage) is { Started: not 0 } timing)
            timing.Ended = Stopwatch.GetTimestamp();
        return ValueTask.FromResult<Stream>(new GoAwayCloseStream(context.PlaintextStream));
    }
}
