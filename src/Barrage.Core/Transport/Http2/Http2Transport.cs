using System.Diagnostics;
using System.Net.Http;
using System.Runtime.CompilerServices;

namespace Barrage.Transport.Http2;

/// <summary>
/// One user's HTTP/2 requests, sent one at a time over the factory's shared handler, timed and turned into a
/// <see cref="TransportResult"/>; failures become net codes. Not thread-safe, like every <see cref="ITransport"/>.
/// </summary>
internal sealed class Http2Transport(HttpMessageInvoker invoker, TransportOptions options) : ITransport
{
    // The body is read and dropped (only counted), unless the request asks for its response (checks, extraction).
    private const int BufferSize = 16 * 1024;

    private static readonly double s_microsecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    private readonly byte[] _buffer = new byte[BufferSize];
    private CancellationTokenSource _timeout = new();
    private bool _busy;
    private bool _disposed;

    /// <exception cref="InvalidOperationException">A request is already in flight on this transport.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_busy)
            throw new InvalidOperationException("A transport sends one request at a time.");
        if (cancellationToken.IsCancellationRequested)
            return TransportResult.Failed(NetCodes.Cancelled);
        if (Http2Request.GetOrCreate(request) is not { } wire)
            return TransportResult.Failed(NetCodes.ProtocolError); // raw ammo that is not an HTTP request

        _busy = true;
        if (!_timeout.TryReset())
        {
            _timeout.Dispose();
            _timeout = new CancellationTokenSource();
        }
        _timeout.CancelAfter(options.RequestTimeout);
        using var linked = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => CancelQuietly((CancellationTokenSource)state!), _timeout)
            : default;

        var connect = new ConnectTiming();
        var content = wire.Body.IsEmpty && wire.ContentHeaders.Length == 0 ? null : new TimedContent(wire.Body);
        using var message = wire.ToMessage(content);
        message.Options.Set(ConnectTiming.Key, connect);
        long start = Stopwatch.GetTimestamp();
        long headersAt = 0, bytesIn = 0;
        int status = 0;
        try
        {
            using var response = await invoker.SendAsync(message, _timeout.Token);
            headersAt = Stopwatch.GetTimestamp();
            status = (int)response.StatusCode;
            bytesIn = HeaderBytes(response);
            using var body = await response.Content.ReadAsStreamAsync(_timeout.Token);
            var capture = request.CaptureResponse ? new CapturedBody(options.MaxCapturedBodyBytes) : null;
            int read;
            while ((read = await body.ReadAsync(_buffer, _timeout.Token)) > 0)
            {
                bytesIn += read;
                capture?.Add(_buffer.AsSpan(0, read));
            }
            var result = Result(start, connect, content, headersAt, Stopwatch.GetTimestamp(), wire.BytesOut, bytesIn, NetCodes.Ok, status);
            return capture is null ? result : result with { Response = capture.View(status, Headers(response)) };
        }
        catch (Exception e) when (HttpFailures.IsTransportFailure(e) || (_disposed && e is ObjectDisposedException))
        {
            int code = HttpFailures.ToNetCode(e, cancellationToken.IsCancellationRequested || _disposed);
            long end = Stopwatch.GetTimestamp();
            // what was sent is not observable on failure; count the request when the response had begun, or the body was taken
            long bytesOut = headersAt != 0 || content?.WrittenTimestamp > 0 ? wire.BytesOut : 0;
            return Result(start, connect, content, headersAt == 0 ? end : headersAt, end, bytesOut, bytesIn, code, status);
        }
        finally
        {
            _busy = false;
            if (_disposed)
                _timeout.Dispose(); // disposed while this request was in flight
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            CancelQuietly(_timeout); // a request in flight ends at once, reported as cancelled
            if (!_busy)
                _timeout.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    // The request may end (and a disposed transport dispose its source) while the caller cancels or disposes.
    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // already over: nothing left to cancel
        }
    }

    private static TransportResult Result(long start, ConnectTiming connect, TimedContent? content,
        long headersAt, long end, long bytesOut, long bytesIn, int netCode, int status)
    {
        bool connected = connect.Started != 0 && connect.Ended != 0;
        long connectUs = connected ? Microseconds(connect.Ended - connect.Started) : 0;
        long sendStart = connected ? Math.Max(start, connect.Ended) : start;
        long written = content is { WrittenTimestamp: > 0 } ? Math.Clamp(content.WrittenTimestamp, sendStart, headersAt) : sendStart;
        return new TransportResult(
            connectUs,
            Microseconds(written - sendStart),
            Microseconds(Math.Max(0, headersAt - written)),
            Microseconds(Math.Max(0, end - headersAt)),
            bytesOut,
            bytesIn,
            netCode,
            status);
    }

    // Header fields in the order the handler keeps them: the response's, then its content's; each value of a field apart.
    private static List<KeyValuePair<string, string>> Headers(HttpResponseMessage response)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var header in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            foreach (var value in header.Value)
                fields.Add(new(header.Key, value));
        }
        return fields;
    }

    // The response head as HTTP/1.1 text: status line, "name: value" lines and the blank line.
    private static long HeaderBytes(HttpResponseMessage response)
    {
        long size = "HTTP/2 200 \r\n\r\n".Length + (response.ReasonPhrase?.Length ?? 0);
        foreach (var header in response.Headers.NonValidated)
            size += LineBytes(header.Key, header.Value);
        foreach (var header in response.Content.Headers.NonValidated)
            size += LineBytes(header.Key, header.Value);
        return size;
    }

    private static long LineBytes(string name, System.Net.Http.Headers.HeaderStringValues values)
    {
        long size = 0;
        foreach (var value in values)
            size += name.Length + value.Length + 4;
        return size;
    }

    private static long Microseconds(long ticks) => (long)(ticks * s_microsecondsPerTick);
}
