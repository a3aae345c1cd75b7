using System.Net;
using System.Text;
using System.Text.Json;

namespace Barrage.Target.Tests.Endpoints;

public sealed class StatsEndpointsTests(TargetServerFixture fixture) : IClassFixture<TargetServerFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Stats_CountsByMethodPathRouteAndStatus()
    {
        fixture.Server.Stats.Reset();

        await Client.GetAsync("/bytes/10");
        await Client.GetAsync("/bytes/20");
        await Client.PostAsync("/bytes/10", new StringContent("seven!!"));
        await Client.GetAsync("/nope");
        await Client.GetAsync("/status/503");
        await Client.GetStringAsync("/stats");
        using var stats = await StatsAsync();
        var root = stats.RootElement;

        Assert.Equal(5, root.GetProperty("requests").GetInt64());
        Assert.Equal("{\"GET\":4,\"POST\":1}", root.GetProperty("by_method").GetRawText());
        Assert.Equal("{\"/bytes/10\":2,\"/bytes/20\":1,\"/nope\":1,\"/status/503\":1}", root.GetProperty("by_path").GetRawText());
        Assert.Equal("{\"(none)\":1,\"/bytes/{n}\":3,\"/status/{code}\":1}", root.GetProperty("by_route").GetRawText());
        Assert.Equal("{\"200\":3,\"404\":1,\"503\":1}", root.GetProperty("by_status").GetRawText());
        Assert.Equal(7, root.GetProperty("bytes_in").GetInt64());
        Assert.Equal(10 + 20 + 10 + "503 Service Unavailable\n".Length, root.GetProperty("bytes_out").GetInt64());
        Assert.Equal(0, root.GetProperty("in_flight").GetInt64());
        Assert.Equal(1, root.GetProperty("max_in_flight").GetInt64());
        Assert.Equal(0, root.GetProperty("ws_messages").GetInt64());
    }

    [Fact]
    public async Task Stats_EveryKeyIsSnakeCase()
    {
        using var stats = await StatsAsync();

        Assert.Equal(
            ["requests", "by_method", "by_path", "by_route", "by_protocol", "by_status", "connections", "in_flight", "max_in_flight", "bytes_in", "bytes_out", "ws_messages"],
            stats.RootElement.EnumerateObject().Select(property => property.Name));
    }

    [Fact]
    public async Task Reset_ZeroesTheCounters()
    {
        await Client.GetAsync("/json");

        var reset = await Client.PostAsync("/stats/reset", null);
        using var stats = await StatsAsync();

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(0, stats.RootElement.GetProperty("requests").GetInt64());
        Assert.Equal("{}", stats.RootElement.GetProperty("by_path").GetRawText());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Client.GetAsync("/stats/reset")).StatusCode);
    }

    [Fact]
    public async Task Stats_ParallelDelays_OverlapInFlight()
    {
        fixture.Server.Stats.Reset();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Client.GetAsync("/delay/200")));

        Assert.InRange(fixture.Server.Stats.MaxInFlight, 2, 4);
        Assert.Equal(4, fixture.Server.Stats.Requests);
    }

    [Fact]
    public async Task Stats_CountConnectionsAndFaultedRequests()
    {
        fixture.Server.Stats.Reset();

        await RawHttp.SendAsync(fixture.Server.BaseAddress, "GET / HTTP/1.1\r\nHost: t\r\n\r\n" + RawHttp.Get("/fault/reset"));
        await RawHttp.SendAsync(fixture.Server.BaseAddress, RawHttp.Get("/fault/malformed"));
        await BasicEndpointsTests.WaitUntilAsync(() => fixture.Server.Stats.InFlight == 0);

        var stats = fixture.Server.Stats;
        Assert.Equal(2, stats.Connections);
        Assert.Equal(3, stats.Requests);
        Assert.Equal(new Dictionary<int, long> { [0] = 1, [200] = 2 }, stats.ByStatus);
        Assert.Equal("barrage target\n".Length + 100, stats.BytesOut);
    }

    [Fact]
    public async Task Stats_RandomPaths_AreCappedNotUnbounded()
    {
        fixture.Server.Stats.Reset();
        var request = new StringBuilder();
        for (int i = 0; i < 1_100; i++)
            request.Append($"HEAD /random/{i} HTTP/1.1\r\nHost: t\r\n\r\n");

        await RawHttp.SendAsync(fixture.Server.BaseAddress, request + RawHttp.Get("/"));

        var byPath = fixture.Server.Stats.ByPath;
        Assert.Equal(1_001, byPath.Count);
        Assert.Equal(1_101, byPath.Values.Sum());
        Assert.Equal(1_101 - 1_000, byPath["(other)"]);
    }

    private async Task<JsonDocument> StatsAsync()
    {
        await BasicEndpointsTests.WaitUntilAsync(() => fixture.Server.Stats.InFlight == 0);
        return JsonDocument.Parse(await Client.GetStringAsync("/stats"));
    }
}
