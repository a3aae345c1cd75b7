using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Barrage.Transport.Loop;

/// <summary>
/// One TCP connection opened and closed on a raw non-blocking socket, waited for with poll(2): how
/// <see cref="TargetProbe"/> checks a target on Linux. A .NET <see cref="Socket"/> would start the runtime's socket
/// engine (its epoll thread, its event source) that a run on the event loop never uses; measured, that was ~0.01 CPU-s
/// of every run's start.
/// </summary>
internal static unsafe class NativeConnect
{
    /// <summary>What <see cref="Connect"/> returns when the deadline passed first (not an errno).</summary>
    public const int DeadlinePassed = -1;

    // The longest single wait: how soon a cancellation is noticed.
    private const int SliceMs = 50;

    /// <summary>
    /// Connects to <paramref name="addresses"/> in turn until one accepts, as <see cref="Socket.ConnectAsync(IPAddress[], int, CancellationToken)"/>
    /// does, and closes the connection at once.
    /// </summary>
    /// <returns>0 when an address accepted; otherwise the last address's errno, or <see cref="DeadlinePassed"/>.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static int Connect(IPAddress[] addresses, int port, long deadline, CancellationToken cancellationToken)
    {
        var errno = 0;
        foreach (var address in addresses)
        {
            errno = ConnectOne(address, port, deadline, cancellationToken);
            if (errno is 0 or DeadlinePassed)
                return errno;
        }
        return errno;
    }

    private static int ConnectOne(IPAddress address, int port, long deadline, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fd = LinuxNative.OpenStream(address);
        if (fd < 0)
            return LinuxNative.Errno;
        try
        {
            var sockaddr = stackalloc byte[28];
            var length = LinuxNative.WriteSocketAddress(address, port, sockaddr);
            if (LinuxNative.Connect(fd, sockaddr, length) == 0)
                return 0;
            if (LinuxNative.Errno != LinuxNative.EInProgress)
                return LinuxNative.Errno;
            var poll = new LinuxNative.PollFd { Fd = fd, Events = LinuxNative.PollOut };
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var leftMs = (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                if (leftMs <= 0)
                    return DeadlinePassed;
                poll.Revents = 0;
                var ready = LinuxNative.Poll(&poll, 1, (int)Math.Min(leftMs, SliceMs));
                if (ready < 0 && LinuxNative.Errno != LinuxNative.EIntr)
                    return LinuxNative.Errno;
                if (ready > 0)
                    break;
            }
            return LinuxNative.ConnectError(fd);
        }
        finally
        {
            LinuxNative.Close(fd);
        }
    }
}
