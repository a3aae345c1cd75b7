using System.Diagnostics;
using Barrage.Transport.Http1;

namespace Barrage.Transport.Loop;

// One request on the loop: connect if needed → send → one recv per readiness until the parser is done → finish.
// Every path ends in Finish exactly once, and Finish is the last thing it does: the caller's continuation runs
// inline there and may start the next request on this very transport.
internal sealed unsafe partial class LoopTransport
{
    private Http1Request? _wire;
    private CancellationToken _callerToken;
    private Phase _phase;
    private bool _reused; // sent on a kept-alive connection: may be retried once (see Retry)
    private long _deadline;
    private long _start;
    private long _connected;
    private long _sent;
    private long _firstByte;
    private long _end;
    private long _readDelay; // from the kernel's stamp of the response's last bytes to their read
    private long _bytesOut;
    private long _bytesIn;

    private void Begin()
    {
        _active = true;
        _loop.RequestStarted();
        _bytesOut = 0;
        _bytesIn = 0;
        _sent = 0;
        _firstByte = 0;
        _end = 0;
        _readDelay = 0;
        _phase = Phase.Connect;
        _reused = false;
        _start = _connected = Stopwatch.GetTimestamp();
        if (_closed || _callerToken.IsCancellationRequested)
        {
            Finish(NetCodes.Cancelled);
            return;
        }

        switch (CheckConnection(_wire!.Endpoint, _start))
        {
            case Reuse.UnsolicitedBytes:
                Finish(NetCodes.ProtocolError);
                return;
            case Reuse.Keep:
                _reused = true;
                _deadline = _start + _requestTimeoutTicks;
                StampIfPacing();
                Send();
                return;
        }

        _deadline = _start + _connectBudgetTicks;
        Connect();
    }

    private void Connected()
    {
        _connected = Stopwatch.GetTimestamp();
        _deadline = _start + _requestTimeoutTicks;
        StampIfPacing();
        Send();
    }

    // Writes what is left of the request; a send that would block waits for EPOLLOUT (and only then watches for it).
    private void Send()
    {
        _phase = Phase.Send;
        ReadOnlySpan<byte> bytes = _wire!.Bytes.Span;
        while (_bytesOut < bytes.Length)
        {
            nint written;
            fixed (byte* p = bytes)
                written = LinuxNative.Send(_fd, p + _bytesOut, (nint)(bytes.Length - _bytesOut), LinuxNative.MsgNoSignal);
            if (written >= 0)
            {
                _bytesOut += written;
                continue;
            }

            int errno = LinuxNative.Errno;
            if (errno == LinuxNative.EIntr)
                continue;
            if (errno == LinuxNative.EAgain)
            {
                // Only EPOLLOUT while the request is written: bytes the server sends meanwhile wait (level-triggered
                // EPOLLIN would otherwise wake the loop for them again and again).
                Watch(LinuxNative.EpollOut);
                return;
            }

            if (_reused && errno is LinuxNative.EPipe or LinuxNative.EConnReset)
                Retry();
            else
                Finish(NetCodes.BrokenPipe);
            return;
        }

        Watch(ReadEvents);
        _sent = Stopwatch.GetTimestamp();
        _phase = Phase.Receive;
        if (_capturing)
        {
            _capture!.Begin();
            _parser.Reset(_wire.IsHead, _capture);
        }
        else
        {
            _parser.Reset(_wire.IsHead);
        }
        // No read now: the response cannot be there yet, and a recv that finds nothing is a wasted syscall.
    }

    private void Receive()
    {
        byte[] buffer = _loop.Buffer;
        nint read;
        long stamp = 0;
        fixed (byte* p = buffer)
            read = _stamped ? LinuxNative.RecvStamped(_fd, p, buffer.Length, out stamp) : LinuxNative.Recv(_fd, p, buffer.Length, 0);
        long now = Stopwatch.GetTimestamp();
        // When the bytes arrived, by the kernel's stamp (the loop may have let them wait for its pacer); never
        // before the send nor after now, whatever a step of the real-time clock did in between.
        long arrived = stamp == 0 ? now : Math.Clamp(_loop.TimestampFromRealtime(stamp), _sent, now);
        Http1ParseStatus parsed;
        int used = (int)read;
        if (read < 0)
        {
            int errno = LinuxNative.Errno;
            if (errno is LinuxNative.EAgain or LinuxNative.EIntr)
                return; // level-triggered: epoll says so again when there is something
            if (_reused && _bytesIn == 0 && errno == LinuxNative.EConnReset)
                Retry();
            else
                Finish(errno == LinuxNative.ETimedOut ? NetCodes.Timeout : NetCodes.ConnectionReset);
            return;
        }

        if (read == 0)
        {
            if (_bytesIn == 0 && _reused)
            {
                Retry();
                return;
            }

            parsed = _parser.Finish();
        }
        else
        {
            if (_bytesIn == 0)
                _firstByte = arrived;
            _bytesIn += read;
            parsed = _parser.Parse(buffer.AsSpan(0, (int)read), out used);
            if (parsed == Http1ParseStatus.NeedMore)
                return;
            _readDelay = now - arrived;
            now = arrived;
        }

        _end = now;
        if (parsed == Http1ParseStatus.Error)
            Finish(_parser.NetCode);
        else if (used < read)
            // Bytes after a complete response were not asked for: the connection's framing cannot be trusted.
            Finish(NetCodes.ProtocolError);
        else
            Finish(NetCodes.Ok, _parser.StatusCode);
    }

    /// <summary>
    /// Sends the request again on a new connection: the kept-alive connection it went out on turned out to be
    /// closed by the server before any byte of a response came back. Once, as <see cref="Http1Transport"/> does.
    /// </summary>
    private void Retry()
    {
        CloseConnection();
        _reused = false;
        _bytesOut = 0;
        _bytesIn = 0;
        _sent = 0;
        _firstByte = 0;
        long now = Stopwatch.GetTimestamp();
        _deadline = Math.Min(_start + _requestTimeoutTicks, now + _connectBudgetTicks);
        _phase = Phase.Connect;
        Connect();
    }

    private void Finish(int code, int status = 0)
    {
        TransportResult result = Http1Timings.Result(
            _start, _connected, _sent, _firstByte, _end, _phase >= Phase.Send, _phase >= Phase.Receive, _bytesOut, _bytesIn, code, status)
            with
            {
                Response = _capturing && code == NetCodes.Ok ? _capture!.Complete() : null,
                ReadDelayUs = code == NetCodes.Ok ? (int)Math.Min(int.MaxValue, Http1Timings.Microseconds(_readDelay)) : 0,
            };
        EndRequest(keepConnection: code == NetCodes.Ok && _parser.KeepAlive && _options.KeepAlive);
        // Last: the caller's continuation runs inline here and may start the next request.
        _completion.SetResult(result);
    }

    private void EndRequest(bool keepConnection)
    {
        if (!keepConnection)
            CloseConnection();
        else
            _idleSince = _end;
        _lookup = null;
        _wire = null;
        _callerToken = default;
        _active = false;
        _loop.RequestEnded();
        _busy = false;
    }

    private enum Phase : byte
    {
        Resolve,
        Connect,
        Send,
        Receive,
    }
}
