using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Barrage.Transport.Http1;

// One request, step by step: connect if needed → write → read until the parser is done → finish.
// Each step starts an operation; if it completes at once the next step runs in the same call, otherwise
// the step's cached delegate runs when it completes. Every step ends in Finish, exactly once.
internal sealed partial class Http1Transport
{
    private readonly Action _onConnected;
    private readonly Action _onSocketSent;
    private readonly Action _onTlsWritten;
    private readonly Action _onRead;
    private ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter _voidAwaiter;
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _intAwaiter;

    // The request in flight.
    private Http1Request? _wire;
    private CancellationToken _callerToken;
    private CancellationTokenRegistration _callerRegistration;
    private Phase _phase;
    private long _armedUntil; // when _timeout fires, as a Stopwatch timestamp; 0 when unknown
    private Http1Exchange _exchange;

    private void Begin(Http1Request wire, CancellationToken cancellationToken)
    {
        _wire = wire;
        _callerToken = cancellationToken;
        _buffer ??= GC.AllocateUninitializedArray<byte>(BufferSize);
        _phase = Phase.Connect;
        _exchange.Begin(Stopwatch.GetTimestamp(), _requestCapture);
        _callerRegistration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(s_cancelFromCaller, this)
            : default;

        switch (CheckConnection(wire.Endpoint, _exchange.Start))
        {
            case Reuse.UnsolicitedBytes:
                Finish(NetCodes.ProtocolError);
                return;
            case Reuse.Keep:
                _exchange.Reused = true;
                ArmRequestTimeout(_exchange.Start);
                Send();
                return;
        }

        ArmTimeout(_connectBudget, _exchange.Start);
        Connect();
    }

    // The step after an operation without a result (_voidAwaiter): now, when it completed at once, else when it does.
    private void Then(Action next)
    {
        if (_voidAwaiter.IsCompleted)
            next();
        else
            _voidAwaiter.UnsafeOnCompleted(next);
    }

    // Takes the result of that operation: false, with the request failed, when it threw.
    private bool Ended()
    {
        try
        {
            _voidAwaiter.GetResult();
        }
        catch (Exception e)
        {
            Fail(e);
            return false;
        }

        _voidAwaiter = default;
        return true;
    }

    private void Connect()
    {
        try
        {
            _voidAwaiter = ConnectAsync(_wire!.Endpoint, _timeout.Token).ConfigureAwait(false).GetAwaiter();
        }
        catch (Exception e)
        {
            Fail(e);
            return;
        }

        Then(_onConnected);
    }

    private void OnConnected()
    {
        if (!Ended())
            return;
        long connected = _exchange.Connected = Stopwatch.GetTimestamp();
        TimeSpan left = _options.RequestTimeout - Stopwatch.GetElapsedTime(_exchange.Start, connected);
        ArmTimeout(left > TimeSpan.Zero ? left : TimeSpan.Zero, connected);
        Send();
    }

    private void Send()
    {
        _phase = Phase.Send;
        if (_ssl is null)
        {
            SendOnSocket();
            return;
        }

        try
        {
            _voidAwaiter = _ssl.WriteAsync(_wire!.Bytes, _timeout.Token).ConfigureAwait(false).GetAwaiter();
        }
        catch (Exception e)
        {
            Fail(e);
            return;
        }

        Then(_onTlsWritten);
    }

    private void OnTlsWritten()
    {
        if (!Ended())
            return;
        _exchange.BytesOut = _wire!.Bytes.Length;
        Written();
    }

    // A socket send may take part of the bytes; loop until all are written.
    private void SendOnSocket()
    {
        ReadOnlyMemory<byte> bytes = _wire!.Bytes;
        while (_exchange.BytesOut < bytes.Length)
        {
            try
            {
                _intAwaiter = _socket!.SendAsync(bytes[(int)_exchange.BytesOut..], SocketFlags.None, _timeout.Token).ConfigureAwait(false).GetAwaiter();
            }
            catch (Exception e)
            {
                Fail(e);
                return;
            }

            if (!_intAwaiter.IsCompleted)
            {
                _intAwaiter.UnsafeOnCompleted(_onSocketSent);
                return;
            }

            if (!TakeSent())
                return;
        }

        Written();
    }

    private void OnSocketSent()
    {
        if (TakeSent())
            SendOnSocket();
    }

    private bool TakeSent()
    {
        try
        {
            _exchange.BytesOut += _intAwaiter.GetResult();
        }
        catch (Exception e)
        {
            Fail(e);
            return false;
        }

        _intAwaiter = default;
        return true;
    }

    private void Written()
    {
        _phase = Phase.Receive;
        _exchange.Written(_parser, _wire!.IsHead, Stopwatch.GetTimestamp());
        Receive();
    }

    private void Receive()
    {
        while (true)
        {
            try
            {
                _intAwaiter = (_ssl is { } ssl
                        ? ssl.ReadAsync(_buffer, _timeout.Token)
                        : _socket!.ReceiveAsync(_buffer, SocketFlags.None, _timeout.Token))
                    .ConfigureAwait(false).GetAwaiter();
            }
            catch (Exception e)
            {
                Fail(e);
                return;
            }

            if (!_intAwaiter.IsCompleted)
            {
                _intAwaiter.UnsafeOnCompleted(_onRead);
                return;
            }

            if (TakeRead())
                return;
        }
    }

    private void OnRead()
    {
        if (!TakeRead())
            Receive();
    }

    // Hands what was read to the parser; true when the request is over (finished either way).
    private bool TakeRead()
    {
        int read;
        try
        {
            read = _intAwaiter.GetResult();
        }
        catch (Exception e)
        {
            Fail(e);
            return true;
        }

        _intAwaiter = default;
        Http1ReadStep step;
        int code, status;
        try
        {
            step = _exchange.Read(_parser, _buffer.AsSpan(0, read), Stopwatch.GetTimestamp(), out code, out status);
        }
        catch (Exception e)
        {
            // Only a parser bug gets here; it must reach the caller, not crash a pool thread.
            Fail(e);
            return true;
        }

        switch (step)
        {
            case Http1ReadStep.NeedMore:
                return false;
            case Http1ReadStep.Retry:
                Retry();
                return true;
        }

        Finish(code, status);
        return true;
    }

    private void Fail(Exception e)
    {
        if (IsRetryable(e))
        {
            Retry();
            return;
        }

        if (IsTransportFailure(e))
        {
            Finish(ToNetCode(e, _callerToken));
            return;
        }

        // A bug, not the server or the network: the caller's await throws it.
        EndRequest(keepConnection: false);
        _completion.SetException(e);
    }

    /// <summary>
    /// Sends the request again on a new connection: the kept-alive connection it went out on turned out to be
    /// closed by the server (an idle timeout racing the request) before any byte of a response came back.
    /// </summary>
    /// <remarks>
    /// Like browsers and SocketsHttpHandler, whatever the method: the server closed the connection without
    /// answering, so it did not act on the request. Only once, and the reconnect is charged to this request.
    /// </remarks>
    private void Retry()
    {
        CloseConnection();
        _exchange.Restart();
        _phase = Phase.Connect;
        long now = Stopwatch.GetTimestamp();
        TimeSpan left = _options.RequestTimeout - Stopwatch.GetElapsedTime(_exchange.Start, now);
        ArmTimeout(left <= TimeSpan.Zero ? TimeSpan.Zero : left < _connectBudget ? left : _connectBudget, now);
        Connect();
    }

    private void Finish(int code, int status = 0)
    {
        TransportResult result = _exchange.Result(code, status, _phase >= Phase.Send, _phase >= Phase.Receive);
        EndRequest(keepConnection: code == NetCodes.Ok && _parser.KeepAlive && _options.KeepAlive);
        // Last: the caller's continuation may run inline here and start the next request.
        _completion.SetResult(result);
    }

    private void EndRequest(bool keepConnection)
    {
        _callerRegistration.Dispose();
        _callerRegistration = default;
        if (_disposed)
        {
            _timeout.Dispose();
        }
        else if (_timeout.IsCancellationRequested)
        {
            // Cancelled (timeout or caller). Not disposed: we may be inside its Cancel() on this very stack.
            _timeout = new CancellationTokenSource();
            _armedUntil = 0;
        }

        // Otherwise the timer stays armed: see ArmRequestTimeout.

        if (!keepConnection)
            CloseConnection();
        else
            _idleSince = _exchange.End;
        _wire = null;
        _callerToken = default;
        _busy = false;
    }

    /// <summary>
    /// Makes sure the timeout fires no sooner than the request timeout from <paramref name="now"/>, and at most
    /// 1/32 of it later.
    /// </summary>
    /// <remarks>
    /// Arming a timer and disarming it after the response takes the timer queue's lock twice per request. So the
    /// timer is armed a little long, stays armed between requests, and is moved only when the deadline it
    /// holds is too early for the new request: once per 1/32 of the timeout on a busy connection.
    /// </remarks>
    private void ArmRequestTimeout(long now)
    {
        if (_armedUntil - now >= _requestTimeoutTicks)
            return;
        ArmTimeout(_options.RequestTimeout + _timeoutSlack, now);
    }

    // Makes the timeout fire exactly `after` from `now`.
    private void ArmTimeout(TimeSpan after, long now)
    {
        // The old timer may be firing right now, or have fired while the connection was idle with its callback
        // still queued (late under load): TryReset cannot stop such a callback, which would then cancel the new
        // request at once. So start over from a source that cannot have fired, and leave the old one to the GC
        // undisposed (a caller's cancellation may still reach it). This runs once per connection phase and, on a
        // busy connection, once per 1/32 of the timeout, so the allocation stays off the per-request path.
        _timeout = new CancellationTokenSource();
        _timeout.CancelAfter(after);
        _armedUntil = now + Ticks(after);
    }

    private enum Phase : byte
    {
        Resolve,
        Connect,
        Handshake,
        Send,
        Receive,
    }
}
