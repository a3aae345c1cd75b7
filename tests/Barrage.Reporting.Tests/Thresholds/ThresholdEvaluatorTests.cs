using Barrage.Engine;
using Barrage.Metrics.TimeSeries;
using Barrage.Thresholds;
using Barrage.Transport;

namespace Barrage.Reporting.Thresholds;

public sealed class ThresholdEvaluatorTests
{
    private static Sample Sample(long totalUs, string tag, int status = 200, int net = 0) => new()
    {
        Tag = tag,
        StartUnixMicros = 0,
        ScheduledUs = 0,
        StartUs = 0,
        TotalUs = totalUs,
        Result = new TransportResult(0, 0, totalUs, 0, 10, 10, net, status),
    };

    /// <summary>100 requests over 10 s: login 1..50 ms (2 of them 503), items 10 ms each (one reset).</summary>
    private static SeriesTotals Totals()
    {
        var collector = new TimeSeriesCollector(shards: 1);
        for (var i = 1; i <= 50; i++)
            collector.Record(Sample(i * 1000, "login", status: i is 7 or 8 ? 503 : 200));
        for (var i = 0; i < 50; i++)
            collector.Record(Sample(10_000, "items", status: i == 0 ? 0 : 200, net: i == 0 ? NetCodes.ConnectionReset : 0));
        var totals = new SeriesTotals();
        collector.Complete(totals.Add);
        return totals;
    }

    private static ThresholdOutcome Eval(string expression)
    {
        Assert.True(ThresholdParser.TryParse(expression, out var t, out var error), error?.Message);
        return Assert.Single(ThresholdEvaluator.Evaluate([t], Totals(), TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("requests == 100", 100, true)]
    [InlineData("requests != 100", 100, false)]
    [InlineData("rps > 9", 10, true)]
    [InlineData("rps >= 10.5", 10, false)]
    [InlineData("errors < 5%", 3, true)]
    [InlineData("errors <= 0.02", 0.03, false)]
    [InlineData("http_5xx == 0", 2, false)]
    [InlineData("http_503 == 2", 2, true)]
    [InlineData("http_5xx < 3%", 2, true)]
    [InlineData("http_errors == 2", 2, true)]
    [InlineData("net_errors > 0", 1, true)]
    [InlineData("http_2xx == 97", 97, true)]
    [InlineData("max <= 50ms", 50.015, false)]
    [InlineData("max < 51ms", 50.015, true)]
    [InlineData("max < 0.06s", 0.050015, true)]
    [InlineData("min >= 1000us", 1000, true)]
    [InlineData("p50 < 10ms", 10.007, false)]
    [InlineData("checks > 99%", 100, true)]
    [InlineData("tag:login requests == 50", 50, true)]
    [InlineData("tag:login p(99) < 50ms", 50.015, false)]
    [InlineData("tag:login errors == 4%", 4, true)]
    [InlineData("tag:items max < 11ms", 10.007, true)]
    [InlineData("tag:items rps == 5", 5, true)]
    public void Measures_AndJudges(string expression, double value, bool passed)
    {
        var outcome = Eval(expression);

        Assert.Equal(value, outcome.Value!.Value, precision: 3);
        Assert.Equal(passed, outcome.Passed);
        Assert.Equal(expression, outcome.Expression);
    }

    [Theory]
    [InlineData("checks > 99%", 97, false)]
    [InlineData("checks >= 0.97", 0.97, true)]
    [InlineData("tag:login checks > 95%", 96, true)]
    [InlineData("tag:items checks == 100%", 98, false)]
    public void Checks_AreTheShareOfVerdictsThatPassed_OverallAndPerTag(string expression, double value, bool passed)
    {
        // 50 login requests with one check (2 fail), 50 items with one check (1 fails): 97 of 100 pass.
        var collector = new TimeSeriesCollector(shards: 1);
        for (var i = 1; i <= 50; i++)
        {
            collector.Record(Sample(1000, "login"));
            collector.RecordCheck(new CheckSample { Tag = "login", Check = "status 200", Passed = i is not (7 or 8), StartUs = 0 });
            collector.Record(Sample(1000, "items"));
            collector.RecordCheck(new CheckSample { Tag = "items", Check = "extract id", Passed = i != 1, StartUs = 1_500_000 });
        }
        var totals = new SeriesTotals();
        collector.Complete(totals.Add);
        Assert.True(ThresholdParser.TryParse(expression, out var t, out var error), error?.Message);

        var outcome = Assert.Single(ThresholdEvaluator.Evaluate([t], totals, TimeSpan.FromSeconds(10)));

        Assert.Equal(value, outcome.Value!.Value, precision: 3);
        Assert.Equal(passed, outcome.Passed);
        Assert.Null(outcome.Note);
    }

    [Fact]
    public void Checks_NoneRan_PassWithANote()
    {
        var outcome = Eval("checks > 99%");

        Assert.True(outcome.Passed);
        Assert.Equal("no checks ran", outcome.Note);
    }

    [Fact]
    public void Mean_IsTheHistogramsMean_InTheLimitsUnit()
    {
        var outcome = Eval("mean < 20ms");

        Assert.InRange(outcome.Value!.Value, 17.7, 17.8);   // (25.5 ms * 50 + 10 ms * 50) / 100
        Assert.True(outcome.Passed);
    }

    [Fact]
    public void UnknownTag_Fails_WithANoteNamingTheTags()
    {
        var outcome = Eval("tag:logon p95 < 1s");

        Assert.False(outcome.Passed);
        Assert.Null(outcome.Value);
        Assert.Equal("n/a", outcome.ValueText);
        Assert.Contains("items, login", outcome.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void NoRequests_LatencyAndShares_Fail_CountsAreZero()
    {
        Assert.True(ThresholdParser.TryParse("p99 < 1s", out var p99, out _));
        Assert.True(ThresholdParser.TryParse("errors < 1%", out var errors, out _));
        Assert.True(ThresholdParser.TryParse("http_5xx == 0", out var fives, out _));

        var outcomes = ThresholdEvaluator.Evaluate([p99, errors, fives], new SeriesTotals(), TimeSpan.FromSeconds(1));

        Assert.Equal([false, false, true], outcomes.Select(o => o.Passed));
        Assert.Equal("no requests were made", outcomes[0].Note);
    }

    [Theory]
    [InlineData("p99 < 300ms", 12.345, "12.35ms")]
    [InlineData("errors < 1%", 0.52, "0.52%")]
    [InlineData("rps > 1", 431.25, "431.3")]
    [InlineData("requests > 1", 1000, "1000")]
    [InlineData("errors < 0.5", 0.0123, "0.0123")]
    public void ValueText_UsesTheLimitsUnit(string expression, double value, string text)
    {
        Assert.True(ThresholdParser.TryParse(expression, out var t, out _));

        Assert.Equal(text, new ThresholdOutcome(expression, value, t.Unit, true).ValueText);
    }
}
