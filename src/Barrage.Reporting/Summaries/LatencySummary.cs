using HdrHistogram;

namespace Barrage.Reporting.Summaries;

/// <summary>Percentiles of a latency histogram, in microseconds.</summary>
public sealed record LatencySummary(long Min, double Mean, long P50, long P90, long P95, long P99, long P999, long Max)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary From(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
            return Empty;
        return new LatencySummary(
            histogram.LowestEquivalentValue(histogram.GetValueAtPercentile(0)),
            histogram.GetMean(),
            histogram.GetValueAtPercentile(50),
            histogram.GetValueAtPercentile(90),
            histogram.GetValueAtPercentile(95),
            histogram.GetValueAtPercentile(99),
            histogram.GetValueAtPercentile(99.9),
            histogram.GetMaxValue());
    }
}
