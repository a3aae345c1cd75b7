using System.Diagnostics;
using System.Threading.Tasks.Sources;
using Barrage.Transport.Http1;

namespace Barrage.Transport.Loop;

/// <summary>
/// One user's plain-http HTTP/1.1 connection, driven by an <see cref="EventLoop"/> instead of the thread pool:
/// non-blocking socket on a raw file descriptor, send and receive made inline on the loop's thread, one
/// <c>recv</c> per readiness, the shared <see cref="Http1ResponseParser"/> and request bytes. Same contract
/// and codes as <see cref="Http1Transport"/>, which still carries https requests (TLS stays on SslStream).
/// </summary>
/// <remarks>
/// Threads: all connection and request state is touched on the loop's thread only. <see cref="SendAsync"/>
/// called there (the usual case: the runner's continuation runs inline when the previous response completes)
/// starts the request at once; called from elsewhere it posts the request to the loop. The result completes
/// on the loop thread with the continuation run inline.
/// </remarks>
internal sealed partial class LoopTransport : ITransport, IValueTaskSource<TransportResult>
{
    private static readonly Action<object?> s_cancelFromCaller = static state => ((LoopTransport)state!).CancelFromCaller();

    private readonly EventLoop _loop;
    private readonly TransportOptions _options;
    private readonly HostResolver _resolver;
    private readonly Http1ResponseParser _parser;
    private readonly long _connectBudgetTicks;
    private readonly long _requestTimeoutTicks;
    private readonly long _idleCheckTicks;
    private readonly TimeSpan? _idleCheckAfter;
    private ManualResetValueTaskSourceCore<TransportResult> _completion; // a mutable struct: never readonly
    private Http1Transport? _tls; // https requests: TLS stays on the thread-pool transport
    private CancellationToken _registeredToken;
    private CancellationTokenRegistration _registration;
    private TaskCompletionSource? _disposed;
    private volatile int _request; // sequence number of the current request: late cancellations and lookups check it
    private volatile bool _busy; // the user's view: from SendAsync until the result is set
    private bool _active; // the loop's view: from Begin until the result is set
    private bool _closed; // disposed on the loop: a request that still arrives is cancelled
    private ResponseCapture? _capture; // made on the first request that asks for capture
    private ResponseCapture? _requestCapture; // _capture while the request in flight asks for it, else null

    /// <param name="loop">The loop that drives this transport's connection.</param>
    /// <param name="options">Timeouts, keep-alive and limits.</param>
    /// <param name="resolver">The DNS cache shared by a factory's transports.</param>
    /// <param name="idleCheckAfter">How long a kept-alive connection may sit idle before the next request checks it first.</param>
    public LoopTransport(EventLoop loop, TransportOptions options, HostResolver resolver, TimeSpan? idleCheckAfter = null)
    {
        TimeSpan idle = idleCheckAfter ?? Http1Transport.DefaultIdleCheckAfter;
        _idleCheckTicks = idle == TimeSpan.MaxValue ? long.MaxValue : Ticks(idle);
        _idleCheckAfter = idleCheckAfter;
        _loop = loop;
        _options = options;
        _resolver = resolver;
        _parser = new Http1ResponseParser(options.MaxResponseHeaderBytes);
        _connectBudgetTicks = Ticks(options.ConnectTimeout < options.RequestTimeout ? options.ConnectTimeout : options.RequestTimeout);
        _requestTimeoutTicks = Ticks(options.RequestTimeout);
    }

    /// <exception cref="InvalidOperationException">A request is already in flight on this transport.</exception>
    public ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed is not null, this);
        if (_busy)
            throw new InvalidOperationException("A transport sends one request at a time.");
        Http1Request wire = Http1RequestWriter.GetOrCreate(request, _options.KeepAlive);
        if (wire.Endpoint.IsTls)
            return (_tls ??= new Http1Transport(_options, _resolver, _idleCheckAfter)).SendAsync(request, cancellationToken);

        _request++; // before the token check: a cancellation that sees the old number is caught by that check
        WatchCaller(cancellationToken);
        if (cancellationToken.IsCancellationRequested)
            return new ValueTask<TransportResult>(TransportResult.Failed(NetCodes.Cancelled));

        _busy = true;
        _wire = wire;
        _requestCapture = request.CaptureResponse ? _capture ??= new ResponseCapture(_options.MaxCapturedBodyBytes) : null;
        _callerToken = cancellationToken;
        _completion.Reset();
        short version = _completion.Version;
        if (_loop.IsCurrent)
            Begin();
        else
            _loop.Post(new LoopWork(this, LoopOp.Begin, _request));
        return new ValueTask<TransportResult>(this, version);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed is not null)
            return;
        _disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _registration.Unregister();
        if (_tls is not null)
            await _tls.DisposeAsync().ConfigureAwait(false);
        if (_loop.IsCurrent)
            DisposeOnLoop();
        else
            _loop.Post(new LoopWork(this, LoopOp.Dispose, _request));
        await _disposed.Task.ConfigureAwait(false);
    }

    TransportResult IValueTaskSource<TransportResult>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TransportResult>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<TransportResult>.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    /// <summary>Work posted by another thread. Loop thread.</summary>
    internal void OnWork(LoopOp op, int request)
    {
        try
        {
            switch (op)
            {
                case LoopOp.Begin:
                    Begin();
                    break;
                case LoopOp.Cancel when _active && request == _request:
                    Finish(NetCodes.Cancelled);
                    break;
                case LoopOp.Resolved when _active && request == _request && _phase == Phase.Resolve:
                    OnResolved();
                    break;
                case LoopOp.Dispose:
                    DisposeOnLoop();
                    break;
            }
        }
        catch (Exception e)
        {
            FailWithBug(e);
        }
    }

    /// <summary>epoll reported the connection ready. Loop thread.</summary>
    internal void OnReady(uint events, uint generation)
    {
        if (generation != _generation || _fd < 0)
            return; // an event for a connection closed earlier in the same batch
        try
        {
            if (_connecting)
                OnConnectReady();
            else if (!_active)
                OnIdleReadable();
            else if (_phase == Phase.Send)
                Send();
            else
                Receive();
        }
        catch (Exception e)
        {
            FailWithBug(e);
        }
    }

    /// <summary>Ends the request in flight with a timeout if its deadline passed. Loop thread.</summary>
    internal void CheckDeadline(long now)
    {
        if (!_active || now < _deadline)
            return;
        try
        {
            Finish(NetCodes.Timeout);
        }
        catch (Exception e)
        {
            // A continuation that threw on the loop's stack: the loop must survive it, as in OnReady.
            FailWithBug(e);
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    // One registration per token, not per request: the runner passes the same token for all of a user's requests.
    private void WatchCaller(CancellationToken token)
    {
        if (!token.CanBeCanceled || token == _registeredToken)
            return;
        _registration.Unregister();
        _registeredToken = token;
        _registration = token.UnsafeRegister(s_cancelFromCaller, this);
    }

    // Any thread: the token's Cancel().
    private void CancelFromCaller()
    {
        if (_busy)
            _loop.Post(new LoopWork(this, LoopOp.Cancel, _request));
    }

    private void DisposeOnLoop()
    {
        try
        {
            if (_active)
                Finish(NetCodes.Cancelled); // disposed under a request in flight: the run is stopping
        }
        finally
        {
            // Even if the caller's continuation threw inside Finish: the connection closes and DisposeAsync returns.
            _closed = true;
            CloseConnection();
            if (_slot >= 0)
            {
                _loop.Detach(_slot);
                _slot = -1;
            }

            _disposed!.TrySetResult();
        }
    }

    // A bug in the transport or the parser, not the server or the network: the caller's await throws it.
    private void FailWithBug(Exception e)
    {
        if (!_active)
            return;
        EndRequest(keepConnection: false);
        _completion.SetException(e);
    }
}
