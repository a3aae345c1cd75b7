using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Barrage.Target.Tests.Endpoints;

public sealed class BasicEndpointsTests(TargetServerFixture fixture) : IClassFixture<TargetServerFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Root_AnswersShortText()
    {
        var response = await Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("barrage target\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(response.Headers.Server);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100_000)]
    public async Task Bytes_SendsThatManyPatternBytes(int n)
    {
        var response = await Client.GetAsync($"/bytes/{n}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(n, response.Content.Headers.ContentLength);
        Assert.Equal(RawHttp.Pattern(n), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/bytes/67108865")]
    [InlineData("/bytes/-1")]
    [InlineData("/bytes/ten")]
    [InlineData("/bytes/99999999999999999999999")]
    [InlineData("/delay/60001")]
    [InlineData("/delay/soon")]
    [InlineData("/status/99")]
    [InlineData("/status/600")]
    [InlineData("/status/101")]
    [InlineData("/json?count=10001")]
    [InlineData("/json?count=x")]
    [InlineData("/chunked/10?size=0")]
    [InlineData("/gzip/67108865")]
    public async Task OutOfRangeArguments_Give400(string path)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPath_Gives404()
    {
        var response = await Client.GetAsync("/no/such/thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Delay_AnswersAfterTheDelay()
    {
        var response = await Client.GetAsync("/delay/50");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("delayed 50 ms\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Delay_AbortedByTheClient_StopsWaiting()
    {
        using var cancel = new CancellationTokenSource();
        var request = Client.GetAsync("/delay/60000", cancel.Token);
        await WaitUntilAsync(() => fixture.Server.Stats.InFlight > 0);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        // a delay that ignored the abort would keep the request in flight for a minute
        await WaitUntilAsync(() => fixture.Server.Stats.InFlight == 0);
    }

    [Theory]
    [InlineData(200, "200 OK\n")]
    [InlineData(418, "418 I'm a teapot\n")]
    [InlineData(503, "503 Service Unavailable\n")]
    [InlineData(599, "599\n")]
    public async Task Status_AnswersWithThatStatus(int code, string body)
    {
        var response = await Client.GetAsync($"/status/{code}");

        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(204)]
    [InlineData(304)]
    public async Task Status_WithoutBody_SendsNoBody(int code)
    {
        var exchange = await RawHttp.SendAsync(fixture.Server.BaseAddress, RawHttp.Get($"/status/{code}"));

        Assert.Null(exchange.Error);
        Assert.StartsWith($"HTTP/1.1 {code} ", exchange.Text);
        Assert.Equal("", RawHttp.BodyOf(exchange.Text));
    }

    [Fact]
    public async Task Status_Redirect_PointsHome()
    {
        using var client = fixture.CreateClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        var response = await client.GetAsync("/status/302");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Status_Informational_SendsInterimThenFinal200()
    {
        var exchange = await RawHttp.SendAsync(fixture.Server.BaseAddress, RawHttp.Get("/status/102"));

        Assert.StartsWith("HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 200 OK\r\n", exchange.Text);
        Assert.EndsWith("\r\n\r\nsent 102 Processing first\n", exchange.Text);
        // a client that knows 1xx skips the interim response
        Assert.Equal("sent 103 first\n", await Client.GetStringAsync("/status/103"));
    }

    [Fact]
    public async Task Json_DefaultsToTenItemsWithStableIds()
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync("/json"));

        var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(10, document.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(Enumerable.Range(1, 10), items.Select(item => item.GetProperty("id").GetInt32()));
        Assert.Equal("item 1", items[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Json_CountChoosesTheNumberOfItems()
    {
        var response = await Client.GetAsync("/json?count=3");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, document.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(3, document.RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Chunked_SendsThePatternInSeveralChunks()
    {
        var response = await Client.GetAsync("/chunked/1000");
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal(RawHttp.Pattern(1000), await response.Content.ReadAsStringAsync());

        var exchange = await RawHttp.SendAsync(fixture.Server.BaseAddress, RawHttp.Get("/chunked/100?size=40"));
        Assert.Contains("Transfer-Encoding: chunked", exchange.Text);
        Assert.Equal($"28\r\n{RawHttp.Pattern(40)}\r\n28\r\n{RawHttp.Pattern(40, 40)}\r\n14\r\n{RawHttp.Pattern(20, 80)}\r\n0\r\n\r\n",
            RawHttp.BodyOf(exchange.Text));
    }

    [Fact]
    public async Task Gzip_SendsCompressedPattern()
    {
        var response = await Client.GetAsync("/gzip/100000");
        var compressed = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal(compressed.Length, response.Content.Headers.ContentLength);
        Assert.True(compressed.Length < 100_000);
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.ASCII);
        Assert.Equal(RawHttp.Pattern(100_000), await reader.ReadToEndAsync());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task BrotliAndDeflate_DecompressedByTheClient_AreThePattern(string coding)
    {
        using var client = fixture.CreateClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.Brotli | DecompressionMethods.Deflate });

        var response = await client.GetAsync($"/{coding}/5000");

        Assert.Equal(RawHttp.Pattern(5000), await response.Content.ReadAsStringAsync());
        var raw = await RawHttp.SendAsync(fixture.Server.BaseAddress, RawHttp.Get($"/{coding}/5000"));
        Assert.Contains($"Content-Encoding: {coding}", raw.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzip_DecompressedByTheClient_IsThePattern()
    {
        using var client = fixture.CreateClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip });

        Assert.Equal(RawHttp.Pattern(5000), await client.GetStringAsync("/gzip/5000"));
        Assert.Equal(RawHttp.Pattern(10), await client.GetStringAsync("/gzip/10"));
    }

    [Fact]
    public async Task Head_SendsHeadersWithoutBody()
    {
        var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/bytes/500"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(500, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task KeepAlive_ManyRequestsShareOneConnection()
    {
        var exchange = await RawHttp.SendAsync(fixture.Server.BaseAddress,
            "GET /bytes/3 HTTP/1.1\r\nHost: t\r\n\r\n" + "GET /json?count=1 HTTP/1.1\r\nHost: t\r\n\r\n" + RawHttp.Get("/"));

        Assert.Null(exchange.Error);
        Assert.Equal(3, exchange.Text.Split("HTTP/1.1 200 OK").Length - 1);
        Assert.EndsWith("barrage target\n", exchange.Text);
    }

    /// <summary>Polls a condition the server reaches on its own threads; fails after 5 s.</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!condition())
            await Task.Delay(10, timeout.Token);
    }
}
