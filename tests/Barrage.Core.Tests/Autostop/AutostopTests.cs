using Barrage.Engine;
using Barrage.Metrics.TimeSeries;
using Barrage.Plans;
using Barrage.Transport;

namespace Barrage.Autostop;

public sealed class AutostopTests
{
    private static AutostopCriterion Parse(string text)
    {
        Assert.True(AutostopParser.TryParse(text, out var c, out var error), error?.Message);
        return c;
    }

    [Fact]
    public void TankExamples_Parse()
    {
        var time = Parse("time(1s500ms, 30s)");
        Assert.Equal((AutostopKind.Time, 1_500_000.0, TimeSpan.FromSeconds(30)), (time.Kind, time.Limit, time.Window));

        var http = Parse("http(5xx, 10%, 10s)");
        Assert.Equal((AutostopKind.Http, "5xx", 0.1, true), (http.Kind, http.Codes, http.Limit, http.IsShare));

        var net = Parse("net(xx, 1, 10s)");
        Assert.Equal((AutostopKind.Net, "xx", 1.0, false), (net.Kind, net.Codes, net.Limit, net.IsShare));

        var q = Parse(" quantile(95, 100ms, 10s) ");
        Assert.Equal((AutostopKind.Quantile, 95.0, 100_000.0), (q.Kind, q.Percentile, q.Limit));
        Assert.Equal("quantile(95, 100ms, 10s)", q.Expression);

        Assert.Equal(TimeSpan.FromMinutes(5), Parse("limit(5m)").Window);
    }

    [Theory]
    [InlineData("speed(1)", 1, "unknown autostop criterion 'speed'")]
    [InlineData("quantil(95, 1s, 1s)", 1, "did you mean 'quantile'")]
    [InlineData("limit 5m", 6, "in parentheses")]
    [InlineData("limit(5m", 6, "in parentheses")]
    [InlineData("limit(5m) extra", 6, "in parentheses")]
    [InlineData("time(1s)", 5, "takes 2 arguments")]
    [InlineData("http(5xx, , 10s)", 5, "takes 3 arguments")]
    [InlineData("time(fast, 30s)", 6, "")]
    [InlineData("time(1s, 0s)", 10, "longer than zero")]
    [InlineData("http(6xx, 10%, 10s)", 6, "HTTP codes")]
    [InlineData("http(5xx, lots, 10s)", 11, "count per second")]
    [InlineData("http(5xx, 120%, 10s)", 11, "share of requests")]
    [InlineData("net(abc, 1, 10s)", 5, "transport codes")]
    [InlineData("quantile(101, 1s, 1s)", 10, "between 0 and 100")]
    public void Errors_PointAtTheirColumn(string text, int column, string message)
    {
        Assert.False(AutostopParser.TryParse(text, out _, out var error));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(column, error.Column);
    }

    [Theory]
    [InlineData("5xx", 503, true)]
    [InlineData("5xx", 404, false)]
    [InlineData("50x", 503, true)]
    [InlineData("50x", 513, false)]
    [InlineData("404", 404, true)]
    public void HttpCodes_Match(string codes, int status, bool match) =>
        Assert.Equal(match, Parse($"http({codes}, 1, 1s)").Matches(status));

    [Fact]
    public void NetAnyCode_MatchesEveryFailure_NotOk() =>
        Assert.Equal([false, true, true], new[] { 0, 104, 1001 }.Select(Parse("net(xx, 1, 1s)").Matches));

    private static SeriesStats Second(int requests, int failed, long latencyUs, int status = 503, int net = 0)
    {
        var stats = new SeriesStats();
        for (var i = 0; i < requests; i++)
        {
            var bad = i < failed;
            stats.Add(new Sample
            {
                Tag = "", StartUnixMicros = 0, ScheduledUs = 0, StartUs = 0, TotalUs = latencyUs,
                Result = new TransportResult(0, 0, latencyUs, 0, 1, 1, bad ? net : 0, bad && net == 0 ? status : bad ? 0 : 200),
            });
        }
        return stats;
    }

    [Fact]
    public void Http_FiresOnlyAfterTheWholeWindow_AndSaysWhy()
    {
        var monitor = new AutostopMonitor([Parse("http(5xx, 10%, 3s)")]);

        Assert.False(monitor.Observe(0, Second(100, 20, 1000)));
        Assert.False(monitor.Observe(1, Second(100, 20, 1000)));
        Assert.False(monitor.Observe(2, Second(100, 5, 1000)));     // below 10%: the streak starts again
        Assert.False(monitor.Observe(3, Second(100, 11, 1000)));
        Assert.False(monitor.Observe(4, Second(100, 11, 1000)));
        Assert.True(monitor.Observe(5, Second(100, 11, 1000)));

        Assert.Equal("http(5xx, 10%, 3s): held for 3 s up to second 5", monitor.Reason);
        Assert.False(monitor.Observe(6, Second(100, 50, 1000)));    // fires once
    }

    [Fact]
    public void Net_Count_Time_AndQuantile()
    {
        Assert.True(new AutostopMonitor([Parse("net(xx, 1, 1s)")]).Observe(0, Second(10, 2, 1000, net: 104)));
        Assert.False(new AutostopMonitor([Parse("net(xx, 2, 1s)")]).Observe(0, Second(10, 2, 1000, net: 104)));
        Assert.True(new AutostopMonitor([Parse("time(1ms, 1s)")]).Observe(0, Second(10, 0, 2000)));
        Assert.False(new AutostopMonitor([Parse("time(5ms, 1s)")]).Observe(0, Second(10, 0, 2000)));
        Assert.True(new AutostopMonitor([Parse("quantile(95, 1ms, 1s)")]).Observe(0, Second(10, 0, 2000)));
    }

    [Fact]
    public void AGapOfSeconds_BreaksTheStreak_AndLimitIsATimer()
    {
        var monitor = new AutostopMonitor([Parse("http(5xx, 1, 2s)"), Parse("limit(5m)"), Parse("limit(1m)")]);

        Assert.False(monitor.Observe(0, Second(10, 5, 1000)));
        Assert.False(monitor.Observe(2, Second(10, 5, 1000)));
        Assert.True(monitor.Observe(3, Second(10, 5, 1000)));
        Assert.Equal(TimeSpan.FromMinutes(1), monitor.Limit);
    }

    [Fact]
    public void InAPlan_AutostopIsRead_AndErrorsPointIntoTheScalar()
    {
        var good = PlanLoader.Parse("""
            target: builtin
            load: { users: 1, duration: 10s }
            scenario: { main: [ { get: / } ] }
            autostop: [ "http(5xx, 10%, 10s)", limit(5m) ]
            """, "p.yaml");
        Assert.Equal([AutostopKind.Http, AutostopKind.Limit], good.Autostop.Select(a => a.Kind));

        var e = Assert.Throws<PlanException>(() => PlanLoader.Parse("""
            target: builtin
            load: { users: 1, duration: 10s }
            scenario: { main: [ { get: / } ] }
            autostop:
              - http(6xx, 10%, 10s)
            """, "p.yaml"));
        Assert.Equal(new SourcePosition("p.yaml", 5, 10), Assert.Single(e.Errors).Position);
    }
}
