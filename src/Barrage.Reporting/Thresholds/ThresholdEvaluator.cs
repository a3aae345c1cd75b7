using HdrHistogram;
using Barrage.Metrics.TimeSeries;
using Barrage.Thresholds;

namespace Barrage.Reporting.Thresholds;

/// <summary>Evaluates thresholds against a run's totals, over the whole run or one tag.</summary>
public static class ThresholdEvaluator
{
    /// <summary>Measures and judges each threshold, in order.</summary>
    /// <param name="thresholds">The thresholds.</param>
    /// <param name="totals">The run's totals, overall and per tag.</param>
    /// <param name="duration">The run's duration, for <c>rps</c>.</param>
    /// <remarks><c>checks</c> is the share of check verdicts that passed (per tag too); with no check run it is 100%, with a note.</remarks>
    public static IReadOnlyList<ThresholdOutcome> Evaluate(IEnumerable<Threshold> thresholds, SeriesTotals totals, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(totals);
        return thresholds.Select(t => Evaluate(t, totals, duration)).ToList();
    }

    private static ThresholdOutcome Evaluate(Threshold t, SeriesTotals totals, TimeSpan duration)
    {
        SeriesStats stats;
        if (t.Tag is null)
        {
            stats = totals.Overall;
        }
        else if (!totals.ByTag.TryGetValue(t.Tag, out stats!))
        {
            var known = totals.ByTag.Count == 0 ? "" : $" (tags: {string.Join(", ", totals.ByTag.Keys.Order(StringComparer.Ordinal).Take(10))})";
            return new ThresholdOutcome(t.Expression, null, t.Unit, false, $"no requests with tag '{t.Tag}'{known}");
        }

        double? value = t.Metric switch
        {
            ThresholdMetric.Checks => stats.Checks.Total == 0 ? 1.0 : stats.Checks.Passed / (double)stats.Checks.Total,
            ThresholdMetric.Requests => Count(stats.Requests, stats, t),
            ThresholdMetric.HttpErrors => Count(stats.HttpErrors, stats, t),
            ThresholdMetric.NetErrors => Count(stats.NetErrors, stats, t),
            ThresholdMetric.HttpStatus => Count(stats.CountStatus(t.StatusFrom, t.StatusTo), stats, t),
            ThresholdMetric.Rps => duration > TimeSpan.Zero ? stats.Requests / duration.TotalSeconds : null,
            _ when stats.Requests == 0 => null,
            ThresholdMetric.Errors => stats.Errors / (double)stats.Requests,
            ThresholdMetric.Percentile => Time(stats.ServiceTime.GetValueAtPercentile(t.Percentile), t),
            ThresholdMetric.Mean => Time(stats.ServiceTime.GetMean(), t),
            ThresholdMetric.Min => Time(stats.ServiceTime.LowestEquivalentValue(stats.ServiceTime.GetValueAtPercentile(0)), t),
            ThresholdMetric.Max => Time(stats.ServiceTime.GetMaxValue(), t),
            _ => null,
        };
        if (value is { } share && t.Metric is ThresholdMetric.Errors or ThresholdMetric.Checks && t.Unit == ThresholdUnit.Percent)
            value = share * 100;
        if (value is not { } v || double.IsNaN(v))
            return new ThresholdOutcome(t.Expression, null, t.Unit, false, stats.Requests == 0 ? "no requests were made" : "nothing to measure");
        var note = t.Metric == ThresholdMetric.Checks && stats.Checks.Total == 0 ? "no checks ran" : null;
        return new ThresholdOutcome(t.Expression, v, t.Unit, t.IsMetBy(v), note);
    }

    /// <summary>A count, or its share of requests when the limit is a percentage.</summary>
    private static double? Count(long count, SeriesStats stats, Threshold t) => t.Unit != ThresholdUnit.Percent
        ? count
        : stats.Requests == 0 ? null : 100.0 * count / stats.Requests;

    private static double Time(double micros, Threshold t) => t.Unit switch
    {
        ThresholdUnit.Microseconds => micros,
        ThresholdUnit.Seconds => micros / 1_000_000,
        _ => micros / 1000,
    };
}
