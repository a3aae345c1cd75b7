using Barrage.Transport;
using Barrage.Transport.Http1;
using Barrage.Transport.Http2;
using Barrage.Transport.Loop;

namespace Barrage.Cli.Commands;

/// <summary>
/// Picks the transport: HTTP/2 when the plan asks for it; for HTTP/1.1 the event-loop one where it runs (Linux; measured cheaper per request, see
/// bench/README.md), else the thread-pool one. <c>BARRAGE_TRANSPORT=async|loop</c> overrides the choice and
/// <c>BARRAGE_LOOPS=N</c> sets the number of loop threads (default: one per processor), so both can be compared.
/// </summary>
internal static class TransportChoice
{
    public const string Variable = "BARRAGE_TRANSPORT";
    public const string LoopsVariable = "BARRAGE_LOOPS";

    /// <summary>The factory for a run; dispose it (when it is <see cref="IDisposable"/>) after the run.</summary>
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
