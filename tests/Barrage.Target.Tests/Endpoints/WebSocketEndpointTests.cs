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

    private Uri WebSocketAddress() => new UriBuilder(fixture.Server.BaseAddress) { Scheme = "ws", Path = "/ws/echo" }.Uri;

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
