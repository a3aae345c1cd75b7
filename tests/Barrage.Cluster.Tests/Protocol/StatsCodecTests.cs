using Barrage.Cluster.Protocol;
using Barrage.Engine;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Transport;

namespace Barrage.Cluster.Tests.Protocol;

public sealed class StatsCodecTests
{
    private static IEnumerable<Sample> Samples()
    {
        for (var i = 0; i < 500; i++)
        {
            var status = i % 10 == 0 ? 503 : 200;
            var net = i % 50 == 0 ? 110 : 0;
            yield return new Sample
            {
                Tag = i % 3 == 0 ? "a" : "b",
                StartUnixMicros = 0,
                ScheduledUs = i * 100,
                StartUs = i * 100 + i % 7,
                TotalUs = 1000 + i * 13,
                Result = new TransportResult(i % 5, 20, 300 + i, 40, 100, 500 + i, net, status),
            };
        }
    }

    [Fact]
    public void Aggregate_SurvivesTheWire_Exactly()
    {
        var a = new Aggregate();
        foreach (var s in Samples())
            a.Add(s);
        a.Add(new Sample { Tag = "dropped", StartUnixMicros = 0, ScheduledUs = 5, StartUs = 5, TotalUs = 0, Result = TransportResult.Failed(NetCodes.Dropped) });

        var back = StatsCodec.ToAggregate(Wire.Decode<EncodedStats>(Wire.Encode(StatsCodec.Encode(a)))!);

        Assert.Equal((a.Requests, a.Successes, a.NetErrors, a.HttpErrors, a.BytesIn, a.BytesOut, a.Dropped),
            (back.Requests, back.Successes, back.NetErrors, back.HttpErrors, back.BytesIn, back.BytesOut, back.Dropped));
        Assert.Equal(a.StatusCounts, back.StatusCounts);
        Assert.Equal(a.NetCodeCounts.OrderBy(kv => kv.Key), back.NetCodeCounts.OrderBy(kv => kv.Key));
        Assert.Equal(Buckets(a.ServiceTime), Buckets(back.ServiceTime));
        Assert.Equal(Buckets(a.ResponseTime), Buckets(back.ResponseTime));
        Assert.Equal(Buckets(a.DispatchLag), Buckets(back.DispatchLag));
    }

    [Fact]
    public void CheckVerdicts_SurviveTheWire_PerCheckAndTag()
    {
        var a = new Aggregate();
        var s = new SeriesStats(perSecond: true);
        foreach (var (check, tag, passed) in new[] { ("status 200", "a", true), ("status 200", "a", false), ("extract id", "b", true), ("status 200", "b", false) })
        {
            a.Add(new CheckSample { Tag = tag, Check = check, Passed = passed, StartUs = 0 });
            s.Add(new CheckSample { Tag = tag, Check = check, Passed = passed, StartUs = 0 });
        }

        var back = StatsCodec.ToAggregate(Wire.Decode<EncodedStats>(Wire.Encode(StatsCodec.Encode(a)))!);
        var backSeries = StatsCodec.ToSeriesStats(Wire.Decode<EncodedStats>(Wire.Encode(StatsCodec.Encode(s)))!);

        Assert.Equal(new CheckCounts(2, 2), back.ChecksTotal);
        Assert.Equal(a.Checks.OrderBy(kv => kv.Key.ToString()), back.Checks.OrderBy(kv => kv.Key.ToString()));
        Assert.Equal(new CheckCounts(2, 2), backSeries.Checks);
    }

    [Fact]
    public void SeriesStats_SurviveTheWire_Exactly()
    {
        var s = new SeriesStats(perSecond: true);
        foreach (var sample in Samples())
            s.Add(sample);

        var back = StatsCodec.ToSeriesStats(Wire.Decode<EncodedStats>(Wire.Encode(StatsCodec.Encode(s)))!);

        Assert.Equal((s.Requests, s.Successes, s.NetErrors, s.HttpErrors, s.BytesIn, s.BytesOut),
            (back.Requests, back.Successes, back.NetErrors, back.HttpErrors, back.BytesIn, back.BytesOut));
        Assert.Equal(s.StatusCounts.OrderBy(kv => kv.Key), back.StatusCounts.OrderBy(kv => kv.Key));
        foreach (var kind in Enum.GetValues<SeriesHistogram>())
        {
            Assert.Equal(Buckets(s.Histogram(kind)), Buckets(back.Histogram(kind)));
        }
    }

    /// <summary>Every recorded value and its count: equal for two histograms that hold exactly the same.</summary>
    private static List<(long, long)> Buckets(HdrHistogram.HistogramBase h) =>
        [.. h.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo))];

    [Fact]
    public void AnEmptyAggregate_TravelsWithoutHistogramBytes()
    {
        var e = StatsCodec.Encode(new Aggregate());

        Assert.All(e.Histograms, h => Assert.Empty(h));
        Assert.Equal(0, StatsCodec.ToAggregate(e).ServiceTime.TotalCount);
    }
}
