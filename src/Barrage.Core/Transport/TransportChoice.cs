using System.Net;
using Barrage.Transport.Http1;
using Barrage.Transport.Http2;
using Barrage.Transport.Loop;

namespace Barrage.Transport;

/// <summary>
/// Picks the transport of a run, the same for one process and for every cluster agent: HTTP/2 when the plan asks for it;
/// for HTTP/1.1 the event-loop one where it runs (Linux; measured cheaper per request, see bench/README.md), else the
/// thread-pool one. <c>BARRAGE_TRANSPORT=async|loop</c> overrides the choice and <c>BARRAGE_LOOPS=N</c> sets the number
/// of loop threads, so both can be compared.
/// </summary>
/// <remarks>
/// Loop threads default to one per processor, or one per two processors when the target is on this machine (a loopback
/// address): the target then needs the other half. Measured on 2 cores against nginx on 127.0.0.1 (bench/README.md):
/// one loop instead of two did 16% more requests per CPU-second on /small and 13% on 16 KiB, with a lower p99.
/// </remarks>
public static class TransportChoice
{
    /// <summary>The environment variable that forces a transport: <c>async</c> (thread pool) or <c>loop</c> (event loops).</summary>
    public const string Variable = "BARRAGE_TRANSPORT";

    /// <summary>The environment variable that sets the number of event-loop threads.</summary>
    public const string LoopsVariable = "BARRAGE_LOOPS";

    /// <summary>The factory for a run against <paramref name="target"/>; dispose it (when it is <see cref="IDisposable"/>) after the run.</summary>
    /// <param name="options">The plan's transport options.</param>
    /// <param name="target">The run's target, when known: a loopback target gets fewer loop threads.</param>
    public static ITransportFactory Create(TransportOptions options, Uri? target = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Http2)
            return new Http2TransportFactory(options);
        string? asked = Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant();
        if (asked == "async" || !LoopTransportFactory.IsSupported)
            return new Http1TransportFactory(options);
        int? loops = int.TryParse(Environment.GetEnvironmentVariable(LoopsVariable), out int n) && n > 0 ? n : DefaultLoops(target);
        return new LoopTransportFactory(options, loops);
    }

    /// <summary>Half the processors for a target on this machine; null (one per processor) otherwise.</summary>
    internal static int? DefaultLoops(Uri? target) =>
        target is not null && IsLoopback(target) ? Math.Max(1, Environment.ProcessorCount / 2) : null;

    private static bool IsLoopback(Uri target) =>
        target.IsLoopback || (IPAddress.TryParse(target.IdnHost, out var address) && IPAddress.IsLoopback(address));
}
