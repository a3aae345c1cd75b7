using System.Net;
using System.Net.Sockets;
using System.Text;
using Barrage.Target.Recording;

namespace Barrage.Target.Tests.Recording;

public sealed class RecordingProxyTests : IClassFixture<TargetServerFixture>
{
    private readonly TargetServerFixture _target;

    public RecordingProxyTests(TargetServerFixture target) => _target = target;

    private static RecordingProxyOptions Loopback(Uri? upstream = null) => new() { Listen = "127.0.0.1:0", Upstream = upstream };

    // A loopback port that was free a moment ago, so a connection to it is refused.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task ReverseMode_PassesTrafficThroughUnchanged_AndRecordsEachRequest()
    {
        await using var proxy = await RecordingProxy.StartAsync(Loopback(_target.Server.BaseAddress));
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = proxy.Address };

        using var set = await client.GetAsync(new Uri("/cookies/set?sid=42", UriKind.Relative));
        using var echo = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/echo")
        {
            Content = new StringContent("hello proxy", Encoding.UTF8, "text/plain"),
            Headers = { { "X-Trace", "7" }, { "Cookie", "sid=42" } },
        });
        using var gzip = await client.GetAsync(new Uri("/gzip/100", UriKind.Relative));

        Assert.Contains(set.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sid=42", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
        using var echoed = System.Text.Json.JsonDocument.Parse(await echo.Content.ReadAsStringAsync());
        Assert.Equal("hello proxy", echoed.RootElement.GetProperty("body").GetString());
        Assert.Equal("7", echoed.RootElement.GetProperty("headers").GetProperty("X-Trace").GetString());
        Assert.Equal("gzip", Assert.Single(gzip.Content.Headers.ContentEncoding)); // not decoded on the way
        var recorded = proxy.Recorded();
        Assert.Equal(["GET /cookies/set?sid=42", "PUT /echo", "GET /gzip/100"], recorded.Select(e => $"{e.Method} {e.Url.PathAndQuery}"));
        Assert.All(recorded, e => Assert.Equal(_target.Server.BaseAddress.Authority, e.Url.Authority));
        Assert.Equal("hello proxy", recorded[1].Body);
        Assert.StartsWith("text/plain", recorded[1].MimeType, StringComparison.Ordinal);
        Assert.Contains(new KeyValuePair<string, string>("X-Trace", "7"), recorded[1].Headers);
        Assert.Contains(new KeyValuePair<string, string>("Cookie", "sid=42"), recorded[1].Headers);
        Assert.True(recorded[0].Started <= recorded[1].Started && recorded[1].Started <= recorded[2].Started);
    }

    [Fact]
    public async Task ForwardMode_TakesAbsoluteUrls_FromAClientConfiguredToUseIt()
    {
        await using var proxy = await RecordingProxy.StartAsync(Loopback());
        using var client = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(proxy.Address), UseProxy = true });
        var before = _target.Server.Stats.ByStatus.GetValueOrDefault(207);

        using var response = await client.GetAsync(new Uri(_target.Server.BaseAddress, "/status/207"));

        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        Assert.Equal(before + 1, _target.Server.Stats.ByStatus[207]);
        Assert.Equal(new Uri(_target.Server.BaseAddress, "/status/207"), Assert.Single(proxy.Recorded()).Url);
    }

    [Fact]
    public async Task AnUpstreamThatRefuses_Is502ForTheClient_AndTheRequestIsStillRecorded()
    {
        var closedPort = ClosedPort();
        await using var proxy = await RecordingProxy.StartAsync(Loopback(new Uri($"http://127.0.0.1:{closedPort}")));
        using var client = new HttpClient { BaseAddress = proxy.Address };

        using var response = await client.GetAsync(new Uri("/gone", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("failed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/gone", Assert.Single(proxy.Recorded()).Url.AbsolutePath);
    }

    [Fact]
    public async Task ForwardModeWithoutAnAbsoluteUrl_IsRefusedWithTheReason()
    {
        await using var proxy = await RecordingProxy.StartAsync(Loopback());
        using var client = new HttpClient { BaseAddress = proxy.Address };

        using var plain = await client.GetAsync(new Uri("/x", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Contains("--target", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(proxy.Recorded());
    }

    [Fact]
    public async Task Responses_AreRecorded_WithTheirBodiesDecoded()
    {
        await using var proxy = await RecordingProxy.StartAsync(Loopback(_target.Server.BaseAddress));
        using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = proxy.Address };

        (await client.PostAsync(new Uri("/login", UriKind.Relative), null)).Dispose();
        (await client.GetAsync(new Uri("/gzip/100", UriKind.Relative))).Dispose();
        (await client.GetAsync(new Uri("/bytes/10", UriKind.Relative))).Dispose();

        var recorded = proxy.Recorded();
        var login = recorded[0].Response!;
        Assert.Equal(200, login.Status);
        Assert.StartsWith("application/json", login.MimeType, StringComparison.Ordinal);
        Assert.StartsWith("{\"token\":\"t", login.Body, StringComparison.Ordinal);
        Assert.Equal(100, recorded[1].Response!.Body!.Length); // gunzipped for tracing, passed on as it came
        Assert.Contains(recorded[1].Response!.Headers, h => h.Key == "Content-Encoding" && h.Value == "gzip");
        Assert.Equal(10, recorded[2].Response!.Body!.Length);
    }

    [Fact]
    public async Task Connect_TunnelsHttps_AndListsTheHost_WithoutRecordingWhatWentThrough()
    {
        await using var tls = await TargetServer.StartAsync(new TargetServerOptions { TlsListen = "127.0.0.1:0" });
        await using var proxy = await RecordingProxy.StartAsync(Loopback());
        using var client = new HttpClient(new SocketsHttpHandler
        {
            Proxy = new WebProxy(proxy.Address),
            UseProxy = true,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, // the target's self-signed certificate
        });

        using var first = await client.GetAsync(new Uri(tls.TlsAddress!, "/status/203"));
        using var second = await client.PostAsync(new Uri(tls.TlsAddress!, "/echo"), new StringContent("through the tunnel"));

        Assert.Equal(HttpStatusCode.NonAuthoritativeInformation, first.StatusCode);
        Assert.Contains("through the tunnel", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, tls.Stats.Requests);
        Assert.Equal(tls.TlsAddress!.Authority, Assert.Single(proxy.Tunnels()).Key);
        Assert.Empty(proxy.Recorded());
    }

    [Fact]
    public async Task Connect_ToAPortNobodyListensOn_Is502_WithTheReason()
    {
        var closedPort = ClosedPort();
        await using var proxy = await RecordingProxy.StartAsync(Loopback());

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(RawHttp.Connect($"127.0.0.1:{closedPort}"));
        var answer = await new StreamReader(stream).ReadToEndAsync(); // the proxy closes after a refusal

        Assert.StartsWith("HTTP/1.1 502 ", answer, StringComparison.Ordinal);
        Assert.Contains($"cannot reach 127.0.0.1:{closedPort}", answer, StringComparison.Ordinal);
        Assert.Empty(proxy.Tunnels());
    }

    [Fact]
    public async Task Connect_AfterPlainRequestsOnTheSameConnection_TurnsTheConnectionIntoTheTunnel()
    {
        // A loopback echo server stands for the tunnel's host: whatever goes through comes back.
        using var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        var echoAt = (IPEndPoint)echo.LocalEndpoint;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var echoing = Task.Run(async () =>
        {
            using var accepted = await echo.AcceptTcpClientAsync(timeout.Token);
            var stream = accepted.GetStream();
            await stream.CopyToAsync(stream, timeout.Token);
        });
        await using var proxy = await RecordingProxy.StartAsync(Loopback());
        var plainUrl = new Uri(_target.Server.BaseAddress, "/bytes/10");

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.Address.Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(RawHttp.ProxiedGet(plainUrl), timeout.Token);
        var (plainHead, plainBody) = await RawHttp.ReadResponseAsync(stream, timeout.Token);
        await stream.WriteAsync(RawHttp.Connect(echoAt.ToString()), timeout.Token);
        var (connectHead, _) = await RawHttp.ReadResponseAsync(stream, timeout.Token);
        var sent = "plain bytes, not HTTP\n"u8.ToArray();
        await stream.WriteAsync(sent, timeout.Token);
        var back = new byte[sent.Length];
        await stream.ReadExactlyAsync(back, timeout.Token);
        tcp.Client.Shutdown(SocketShutdown.Send); // the echo ends, and so does the tunnel
        await echoing;
        await proxy.WaitForAsync(1, timeout.Token); // recorded once its response is out, which the client may see first

        Assert.StartsWith("HTTP/1.1 200 ", plainHead, StringComparison.Ordinal);
        Assert.Equal(10, plainBody.Length);
        Assert.StartsWith("HTTP/1.1 200 ", connectHead, StringComparison.Ordinal);
        Assert.Equal(sent, back);
        Assert.Equal(0, await stream.ReadAsync(new byte[1], timeout.Token)); // no HTTP response after the tunnel
        var only = Assert.Single(proxy.Recorded());
        Assert.Equal(("GET", plainUrl), (only.Method, only.Url));
        Assert.Equal(echoAt.ToString(), Assert.Single(proxy.Tunnels()).Key);
    }

    [Fact]
    public async Task Connect_AfterPlainRequests_ToAPortNobodyListensOn_Is502_AndTheConnectionStaysHttp()
    {
        var closedPort = ClosedPort();
        await using var proxy = await RecordingProxy.StartAsync(Loopback());
        var plainUrl = new Uri(_target.Server.BaseAddress, "/status/207");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.Address.Port, timeout.Token);
        var stream = tcp.GetStream();
        var get = RawHttp.ProxiedGet(plainUrl);
        await stream.WriteAsync(get, timeout.Token);
        var (first, _) = await RawHttp.ReadResponseAsync(stream, timeout.Token);
        await stream.WriteAsync(RawHttp.Connect($"127.0.0.1:{closedPort}"), timeout.Token);
        var (refused, reason) = await RawHttp.ReadResponseAsync(stream, timeout.Token);
        await stream.WriteAsync(get, timeout.Token);
        var (again, _) = await RawHttp.ReadResponseAsync(stream, timeout.Token);
        await proxy.WaitForAsync(2, timeout.Token);

        Assert.StartsWith("HTTP/1.1 207 ", first, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 502 ", refused, StringComparison.Ordinal);
        Assert.Contains($"cannot reach 127.0.0.1:{closedPort}", reason, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 207 ", again, StringComparison.Ordinal);
        Assert.Equal(2, proxy.Recorded().Count);
        Assert.Empty(proxy.Tunnels());
    }

    [Fact]
    public async Task WaitFor_CompletesWhenEnoughRequestsAreRecorded()
    {
        await using var proxy = await RecordingProxy.StartAsync(Loopback(_target.Server.BaseAddress));
        using var client = new HttpClient { BaseAddress = proxy.Address };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var waiting = proxy.WaitForAsync(2, timeout.Token);
        (await client.GetAsync(new Uri("/", UriKind.Relative))).Dispose();
        Assert.False(waiting.IsCompleted);
        (await client.GetAsync(new Uri("/", UriKind.Relative))).Dispose();
        await waiting;

        Assert.Equal(2, proxy.Count);
    }
}
