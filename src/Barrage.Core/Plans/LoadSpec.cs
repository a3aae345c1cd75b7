namespace Barrage.Plans;

/// <summary>The load: how many users, for how long or how many iterations.</summary>
/// <remarks>
/// A run ends when <see cref="Duration"/> has passed or every user has done <see cref="Iterations"/>
/// iterations of <c>main</c>, whichever comes first. At least one of them must be set.
/// </remarks>
public sealed record LoadSpec
{
    /// <summary>Closed (users in a loop) or open (arrivals on a schedule).</summary>
    /// <remarks>Defaults to <see cref="LoadModel.Closed"/>. Plans cannot choose open yet: it needs a schedule.</remarks>
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
}
