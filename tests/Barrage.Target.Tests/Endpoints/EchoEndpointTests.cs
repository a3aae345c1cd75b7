using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Barrage.Target.Tests.Endpoints;

public sealed class EchoEndpointTests(TargetServerFixture fixture) : IClassFixture<TargetServerFixture>
{
    [Fact]
    public async Task Echo_Post_DescribesTheRequestAndItsBody()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/echo?a=1&b=two")
        {
            Content = new StringContent("{\"name\":\"élan\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Trace", ["one", "two"]);

        var response = await fixture.Client.SendAsync(request);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = echo.RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", root.GetProperty("method").GetString());
        Assert.Equal("/echo", root.GetProperty("path").GetString());
        Assert.Equal("?a=1&b=two", root.GetProperty("query").GetString());
        Assert.Equal("HTTP/1.1", root.GetProperty("protocol").GetString());
        Assert.Equal("one, two", root.GetProperty("headers").GetProperty("X-Trace").GetString());
        Assert.Equal("application/json; charset=utf-8", root.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.Equal("{\"name\":\"élan\"}", root.GetProperty("body").GetString());
        Assert.False(root.TryGetProperty("body_base64", out _));
    }

    [Fact]
    public async Task Echo_BinaryBody_ComesBackAsBase64()
    {
        byte[] body = [0xff, 0x00, 0xfe, 0x41];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        var response = await fixture.Client.PutAsync("/echo", content);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(body, echo.RootElement.GetProperty("body_base64").GetBytesFromBase64());
        Assert.Equal("PUT", echo.RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Echo_Get_HasEmptyBody()
    {
        using var echo = JsonDocument.Parse(await fixture.Client.GetStringAsync("/echo"));

        Assert.Equal("", echo.RootElement.GetProperty("body").GetString());
        Assert.Equal("", echo.RootElement.GetProperty("query").GetString());
    }

    [Fact]
    public async Task Echo_ChunkedBodyAndRepeatedHeader_AreReadWhole()
    {
        var exchange = await RawHttp.SendAsync(fixture.Server.BaseAddress,
            "POST /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Twice: 1\r\nX-Twice: 2\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");

        using var echo = JsonDocument.Parse(RawHttp.BodyOf(exchange.Text));
        Assert.Equal("abcde", echo.RootElement.GetProperty("body").GetString());
        Assert.Equal("1,2", echo.RootElement.GetProperty("headers").GetProperty("X-Twice").GetString());
    }

    [Fact]
    public async Task Echo_BodyOverOneMebibyte_Gives413()
    {
        var response = await fixture.Client.PostAsync("/echo", new ByteArrayContent(new byte[1024 * 1024 + 1]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
