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

    /// <summary>When the request was scheduled to start: microseconds since the run started.</summary>
    /// <remarks>In a closed model this equals <see cref="StartUs"/>: a user sends when it is ready.</remarks>
    public required long ScheduledUs { get; init; }

    /// <summary>When the request actually started: microseconds since the run started.</summary>
    public required long StartUs { get; init; }

    /// <summary>Start to end, microseconds.</summary>
    public required long TotalUs { get; init; }

    /// <summary>Phases, bytes and outcome codes.</summary>
    public required TransportResult Result { get; init; }

    /// <summary>
    /// A group's (transaction's) sample, not a request's: it has a row of its own, but its requests are counted already,
    /// so the run's totals leave it out.
    /// </summary>
    public bool IsGroup { get; init; }

    /// <summary>Scheduled time to end, microseconds: the response time corrected for coordinated omission.</summary>
    public long ResponseTimeUs => TotalUs + (StartUs - ScheduledUs);

    public bool IsSuccess => Result.NetCode == NetCodes.Ok && Result.StatusCode is >= 100 and < 400;
}
