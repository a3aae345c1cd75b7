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
    private Http1Exchange _exchange;
    private long _deadline;
    private long _readDelay; // from the kernel's stamp of the response's last bytes to their read

    private void Begin()
    {
        _active = true;
        _loop.RequestStarted();
        _readDelay = 0;
        _phase = Phase.Connect;
        _exchange.Begin(Stopwatch.GetTimestamp(), _requestCapture);
        if (_closed || _callerToken.IsCancellationRequested)
        {
            Finish(NetCodes.Cancelled);
            return;
        }

        switch (CheckConnection(_wire!.Endpoint, _exchange.Start))
        {
            case Reuse.UnsolicitedBytes:
                Finish(NetCodes.ProtocolError);
                return;
            case Reuse.Keep:
                _exchange.Reused = true;
                _deadline = _exchange.Start + _requestTimeoutTicks;
                StampIfPacing();
                Send();
                return;
        }

        _deadline = _exchange.Start + _connectBudgetTicks;
        Connect();
    }

    private void Connected()
    {
        _exchange.Connected = Stopwatch.GetTimestamp();
        _deadline = _exchange.Start + _requestTimeoutTicks;
        StampIfPacing();
        Send();
    }

    // Writes what is left of the request; a send that would block waits for EPOLLOUT (and only then watches for it).
    private void Send()
    {
        _phase = Phase.Send;
        ReadOnlySpan<byte> bytes = _wire!.Bytes.Span;
        while (_exchange.BytesOut < bytes.Length)
        {
            nint written;
            fixed (byte* p = bytes)
                written = LinuxNative.Send(_fd, p + _exchange.BytesOut, (nint)(bytes.Length - _exchange.BytesOut), LinuxNative.MsgNoSignal);
            if (written >= 0)
            {
                _exchange.BytesOut += written;
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

            if (_exchange.Reused && errno is LinuxNative.EPipe or LinuxNative.EConnReset)
                Retry();
            else
                Finish(NetCodes.BrokenPipe);
            return;
        }

        Watch(ReadEvents);
        _phase = Phase.Receive;
        _exchange.Written(_parser, _wire.IsHead, Stopwatch.GetTimestamp());
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
        long arrived = stamp == 0 ? now : Math.Clamp(_loop.TimestampFromRealtime(stamp), _exchange.Sent, now);
        if (read < 0)
        {
            int errno = LinuxNative.Errno;
            if (errno is LinuxNative.EAgain or LinuxNative.EIntr)
                return; // level-triggered: epoll says so again when there is something
            if (_exchange.Reused && _exchange.BytesIn == 0 && errno == LinuxNative.EConnReset)
                Retry();
            else
                Finish(errno == LinuxNative.ETimedOut ? NetCodes.Timeout : NetCodes.ConnectionReset);
            return;
        }

        switch (_exchange.Read(_parser, buffer.AsSpan(0, (int)read), read == 0 ? now : arrived, out int code, out int status))
        {
            case Http1ReadStep.NeedMore:
                return;
            case Http1ReadStep.Retry:
                Retry();
                return;
        }

        if (read > 0)
            _readDelay = now - arrived;
        Finish(code, status);
    }

    /// <summary>
    /// Sends the request again on a new connection: the kept-alive connection it went out on turned out to be
    /// closed by the server before any byte of a response came back. Once, as <see cref="Http1Transport"/> does.
    /// </summary>
    private void Retry()
    {
        CloseConnection();
        _exchange.Restart();
        long now = Stopwatch.GetTimestamp();
        _deadline = Math.Min(_exchange.Start + _requestTimeoutTicks, now + _connectBudgetTicks);
        _phase = Phase.Connect;
        Connect();
    }

    private void Finish(int code, int status = 0)
    {
        TransportResult result = _exchange.Result(code, status, _phase >= Phase.Send, _phase >= Phase.Receive) with
        {
            ReadDelayUs = code == NetCodes.Ok ? (int)Math.Min(int.MaxValue, Http1Exchange.Microseconds(_readDelay)) : 0,
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
            _idleSince = _exchange.End;
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
