using Barrage.Engine;
using Barrage.Transport;
using HdrHistogram;

namespace Barrage.Metrics;

public sealed class MetricsCollectorTests
{
    private static Sample Sample(long totalUs, int status = 200, int net = 0, string tag = "t") => new()
    {
        Tag = tag,
        StartUnixMicros = 0,
        ScheduledUs = 0,
        StartUs = 0,
        TotalUs = totalUs,
        Result = new TransportResult(0, 0, totalUs, 0, 100, 1000, net, status),
    };

    [Fact]
    public void Merge_PassesAnAggregateMeasuredElsewhere_OnWithTheNextFlush()
    {
        var collector = new MetricsCollector();
        var elsewhere = new Aggregate();
        elsewhere.Add(Sample(100));
        elsewhere.Add(Sample(300, status: 500));
        collector.Record(Sample(200));

        collector.Merge(elsewhere);
        var interval = new Aggregate();
        collector.Flush(interval);

        Assert.Equal((3L, 1L), (interval.Requests, interval.HttpErrors));
        Assert.Equal(3, collector.Total.ServiceTime.TotalCount);
        Assert.InRange(collector.Total.ServiceTime.GetMaxValue(), 300, 301);
    }

    [Fact]
    public void GroupSamples_AreLeftOutOfTheTotals_TheirRequestsCountAlready()
    {
        var collector = new MetricsCollector();
        collector.Record(Sample(100, tag: "cart"));
        collector.Record(Sample(300, status: 500, tag: "pay"));
        collector.Record(Sample(400, status: 500, tag: "checkout") with { IsGroup = true });

        var interval = new Aggregate();
        collector.Flush(interval);

        Assert.Equal((2L, 1L, 2L), (interval.Requests, interval.HttpErrors, collector.Total.Requests));
        Assert.Equal(2_000, collector.Total.BytesIn);
        Assert.InRange(collector.Total.ServiceTime.GetMaxValue(), 300, 301);
    }

    [Fact]
    public void ManyThreads_MergeExactly_IntoOneTotal()
    {
        var collector = new MetricsCollector();
        var reference = new Aggregate();
        var values = Enumerable.Range(1, 40_000).Select(i => (long)(i * 37 % 100_000 + 1)).ToArray();
        foreach (var v in values)
            reference.Add(Sample(v, v % 10 == 0 ? 500 : 200));

        var interval = new Aggregate();
        var flushes = 0;
        Parallel.For(0, 8, worker =>
        {
            for (var i = worker; i < values.Length; i += 8)
            {
                collector.Record(Sample(values[i], values[i] % 10 == 0 ? 500 : 200));
                if (worker == 0 && i % 4000 == 0)
                {
                    lock (interval)
                    {
                        collector.Flush(interval);
                        flushes++;
                    }
                }
            }
        });
        collector.Flush(interval);

        var total = collector.Total;
        Assert.True(flushes > 1);
        Assert.Equal(reference.Requests, total.Requests);
        Assert.Equal(reference.HttpErrors, total.HttpErrors);
        Assert.Equal(reference.Successes, total.Successes);
        Assert.Equal(reference.BytesIn, total.BytesIn);
        Assert.Equal(reference.StatusCounts, total.StatusCounts);
        foreach (var p in new[] { 0.0, 50, 90, 99, 99.9, 100 })
            Assert.Equal(reference.ServiceTime.GetValueAtPercentile(p), total.ServiceTime.GetValueAtPercentile(p));
    }

    [Fact]
    public void Flush_GivesTheIntervalSinceTheLastFlush()
    {
        var collector = new MetricsCollector();
        var interval = new Aggregate();
        collector.Record(Sample(100));
        collector.Record(Sample(200, net: NetCodes.ConnectionReset, status: 0));
        collector.Flush(interval);
        Assert.Equal(2, interval.Requests);
        Assert.Equal(1, interval.NetErrors);

        collector.Record(Sample(300));
        collector.Flush(interval);

        Assert.Equal(1, interval.Requests);
        Assert.Equal(3, collector.Total.Requests);
        Assert.Equal(1, collector.Total.NetCodeCounts[NetCodes.ConnectionReset]);
        Assert.Equal(2, collector.Total.NetCodeCounts[NetCodes.Ok]);
    }

    [Fact]
    public void HugeTimes_AreClamped_NotThrown()
    {
        var aggregate = new Aggregate();
        aggregate.Add(Sample(long.MaxValue));
        aggregate.Add(Sample(-5));

        Assert.Equal(2, aggregate.Requests);
        Assert.True(aggregate.ServiceTime.GetMaxValue() >= Aggregate.HighestTrackableMicros);
    }

    [Fact]
    public void RecordCheck_FromManyThreads_CountsByCheckAndTag_ApartFromErrors()
    {
        var collector = new MetricsCollector();
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            collector.RecordCheck(new CheckSample { Check = i % 2 == 0 ? "status 200" : "extract id", Tag = i % 4 < 2 ? "a" : "b", Passed = i % 10 != 0, StartUs = 0 }));
        var interval = new Aggregate();

        collector.Flush(interval);
        collector.Flush(interval);

        var total = collector.Total;
        Assert.Equal(new Metrics.CheckCounts(3600, 400), total.ChecksTotal);
        Assert.Equal(0, total.Errors);
        Assert.Equal(4, total.Checks.Count);
        Assert.Equal(new Metrics.CheckCounts(800, 200), total.Checks[new Metrics.CheckKey("status 200", "a")]);
        Assert.Equal(new Metrics.CheckCounts(1000, 0), total.Checks[new Metrics.CheckKey("extract id", "a")]);
        Assert.Equal(0, interval.ChecksTotal.Total); // the second flush had nothing new
    }
}
