using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;

namespace Barrage.Cluster.Protocol;

/// <summary>
/// Turns aggregates into <see cref="EncodedStats"/> and back, exactly: counts as numbers, histograms in
/// HdrHistogram's own compressed encoding, so agents ship per-second deltas and never raw samples.
/// </summary>
internal static class StatsCodec
{
    public static EncodedStats Encode(Aggregate a) => new(
        a.Requests, a.Successes, a.NetErrors, a.HttpErrors, a.BytesIn, a.BytesOut, a.Dropped,
        a.StatusCounts.ToDictionary(), new Dictionary<int, long>(a.NetCodeCounts),
        [Encode(a.ServiceTime), Encode(a.ResponseTime), Encode(a.DispatchLag)])
    {
        Checks = [.. a.Checks.Select(c => new EncodedCheck(c.Key.Check, c.Key.Tag, c.Value.Passed, c.Value.Failed))],
    };

    public static EncodedStats Encode(SeriesStats s) => new(
        s.Requests, s.Successes, s.NetErrors, s.HttpErrors, s.BytesIn, s.BytesOut, 0,
        new Dictionary<int, long>(s.StatusCounts), new Dictionary<int, long>(s.NetCodeCounts),
        [.. Enumerable.Range(0, SeriesStats.HistogramCount).Select(i => Encode(s.Histogram((SeriesHistogram)i)))])
    {
        Checks = s.Checks.Total == 0 ? [] : [new EncodedCheck("", "", s.Checks.Passed, s.Checks.Failed)],
    };

    /// <summary>An aggregate holding what <paramref name="e"/> holds.</summary>
    public static Aggregate ToAggregate(EncodedStats e)
    {
        var a = new Aggregate();
        a.AddCounts(e.Requests, e.Successes, e.NetErrors, e.HttpErrors, e.BytesIn, e.BytesOut, e.Dropped, e.Status, e.NetCodes);
        AddInto(a.ServiceTime, e.Histograms, 0);
        AddInto(a.ResponseTime, e.Histograms, 1);
        AddInto(a.DispatchLag, e.Histograms, 2);
        foreach (var c in e.Checks)
            a.AddChecks(new CheckKey(c.Check, c.Tag), new CheckCounts(c.Passed, c.Failed));
        return a;
    }

    /// <summary>Series stats holding what <paramref name="e"/> holds.</summary>
    public static SeriesStats ToSeriesStats(EncodedStats e)
    {
        var s = new SeriesStats
        {
            Requests = e.Requests,
            Successes = e.Successes,
            NetErrors = e.NetErrors,
            HttpErrors = e.HttpErrors,
            BytesIn = e.BytesIn,
            BytesOut = e.BytesOut,
            Checks = new CheckCounts(e.Checks.Sum(c => c.Passed), e.Checks.Sum(c => c.Failed)),
        };
        foreach (var (code, count) in e.Status)
            s.StatusCounts[code] = count;
        foreach (var (code, count) in e.NetCodes)
            s.NetCodeCounts[code] = count;
        for (var i = 0; i < SeriesStats.HistogramCount; i++)
            AddInto(s.Histogram((SeriesHistogram)i), e.Histograms, i);
        return s;
    }

    private static byte[] Encode(TrackedHistogram histogram) => histogram.TotalCount == 0 ? [] : HistogramCodec.Encode(histogram);

    private static void AddInto(TrackedHistogram target, byte[][] encoded, int index)
    {
        if (index < encoded.Length && encoded[index].Length != 0)
            HistogramCodec.AddTo(encoded[index], target);
    }
}
