using System.Net;
using System.Net.Sockets;
using System.Text;
using Barrage.Target;
using Barrage.Transport;
using Barrage.Transport.Http2;

namespace Barrage.Core.Tests.Transport.Http2;

public sealed class Http2TransportTests : IAsyncLifetime
{
    private static readonly TransportOptions Options = new()
    {
        Http2 = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    private TargetServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TargetServer.StartAsync(new TargetServerOptions { Http2Listen = "127.0.0.1:0", TlsListen = "127.0.0.1:0" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendAsync_H2c_ReadsStatusAndBody_AndReusesTheConnection()
    {
        using var factory = new Http2TransportFactory(Options);
        await using var transport = factory.Create();

        var first = await transport.SendAsync(Get(H2("/bytes/1000")), CancellationToken.None);
        var second = await transport.SendAsync(Get(H2("/status/404")), CancellationToken.None);

        Assert.Equal((NetCodes.Ok, 200), (first.NetCode, first.StatusCode));
        Assert.Equal((NetCodes.Ok, 404), (second.NetCode, second.StatusCode));
        Assert.True(first.ConnectUs > 0, "the first request opened the connection");
        Assert.Equal(0, second.ConnectUs);
        Assert.InRange(first.BytesIn, 1001, 1300); // the body and the headers as text
        Assert.Equal("GET /bytes/1000 HTTP/2\r\n\r\n".Length, first.BytesOut);
        Assert.Equal(2, _server.Stats.ByProtocol["HTTP/2"]);
        Assert.Equal(1, _server.Stats.Connections);
    }

    [Fact]
    public async Task SendAsync_BodyAndHeaders_ReachTheServer()
    {
        using var factory = new Http2TransportFactory(Options);
        await using var transport = factory.Create();
        var body = Encoding.UTF8.GetBytes("payload!");
        var request = new PreparedRequest("PUT", H2("/echo"),
            [new("Content-Type", "text/plain"), new("X-Barrage", "yes"), new("Connection", "keep-alive")], body, "put");

        var result = await transport.SendAsync(request, CancellationToken.None);

        Assert.Equal((NetCodes.Ok, 200), (result.NetCode, result.StatusCode));
        Assert.Equal(body.Length, _server.Stats.BytesIn);
        Assert.Equal(1, _server.Stats.ByMethod["PUT"]);
        Assert.Equal("PUT /echo HTTP/2\r\n\r\n".Length + "Content-Type: text/plain\r\nX-Barrage: yes\r\n".Length + body.Length, result.BytesOut);
    }

    [Fact]
    public async Task SendAsync_ManyUsersAtOnce_AreStreamsOfOneConnection()
    {
        using var factory = new Http2TransportFactory(Options with { Http2MultipleConnections = false });
        var transports = Enumerable.Range(0, 40).Select(_ => factory.Create()).ToList();

        var results = await Task.WhenAll(transports.Select(t => t.SendAsync(Get(H2("/delay/200")), CancellationToken.None).AsTask()));

        Assert.All(results, r => Assert.Equal((NetCodes.Ok, 200), (r.NetCode, r.StatusCode)));
        Assert.Equal(1, _server.Stats.Connections);
        Assert.True(_server.Stats.MaxInFlight > 1, $"requests overlapped on the connection: max in flight {_server.Stats.MaxInFlight}");
        Assert.Equal(1, results.Count(r => r.ConnectUs > 0));
        foreach (var transport in transports)
            await transport.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsConnectionRefused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var factory = new Http2TransportFactory(Options);
        await using var transport = factory.Create();

        var result = await transport.SendAsync(Get(new Uri($"http://127.0.0.1:{port}/")), CancellationToken.None);

        Assert.Equal((NetCodes.ConnectionRefused, 0, 0L), (result.NetCode, result.StatusCode, result.BytesOut));
    }

    [Fact]
    public async Task SendAsync_SlowerThanTheRequestTimeout_IsTimeout()
    {
        using var factory = new Http2TransportFactory(Options with { RequestTimeout = TimeSpan.FromMilliseconds(200) });
        await using var transport = factory.Create();

        var result = await transport.SendAsync(Get(H2("/delay/5000")), CancellationToken.None);
        var next = await transport.SendAsync(Get(H2("/")), CancellationToken.None);

        Assert.Equal((NetCodes.Timeout, 0), (result.NetCode, result.StatusCode));
        Assert.Equal((NetCodes.Ok, 200), (next.NetCode, next.StatusCode)); // the timer was reset for the next request
    }

    [Fact]
    public async Task SendAsync_CallerCancels_IsCancelled()
    {
        using var factory = new Http2TransportFactory(Options);
        await using var transport = factory.Create();
        using var stop = new CancellationTokenSource();

        var pending = transport.SendAsync(Get(H2("/delay/5000")), stop.Token).AsTask();
        await WaitUntilAsync(() => _server.Stats.InFlight > 0);
        await stop.CancelAsync();

        Assert.Equal(NetCodes.Cancelled, (await pending).NetCode);
    }

    [Fact]
    public async Task DisposeAsync_WithARequestInFlight_EndsItAsCancelled()
    {
        using var factory = new Http2TransportFactory(Options);
        var transport = factory.Create();

        var pending = transport.SendAsync(Get(H2("/delay/5000")), CancellationToken.None).AsTask();
        await WaitUntilAsync(() => _server.Stats.InFlight > 0);
        await transport.DisposeAsync();

        Assert.Equal(NetCodes.Cancelled, (await pending).NetCode);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => transport.SendAsync(Get(H2("/")), CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task SendAsync_ServerResetsTheStream_IsConnectionReset()
    {
        using var factory = new Http2TransportFactory(Options);
        await using var transport = factory.Create();

        var result = await transport.SendAsync(Get(H2("/fault/reset")), CancellationToken.None);

        Assert.Equal(NetCodes.ConnectionReset, result.NetCode);
    }

    [Fact]
    public async Task SendAsync_ServerSpeaksOnlyHttp1_IsProtocolError()
    {
        using var factory = new Http2TransportFactory(Options);
        await using var transport = factory.Create();

        var result = await transport.SendAsync(Get(new Uri(_server.BaseAddress, "/")), CancellationToken.None);

        Assert.Equal((NetCodes.ProtocolError, 0), (result.NetCode, result.StatusCode));
    }

    [Fact]
    public async Task SendAsync_SelfSignedHttps_IsRefusedUnlessChecksAreOff()
    {
        var url = new Uri(_server.TlsAddress!, "/bytes/10");
        using var checking = new Http2TransportFactory(Options);
        using var trusting = new Http2TransportFactory(Options with { VerifyCertificates = false });
        await using var checkingTransport = checking.Create();
        await using var trustingTransport = trusting.Create();

        var refused = await checkingTransport.SendAsync(Get(url), CancellationToken.None);
        var accepted = await trustingTransport.SendAsync(Get(url), CancellationToken.None);

        Assert.Equal((NetCodes.TlsFailure, 0), (refused.NetCode, refused.StatusCode));
        Assert.Equal((NetCodes.Ok, 200), (accepted.NetCode, accepted.StatusCode));
        Assert.True(accepted.ConnectUs > 0);
        Assert.Equal(1, _server.Stats.ByProtocol["HTTP/2"]); // ALPN chose h2
    }

    [Fact]
    public async Task SendAsync_RawRequest_IsSentAsHttp2()
    {
        using var factory = new Http2TransportFactory(Options);
        await using var transport = factory.Create();
        var raw = Encoding.ASCII.GetBytes("POST /echo HTTP/1.1\r\nHost: example\r\nContent-Length: 3\r\nX-A: b\r\n\r\nabc");

        var result = await transport.SendAsync(PreparedRequest.FromRaw(raw, "POST", H2("/echo"), "raw"), CancellationToken.None);

        Assert.Equal((NetCodes.Ok, 200), (result.NetCode, result.StatusCode));
        Assert.Equal(3, _server.Stats.BytesIn);
        Assert.Equal(1, _server.Stats.ByMethod["POST"]);
    }

    [Fact]
    public async Task SendAsync_CaptureResponse_KeepsStatusHeadersAndDecodedBody_OnlyWhenAsked()
    {
        using var factory = new Http2TransportFactory(Options with { MaxCapturedBodyBytes = 100 });
        await using var transport = factory.Create();
        var gzip = new PreparedRequest("GET", H2("/gzip/3000"), [new("Accept-Encoding", "gzip")], ReadOnlyMemory<byte>.Empty, "gzip") { CaptureResponse = true };
        var cookies = new PreparedRequest("GET", H2("/cookies/set?a=1&b=2"), [], ReadOnlyMemory<byte>.Empty, "cookies") { CaptureResponse = true };

        var plain = await transport.SendAsync(Get(H2("/bytes/5")), CancellationToken.None);
        var zipped = await transport.SendAsync(gzip, CancellationToken.None);
        var setCookies = await transport.SendAsync(cookies, CancellationToken.None);

        Assert.Null(plain.Response);
        var response = Assert.IsType<Barrage.Scenarios.ResponseView>(zipped.Response);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("gzip", response.Header("content-encoding"));
        Assert.Equal(100, response.Body.Length); // decoded, and cut at the limit
        Assert.StartsWith("abcdefghijklmnopqrstuvwxyzabc", response.BodyText, StringComparison.Ordinal);
        Assert.True(response.Truncated);
        Assert.Equal(["a=1; path=/", "b=2; path=/"], setCookies.Response!.HeaderValues("Set-Cookie").Select(v => v.ToLowerInvariant()));
    }

    private Uri H2(string path) => new(_server.Http2Address!, path);

    private static PreparedRequest Get(Uri url) => new("GET", url, [], ReadOnlyMemory<byte>.Empty, "GET " + url.AbsolutePath);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(10, timeout.Token);
    }
}
