using Barrage.Load;

namespace Barrage.Plans;

/// <summary>The load: how many users or arrivals, for how long or how many iterations.</summary>
/// <remarks>
/// Closed model: a run ends when <see cref="Duration"/> has passed or every user has done <see cref="Iterations"/>
/// iterations of <c>main</c>, whichever comes first; a <see cref="UserSchedule"/> or cycles set the users over
/// time instead. Open model: arrivals follow <see cref="Schedule"/>, each one request or one iteration of
/// <c>main</c>, at most <see cref="MaxInFlight"/> at once; <see cref="Duration"/>, when set, cuts the schedule short.
/// </remarks>
public sealed record LoadSpec
{
    /// <summary>Closed (users in a loop) or open (arrivals on a schedule).</summary>
    /// <remarks>Defaults to <see cref="LoadModel.Closed"/>. Open needs a <see cref="Schedule"/>.</remarks>
    public LoadModel Model { get; init; } = LoadModel.Closed;

    /// <summary>Concurrent users (closed model).</summary>
    /// <remarks>Defaults to 1.</remarks>
    public int Users { get; init; } = 1;

    /// <summary>How long the test runs, ramp-up included; null for "until the iterations are done".</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Iterations of <c>main</c> per user; null for "until the duration is over".</summary>
    public long? Iterations { get; init; }

    /// <summary>
    /// Iterations of <c>main</c> shared by all users (k6's shared iterations): users take them from one
    /// counter until it runs out; null for no such limit. <c>barrage hit -n</c> sets it.
    /// </summary>
    public long? SharedIterations { get; init; }

    /// <summary>Users start evenly spread over this time.</summary>
    /// <remarks>Defaults to zero: all users start at once.</remarks>
    public TimeSpan RampUp { get; init; } = TimeSpan.Zero;

    /// <summary>Time that in-flight requests get to finish once the test stops.</summary>
    /// <remarks>Defaults to 5 seconds.</remarks>
    public TimeSpan GracefulStop { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Open model: arrivals per second over time.</summary>
    public RateSchedule? Schedule { get; init; }

    /// <summary>Open model: even or Poisson arrivals.</summary>
    /// <remarks>Defaults to <see cref="ArrivalKind.Even"/>.</remarks>
    public ArrivalKind Arrivals { get; init; } = ArrivalKind.Even;

    /// <summary>Open model: the seed of Poisson arrivals; null for one picked at random (and printed).</summary>
    public int? Seed { get; init; }

    /// <summary>Open model: the most arrivals in flight at once (Phantom's instances); each holds one connection.</summary>
    /// <remarks>Defaults to 1000.</remarks>
    public int MaxInFlight { get; init; } = 1000;

    /// <summary>Open model: an arrival that waits for a free slot longer than this is dropped (net code 777).</summary>
    /// <remarks>Defaults to 1 second.</remarks>
    public TimeSpan LateAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Open model: the pacer's resolution. Arrivals closer together than this start together, each up to this late
    /// (it keeps its scheduled time, so dispatch lag and response time show the wait); arrivals farther apart start
    /// on time. A coarser resolution costs fewer wake-ups of the generator (CPU) and sends in bursts; zero starts
    /// every arrival at its own instant.
    /// </summary>
    /// <remarks>Null for the default: <see cref="DefaultResolution"/> when the event loops pace, every instant otherwise.</remarks>
    public TimeSpan? Resolution { get; init; }

    /// <summary>The resolution of pacing on the event loops when the plan sets none: one wake-up per 250 µs at most.</summary>
    public static readonly TimeSpan DefaultResolution = TimeSpan.FromMicroseconds(250);

    /// <summary>The coarsest resolution a plan may set.</summary>
    public static readonly TimeSpan MaxResolution = TimeSpan.FromSeconds(1);

    /// <summary>What is wrong with <paramref name="resolution"/> as a plan's or the command line's resolution, in words for the user; null when nothing is.</summary>
    public static string? ResolutionProblem(TimeSpan resolution) =>
        resolution > MaxResolution ? $"must be at most {Durations.Format(MaxResolution)}, got {Durations.Format(resolution)}" : null;

    /// <summary>Closed model: the users over time (<c>users: line(1, 50, 20s)</c>); null for a fixed <see cref="Users"/>.</summary>
    public UserSchedule? UserSchedule { get; init; }

    /// <summary>Closed model: Loads' cycles (<c>users: 10:20:30</c>): the user counts run one after the other.</summary>
    public IReadOnlyList<int>? Cycles { get; init; }

    /// <summary>How long each cycle runs; set, the cycles are the user schedule <c>const(10, d) const(20, d) ...</c>.</summary>
    public TimeSpan? CycleDuration { get; init; }

    /// <summary>Iterations of <c>main</c> each user of a cycle does; the next cycle starts when every user of this one is done.</summary>
    public long? Hits { get; init; }

    /// <summary>The user count over time, from <see cref="UserSchedule"/> or from timed cycles; null for a fixed count.</summary>
    public UserSchedule? UsersOverTime => UserSchedule
        ?? (Cycles is { } cycles && CycleDuration is { } d ? UserSchedule.FromCycles(cycles, d) : null);
}
