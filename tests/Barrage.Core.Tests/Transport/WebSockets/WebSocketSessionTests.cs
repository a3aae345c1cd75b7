using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Barrage.Target;
using Barrage.Transport;
using Barrage.Transport.WebSockets;

namespace Barrage.Core.Tests.Transport.WebSockets;

public sealed class WebSocketSessionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly TransportOptions Options = new();

    private TargetServer _server = null!;

    public async Task InitializeAsync() => _server = await TargetServer.StartAsync(new TargetServerOptions { TlsListen = "127.0.0.1:0" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TextAndBinary_RoundTrip_ThenCloseProperly()
    {
        await using var session = new WebSocketSession(Options);

        var connect = await session.ConnectAsync(Echo(), [new("X-User", "7")], Timeout, CancellationToken.None);
        var sendText = await session.SendAsync("hello 42", Timeout, CancellationToken.None);
        var text = await session.ReceiveAsync(Timeout, new Regex(@"hello \d+"), CancellationToken.None);
        byte[] bytes = [0, 1, 2, 255];
        var sendBinary = await session.SendAsync(bytes, Timeout, CancellationToken.None);
        var binary = await session.ReceiveAsync(Timeout, null, CancellationToken.None);
        var close = await session.CloseAsync(Timeout, CancellationToken.None);

        Assert.Equal((NetCodes.Ok, 101), (connect.NetCode, connect.StatusCode));
        Assert.True(connect.ConnectUs > 0);
        Assert.Equal((NetCodes.Ok, 101, 8L), (sendText.NetCode, sendText.StatusCode, sendText.BytesOut));
        Assert.Equal((NetCodes.Ok, WebSocketMessageType.Text, "hello 42", true), (text.Result.NetCode, text.Type, text.Text, text.Matched));
        Assert.Equal(8, text.Result.BytesIn);
        Assert.Equal((NetCodes.Ok, 4L), (sendBinary.NetCode, sendBinary.BytesOut));
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(bytes, binary.Payload.ToArray());
        Assert.Null(binary.Matched);
        Assert.Equal((NetCodes.Ok, 101), (close.NetCode, close.StatusCode));
        Assert.False(session.IsOpen);
        Assert.Equal(2, _server.Stats.WebSocketMessages);
    }

    [Fact]
    public async Task Receive_PatternMismatch_IsNoNetError_AndReturnsTheText()
    {
        await using var session = await ConnectedAsync(Echo());
        await session.SendAsync("goodbye", Timeout, CancellationToken.None);

        var received = await session.ReceiveAsync(Timeout, new Regex("^hello"), CancellationToken.None);

        Assert.Equal((NetCodes.Ok, false, "goodbye"), (received.Result.NetCode, received.Matched, received.Text));
    }

    [Fact]
    public async Task Receive_NothingInTime_IsTimeout_AndTheLateMessageIsTheNextReceives()
    {
        await using var session = await ConnectedAsync(Echo("delay=500ms"));
        await session.SendAsync("late", Timeout, CancellationToken.None);

        var early = await session.ReceiveAsync(TimeSpan.FromMilliseconds(20), null, CancellationToken.None);
        var later = await session.ReceiveAsync(Timeout, null, CancellationToken.None);

        Assert.Equal((NetCodes.Timeout, 0, (WebSocketMessageType?)null), (early.Result.NetCode, early.Result.StatusCode, early.Type));
        Assert.Equal((NetCodes.Ok, "late"), (later.Result.NetCode, later.Text));
        Assert.True(session.IsOpen);
    }

    [Fact]
    public async Task Receive_ServerClosesProperly_IsACloseWithItsStatus()
    {
        await using var session = await ConnectedAsync(Echo("close_after=1"));
        await session.SendAsync("one", Timeout, CancellationToken.None);
        await session.ReceiveAsync(Timeout, null, CancellationToken.None);

        var closed = await session.ReceiveAsync(Timeout, new Regex("."), CancellationToken.None);
        var send = await session.SendAsync("two", Timeout, CancellationToken.None);
        var close = await session.CloseAsync(Timeout, CancellationToken.None);

        Assert.Equal((NetCodes.Ok, WebSocketMessageType.Close, WebSocketCloseStatus.NormalClosure, false),
            (closed.Result.NetCode, closed.Type, closed.CloseStatus, closed.Matched));
        Assert.Equal(NetCodes.BrokenPipe, send.NetCode);
        Assert.Equal(NetCodes.Ok, close.NetCode); // our half of the close handshake
    }

    [Fact]
    public async Task Receive_ServerDropsTheConnection_IsConnectionReset()
    {
        await using var session = await ConnectedAsync(Echo("abort_on=1"));
        await session.SendAsync("boom", Timeout, CancellationToken.None);

        var received = await session.ReceiveAsync(Timeout, null, CancellationToken.None);
        var again = await session.ReceiveAsync(Timeout, null, CancellationToken.None);
        var close = await session.CloseAsync(Timeout, CancellationToken.None);

        Assert.Equal(NetCodes.ConnectionReset, received.Result.NetCode);
        Assert.Equal(NetCodes.ConnectionReset, again.Result.NetCode);
        Assert.Equal(NetCodes.ConnectionReset, close.NetCode);
    }

    [Fact]
    public async Task Connect_NotAWebSocketEndpoint_IsProtocolErrorWithTheStatus()
    {
        await using var session = new WebSocketSession(Options);

        var result = await session.ConnectAsync(new UriBuilder(Echo()) { Path = "/status/404" }.Uri, [], Timeout, CancellationToken.None);

        Assert.Equal((NetCodes.ProtocolError, 404), (result.NetCode, result.StatusCode));
        Assert.False(session.IsOpen);
    }

    [Fact]
    public async Task Connect_NothingListening_IsConnectionRefused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var session = new WebSocketSession(Options);

        var result = await session.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws/echo"), [], Timeout, CancellationToken.None);

        Assert.Equal((NetCodes.ConnectionRefused, 0), (result.NetCode, result.StatusCode));
    }

    [Fact]
    public async Task Connect_Wss_SelfSigned_IsRefusedUnlessChecksAreOff()
    {
        var url = new UriBuilder(_server.TlsAddress!) { Scheme = "wss", Path = "/ws/echo" }.Uri;
        await using var checking = new WebSocketSession(Options);
        await using var trusting = new WebSocketSession(Options with { VerifyCertificates = false });

        var refused = await checking.ConnectAsync(url, [], Timeout, CancellationToken.None);
        var accepted = await trusting.ConnectAsync(url, [], Timeout, CancellationToken.None);

        Assert.Equal(NetCodes.TlsFailure, refused.NetCode);
        Assert.Equal((NetCodes.Ok, 101), (accepted.NetCode, accepted.StatusCode));
    }

    [Fact]
    public async Task Receive_CallerCancels_IsCancelled()
    {
        await using var session = await ConnectedAsync(Echo());
        using var stop = new CancellationTokenSource();

        var pending = session.ReceiveAsync(Timeout, null, stop.Token).AsTask();
        await stop.CancelAsync();

        Assert.Equal(NetCodes.Cancelled, (await pending).Result.NetCode);
    }

    private Uri Echo(string? query = null) => new UriBuilder(_server.BaseAddress) { Scheme = "ws", Path = "/ws/echo", Query = query }.Uri;

    private static async Task<WebSocketSession> ConnectedAsync(Uri url)
    {
        var session = new WebSocketSession(Options);
        var result = await session.ConnectAsync(url, [], Timeout, CancellationToken.None);
        Assert.Equal(NetCodes.Ok, result.NetCode);
        return session;
    }
}
