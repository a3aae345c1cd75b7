using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace Barrage.Transport.Http1;

/// <summary>
/// One user's HTTP/1.1 connection: sends a request, times its phases and reads the response, reusing the
/// connection while the server allows it and reconnecting when it does not. Not thread-safe: one request
/// at a time, which is what lets the transport itself be the awaitable for its request.
/// </summary>
/// <remarks>
/// In steady state (keep-alive, same request) a request allocates nothing, in Debug builds too: the
/// request bytes are cached, the socket's ValueTask operations reuse their event args, the steps are
/// chained by hand through cached delegates instead of an async method (whose state machine Debug builds
/// allocate per call), the timeout source is reset rather than replaced, and the response is parsed in
/// place in one buffer. Only opening a connection allocates.
/// </remarks>
internal sealed partial class Http1Transport : ITransport, IValueTaskSource<TransportResult>
{
    // Large enough that a typical response arrives in one or two reads; 16 KiB per user.
    internal const int BufferSize = 16 * 1024;

    // A connection idle for less than this is reused without checking it first (see CheckConnection).
    internal static readonly TimeSpan DefaultIdleCheckAfter = TimeSpan.FromMilliseconds(100);

    // The longest delay CancellationTokenSource.CancelAfter takes.
    private const double MaxTimerMilliseconds = uint.MaxValue - 1.0;

    private static readonly Action<object?> s_cancelFromCaller = static state => ((Http1Transport)state!).CancelFromCaller();

    private readonly TransportOptions _options;
    private readonly HostResolver _resolver;
    private readonly Http1ResponseParser _parser;
    private readonly TimeSpan _connectBudget;
    private readonly long _idleCheckTicks;
    private readonly TimeSpan _timeoutSlack;
    private readonly long _requestTimeoutTicks;
    private ManualResetValueTaskSourceCore<TransportResult> _completion; // a mutable struct: never readonly
    private CancellationTokenSource _timeout = new();
    private byte[]? _buffer;
    private ResponseCapture? _capture; // made on the first request that asks for capture
    private ResponseCapture? _requestCapture; // _capture while the request in flight asks for it, else null
    private bool _busy;
    private bool _disposed;

    /// <param name="options">Timeouts, keep-alive and limits.</param>
    /// <param name="resolver">The DNS cache shared by a factory's transports.</param>
    /// <param name="idleCheckAfter">How long a kept-alive connection may sit idle before the next request polls it.</param>
    public Http1Transport(TransportOptions options, HostResolver resolver, TimeSpan? idleCheckAfter = null)
    {
        TimeSpan idle = idleCheckAfter ?? DefaultIdleCheckAfter;
        _idleCheckTicks = idle == TimeSpan.MaxValue ? long.MaxValue : (long)(idle.TotalSeconds * Stopwatch.Frequency);
        _options = options;
        _resolver = resolver;
        _parser = new Http1ResponseParser(options.MaxResponseHeaderBytes);
        _connectBudget = options.ConnectTimeout < options.RequestTimeout ? options.ConnectTimeout : options.RequestTimeout;
        _timeoutSlack = options.RequestTimeout / 32;
        if ((options.RequestTimeout + _timeoutSlack).TotalMilliseconds > MaxTimerMilliseconds)
            _timeoutSlack = TimeSpan.Zero;
        _requestTimeoutTicks = Ticks(options.RequestTimeout);
        _onConnected = OnConnected;
        _onSocketSent = OnSocketSent;
        _onTlsWritten = OnTlsWritten;
        _onRead = OnRead;
    }

    /// <exception cref="InvalidOperationException">A request is already in flight on this transport.</exception>
    public ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_busy)
            throw new InvalidOperationException("A transport sends one request at a time.");
        Http1Request wire = Http1RequestWriter.GetOrCreate(request, _options.KeepAlive);
        if (cancellationToken.IsCancellationRequested)
            return new ValueTask<TransportResult>(TransportResult.Failed(NetCodes.Cancelled));

        _busy = true;
        _requestCapture = request.CaptureResponse ? _capture ??= new ResponseCapture(_options.MaxCapturedBodyBytes) : null;
        _completion.Reset();
        short version = _completion.Version;
        Begin(wire, cancellationToken);
        return new ValueTask<TransportResult>(this, version);
    }

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            CloseConnection(); // a request in flight fails at once and disposes the timeout as it ends
            if (!_busy)
                _timeout.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    TransportResult IValueTaskSource<TransportResult>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TransportResult>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<TransportResult>.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    // Runs on the caller's cancellation; the operation in flight then ends with an OperationCanceledException.
    private void CancelFromCaller()
    {
        try
        {
            _timeout.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile: nothing left to cancel.
        }
    }
}
