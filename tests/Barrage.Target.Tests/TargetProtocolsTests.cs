using System.Net;
using System.Net.Http;

namespace Barrage.Target.Tests;

public sealed class TargetProtocolsTests
{
    [Fact]
    public async Task Http2Listen_ServesH2c_WhileTheMainPortServesHttp1()
    {
        await using var server = await TargetServer.StartAsync(new TargetServerOptions { Http2Listen = "127.0.0.1:0" });
        using var client = new HttpClient();

        Assert.NotNull(server.Http2Address);
        Assert.NotEqual(server.BaseAddress.Port, server.Http2Address.Port);
        using var h2 = await client.SendAsync(Request(new Uri(server.Http2Address, "/bytes/10"), HttpVersion.Version20));
        using var h1 = await client.SendAsync(Request(new Uri(server.BaseAddress, "/bytes/10"), HttpVersion.Version11));

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (h2.StatusCode, h2.Version));
        Assert.Equal("abcdefghij", await h2.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (h1.StatusCode, h1.Version));
        Assert.Equal(1, server.Stats.ByProtocol["HTTP/2"]);
        Assert.Equal(1, server.Stats.ByProtocol["HTTP/1.1"]);
        Assert.Null(server.TlsAddress);
    }

    [Fact]
    public async Task MainPort_RefusesH2cPriorKnowledge()
    {
        // Kestrel serves one protocol per cleartext endpoint; this is why h2c has a port of its own
        await using var server = await TargetServer.StartAsync(new TargetServerOptions());
        using var client = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(Request(server.BaseAddress, HttpVersion.Version20)));
        Assert.Null(server.Http2Address);
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("1.1")]
    public async Task TlsListen_ServesBothVersionsByAlpn_WithASelfSignedCertificate(string version)
    {
        await using var server = await TargetServer.StartAsync(new TargetServerOptions { TlsListen = "127.0.0.1:0" });
        using var trusting = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        using var checking = new HttpClient();
        var url = new Uri(server.TlsAddress!, "/");

        using var response = await trusting.SendAsync(Request(url, Version.Parse(version)));

        Assert.Equal("https", server.TlsAddress!.Scheme);
        Assert.Equal((HttpStatusCode.OK, Version.Parse(version)), (response.StatusCode, response.Version));
        await Assert.ThrowsAsync<HttpRequestException>(() => checking.GetAsync(url));
    }

    [Fact]
    public async Task StartAsync_BadProtocolListenAddresses_ThrowsWithEachReason()
    {
        var options = new TargetServerOptions { Http2Listen = "nowhere", TlsListen = "127.0.0.1:99999" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => TargetServer.StartAsync(options));

        Assert.Contains("HTTP/2 listener", error.Message, StringComparison.Ordinal);
        Assert.Contains("TLS listener", error.Message, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Request(Uri url, Version version) =>
        new(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
}
