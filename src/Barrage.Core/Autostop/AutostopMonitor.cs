using Barrage.Metrics.TimeSeries;
using HdrHistogram;

namespace Barrage.Autostop;

/// <summary>
/// Evaluates autostop criteria on each sealed second of all tags together, in order: a criterion fires when its
/// condition held in every second of its window (a second without requests breaks the streak). Not thread-safe.
/// </summary>
public sealed class AutostopMonitor(IReadOnlyList<AutostopCriterion> criteria)
{
    private readonly AutostopCriterion[] _criteria = [.. criteria.Where(c => c.Kind != AutostopKind.Limit)];
    private readonly int[] _streaks = new int[criteria.Count];
    private long _lastSecond = -1;

    /// <summary>The shortest <c>limit(...)</c>, applied as a timer by the host; null without one.</summary>
    public TimeSpan? Limit { get; } = ShortestLimit(criteria);

    /// <summary>The criterion that fired, with why; null until one does.</summary>
    public string? Reason { get; private set; }

    /// <summary>Takes the next sealed second (overall row); returns true when a criterion fires.</summary>
    public bool Observe(long second, SeriesStats all)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (Reason is not null || second <= _lastSecond)
            return false;
        // A gap of seconds (nothing sent) breaks every streak.
        if (second != _lastSecond + 1)
            Array.Clear(_streaks);
        _lastSecond = second;
        for (var i = 0; i < _criteria.Length; i++)
        {
            var c = _criteria[i];
            _streaks[i] = Holds(c, all) ? _streaks[i] + 1 : 0;
            if (_streaks[i] >= Math.Max(1, (int)Math.Ceiling(c.Window.TotalSeconds)))
            {
                Reason = $"{c.Expression}: held for {_streaks[i]} s up to second {second}";
                return true;
            }
        }
        return false;
    }

    private static bool Holds(AutostopCriterion c, SeriesStats s)
    {
        if (s.Requests == 0)
            return false;
        return c.Kind switch
        {
            AutostopKind.Time => s.ServiceTime.GetMean() > c.Limit,
            AutostopKind.Quantile => s.ServiceTime.GetValueAtPercentile(c.Percentile) > c.Limit,
            AutostopKind.Http => Above(c, s.StatusCounts.Where(kv => kv.Key != 0 && c.Matches(kv.Key)).Sum(kv => kv.Value), s.Requests),
            AutostopKind.Net => Above(c, s.NetCodeCounts.Where(kv => c.Matches(kv.Key)).Sum(kv => kv.Value), s.Requests),
            _ => false,
        };
    }

    private static bool Above(AutostopCriterion c, long count, long requests) =>
        c.IsShare ? count > c.Limit * requests : count > c.Limit;

    // A loop, not LINQ's Min over TimeSpan?: that is generic code compiled at run time, paid by every run at its start.
    private static TimeSpan? ShortestLimit(IReadOnlyList<AutostopCriterion> criteria)
    {
        TimeSpan? shortest = null;
        foreach (var c in criteria)
        {
            if (c.Kind == AutostopKind.Limit && (shortest is null || c.Window < shortest))
                shortest = c.Window;
        }
        return shortest;
    }
}
