using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// One request's result: when it was meant to start and did start, its tag, and what the transport measured.
/// Every consumer (live view, phout, store, dashboard) reads the same samples.
/// </summary>
public readonly record struct Sample
{
    /// <summary>The tag results are grouped by.</summary>
    public required string Tag { get; init; }

    /// <summary>Wall-clock start, microseconds since the Unix epoch (phout's <c>time</c> column).</summary>
    public required long StartUnixMicros { get; init; }

    /// <summary>When the request was scheduled to start, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    /// <remarks>In a closed model this equals <see cref="StartTimestamp"/>: a user sends when it is ready.</remarks>
    public required long ScheduledTimestamp { get; init; }

    /// <summary>When the request actually started, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public required long StartTimestamp { get; init; }

    /// <summary>Start to end, microseconds.</summary>
    public required long TotalUs { get; init; }

    /// <summary>Phases, bytes and outcome codes.</summary>
    public required TransportResult Result { get; init; }

    /// <summary>Scheduled time to end, microseconds: the response time corrected for coordinated omission.</summary>
    public long ResponseTimeUs => TotalUs + Timing.ToMicros(StartTimestamp - ScheduledTimestamp);

    public bool IsSuccess => Result.NetCode == NetCodes.Ok && Result.StatusCode is >= 100 and < 400;
}
