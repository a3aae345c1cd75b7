using System.Net;
using System.Net.Sockets;

namespace Barrage.Transport.Managed;

/// <summary>
/// Transports on .NET's <see cref="SocketsHttpHandler"/>: one handler (and so one connection) per user.
/// Used where Barrage's own HTTP/1.1 client does not go (HTTP/2); its timings are coarser: the send
/// phase is folded into latency, and byte counts are bodies plus an estimate of the header block.
/// </summary>
public sealed class HttpClientTransportFactory(TransportOptions options) : ITransportFactory
{
    public ITransport Create() => new HttpClientTransport(options);
}

internal sealed class HttpClientTransport : ITransport
{
    private readonly HttpMessageInvoker _invoker;
    private readonly TransportOptions _options;
    private readonly byte[] _drain = new byte[16 * 1024];
    private long _connectTicks;

    public HttpClientTransport(TransportOptions options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = options.KeepAlive ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            MaxResponseHeadersLength = Math.Max(1, options.MaxResponseHeaderBytes / 1024),
            ConnectCallback = ConnectAsync,
        };
        if (!options.VerifyCertificates)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public async ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Uri);
        long bytesOut = request.Body.Length + 32 + request.Uri.PathAndQuery.Length;
        if (!request.Body.IsEmpty)
            message.Content = new ReadOnlyMemoryContent(request.Body);
        foreach (var (name, value) in request.Headers)
        {
            bytesOut += name.Length + value.Length + 4;
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content ??= new ReadOnlyMemoryContent(ReadOnlyMemory<byte>.Empty);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (!_options.KeepAlive)
            message.Headers.ConnectionClose = true;

        _connectTicks = 0;
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        long firstByte = start;
        long bytesIn = 0;
        try
        {
            using var response = await _invoker.SendAsync(message, timeout.Token);
            firstByte = System.Diagnostics.Stopwatch.GetTimestamp();
            bytesIn = 17 + response.Headers.Sum(h => h.Key.Length + 4 + h.Value.Sum(v => v.Length))
                + response.Content.Headers.Sum(h => h.Key.Length + 4 + h.Value.Sum(v => v.Length));
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            int read;
            while ((read = await body.ReadAsync(_drain, timeout.Token)) > 0)
                bytesIn += read;
            var end = System.Diagnostics.Stopwatch.GetTimestamp();
            return new TransportResult(
                Timing.ToMicros(_connectTicks), 0, Timing.ToMicros(firstByte - start - _connectTicks),
                Timing.ToMicros(end - firstByte), bytesOut, bytesIn, NetCodes.Ok, (int)response.StatusCode);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return TransportResult.Failed(NetCodes.Cancelled);
        }
        catch (OperationCanceledException)
        {
            return TransportResult.Failed(NetCodes.Timeout);
        }
        catch (HttpRequestException e)
        {
            return TransportResult.Failed(Classify(e));
        }
        catch (IOException e)
        {
            return TransportResult.Failed(e.InnerException is SocketException se ? FromSocket(se) : NetCodes.ConnectionReset);
        }
    }

    public ValueTask DisposeAsync()
    {
        _invoker.Dispose();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
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
        finally
        {
            _connectTicks = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        }
    }

    private static int Classify(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => NetCodes.DnsFailure,
        HttpRequestError.SecureConnectionError => NetCodes.TlsFailure,
        HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded when e.InnerException is not IOException => NetCodes.ProtocolError,
        HttpRequestError.ConnectionError when e.InnerException is SocketException se => FromSocket(se),
        _ when e.InnerException is SocketException se => FromSocket(se),
        HttpRequestError.ResponseEnded => NetCodes.ConnectionReset,
        _ => NetCodes.Other,
    };

    private static int FromSocket(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => NetCodes.ConnectionRefused,
        SocketError.ConnectionReset => NetCodes.ConnectionReset,
        SocketError.TimedOut => NetCodes.Timeout,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => NetCodes.HostUnreachable,
        SocketError.HostNotFound or SocketError.NoData => NetCodes.DnsFailure,
        SocketError.Shutdown => NetCodes.BrokenPipe,
        _ => NetCodes.Other,
    };
}
