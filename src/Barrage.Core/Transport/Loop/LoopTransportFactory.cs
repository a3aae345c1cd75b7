using Barrage.Transport.Http1;

namespace Barrage.Transport.Loop;

/// <summary>
/// Makes HTTP/1.1 transports driven by dedicated event-loop threads (epoll, non-blocking sockets, sends and
/// receives made inline on the loop, as wrk does) instead of the thread pool: fewer syscalls and no thread hops
/// per request. Plain http only; https requests go through <see cref="Http1TransportFactory"/>'s transport.
/// Linux only: check <see cref="IsSupported"/>. Thread-safe; the transports it makes share its DNS cache.
/// Its loops are also lanes for the open model's pacer (<see cref="ILaneTransportFactory"/>).
/// </summary>
public sealed class LoopTransportFactory : ILaneTransportFactory
{
    private readonly TransportOptions _options;
    private readonly HostResolver _resolver = new();
    private readonly EventLoopGroup _loops;

    /// <summary>Makes a factory whose transports are spread over <paramref name="loops"/> event loops.</summary>
    /// <param name="options">Timeouts, keep-alive and limits.</param>
    /// <param name="loops">How many loop threads; null for one per processor. Factories asking for the same count share the loops.</param>
    /// <exception cref="PlatformNotSupportedException">Not Linux on x64 or arm64.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timeout or the header limit is not positive, or the loop count is not.</exception>
    public LoopTransportFactory(TransportOptions options, int? loops = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxResponseHeaderBytes, nameof(options));
        if (loops is { } count)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(loops));
        if (!IsSupported)
            throw new PlatformNotSupportedException("The event-loop transport needs Linux on x64 or arm64.");
        _options = options;
        _loops = EventLoopGroup.Get(loops ?? Environment.ProcessorCount);
    }

    /// <summary>Whether this platform can run the event-loop transport (Linux on x64 or arm64).</summary>
    public static bool IsSupported => LinuxNative.IsSupported;

    /// <summary>How many loop threads the transports are spread over.</summary>
    public int Loops => _loops.Count;

    /// <summary>Makes a transport for one user, on the next loop; it connects on its first request.</summary>
    public ITransport Create() => new LoopTransport(_loops.Next(), _options, _resolver);

    /// <summary>How many loop threads the transports are spread over.</summary>
    int ILaneTransportFactory.Lanes => _loops.Count;

    /// <summary>Makes a transport for one user on loop <paramref name="lane"/>.</summary>
    ITransport ILaneTransportFactory.Create(int lane) => new LoopTransport(_loops[lane], _options, _resolver);

    void ILaneTransportFactory.Start(int lane, ILaneTimer timer) => _loops[lane].AddTimer(timer);

    void ILaneTransportFactory.Wake(int lane) => _loops[lane].Wake();

    /// <summary>A transport with a given idle check, for tests.</summary>
    internal ITransport Create(TimeSpan? idleCheckAfter) => new LoopTransport(_loops.Next(), _options, _resolver, idleCheckAfter);
}
