using System.Text.Json;
using Barrage.Engine;
using Barrage.Metrics;
using Barrage.Reporting.Summaries;
using Barrage.Transport;

namespace Barrage.Reporting.Tests.Summaries;

public sealed class SummaryJsonTests
{
    private static Sample Sample(long us, int status, int net = 0) => new()
    {
        Tag = "t",
        StartUnixMicros = 0,
        ScheduledUs = 0,
        StartUs = 0,
        TotalUs = us,
        Result = new TransportResult(0, 0, us, 0, 50, 500, net, status),
    };

    private static RunSummary Summary()
    {
        var total = new Aggregate();
        for (var i = 1; i <= 100; i++)
            total.Add(Sample(i * 1000, 200));
        total.Add(Sample(5000, 503));
        total.Add(Sample(100, 0, NetCodes.ConnectionRefused));
        var outcome = new RunOutcome(StopReason.Completed, new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(10));
        return RunSummary.From("shop", "http://127.0.0.1:8080/", 4, outcome, total);
    }

    [Fact]
    public void Write_Tags_OnePerTag_WithItsLatency()
    {
        var totals = new Barrage.Metrics.TimeSeries.SeriesTotals();
        var cart = new Barrage.Metrics.TimeSeries.SeriesStats();
        cart.Add(Sample(2_000, 200));
        cart.Add(Sample(4_000, 500));
        totals.Add(new Barrage.Metrics.TimeSeries.SeriesSlice(0, "cart", cart, false));
        var summary = Summary() with { Tags = TagSummary.From(totals, TimeSpan.FromSeconds(4)) };

        using var stream = new MemoryStream();
        SummaryJson.Write(summary, stream);
        var tag = Assert.Single(JsonDocument.Parse(stream.ToArray()).RootElement.GetProperty("tags").EnumerateArray());

        Assert.Equal(["tag", "requests", "rps", "errors", "latency_us", "response_time_us"], tag.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cart", tag.GetProperty("tag").GetString());
        Assert.Equal(2, tag.GetProperty("requests").GetInt64());
        Assert.Equal(0.5, tag.GetProperty("rps").GetDouble());
        Assert.Equal(1, tag.GetProperty("errors").GetInt64());
        Assert.InRange(tag.GetProperty("latency_us").GetProperty("max").GetInt64(), 3_990, 4_010);
    }

    [Fact]
    public void Write_HasTheDocumentedKeysAndValues()
    {
        using var stream = new MemoryStream();
        SummaryJson.Write(Summary(), stream);
        var root = JsonDocument.Parse(stream.ToArray()).RootElement;

        Assert.Equal(
            ["schema", "name", "target", "started_at", "duration_s", "stop_reason", "model", "users", "requests", "rps", "successes",
             "errors", "net_errors", "http_errors", "cut_at_stop", "check_failures", "checks_passed", "latency_us", "response_time_us", "bytes_in", "bytes_out",
             "status_codes", "status_classes", "net_codes", "outcomes", "checks", "tags", "thresholds"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(102, root.GetProperty("requests").GetInt64());
        Assert.Equal(10.2, root.GetProperty("rps").GetDouble());
        Assert.Equal(10.0, root.GetProperty("duration_s").GetDouble());
        Assert.Equal(2, root.GetProperty("errors").GetInt64());
        Assert.Equal(1, root.GetProperty("net_errors").GetInt64());
        Assert.Equal(1, root.GetProperty("http_errors").GetInt64());
        Assert.Equal("2026-11-23T12:00:00.0000000+00:00", root.GetProperty("started_at").GetString());
        var latency = root.GetProperty("latency_us");
        Assert.Equal(["min", "mean", "p50", "p90", "p95", "p99", "p999", "max"], latency.EnumerateObject().Select(p => p.Name));
        Assert.InRange(latency.GetProperty("p50").GetInt64(), 49_000, 51_000);
        Assert.InRange(latency.GetProperty("max").GetInt64(), 99_900, 100_100);
        Assert.Equal(100, root.GetProperty("status_codes").GetProperty("200").GetInt64());
        Assert.Equal(1, root.GetProperty("status_classes").GetProperty("5xx").GetInt64());
        Assert.Equal(1, root.GetProperty("net_codes").GetProperty("111").GetInt64());
        Assert.Equal(101, root.GetProperty("net_codes").GetProperty("0").GetInt64());
        Assert.Equal(102 * 500, root.GetProperty("bytes_in").GetInt64());
    }

    [Fact]
    public void Checks_AreCountedByNameAndTag_ApartFromErrors()
    {
        var total = new Aggregate();
        total.Add(Sample(1000, 200));
        total.Add(Sample(1000, 500));
        foreach (var (check, tag, passed) in new[] { ("status 200", "t", true), ("status 200", "t", false), ("status 200", "u", true), ("extract id", "t", false) })
            total.Add(new CheckSample { Check = check, Tag = tag, Passed = passed, StartUs = 0 });
        var outcome = new RunOutcome(StopReason.Completed, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1));
        var summary = RunSummary.From("c", "http://127.0.0.1/", 1, outcome, total);
        using var stream = new MemoryStream();

        SummaryJson.Write(summary, stream);

        var root = JsonDocument.Parse(stream.ToArray()).RootElement;
        Assert.Equal((2L, 2L, 1L), (root.GetProperty("check_failures").GetInt64(), root.GetProperty("checks_passed").GetInt64(), root.GetProperty("errors").GetInt64()));
        Assert.Equal(
            ["extract id/t 0/1", "status 200/t 1/1", "status 200/u 1/0"],
            root.GetProperty("checks").EnumerateArray().Select(c =>
                $"{c.GetProperty("name").GetString()}/{c.GetProperty("tag").GetString()} {c.GetProperty("passed").GetInt64()}/{c.GetProperty("failed").GetInt64()}"));
    }

    [Fact]
    public void OpenModel_AddsArrivalCountsSeedAndDispatchLag_DroppedAreNotRequests()
    {
        var total = new Aggregate();
        for (var i = 0; i < 10; i++)
            total.Add(Sample(1000, 200) with { ScheduledUs = i * 100_000, StartUs = i * 100_000 + 200 * (i + 1) });
        total.Add(Sample(0, 0, NetCodes.Dropped) with { Tag = "dropped", ScheduledUs = 5, StartUs = 2_000_000 });
        var outcome = new RunOutcome(StopReason.Completed, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1));
        var summary = RunSummary.From("o", "http://127.0.0.1/", 0, outcome, total) with
        {
            Model = Plans.LoadModel.Open,
            Planned = 11,
            Sent = 10,
            Completed = 10,
            Seed = 7,
        };
        using var stream = new MemoryStream();

        SummaryJson.Write(summary, stream);

        var root = JsonDocument.Parse(stream.ToArray()).RootElement;
        Assert.Equal(
            ["schema", "name", "target", "started_at", "duration_s", "stop_reason", "model", "users", "planned", "sent", "completed",
             "dropped", "seed", "requests", "rps", "successes", "errors", "net_errors", "http_errors", "cut_at_stop", "check_failures", "checks_passed", "latency_us",
             "response_time_us", "dispatch_lag_us", "bytes_in", "bytes_out", "status_codes", "status_classes", "net_codes", "outcomes", "checks", "tags", "thresholds"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("open", root.GetProperty("model").GetString());
        Assert.Equal((11, 10, 10, 1), (root.GetProperty("planned").GetInt64(), root.GetProperty("sent").GetInt64(), root.GetProperty("completed").GetInt64(), root.GetProperty("dropped").GetInt64()));
        Assert.Equal(10, root.GetProperty("requests").GetInt64());
        var lag = root.GetProperty("dispatch_lag_us");
        Assert.Equal(["min", "mean", "p50", "p90", "p95", "p99", "p999", "max"], lag.EnumerateObject().Select(p => p.Name));
        Assert.Equal(200, lag.GetProperty("min").GetInt64());
        Assert.InRange(lag.GetProperty("max").GetInt64(), 1_999, 2_001);
        Assert.InRange(root.GetProperty("response_time_us").GetProperty("max").GetInt64(), 2_999, 3_001);
    }

    [Fact]
    public void TargetUnreachable_OnlyWhenNothingGotThrough()
    {
        Assert.False(Summary().TargetUnreachable);
        var total = new Aggregate();
        total.Add(Sample(100, 0, NetCodes.ConnectionRefused));
        total.Add(Sample(100, 0, NetCodes.DnsFailure));
        var outcome = new RunOutcome(StopReason.Completed, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1));

        Assert.True(RunSummary.From("x", "y", 1, outcome, total).TargetUnreachable);
        total.Add(Sample(100, 0, NetCodes.Cancelled));
        Assert.True(RunSummary.From("x", "y", 1, outcome, total).TargetUnreachable); // cut at the stop while refused elsewhere
        Assert.False(RunSummary.From("x", "y", 1, outcome, new Aggregate()).TargetUnreachable);
    }

    [Fact]
    public void TargetUnreachable_NotWhenTheOnlyFailuresWereCutAtTheGracefulStop()
    {
        var total = new Aggregate();
        total.Add(Sample(100, 0, NetCodes.Cancelled));
        total.Add(Sample(100, 0, NetCodes.Cancelled));
        var summary = RunSummary.From("x", "y", 1, new RunOutcome(StopReason.Completed, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1)), total);

        Assert.False(summary.TargetUnreachable);
        Assert.Equal(2, summary.CutAtStop);
        Assert.Equal(2, summary.NetErrors); // still transport errors, as the errors thresholds count them
    }

    [Fact]
    public void Outcomes_WebSocketSamplesAreTheirOwnKind_AndNotHttpStatuses()
    {
        var total = new Aggregate();
        total.Add(Sample(1000, 200));
        var ws = new TransportResult(0, 0, 10, 0, 5, 5, NetCodes.Ok, 101) { Kind = OutcomeKind.WebSocket };
        total.Add(new Sample { Tag = "WS send", StartUnixMicros = 0, ScheduledUs = 0, StartUs = 0, TotalUs = 10, Result = ws });
        total.Add(new Sample { Tag = "WS receive", StartUnixMicros = 0, ScheduledUs = 0, StartUs = 0, TotalUs = 10, Result = ws with { StatusCode = 0, NetCode = NetCodes.Timeout } });
        var outcome = new RunOutcome(StopReason.Completed, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1));
        using var stream = new MemoryStream();

        SummaryJson.Write(RunSummary.From("ws", "http://127.0.0.1/", 1, outcome, total), stream);

        var root = JsonDocument.Parse(stream.ToArray()).RootElement;
        Assert.Equal(["200"], root.GetProperty("status_codes").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["2xx"], root.GetProperty("status_classes").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["HTTP 2xx 1", "WS ok 1", "net 110 1 timeout"], root.GetProperty("outcomes").EnumerateArray().Select(o =>
            $"{o.GetProperty("kind").GetString()} {o.GetProperty("code").GetString()} {o.GetProperty("count").GetInt64()}" +
            (o.TryGetProperty("meaning", out var m) ? " " + m.GetString() : "")));
    }
}
