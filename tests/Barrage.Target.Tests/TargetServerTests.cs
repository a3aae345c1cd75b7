using System.Diagnostics;
using System.Net.Sockets;

namespace Barrage.Target.Tests;

public sealed class TargetServerTests
{
    [Fact]
    public async Task StartAsync_PortZero_ServesOnAFreeLoopbackPort()
    {
        await using var first = await TargetServer.StartAsync(new TargetServerOptions());
        await using var second = await TargetServer.StartAsync(new TargetServerOptions { Listen = "localhost:0" });
        using var client = new HttpClient();

        Assert.Equal("127.0.0.1", first.BaseAddress.Host);
        Assert.NotEqual(0, first.BaseAddress.Port);
        Assert.NotEqual(first.BaseAddress.Port, second.BaseAddress.Port);
        Assert.Equal("/", first.BaseAddress.AbsolutePath);
        Assert.Equal("barrage target\n", await client.GetStringAsync(first.BaseAddress));
        Assert.Equal("barrage target\n", await client.GetStringAsync(second.BaseAddress));
    }

    [Fact]
    public async Task StartAsync_IPv6Loopback_Serves()
    {
        if (!Socket.OSSupportsIPv6)
            return;
        await using var server = await TargetServer.StartAsync(new TargetServerOptions { Listen = "[::1]:0" });
        using var client = new HttpClient();

        Assert.Equal("[::1]", server.BaseAddress.Host);
        Assert.Equal("barrage target\n", await client.GetStringAsync(server.BaseAddress));
    }

    [Fact]
    public async Task StartAsync_BadOptions_ThrowsWithEveryReason()
    {
        var options = new TargetServerOptions
        {
            Listen = "127.0.0.1",
            Stall = new StallSchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => TargetServer.StartAsync(options));

        Assert.Contains("host:port", error.Message);
        Assert.Contains("shorter than the period", error.Message);
    }

    [Fact]
    public async Task StartAsync_PortInUse_ThrowsIOException()
    {
        await using var taken = await TargetServer.StartAsync(new TargetServerOptions());

        await Assert.ThrowsAsync<IOException>(() =>
            TargetServer.StartAsync(new TargetServerOptions { Listen = $"127.0.0.1:{taken.BaseAddress.Port}" }));
    }

    [Fact]
    public async Task StopAsync_EndsRequestsStillWaiting()
    {
        var server = await TargetServer.StartAsync(new TargetServerOptions());
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var waiting = client.GetAsync("/delay/60000");
        await Endpoints.BasicEndpointsTests.WaitUntilAsync(() => server.Stats.InFlight == 1);

        var stopping = Stopwatch.StartNew();
        await server.DisposeAsync();

        // well inside the 5 s Kestrel would give a request that ignored the stop
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(4), $"stopping took {stopping.ElapsedMilliseconds} ms");
        await Assert.ThrowsAsync<HttpRequestException>(() => waiting);
        await server.StopAsync();
    }

    [Fact]
    public async Task Garbage_GetsAnErrorAndTheServerCarriesOn()
    {
        await using var server = await TargetServer.StartAsync(new TargetServerOptions());

        var garbage = await RawHttp.SendAsync(server.BaseAddress, "\u0001\u0002 NOT HTTP AT ALL\r\n\r\n");
        var hugeHeader = await RawHttp.SendAsync(server.BaseAddress, $"GET / HTTP/1.1\r\nHost: t\r\nX-Big: {new string('x', 40_000)}\r\n\r\n");
        var badChunks = await RawHttp.SendAsync(server.BaseAddress,
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
        var cutShort = await RawHttp.SendAsync(server.BaseAddress, "POST /bytes/1 HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc",
            TimeSpan.FromSeconds(2)); // the read ends by this timeout: long enough for the 200 on a busy machine

        Assert.StartsWith("HTTP/1.1 400 ", garbage.Text);
        Assert.StartsWith("HTTP/1.1 431 ", hugeHeader.Text);
        Assert.StartsWith("HTTP/1.1 400 ", badChunks.Text);
        Assert.StartsWith("HTTP/1.1 200 OK", cutShort.Text);
        Assert.IsAssignableFrom<OperationCanceledException>(cutShort.Error); // the server waits for the rest of the body
        using var client = new HttpClient();
        Assert.Equal("barrage target\n", await client.GetStringAsync(server.BaseAddress));
    }
}
