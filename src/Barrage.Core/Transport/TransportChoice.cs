using Barrage.Transport.Http1;
using Barrage.Transport.Http2;
using Barrage.Transport.Loop;

namespace Barrage.Transport;

/// <summary>
/// Picks the transport of a run, the same for one process and for every cluster agent: HTTP/2 when the plan asks for it;
/// for HTTP/1.1 the event-loop one where it runs (Linux; measured cheaper per request, see bench/README.md), else the
/// thread-pool one. <c>BARRAGE_TRANSPORT=async|loop</c> overrides the choice and <c>BARRAGE_LOOPS=N</c> sets the number
/// of loop threads (default: one per processor), so both can be compared.
/// </summary>
public static class TransportChoice
{
    /// <summary>The environment variable that forces a transport: <c>async</c> (thread pool) or <c>loop</c> (event loops).</summary>
    public const string Variable = "BARRAGE_TRANSPORT";

    /// <summary>The environment variable that sets the number of event-loop threads.</summary>
    public const string LoopsVariable = "BARRAGE_LOOPS";

    /// <summary>The factory for a run; dispose it (when it is <see cref="IDisposable"/>) after the run.</summary>
    /// <param name="options">The plan's transport options.</param>
    public static ITransportFactory Create(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Http2)
            return new Http2TransportFactory(options);
        string? asked = Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant();
        if (asked == "async" || !LoopTransportFactory.IsSupported)
            return new Http1TransportFactory(options);
        int? loops = int.TryParse(Environment.GetEnvironmentVariable(LoopsVariable), out int n) && n > 0 ? n : null;
        return new LoopTransportFactory(options, loops);
    }
}
