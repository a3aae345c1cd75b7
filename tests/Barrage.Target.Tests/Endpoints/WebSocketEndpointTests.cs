using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace Barrage.Target.Tests.Endpoints;

public sealed class WebSocketEndpointTests(TargetServerFixture fixture) : IClassFixture<TargetServerFixture>
{
    [Fact]
    public async Task Echo_SendsEveryMessageBack()
    {
        fixture.Server.Stats.Reset();
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(WebSocketAddress(), timeout.Token);

        await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var (type, text) = await ReceiveAsync(socket, timeout.Token);
        Assert.Equal((WebSocketMessageType.Text, "hello"), (type, Encoding.UTF8.GetString(text)));

        // one message in two frames comes back as one message
        var big = new byte[40_000];
        Random.Shared.NextBytes(big);
        await socket.SendAsync(big.AsMemory(0, 30_000), WebSocketMessageType.Binary, false, timeout.Token);
        await socket.SendAsync(big.AsMemory(30_000), WebSocketMessageType.Binary, true, timeout.Token);
        var (binaryType, binary) = await ReceiveAsync(socket, timeout.Token);
        Assert.Equal(WebSocketMessageType.Binary, binaryType);
        Assert.Equal(big, binary);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal(2, fixture.Server.Stats.WebSocketMessages);
        Assert.Equal(40_005, fixture.Server.Stats.BytesOut);
        await BasicEndpointsTests.WaitUntilAsync(() => fixture.Server.Stats.ByStatus.GetValueOrDefault(101) == 1);
    }

    [Fact]
    public async Task Echo_WithoutUpgrade_Gives400()
    {
        var response = await fixture.Client.GetAsync("/ws/echo");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Echo_CloseAfter_ClosesProperlyAfterThatManyMessages()
    {
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(WebSocketAddress("close_after=2"), timeout.Token);

        foreach (var text in new[] { "one", "two" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
            Assert.Equal(text, Encoding.UTF8.GetString((await ReceiveAsync(socket, timeout.Token)).Payload));
        }
        var close = await socket.ReceiveAsync(new byte[16], timeout.Token);

        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("close_after", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Echo_AbortOn_DropsTheConnectionWithoutACloseFrame_InsteadOfThatMessagesEcho()
    {
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(WebSocketAddress("abort_on=2"), timeout.Token);
        await socket.SendAsync("x"u8.ToArray(), WebSocketMessageType.Binary, true, timeout.Token);
        Assert.Equal("x"u8.ToArray(), (await ReceiveAsync(socket, timeout.Token)).Payload);
        await socket.SendAsync("y"u8.ToArray(), WebSocketMessageType.Binary, true, timeout.Token);

        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ReceiveAsync(new byte[16], timeout.Token));

        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
    }

    [Fact]
    public async Task Echo_Delay_HoldsEachEchoBack()
    {
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(WebSocketAddress("delay=300ms"), timeout.Token);
        await socket.SendAsync("slow"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);

        // nothing within a tenth of the delay (a lower bound, safe on a slow machine); the echo after it
        var pending = socket.ReceiveAsync(new byte[16], CancellationToken.None);
        Assert.NotSame(pending, await Task.WhenAny(pending, Task.Delay(30, timeout.Token)));
        var echoed = await pending.WaitAsync(timeout.Token);

        Assert.Equal(4, echoed.Count);
    }

    [Theory]
    [InlineData("delay=fast")]
    [InlineData("close_after=0")]
    [InlineData("abort_on=x")]
    public async Task Echo_BadControls_Give400(string query)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketAddress(query), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    private Uri WebSocketAddress(string? query = null) =>
        new UriBuilder(fixture.Server.BaseAddress) { Scheme = "ws", Path = "/ws/echo", Query = query }.Uri;

    private static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var message = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
                return (result.MessageType, message.ToArray());
        }
    }
}
