using System.Net;
using System.Net.Sockets;

namespace Barrage.Target.Tests.Endpoints;

public sealed class FaultEndpointsTests(TargetServerFixture fixture) : IClassFixture<TargetServerFixture>
{
    private const string TruncatedHead = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n\r\n";

    [Fact]
    public async Task Reset_SendsPartOfTheBodyThenResets()
    {
        var exchange = await RawHttp.SendAsync(fixture.Server.BaseAddress, RawHttp.Get("/fault/reset"));

        // on loopback the bytes are already in the client's buffer when the RST comes: read first, then the reset
        Assert.Equal(TruncatedHead + RawHttp.Pattern(100), exchange.Text);
        var io = Assert.IsType<IOException>(exchange.Error);
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(io.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task Close_SendsLessThanAnnouncedThenEndsTheStream()
    {
        var exchange = await RawHttp.SendAsync(fixture.Server.BaseAddress, RawHttp.Get("/fault/close"));

        Assert.Null(exchange.Error);
        Assert.Equal(TruncatedHead + RawHttp.Pattern(100), exchange.Text);
    }

    [Fact]
    public async Task Malformed_SendsABrokenStatusLineThenEndsTheStream()
    {
        var exchange = await RawHttp.SendAsync(fixture.Server.BaseAddress, RawHttp.Get("/fault/malformed"));

        Assert.Null(exchange.Error);
        Assert.Equal("HTTP/1.1 abc Broken\r\n\r\n", exchange.Text);
    }

    [Fact]
    public async Task Faults_OnAKeptAliveConnection_FollowTheEarlierResponse()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(fixture.Server.BaseAddress.Host, fixture.Server.BaseAddress.Port);
        var stream = client.GetStream();
        var reader = new StreamReader(stream);

        await stream.WriteAsync("GET /bytes/5 HTTP/1.1\r\nHost: t\r\n\r\n"u8.ToArray());
        Assert.Equal("HTTP/1.1 200 OK", await reader.ReadLineAsync());
        while (await reader.ReadLineAsync() is { Length: > 0 })
        {
        }
        var first = new char[5];
        await reader.ReadBlockAsync(first);
        await stream.WriteAsync("GET /fault/malformed HTTP/1.1\r\nHost: t\r\n\r\n"u8.ToArray());

        Assert.Equal("abcde", new string(first));
        Assert.Equal("HTTP/1.1 abc Broken\r\n\r\n", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task HttpClient_SeesEachFaultAsAnError()
    {
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => fixture.Client.GetByteArrayAsync("/fault/reset"));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => fixture.Client.GetByteArrayAsync("/fault/close"));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => fixture.Client.GetByteArrayAsync("/fault/malformed"));

        // and the server is none the worse for it
        Assert.Equal("barrage target\n", await fixture.Client.GetStringAsync("/"));
    }

    [Fact]
    public async Task SlowBody_TricklesTheAnnouncedBody()
    {
        using var response = await fixture.Client.GetAsync("/fault/slow-body?bytes=30&chunk=10&interval=50ms", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(30, response.Content.Headers.ContentLength);

        var stream = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var buffer = new byte[100];
        int reads = 0;
        for (int read; (read = await stream.ReadAsync(buffer)) > 0; reads++)
            received.Write(buffer, 0, read);

        Assert.Equal(RawHttp.Pattern(30), System.Text.Encoding.ASCII.GetString(received.ToArray()));
        // 50 ms apart, the chunks cannot all arrive in one read
        Assert.True(reads >= 2, $"the body came in {reads} read(s)");
    }

    [Theory]
    [InlineData("/fault/slow-body?bytes=2000000")]
    [InlineData("/fault/slow-body?chunk=0")]
    [InlineData("/fault/slow-body?interval=11s")]
    [InlineData("/fault/slow-body?interval=100")]
    public async Task SlowBody_OutOfRangeArguments_Give400(string path)
    {
        var response = await fixture.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
