using Barrage.Engine;
using Barrage.Metrics.TimeSeries;
using Barrage.Transport;

namespace Barrage.Reporting.Compare;

public sealed class RunComparisonTests
{
    private static SeriesTotals Totals(long latencyUs, int requests = 1000, int errors = 0, string tag = "t")
    {
        var collector = new TimeSeriesCollector(shards: 1);
        for (var i = 0; i < requests; i++)
        {
            collector.Record(new Sample
            {
                Tag = tag, StartUnixMicros = 0, ScheduledUs = 0, StartUs = i * 1000L, TotalUs = latencyUs,
                Result = new TransportResult(0, 0, latencyUs, 0, 1, 1, 0, i < errors ? 500 : 200),
            });
        }
        var totals = new SeriesTotals();
        collector.Complete(totals.Add);
        return totals;
    }

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void SlowerBeyondTolerance_IsARegression_OverallAndPerTag()
    {
        var rows = RunComparison.Compare(Totals(10_000), Second, Totals(11_000), Second, 0.05);

        Assert.Contains(rows, r => r is { Scope: null, Metric: "p99", IsRegression: true });
        Assert.Contains(rows, r => r is { Scope: "t", Metric: "p50", IsRegression: true });
        Assert.DoesNotContain(rows, r => r.Metric is "rps" or "errors" && r.IsRegression);
        Assert.Equal(0.1, rows.Single(r => r is { Scope: null, Metric: "mean" }).Change!.Value, precision: 2);
    }

    [Fact]
    public void WithinTolerance_OrFaster_IsNoRegression()
    {
        Assert.DoesNotContain(RunComparison.Compare(Totals(10_000), Second, Totals(10_400), Second, 0.05), r => r.IsRegression);
        Assert.DoesNotContain(RunComparison.Compare(Totals(10_000), Second, Totals(5_000), Second, 0.05), r => r.IsRegression);
    }

    [Fact]
    public void LessThroughput_IsARegression()
    {
        var rows = RunComparison.Compare(Totals(10_000), Second, Totals(10_000, requests: 800), Second, 0.05);

        Assert.True(rows.Single(r => r is { Scope: null, Metric: "rps" }).IsRegression);
    }

    [Fact]
    public void Errors_AreJudgedAgainstAtLeastAOnePercentShare()
    {
        var none = Totals(10_000);

        Assert.True(RunComparison.Compare(none, Second, Totals(10_000, errors: 10), Second, 0.05)
            .Single(r => r is { Scope: null, Metric: "errors" }).IsRegression);                      // 0% → 1%
        Assert.False(RunComparison.Compare(none, Second, Totals(10_000, errors: 10), Second, 1.5)
            .Single(r => r is { Scope: null, Metric: "errors" }).IsRegression);                      // within 150% of 1%
    }

    [Fact]
    public void TagInOneRunOnly_HasNoValueOnTheOtherSide_AndIsNoRegression()
    {
        var rows = RunComparison.Compare(Totals(10_000, tag: "old"), Second, Totals(10_000, tag: "new"), Second, 0.05);

        var old = rows.Where(r => r.Scope == "old").ToList();
        Assert.All(old, r => Assert.Null(r.Candidate));
        Assert.DoesNotContain(rows, r => r.IsRegression);
    }
}
