using System.Net;
using System.Net.Sockets;
using Barrage.Transport.Http1;

namespace Barrage.Transport.Loop;

// Opening, watching and closing the one connection. Loop thread only.
internal sealed unsafe partial class LoopTransport
{
    // Readable (a response, or on an idle connection a close or bytes nobody asked for) and the peer's FIN.
    private const uint ReadEvents = LinuxNative.EpollIn | LinuxNative.EpollRdHup;

    private int _fd = -1;
    private uint _generation; // tags epoll events, so an event for a closed connection is not taken for the next one
    private int _slot = -1;
    private uint _interest;
    private bool _connecting;
    private bool _stamped; // the connection stamps what it receives (SO_TIMESTAMPNS)
    private Http1Endpoint? _endpoint;
    private long _idleSince;
    private bool _unsolicited; // the idle connection received bytes: the next request on that endpoint fails
    private IPAddress[]? _addresses;
    private int _addressIndex;
    private int _lastConnectErrno;
    private Task<IPAddress[]>? _lookup;

    /// <summary>Decides whether the open connection can carry a request to <paramref name="endpoint"/>.</summary>
    private Reuse CheckConnection(Http1Endpoint endpoint, long now)
    {
        if (_unsolicited)
        {
            _unsolicited = false;
            bool same = _endpoint!.SameConnectionAs(endpoint);
            _endpoint = null;
            if (same)
                return Reuse.UnsolicitedBytes;
        }

        if (_fd < 0)
            return Reuse.Connect;
        if (!_endpoint!.SameConnectionAs(endpoint))
        {
            CloseConnection();
            return Reuse.Connect;
        }

        // epoll watches idle connections (see OnIdleReadable), but its event may still be queued behind this
        // request: a connection idle for a while is peeked first, so a close or stray bytes are seen in time.
        if (now - _idleSince < _idleCheckTicks)
            return Reuse.Keep;
        byte probe;
        nint peeked = LinuxNative.Recv(_fd, &probe, 1, LinuxNative.MsgPeek | LinuxNative.MsgDontWait);
        if (peeked < 0 && LinuxNative.Errno == LinuxNative.EAgain)
            return Reuse.Keep;
        CloseConnection();
        return peeked > 0 ? Reuse.UnsolicitedBytes : Reuse.Connect;
    }

    // An idle connection became readable: the server closed it, reset it, or sent bytes nobody asked for.
    private void OnIdleReadable()
    {
        byte[] buffer = _loop.Buffer;
        nint read;
        fixed (byte* p = buffer)
            read = LinuxNative.Recv(_fd, p, buffer.Length, 0);
        if (read < 0 && LinuxNative.Errno is LinuxNative.EAgain or LinuxNative.EIntr)
            return;
        Http1Endpoint? endpoint = _endpoint;
        CloseConnection();
        if (read > 0)
        {
            _unsolicited = true;
            _endpoint = endpoint; // remembered only to match the next request against
        }
    }

    private void Connect()
    {
        Http1Endpoint endpoint = _wire!.Endpoint;
        IPAddress[]? addresses = endpoint.LiteralAddresses;
        if (addresses is null)
        {
            _phase = Phase.Resolve;
            ValueTask<IPAddress[]> lookup = _resolver.ResolveAsync(endpoint.Host, CancellationToken.None);
            if (!lookup.IsCompleted)
            {
                // Off the loop: the lookup completes on the thread pool and posts back. Once per new connection.
                _lookup = lookup.AsTask();
                int request = _request;
                _lookup.ContinueWith(
                    static (_, state) => { var (t, r) = ((LoopTransport, int))state!; t._loop.Post(new LoopWork(t, LoopOp.Resolved, r)); },
                    (this, request),
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                return;
            }

            _lookup = lookup.AsTask();
            OnResolved();
            return;
        }

        StartConnecting(addresses);
    }

    private void OnResolved()
    {
        Task<IPAddress[]> lookup = _lookup!;
        _lookup = null;
        if (!lookup.IsCompletedSuccessfully)
        {
            _ = lookup.Exception; // observed: the failure is reported as a code
            Finish(NetCodes.DnsFailure);
            return;
        }

        StartConnecting(lookup.Result);
    }

    private void StartConnecting(IPAddress[] addresses)
    {
        _phase = Phase.Connect;
        _addresses = addresses;
        _addressIndex = 0;
        _lastConnectErrno = 0;
        ConnectNext();
    }

    // Tries the host's addresses in turn ("localhost" may refuse on ::1 and listen on 127.0.0.1).
    private void ConnectNext()
    {
        while (_addressIndex < _addresses!.Length)
        {
            IPAddress address = _addresses[_addressIndex++];
            int fd = LinuxNative.OpenStream(address);
            if (fd < 0)
            {
                _lastConnectErrno = LinuxNative.Errno; // out of descriptors, most likely
                break;
            }

            int on = 1;
            LinuxNative.SetSockOpt(fd, LinuxNative.IpProtoTcp, LinuxNative.TcpNoDelay, &on, sizeof(int));
            byte* sockaddr = stackalloc byte[28];
            int length = LinuxNative.WriteSocketAddress(address, _wire!.Endpoint.Port, sockaddr);
            int result = LinuxNative.Connect(fd, sockaddr, length);
            int errno = result == 0 ? 0 : LinuxNative.Errno;
            if (result != 0 && errno != LinuxNative.EInProgress)
            {
                LinuxNative.Close(fd);
                _lastConnectErrno = errno;
                continue;
            }

            _fd = fd;
            _generation++;
            if (_slot < 0)
                _slot = _loop.Attach(this);
            _connecting = result != 0;
            SetInterest(_connecting ? LinuxNative.EpollOut : ReadEvents);
            int failed = LinuxNative.EpollControl(_loop.Epoll, LinuxNative.EpollCtlAdd, fd, _interest, EventData);
            if (failed != 0)
            {
                CloseConnection();
                _lastConnectErrno = failed;
                break;
            }

            _endpoint = _wire.Endpoint;
            if (!_connecting)
                Connected();
            return;
        }

        Finish(ConnectFailure(_lastConnectErrno));
    }

    private void OnConnectReady()
    {
        int error = LinuxNative.ConnectError(_fd);
        if (error != 0)
        {
            CloseConnection();
            _lastConnectErrno = error;
            ConnectNext();
            return;
        }

        _connecting = false;
        Watch(ReadEvents);
        Connected();
    }

    /// <summary>
    /// On a pacing loop, has the connection stamp what it receives, so that a response's times are when the kernel got
    /// its bytes, however late the loop reads them. Once per connection, before its first request on such a loop.
    /// </summary>
    private void StampIfPacing()
    {
        if (_stamped || !_loop.Paces)
            return;
        int on = 1;
        _stamped = LinuxNative.SetSockOpt(_fd, LinuxNative.SolSocket, LinuxNative.SoTimestampNs, &on, sizeof(int)) == 0;
    }

    /// <summary>Changes what epoll reports for the connection (only when it differs: a syscall).</summary>
    private void Watch(uint events)
    {
        if (_interest == events)
            return;
        SetInterest(events);
        LinuxNative.EpollControl(_loop.Epoll, LinuxNative.EpollCtlMod, _fd, events, EventData);
    }

    // What epoll is to report, with the loop's count of connections waiting to write kept in step.
    private void SetInterest(uint events)
    {
        int change = ((events & LinuxNative.EpollOut) != 0 ? 1 : 0) - ((_interest & LinuxNative.EpollOut) != 0 ? 1 : 0);
        if (change != 0)
            _loop.WritersChanged(change);
        _interest = events;
    }

    private ulong EventData => (uint)_slot | ((ulong)_generation << 32);

    private void CloseConnection()
    {
        // close() also takes the descriptor out of epoll. No graceful shutdown: a load generator should not
        // spend a round trip on it, and the server learns soon enough.
        if (_fd >= 0)
            LinuxNative.Close(_fd);
        _fd = -1;
        _generation++;
        _connecting = false;
        _stamped = false;
        SetInterest(0);
        _endpoint = null;
    }

    private static int ConnectFailure(int errno) => errno switch
    {
        LinuxNative.EConnRefused => NetCodes.ConnectionRefused,
        LinuxNative.EHostUnreach or LinuxNative.ENetUnreach or LinuxNative.EHostDown => NetCodes.HostUnreachable,
        LinuxNative.ETimedOut => NetCodes.Timeout,
        _ => NetCodes.Other,
    };

    private enum Reuse : byte
    {
        Keep,
        Connect,
        UnsolicitedBytes,
    }
}
