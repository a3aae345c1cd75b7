namespace Barrage.Engine;

/// <summary>
/// The open model's decision of when: walks the planned arrival times and hands out, at each wake-up,
/// every arrival that is due by then (a catch-up batch when the pacer woke late). It knows nothing of
/// clocks or threads, so the real-time pacer and the fake-clock one decide exactly alike.
/// </summary>
internal sealed class ArrivalPacer : IDisposable
{
    private readonly IEnumerator<TimeSpan> _arrivals;

    /// <param name="arrivals">Arrival times from the run's start, in order.</param>
    public ArrivalPacer(IEnumerable<TimeSpan> arrivals)
    {
        ArgumentNullException.ThrowIfNull(arrivals);
        _arrivals = arrivals.GetEnumerator();
        Advance();
    }

    /// <summary>True while an arrival is still to come.</summary>
    public bool HasNext { get; private set; }

    /// <summary>When the next arrival is due, microseconds from the start; meaningless once <see cref="HasNext"/> is false.</summary>
    public long NextDueUs { get; private set; }

    /// <summary>
    /// Adds to <paramref name="due"/> the scheduled times of the arrivals due at <paramref name="nowUs"/> (at most
    /// <paramref name="max"/>, so one late wake-up cannot hold the pacer for long) and returns how many it added.
    /// </summary>
    public int TakeDue(long nowUs, List<long> due, int max = int.MaxValue)
    {
        var taken = 0;
        while (HasNext && NextDueUs <= nowUs && taken < max)
        {
            due.Add(NextDueUs);
            taken++;
            Advance();
        }
        return taken;
    }

    /// <summary>
    /// When to wake up next, at <paramref name="nowUs"/>, with a resolution of <paramref name="resolutionUs"/>: when the
    /// next arrival is due, but not sooner than the resolution after now, so that arrivals closer together than it start
    /// together at one wake-up (each up to the resolution late); 0 wakes for each arrival at its instant.
    /// </summary>
    public long NextWakeUs(long nowUs, long resolutionUs) => Math.Max(NextDueUs, nowUs + resolutionUs);

    public void Dispose() => _arrivals.Dispose();

    private void Advance()
    {
        HasNext = _arrivals.MoveNext();
        if (HasNext)
            NextDueUs = _arrivals.Current.Ticks / (TimeSpan.TicksPerMillisecond / 1000);
    }
}
