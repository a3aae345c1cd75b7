using System.Net.Sockets;
using System.Text;
using Barrage.Engine;
using Barrage.Metrics.TimeSeries;
using Barrage.Plans;
using Barrage.Reporting.Export;
using Barrage.Transport;

namespace Barrage.Web.Live;

/// <summary>The live feed: a page opened mid-run gets everything so far then goes on; a stalled browser costs the run nothing.</summary>
public sealed class LiveFeedTests
{
    private static readonly Plan Plan = new()
    {
        Name = "live",
        Target = TargetSpec.Builtin,
        Load = new LoadSpec { Users = 2, Duration = TimeSpan.FromSeconds(60) },
        Scenario = new Scenario { Main = [] },
        Thresholds = [Threshold("p99 < 1s"), Threshold("errors < 1%")],
    };

    private static Barrage.Thresholds.Threshold Threshold(string text)
    {
        Assert.True(Barrage.Thresholds.ThresholdParser.TryParse(text, out var t, out _));
        return t!;
    }

    /// <summary>Feeds second <paramref name="second"/>: <paramref name="requests"/> requests of 2 ms, a tenth of them 500s.</summary>
    private static void Feed(ILiveRunFeed feed, long second, int requests = 50, SeriesTotals? totals = null)
    {
        var collector = new TimeSeriesCollector(shards: 1);
        for (var i = 0; i < requests; i++)
        {
            var start = second * 1_000_000 + i * 1000;
            collector.Record(new Sample
            {
                Tag = i % 2 == 0 ? "home" : "cart",
                StartUnixMicros = 0,
                ScheduledUs = start - 100,
                StartUs = start,
                TotalUs = 2000,
                Result = new TransportResult(1, 1, 1900, 1, 10, 10, 0, i % 10 == 0 ? 500 : 200),
            });
        }
        collector.Complete(slice =>
        {
            // As the run recorder does: the totals first, then the feed.
            totals?.Add(slice);
            feed.Second(slice, slice.Tag is null ? new RunGauges(2, 1, null) : null);
        });
    }

    [Fact]
    public async Task PageOpenedMidRun_GetsEveryFrameSoFar_ThenContinuesLive_ThenEnds()
    {
        await using var d = await Dashboard.StartAsync();
        using var stop = new CancellationTokenSource();
        var (number, feed) = d.Server.Follow("live", stop);
        var totals = new SeriesTotals();
        feed.Started(42, Plan, totals);
        for (var s = 0; s < 3; s++)
            Feed(feed, s, totals: totals);

        using var stream = await d.Http.GetStreamAsync(new Uri($"api/live/{number}/events", UriKind.Relative));
        using var reader = new StreamReader(stream);
        var init = await NextEventAsync(reader);
        Assert.Equal("init", init.Event);
        Assert.Contains("\"runId\":42", init.Data, StringComparison.Ordinal);
        var frames = System.Text.Json.JsonDocument.Parse(init.Data).RootElement.GetProperty("frames");
        Assert.Equal([0, 1, 2], frames.EnumerateArray().Select(f => f.GetProperty("seq").GetInt32()));
        var first = frames[0];
        Assert.Equal(50, first.GetProperty("requests").GetInt64());
        Assert.Equal(5, first.GetProperty("httpErrors").GetInt64());
        Assert.InRange(first.GetProperty("lagUs").GetDouble(), 90, 110); // 100 µs late, within the histograms' precision
        Assert.Equal(2, first.GetProperty("users").GetInt32());
        // Past frames come without the per-tag table and thresholds; the latest has them, over the run so far.
        Assert.Equal(0, first.GetProperty("tags").GetArrayLength());
        var latest = frames[2];
        Assert.Equal(["cart", "home"], latest.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("tag").GetString()));
        Assert.Equal(75, latest.GetProperty("tags")[0].GetProperty("requests").GetInt64());
        var thresholds = latest.GetProperty("thresholds").EnumerateArray().ToList();
        Assert.True(thresholds[0].GetProperty("passed").GetBoolean());
        Assert.False(thresholds[1].GetProperty("passed").GetBoolean()); // 10 % errors

        Feed(feed, 3, totals: totals);
        var next = await NextEventAsync(reader);
        Assert.Equal("frame", next.Event);
        Assert.Contains("\"seq\":3", next.Data, StringComparison.Ordinal);

        d.Server.Finished(feed, 0);
        var end = await NextEventAsync(reader);
        Assert.Equal("state", end.Event);
        Assert.Contains("\"status\":\"finished\"", end.Data, StringComparison.Ordinal);
        Assert.Null(await reader.ReadLineAsync());

        var missed = await d.GetJsonAsync($"api/live/{number}/frames?from=2");
        Assert.Equal([2, 3], missed.EnumerateArray().Select(f => f.GetProperty("seq").GetInt32()));
        Assert.Equal(0, missed[0].GetProperty("tags").GetArrayLength());
        Assert.Equal(2, missed[1].GetProperty("tags").GetArrayLength());
    }

    [Fact]
    public async Task StopButton_CancelsTheRunsToken()
    {
        await using var d = await Dashboard.StartAsync();
        using var stop = new CancellationTokenSource();
        var (number, _) = d.Server.Follow("live", stop);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await d.PostAsync($"api/live/{number}/stop")).StatusCode);
        Assert.True(stop.IsCancellationRequested);
    }

    [Fact]
    public async Task FinishedRun_LetsGoOfItsPlan_WhichWouldHoldItsPluginsLoaded()
    {
        using var stop = new CancellationTokenSource();
        var run = new LiveRun("live", stop);
        var plan = StartWithOwnPlan(run);
        Feed(run, 0, requests: 4);

        run.Finish(0);
        for (var i = 0; i < 10 && plan.TryGetTarget(out _); i++)
        {
            await Task.Run(static () => { }); // as the plugin tests do: a collection right on the test's thread missed garbage here
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(plan.TryGetTarget(out _), "the dashboard's finished run still holds its plan");
        Assert.Equal(1, run.State().Frames);
    }

    // Apart, so that no local of the test keeps the plan alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<Plan> StartWithOwnPlan(LiveRun run)
    {
        var plan = Plan with { Name = "own" };
        run.Started(1, plan, new SeriesTotals());
        return new WeakReference<Plan>(plan);
    }

    [Fact]
    public void Subscription_NeverRead_KeepsOnlyTheNewestFrames_AndPublishingNeverWaits()
    {
        using var stop = new CancellationTokenSource();
        var run = new LiveRun("live", stop);
        run.Started(1, Plan, new SeriesTotals());
        using var stalled = run.Subscribe();
        for (var s = 0; s < 200; s++)
            Feed(run, s, requests: 4);
        Assert.Equal(LiveSubscription.Capacity, stalled.Channel.Reader.Count);
        Assert.True(stalled.Dropped >= 190, $"dropped {stalled.Dropped}");
        Assert.Equal(200, run.State().Frames);
        Assert.True(stalled.Channel.Reader.TryRead(out var oldest));
        Assert.Contains("\"seq\":196", oldest.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StalledBrowserOverTheNetwork_DoesNotHoldUpTheFeed_NorAnotherBrowser()
    {
        await using var d = await Dashboard.StartAsync();
        using var stop = new CancellationTokenSource();
        var (number, feed) = d.Server.Follow("live", stop);
        // Totals of 100 tags (added once): every frame then lists them all, about 12 kB a frame.
        var totals = new SeriesTotals();
        FeedTags(totals, 100);
        feed.Started(1, Plan, totals);

        // A client that asks for the stream and never reads a byte of it: its socket buffers fill up.
        using var stalled = new TcpClient();
        stalled.ReceiveBufferSize = 4096;
        await stalled.ConnectAsync(d.Server.Url.Host, d.Server.Url.Port);
        await stalled.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"GET /api/live/{number}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        while (((LiveRun)feed).Subscribers == 0)
            await Task.Delay(10);

        // Far more frames than fit in the stalled client's socket buffers (each frame is ~10 kB with 60 tags).
        // Bounded: if publishing waited for the stalled client, this would time out instead of hanging the test run.
        await Task.Run(() =>
        {
            for (var s = 0; s < 600; s++)
                Feed(feed, s, requests: 2);
        }).WaitAsync(TimeSpan.FromSeconds(60));

        // The stalled client's socket filled up and its channel dropped frames: the feed went on regardless.
        Assert.True(((LiveRun)feed).Dropped > 0, "the stalled client never fell behind: the test sent too little to fill its buffers");

        using var reader = new StreamReader(await d.Http.GetStreamAsync(new Uri($"api/live/{number}/events", UriKind.Relative)));
        var init = await NextEventAsync(reader);
        Assert.Equal(600, System.Text.Json.JsonDocument.Parse(init.Data).RootElement.GetProperty("frames").GetArrayLength());
        var stalledRun = (LiveRun)feed;
        Assert.Equal(2, stalledRun.Subscribers);
        Feed(feed, 600);
        Assert.Contains("\"seq\":600", (await NextEventAsync(reader)).Data, StringComparison.Ordinal);
        d.Server.Finished(feed, 0);
    }

    private static void FeedTags(SeriesTotals totals, int tags)
    {
        var collector = new TimeSeriesCollector(shards: 1);
        for (var i = 0; i < tags; i++)
        {
            collector.Record(new Sample
            {
                Tag = "tag-" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture),
                StartUnixMicros = 0,
                ScheduledUs = 0,
                StartUs = 0,
                TotalUs = 1000 + i,
                Result = new TransportResult(1, 1, 1, 1, 10, 10, 0, 200),
            });
        }
        collector.Complete(totals.Add);
    }

    private static async Task<(string Event, string Data)> NextEventAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? name = null, data = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = line[6..];
            else if (line.Length == 0 && name is not null)
                return (name, data ?? "");
        }
        throw new InvalidOperationException("the event stream ended");
    }
}
