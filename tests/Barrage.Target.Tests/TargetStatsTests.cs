namespace Barrage.Target.Tests;

public sealed class TargetStatsTests
{
    [Fact]
    public void RequestStartedAndEnded_CountEverything()
    {
        var stats = new TargetStats();
        stats.ConnectionAccepted();
        stats.RequestStarted("GET", "/bytes/10", "/bytes/{n}");
        stats.RequestStarted("POST", "/bytes/20", "/bytes/{n}", "HTTP/2");
        stats.RequestEnded(200);
        stats.AddBytesIn(5);
        stats.AddBytesOut(30);
        stats.WebSocketMessageEchoed();

        Assert.Equal(2, stats.Requests);
        Assert.Equal(1, stats.Connections);
        Assert.Equal(1, stats.InFlight);
        Assert.Equal(2, stats.MaxInFlight);
        Assert.Equal(5, stats.BytesIn);
        Assert.Equal(30, stats.BytesOut);
        Assert.Equal(1, stats.WebSocketMessages);
        Assert.Equal(new Dictionary<string, long> { ["GET"] = 1, ["POST"] = 1 }, stats.ByMethod);
        Assert.Equal(new Dictionary<string, long> { ["/bytes/10"] = 1, ["/bytes/20"] = 1 }, stats.ByPath);
        Assert.Equal(new Dictionary<string, long> { ["/bytes/{n}"] = 2 }, stats.ByRoute);
        Assert.Equal(new Dictionary<int, long> { [200] = 1 }, stats.ByStatus);
        Assert.Equal(new Dictionary<string, long> { ["HTTP/1.1"] = 1, ["HTTP/2"] = 1 }, stats.ByProtocol);
    }

    [Fact]
    public void Reset_ZeroesCountsButKeepsRequestsInFlight()
    {
        var stats = new TargetStats();
        stats.RequestStarted("GET", "/", "/");
        stats.RequestStarted("GET", "/", "/");
        stats.RequestEnded(200);

        stats.Reset();

        Assert.Equal(0, stats.Requests);
        Assert.Empty(stats.ByPath);
        Assert.Empty(stats.ByProtocol);
        Assert.Empty(stats.ByStatus);
        Assert.Equal(1, stats.InFlight);
        Assert.Equal(1, stats.MaxInFlight);
        stats.RequestEnded(200);
        Assert.Equal(0, stats.InFlight);
    }
}
