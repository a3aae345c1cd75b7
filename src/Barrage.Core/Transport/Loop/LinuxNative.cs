using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Barrage.Transport.Loop;

/// <summary>
/// The few libc calls the event loop needs: sockets on raw file descriptors, epoll and an eventfd. Errors come
/// back as -1 with errno in <see cref="Marshal.GetLastPInvokeError"/>, as values, never as exceptions.
/// </summary>
internal static unsafe partial class LinuxNative
{
    private const string Libc = "libc";

    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockStream = 1;
    public const int SockNonBlock = 0x800;
    public const int SockCloexec = 0x80000;
    public const int SolSocket = 1;
    public const int SoError = 4;
    public const int SoTimestampNs = 35; // SO_TIMESTAMPNS (the 64-bit time_t one on x86-64 and arm64); SCM_TIMESTAMPNS is the same number
    public const int ClockRealtime = 0;
    public const int IpProtoTcp = 6;
    public const int TcpNoDelay = 1;
    public const int MsgPeek = 0x2;
    public const int MsgDontWait = 0x40;
    public const int MsgNoSignal = 0x4000; // a send on a closed connection fails with EPIPE instead of raising SIGPIPE

    public const int EpollCloexec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlMod = 3;
    public const short PollOut = 0x4;
    public const uint EpollIn = 0x1;
    public const uint EpollOut = 0x4;
    public const uint EpollErr = 0x8;
    public const uint EpollHup = 0x10;
    public const uint EpollRdHup = 0x2000;
    public const int EfdNonBlock = 0x800;
    public const int EfdCloexec = 0x80000;
    public const int PrSetTimerSlack = 29;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int EPipe = 32;
    public const int ENetUnreach = 101;
    public const int EConnReset = 104;
    public const int ETimedOut = 110;
    public const int EConnRefused = 111;
    public const int EHostDown = 112;
    public const int EHostUnreach = 113;
    public const int EInProgress = 115;
    public const int ENoSys = 38;

    /// <summary>struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Where epoll_event's data field starts.</summary>
    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    /// <summary>Whether this process can use these calls: Linux on the two architectures whose epoll_event layout is known here.</summary>
    public static bool IsSupported =>
        OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    public static int Errno => Marshal.GetLastPInvokeError();

    [LibraryImport(Libc, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Libc, EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, int length);

    [LibraryImport(Libc, EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport(Libc, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport(Libc, EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    /// <summary>clock_gettime: a vDSO call, no syscall.</summary>
    [LibraryImport(Libc, EntryPoint = "clock_gettime")]
    [SuppressGCTransition]
    public static partial int ClockGetTime(int clock, TimeSpec* time);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, int* value, int* length);

    [LibraryImport(Libc, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, int* value, int length);

    [LibraryImport(Libc, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport(Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, byte* @event);

    [LibraryImport(Libc, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeoutMs);

    [LibraryImport(Libc, EntryPoint = "epoll_pwait2", SetLastError = true)]
    public static partial int EpollPwait2(int epfd, byte* events, int maxEvents, TimeSpec* timeout, void* sigmask);

    [LibraryImport(Libc, EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    /// <summary>A non-blocking, close-on-exec TCP socket for <paramref name="address"/>'s family: its descriptor, or -1 (errno set).</summary>
    public static int OpenStream(IPAddress address) =>
        Socket(address.AddressFamily == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet, SockStream | SockNonBlock | SockCloexec, 0);

    /// <summary>How a non-blocking connect on <paramref name="fd"/> ended once it is writable: 0, or its errno (SO_ERROR).</summary>
    public static int ConnectError(int fd)
    {
        int error = 0, length = sizeof(int);
        return GetSockOpt(fd, SolSocket, SoError, &error, &length) == 0 ? error : Errno;
    }

    /// <summary>Writes <paramref name="address"/> and <paramref name="port"/> as struct sockaddr_in / sockaddr_in6 (28 bytes at most), as connect() takes them; returns the length.</summary>
    public static int WriteSocketAddress(IPAddress address, int port, byte* sockaddr)
    {
        new Span<byte>(sockaddr, 28).Clear();
        sockaddr[2] = (byte)(port >> 8); // network byte order
        sockaddr[3] = (byte)port;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            *(ushort*)sockaddr = AfInet6;
            address.TryWriteBytes(new Span<byte>(sockaddr + 8, 16), out _);
            *(uint*)(sockaddr + 24) = (uint)address.ScopeId;
            return 28;
        }

        *(ushort*)sockaddr = AfInet;
        address.TryWriteBytes(new Span<byte>(sockaddr + 4, 4), out _);
        return 16;
    }

    /// <summary>Adds or changes <paramref name="fd"/>'s registration; returns 0 or errno.</summary>
    public static int EpollControl(int epfd, int op, int fd, uint events, ulong data)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + EpollDataOffset) = data; // unaligned on x86-64, which the CPU allows
        return EpollCtl(epfd, op, fd, ev) == 0 ? 0 : Errno;
    }

    /// <summary>
    /// recv into <paramref name="buffer"/> that also returns when the kernel received the last of the bytes read
    /// (SO_TIMESTAMPNS, CLOCK_REALTIME nanoseconds), or 0 when the socket does not stamp.
    /// </summary>
    public static nint RecvStamped(int fd, byte* buffer, nint length, out long realtimeNs)
    {
        var vector = new IoVec { Base = buffer, Length = (nuint)length };
        const int ControlBytes = 64; // one cmsghdr (16) + a timespec (16), with room to spare
        byte* control = stackalloc byte[ControlBytes];
        var message = new MsgHdr { Iov = &vector, IovLength = 1, Control = control, ControlLength = ControlBytes };
        nint read = RecvMsg(fd, &message, 0);
        realtimeNs = 0;
        if (read <= 0)
            return read;
        // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then the data, 8-byte aligned.
        byte* at = control;
        byte* end = control + (nint)message.ControlLength;
        while (at + 16 <= end)
        {
            nuint cmsgLength = *(nuint*)at;
            if (cmsgLength < 16)
                break;
            if (*(int*)(at + 8) == SolSocket && *(int*)(at + 12) == SoTimestampNs && cmsgLength >= 32)
            {
                var stamp = (TimeSpec*)(at + 16);
                realtimeNs = (stamp->Seconds * 1_000_000_000) + stamp->Nanoseconds;
                break;
            }

            at += (cmsgLength + 7) & ~(nuint)7;
        }

        return read;
    }

    /// <summary>CLOCK_REALTIME in nanoseconds.</summary>
    public static long RealtimeNs()
    {
        TimeSpec now;
        ClockGetTime(ClockRealtime, &now);
        return (now.Seconds * 1_000_000_000) + now.Nanoseconds;
    }

    /// <summary>struct msghdr (64-bit layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct timespec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
