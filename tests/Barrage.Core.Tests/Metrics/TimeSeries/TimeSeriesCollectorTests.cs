using Barrage.Engine;
using Barrage.Transport;

namespace Barrage.Metrics.TimeSeries;

public sealed class TimeSeriesCollectorTests
{
    private static Sample Sample(long startUs, long totalUs, string tag = "a", int status = 200, int net = 0) => new()
    {
        Tag = tag,
        StartUnixMicros = 0,
        ScheduledUs = Math.Max(0, startUs - 50),
        StartUs = startUs,
        TotalUs = totalUs,
        Result = new TransportResult(totalUs / 10, 3, totalUs / 2, totalUs / 5, 100, 1000 + totalUs % 7, net, status),
    };

    private static List<Sample> Workload()
    {
        var samples = new List<Sample>();
        for (var i = 0; i < 30_000; i++)
        {
            var tag = (i % 3) switch { 0 => "login", 1 => "items", _ => "cart" };
            var status = i % 17 == 0 ? 503 : i % 11 == 0 ? 404 : 200;
            var net = i % 101 == 0 ? NetCodes.ConnectionReset : NetCodes.Ok;
            samples.Add(Sample(startUs: i * 100L, totalUs: i * 37 % 90_000 + 1, tag, net == 0 ? status : 0, net));
        }
        return samples;
    }

    /// <summary>A slice's content in comparable form (the stats are recycled after the callback).</summary>
    private sealed record Snapshot(long Second, string? Tag, bool IsLate, long Requests, long Successes, long NetErrors, long HttpErrors,
        long BytesIn, long BytesOut, string Status, string Net, string Percentiles)
    {
        public static Snapshot Of(SeriesSlice s) => new(s.Second, s.Tag, s.IsLate, s.Stats.Requests, s.Stats.Successes, s.Stats.NetErrors,
            s.Stats.HttpErrors, s.Stats.BytesIn, s.Stats.BytesOut,
            string.Join(",", s.Stats.StatusCounts.OrderBy(kv => kv.Key)), string.Join(",", s.Stats.NetCodeCounts.OrderBy(kv => kv.Key)),
            PercentileText(s.Stats));
    }

    private static string PercentileText(SeriesStats stats) => string.Join(",",
        Enum.GetValues<SeriesHistogram>().SelectMany(k => new[] { 0.0, 50, 90, 99, 99.9, 100 }
            .Select(p => stats.Histogram(k).TotalCount == 0 ? 0 : stats.Histogram(k).GetValueAtPercentile(p))));

    private static List<Snapshot> RunThrough(TimeSeriesCollector collector, IReadOnlyList<Sample> samples, int threads, int flushEvery)
    {
        var slices = new List<Snapshot>();
        var recorded = 0;
        Parallel.For(0, threads, worker =>
        {
            for (var i = worker; i < samples.Count; i += threads)
            {
                collector.Record(samples[i]);
                if (Interlocked.Increment(ref recorded) % flushEvery == 0)
                    collector.Flush(samples[i].StartUs, s => { lock (slices) slices.Add(Snapshot.Of(s)); });
            }
        });
        collector.Complete(s => slices.Add(Snapshot.Of(s)));
        return slices;
    }

    /// <summary>Adds late deltas into their second so runs with different flush timing compare.</summary>
    private static List<Snapshot> Merged(IEnumerable<Snapshot> slices) => slices.Select(s => s with { IsLate = false }).ToList();

    [Fact]
    public void GroupTags_HaveTheirOwnRows_ButTheRowOfAllTagsLeavesThemOut()
    {
        var collector = new TimeSeriesCollector(shards: 1) { GroupTags = new HashSet<string> { "checkout" } };
        var slices = new List<SeriesSlice>();
        collector.Record(Sample(100, 1_000, "cart"));
        collector.Record(Sample(1_200, 2_000, "pay", status: 500));
        collector.Record(Sample(100, 3_200, "checkout", status: 500) with { IsGroup = true });
        // A second with only a group's sample (its requests were in the one before): the row of all is then empty.
        collector.Record(Sample(1_000_100, 2_000, "checkout") with { IsGroup = true });

        collector.Complete(slice => slices.Add(new SeriesSlice(slice.Second, slice.Tag, Copy(slice.Stats), slice.IsLate)));

        var all0 = slices.Single(x => x.Second == 0 && x.Tag is null).Stats;
        Assert.Equal(2, all0.Requests);
        Assert.Equal(1, all0.HttpErrors);
        Assert.InRange(all0.ServiceTime.GetValueAtPercentile(100), 1_990, 2_010); // the group's 3.2 ms is not among the requests'
        Assert.Equal(1, slices.Single(x => x.Second == 0 && x.Tag == "checkout").Stats.Requests);
        Assert.Equal(0, slices.Single(x => x.Second == 1 && x.Tag is null).Stats.Requests);
        Assert.Equal(1, slices.Single(x => x.Second == 1 && x.Tag == "checkout").Stats.Requests);
    }

    private static SeriesStats Copy(SeriesStats stats)
    {
        var copy = new SeriesStats(perSecond: true);
        copy.Add(stats);
        return copy;
    }

    [Fact]
    public void TwoShardsManyThreads_EqualOneShardOneThread_Exactly()
    {
        var samples = Workload();

        var one = RunThrough(new TimeSeriesCollector(shards: 1), samples, threads: 1, flushEvery: int.MaxValue);
        var two = RunThrough(new TimeSeriesCollector(shards: 2), samples, threads: 4, flushEvery: int.MaxValue);

        Assert.Equal(4 * 3, one.Count);    // 3 s of samples, 3 tags plus the row of all
        Assert.Equal(one, two);
    }

    [Fact]
    public void SamplesCountedByTheShardsOrBuffered_EqualStatsBuiltFromEverySample()
    {
        // Three tags: each shard counts two (second, tag) pairs itself and buffers the third, and a flush every
        // 1000 samples makes shards start over with new pairs mid-second.
        var samples = Workload();
        var expected = new List<Snapshot>();
        foreach (var second in samples.GroupBy(s => s.StartUs / 1_000_000).OrderBy(g => g.Key))
        {
            var all = new SeriesStats(perSecond: true);
            foreach (var tag in second.GroupBy(s => s.Tag).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var stats = new SeriesStats(perSecond: true);
                foreach (var sample in tag)
                    stats.Add(sample);
                all.Add(stats);
                expected.Add(Snapshot.Of(new SeriesSlice(second.Key, tag.Key, stats, false)));
            }
            expected.Add(Snapshot.Of(new SeriesSlice(second.Key, null, all, false)));
        }

        var collected = RunThrough(new TimeSeriesCollector(shards: 2), samples, threads: 1, flushEvery: 1000);

        Assert.Equal(expected, Merged(collected));
    }

    [Fact]
    public void MergedSlicesOfTwoCollectors_EqualOneCollectorOfAllSamples_LateOnesIncluded()
    {
        var samples = Workload();
        var whole = RunThrough(new TimeSeriesCollector(shards: 1), samples, threads: 1, flushEvery: int.MaxValue);
        var merged = new TimeSeriesCollector(shards: 1);
        var slices = new List<Snapshot>();
        // Two "agents" with half the samples each; the second one's arrive after the merger sealed second 0.
        foreach (var half in new[] { samples.Where((_, i) => i % 2 == 0), samples.Where((_, i) => i % 2 == 1) })
        {
            var agent = new TimeSeriesCollector(shards: 1);
            foreach (var sample in half)
                agent.Record(sample);
            agent.Complete(merged.Merge);
            merged.Flush(1_500_000 + merged.SealDelay, s => slices.Add(Snapshot.Of(s)));
        }
        merged.Complete(s => slices.Add(Snapshot.Of(s)));

        Assert.Contains(slices, s => s.IsLate && s.Second == 0);
        var added = slices.GroupBy(s => (s.Second, s.Tag)).Select(g => g.Select(x => x with { IsLate = false }).ToList()).ToList();
        Assert.Equal(whole.Sum(s => s.Requests), slices.Sum(s => s.Requests));
        Assert.Equal(whole.Select(s => (s.Second, s.Tag, s.Requests)).Order(),
            added.Select(g => (g[0].Second, g[0].Tag, g.Sum(x => x.Requests))).Order());
    }

    [Fact]
    public void RowOfAllTags_IsTheExactMergeOfTheTagRows()
    {
        var collector = new TimeSeriesCollector(shards: 3);
        foreach (var s in Workload())
            collector.Record(s);
        var direct = new SeriesStats();
        foreach (var s in Workload().Where(s => s.StartUs < 1_000_000))
            direct.Add(s);
        Snapshot? all = null;

        collector.Complete(s =>
        {
            if (s.Second == 0 && s.Tag is null)
                all = Snapshot.Of(s);
        });

        Assert.NotNull(all);
        Assert.Equal(10_000, all.Requests);
        Assert.Equal(Snapshot.Of(new SeriesSlice(0, null, direct, false)), all);
    }

    [Fact]
    public void Flush_SealsOnlySecondsThatEndedBeforeTheDelay_InOrder()
    {
        var collector = new TimeSeriesCollector(shards: 2);
        collector.Record(Sample(100, 10));
        collector.Record(Sample(1_200_000, 10));
        collector.Record(Sample(2_500_000, 10, tag: "b"));
        var seen = new List<(long, string?)>();

        collector.Flush(2_999_999, s => seen.Add((s.Second, s.Tag)));   // second 0 ended at 1 s: sealed at 2 s; second 1 not yet

        Assert.Equal([(0L, "a"), (0L, null)], seen);
        Assert.Equal(0, collector.SealedThrough);
        seen.Clear();
        collector.Complete(s => seen.Add((s.Second, s.Tag)));
        Assert.Equal([(1L, "a"), (1L, null), (2L, "b"), (2L, null)], seen);
    }

    [Fact]
    public void SampleOfASealedSecond_ComesOutAsALateDelta()
    {
        var collector = new TimeSeriesCollector(shards: 1);
        collector.Record(Sample(500_000, 10));
        collector.Flush(5_000_000, _ => { });
        collector.Record(Sample(600_000, 4_000_000));    // started in second 0, ended long after it was sealed
        var late = new List<Snapshot>();

        collector.Complete(s => late.Add(Snapshot.Of(s)));

        Assert.Equal(2, late.Count);
        Assert.All(late, s => Assert.True(s.IsLate && s.Second == 0 && s.Requests == 1));
    }

    [Fact]
    public void FlushTiming_DoesNotChangeTheResult_OnceLateDeltasAreAdded()
    {
        var samples = Workload();
        var once = Merged(RunThrough(new TimeSeriesCollector(1), samples, 1, int.MaxValue));
        var totals = new SeriesTotals();
        var collector = new TimeSeriesCollector(2) { SealDelay = 0 };
        var often = new List<Snapshot>();
        Parallel.For(0, 3, worker =>
        {
            for (var i = worker; i < samples.Count; i += 3)
            {
                collector.Record(samples[i]);
                if (i % 997 == 0)
                    collector.Flush(samples[i].StartUs, s => { lock (totals) totals.Add(s); });
            }
        });
        collector.Complete(totals.Add);

        var reference = new SeriesStats();
        foreach (var s in samples)
            reference.Add(s);
        Assert.Equal(Snapshot.Of(new SeriesSlice(0, null, reference, false)), Snapshot.Of(new SeriesSlice(0, null, totals.Overall, false)));
        Assert.Equal(3, totals.ByTag.Count);
        Assert.Equal(10_000, totals.ByTag["login"].Requests);
        Assert.Equal(samples.Count, once.Where(s => s.Tag is null).Sum(s => s.Requests));
    }

    [Fact]
    public void TagsBeyondTheLimit_GoToOneOtherRow()
    {
        var collector = new TimeSeriesCollector(shards: 1);
        for (var i = 0; i < TimeSeriesCollector.MaxTags + 5; i++)
            collector.Record(Sample(10, 10, tag: $"t{i}"));
        var tags = new List<string?>();

        collector.Complete(s => tags.Add(s.Tag));

        Assert.Equal(TimeSeriesCollector.MaxTags + 2, tags.Count);
        Assert.Contains(TimeSeriesCollector.OtherTag, tags);
    }

    [Fact]
    public void LongRun_SealsEachSecondAsItGoes_SoNoneStaysInMemory()
    {
        var collector = new TimeSeriesCollector(shards: 2);
        var emitted = 0;
        for (var second = 0; second < 600; second++)
        {
            for (var i = 0; i < 50; i++)
                collector.Record(Sample(second * 1_000_000L + i * 1000, 100 + i));
            collector.Flush((second + 1) * 1_000_000L, _ => emitted++);
            Assert.True(collector.SealedThrough >= second - 1);
        }
        Assert.Equal(2 * 599, emitted);
    }

    [Fact]
    public void RecordCheck_CountsInTheRequestsSecondAndTag_AndInTheAllTagsRow()
    {
        var collector = new TimeSeriesCollector(shards: 2);
        collector.Record(Sample(startUs: 100, totalUs: 10));
        collector.RecordCheck(new CheckSample { Check = "c", Tag = "a", Passed = true, StartUs = 100 });
        collector.RecordCheck(new CheckSample { Check = "c", Tag = "a", Passed = false, StartUs = 1_200_000 });
        collector.RecordCheck(new CheckSample { Check = "c", Tag = "b", Passed = false, StartUs = 1_300_000 });
        var slices = new List<(long Second, string? Tag, Metrics.CheckCounts Checks)>();

        collector.Complete(s => slices.Add((s.Second, s.Tag, s.Stats.Checks)));

        Assert.Equal(
            [(0L, "a", new Metrics.CheckCounts(1, 0)), (0L, null, new Metrics.CheckCounts(1, 0)),
             (1L, "a", new Metrics.CheckCounts(0, 1)), (1L, "b", new Metrics.CheckCounts(0, 1)), (1L, null, new Metrics.CheckCounts(0, 2))],
            slices);
    }
}
