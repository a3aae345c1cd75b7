namespace Barrage.Target;

/// <summary>
/// A periodic stall: in every period of length <see cref="Every"/>, the last <see cref="For"/> of it is a
/// window during which the server holds every response it would start, until the window closes.
/// </summary>
/// <remarks>
/// Windows sit at the end of each period (period k is open during [k·every + every − for, (k+1)·every)
/// counted from when the schedule was set), so the request that sets a schedule is answered at once.
/// </remarks>
/// <param name="Every">The period; must be positive.</param>
/// <param name="For">How long each window lasts; at least zero and shorter than <paramref name="Every"/>.</param>
public sealed record StallSchedule(TimeSpan Every, TimeSpan For)
{
    /// <summary>The reason this schedule is unusable, or null when it is valid.</summary>
    public string? Validate()
    {
        if (Every <= TimeSpan.Zero)
            return "the stall period ('every') must be positive";
        if (For < TimeSpan.Zero)
            return "the stall window ('for') must not be negative";
        if (For >= Every)
            return "the stall window ('for') must be shorter than the period ('every')";
        return null;
    }

    /// <summary>How long a response starting <paramref name="sinceStart"/> after the schedule began must wait; zero outside a window.</summary>
    public TimeSpan RemainingStall(TimeSpan sinceStart)
    {
        if (sinceStart < TimeSpan.Zero || For <= TimeSpan.Zero)
            return TimeSpan.Zero;
        var intoPeriod = TimeSpan.FromTicks(sinceStart.Ticks % Every.Ticks);
        var windowStart = Every - For;
        return intoPeriod >= windowStart ? Every - intoPeriod : TimeSpan.Zero;
    }

    /// <summary>How long after <paramref name="sinceStart"/> the next window opens; zero when one is open now.</summary>
    public TimeSpan UntilNextWindow(TimeSpan sinceStart)
    {
        if (sinceStart < TimeSpan.Zero)
            sinceStart = TimeSpan.Zero;
        var intoPeriod = TimeSpan.FromTicks(sinceStart.Ticks % Every.Ticks);
        var windowStart = Every - For;
        return intoPeriod >= windowStart ? TimeSpan.Zero : windowStart - intoPeriod;
    }
}
