using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Barrage.Target.Tests.Endpoints;

/// <summary>Each test has a server of its own: a stall holds every response of its server.</summary>
public sealed class StallEndpointTests
{
    [Fact]
    public async Task Stall_ResponseStartingInAWindow_WaitsForTheWindowToClose()
    {
        await using var server = await TargetServer.StartAsync(new TargetServerOptions());
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var set = JsonDocument.Parse(await client.GetStringAsync("/stall?every=1s&for=600ms"));
        Assert.InRange(set.RootElement.GetProperty("stall").GetProperty("next_window_in_ms").GetInt64(), 1, 400);

        // step into an open window with time left in it (a busy machine may oversleep past one)
        var gate = server.State.Stall;
        TimeSpan remaining;
        for (int attempt = 0; (remaining = gate.RemainingStall()) < TimeSpan.FromMilliseconds(300); attempt++)
        {
            Assert.True(attempt < 5, "never caught an open stall window");
            await Task.Delay(gate.UntilNextWindow()!.Value + TimeSpan.FromMilliseconds(20));
        }
        var elapsed = Stopwatch.StartNew();
        var response = await client.GetAsync("/");
        elapsed.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(elapsed.Elapsed >= remaining - TimeSpan.FromMilliseconds(100),
            $"the response came after {elapsed.ElapsedMilliseconds} ms with {remaining.TotalMilliseconds} ms of the window left");
    }

    [Fact]
    public async Task Stall_OffAndShow_ReportTheSchedule()
    {
        await using var server = await TargetServer.StartAsync(new TargetServerOptions());
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        Assert.Equal("{\"stall\":null}", await client.GetStringAsync("/stall"));
        using var set = JsonDocument.Parse(await client.GetStringAsync("/stall?every=1m&for=1500ms"));
        var stall = set.RootElement.GetProperty("stall");
        Assert.Equal(60_000, stall.GetProperty("every_ms").GetInt64());
        Assert.Equal(1_500, stall.GetProperty("for_ms").GetInt64());
        Assert.True(server.State.Stall.IsActive);

        Assert.Equal("{\"stall\":null}", await client.GetStringAsync("/stall?off"));
        Assert.False(server.State.Stall.IsActive);
    }

    [Fact]
    public async Task Stall_FromOptions_IsInForceFromTheStart()
    {
        var schedule = new StallSchedule(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));
        await using var server = await TargetServer.StartAsync(new TargetServerOptions { Stall = schedule });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var shown = JsonDocument.Parse(await client.GetStringAsync("/stall"));

        Assert.Equal(schedule, server.State.Stall.Schedule);
        Assert.Equal(10_000, shown.RootElement.GetProperty("stall").GetProperty("every_ms").GetInt64());
    }

    [Theory]
    [InlineData("/stall?every=10s")]
    [InlineData("/stall?for=1s")]
    [InlineData("/stall?every=0s&for=0s")]
    [InlineData("/stall?every=1s&for=1s")]
    [InlineData("/stall?every=10&for=1")]
    [InlineData("/stall?every=soon&for=1s")]
    public async Task Stall_BadSchedule_Gives400AndChangesNothing(string path)
    {
        await using var server = await TargetServer.StartAsync(new TargetServerOptions());
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(server.State.Stall.IsActive);
    }
}
