using Barrage.Metrics.TimeSeries;

namespace Barrage.Reporting.Summaries;

/// <summary>One tag's requests, errors, rate and service time over a run: a row of the summary's per-tag table.</summary>
public sealed record TagSummary(string Tag, long Requests, long Errors, double Rps, LatencySummary Latency, LatencySummary ResponseTime)
{
    /// <summary>The tags of <paramref name="totals"/> in ordinal order, the rate over <paramref name="duration"/>.</summary>
    /// <remarks>Sorted as an array, not with LINQ's OrderBy: generic code over these pairs would be compiled at every run's end.</remarks>
    public static IReadOnlyList<TagSummary> From(SeriesTotals totals, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var tags = new TagSummary[totals.ByTag.Count];
        var i = 0;
        foreach (var (tag, stats) in totals.ByTag)
        {
            tags[i++] = new TagSummary(tag, stats.Requests, stats.Errors, duration > TimeSpan.Zero ? stats.Requests / duration.TotalSeconds : 0,
                LatencySummary.From(stats.ServiceTime), LatencySummary.From(stats.ResponseTime));
        }
        Array.Sort(tags, static (a, b) => string.CompareOrdinal(a.Tag, b.Tag));
        return tags;
    }
}
