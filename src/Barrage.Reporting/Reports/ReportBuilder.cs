using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Reporting.Export;
using Barrage.Reporting.Store;
using Barrage.Reporting.Summaries;
using HdrHistogram;

namespace Barrage.Reporting.Reports;

/// <summary>
/// Builds a <see cref="RunReport"/> from what the run store keeps of a run (its record, per-second per-tag series
/// and gauges), so a report can be made for any past run. Late rows of a second are added to it.
/// </summary>
public static class ReportBuilder
{
    private static readonly (SeriesHistogram Kind, string Name)[] PhaseKinds =
    [
        (SeriesHistogram.Connect, "connect"), (SeriesHistogram.Send, "send"), (SeriesHistogram.Latency, "latency"), (SeriesHistogram.Receive, "receive"),
    ];

    /// <summary>The report of run <paramref name="runId"/>; null when the store has no such run.</summary>
    /// <exception cref="StoreException">The store cannot be read.</exception>
    public static RunReport? FromStore(RunStore store, long runId)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Get(runId) is not { } run)
            return null;
        var gauges = store.ReadGauges(runId).ToDictionary(g => g.Second, g => g.Gauges);
        var totals = new SeriesTotals();
        var seconds = new List<ReportSecond>();
        var open = new Dictionary<string, SeriesStats>(StringComparer.Ordinal);
        var spare = new Stack<SeriesStats>();
        long current = -1;
        const string AllTags = "";

        void Seal()
        {
            foreach (var (tag, stats) in open.OrderBy(kv => kv.Key.Length == 0 ? 1 : 0).ThenBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var isAll = tag.Length == 0;
                seconds.Add(Second(current, isAll ? null : tag, stats, isAll ? gauges.GetValueOrDefault(current) : null));
                stats.Reset();
                spare.Push(stats);
            }
            open.Clear();
        }

        store.ReadSeries(runId, slice =>
        {
            totals.Add(slice);
            if (slice.Second != current)
            {
                Seal();
                current = slice.Second;
            }
            var key = slice.Tag ?? AllTags;
            if (!open.TryGetValue(key, out var stats))
                open.Add(key, stats = spare.Count > 0 ? spare.Pop() : new SeriesStats());
            stats.Add(slice.Stats);
        });
        Seal();

        var duration = run.Duration > TimeSpan.Zero ? run.Duration.TotalSeconds : Math.Max(0, totals.LastSecond + 1);
        var summary = StoredSummary.Build(run, totals);
        return new RunReport
        {
            Run = new ReportRun(run.Id, run.Name, run.Target, run.StartedAt, run.EndedAt, duration, run.StopReason, run.ExitCode, run.Host,
                run.Version, run.Users, run.Verdict, run.PlanHash, SecretMask.Apply(run.PlanText)),
            Total = Figures(null, totals.Overall, duration),
            Tags = [.. totals.ByTag.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => Figures(kv.Key, kv.Value, duration))],
            Phases = [.. PhaseKinds.Select(p => Phase(p.Name, totals.Overall.Histogram(p.Kind)))],
            Thresholds = [.. summary.Thresholds.Select(t => new ReportThreshold(t.Expression, t.Value, t.ValueText, t.Passed, t.Note))],
            Seconds = seconds,
            Agents = run.Agents,
            Distribution = Distribution(totals.Overall.ServiceTime),
        };
    }

    private static ReportFigures Figures(string? tag, SeriesStats s, double duration) => new(
        tag, s.Requests, s.Successes, s.NetErrors, s.HttpErrors, s.Requests == 0 ? 0 : (double)s.Errors / s.Requests,
        duration > 0 ? s.Requests / duration : 0, s.BytesIn, s.BytesOut,
        LatencySummary.From(s.ServiceTime), LatencySummary.From(s.ResponseTime),
        Sorted(Outcomes.HttpStatuses(s.StatusCounts)), Sorted(s.NetCodeCounts), Outcomes.Table(s.StatusCounts, s.NetCodeCounts));

    private static ReportSecond Second(long second, string? tag, SeriesStats s, RunGauges? g)
    {
        var service = LatencySummary.From(s.ServiceTime);
        var response = LatencySummary.From(s.ResponseTime);
        return new ReportSecond(second, tag, s.Requests, s.Successes, s.NetErrors, s.HttpErrors, s.BytesIn, s.BytesOut,
            Math.Round(service.Mean, 1), service.P50, service.P90, service.P99, service.Max, response.P50, response.P99, response.Max,
            Sorted(Outcomes.HttpStatuses(s.StatusCounts)), Sorted(s.NetCodeCounts),
            g?.Users, g?.InFlight, g?.PlannedRps, Outcomes.Each(s.StatusCounts, s.NetCodeCounts).ToDictionary(r => r.Label, r => r.Count));
    }

    private static ReportPhase Phase(string name, HistogramBase h)
    {
        var l = LatencySummary.From(h);
        return new ReportPhase(name, Math.Round(l.Mean, 1), l.P50, l.P90, l.P99, l.Max);
    }

    /// <summary>Counts in buckets 1, 2, 5, 10, 20, 50... µs, from the first bucket with a count to the last.</summary>
    private static List<ReportBucket> Distribution(HistogramBase h)
    {
        var buckets = new List<ReportBucket>();
        if (h.TotalCount == 0)
            return buckets;
        var bounds = new List<long> { 1 };
        while (bounds[^1] <= h.GetMaxValue())
        {
            var last = bounds[^1];
            var step = last.ToString(System.Globalization.CultureInfo.InvariantCulture)[0];
            bounds.Add(step == '2' ? last / 2 * 5 : last * 2);
        }
        var counts = new long[bounds.Count - 1];
        foreach (var v in h.RecordedValues())
        {
            var value = h.MedianEquivalentValue(v.ValueIteratedTo);
            var i = bounds.BinarySearch(value);
            i = i >= 0 ? i : ~i - 1;
            counts[Math.Clamp(i, 0, counts.Length - 1)] += v.CountAddedInThisIterationStep;
        }
        var first = Array.FindIndex(counts, c => c > 0);
        var end = Array.FindLastIndex(counts, c => c > 0);
        for (var i = first; i <= end; i++)
            buckets.Add(new ReportBucket(bounds[i], bounds[i + 1], counts[i]));
        return buckets;
    }

    private static SortedDictionary<int, long> Sorted(IEnumerable<KeyValuePair<int, long>> counts) => new(counts.ToDictionary());
}
