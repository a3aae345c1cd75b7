using System.Net;
using System.Text;
using Barrage.Transport;
using Barrage.Transport.Http1;

namespace Barrage.Core.Tests.Transport.Http1;

public class Http1RequestWriterTests
{
    private static string Write(string method, string url, KeyValuePair<string, string>[]? headers = null, string body = "", bool keepAlive = true)
    {
        var request = new PreparedRequest(method, new Uri(url), headers ?? [], Encoding.UTF8.GetBytes(body), "t");
        return Encoding.UTF8.GetString(Http1RequestWriter.Create(request, keepAlive).Bytes.Span);
    }

    [Theory]
    [InlineData("http://example.com/", "example.com")]
    [InlineData("http://Example.COM:80/", "example.com")]
    [InlineData("http://example.com:8080/", "example.com:8080")]
    [InlineData("https://example.com:443/", "example.com")]
    [InlineData("https://example.com:80/", "example.com:80")]
    [InlineData("http://127.0.0.1:5000/", "127.0.0.1:5000")]
    [InlineData("http://[::1]:8080/", "[::1]:8080")]
    [InlineData("http://[::1]/", "[::1]")]
    [InlineData("https://bücher.example/", "xn--bcher-kva.example")]
    public void Create_HostHeader_CarriesThePortOnlyWhenNotTheDefault(string url, string host)
    {
        Assert.StartsWith($"GET / HTTP/1.1\r\nHost: {host}\r\n", Write("GET", url));
    }

    [Fact]
    public void Create_Get_IsRequestLineHostAndEmptyLine()
    {
        Assert.Equal("GET /a/b?x=1&y=%20z HTTP/1.1\r\nHost: h:81\r\n\r\n", Write("GET", "http://h:81/a/b?x=1&y=%20z#fragment"));
    }

    [Fact]
    public void Create_HeadersInOrderAndBodyWithContentLength()
    {
        string written = Write("PUT", "http://h/r", [new("Accept", "*/*"), new("X-Id", "é")], body: "ünïcode");

        Assert.Equal("PUT /r HTTP/1.1\r\nHost: h\r\nAccept: */*\r\nX-Id: é\r\nContent-Length: 9\r\n\r\nünïcode", written);
    }

    [Theory]
    [InlineData("POST", true)]
    [InlineData("put", true)]
    [InlineData("PATCH", true)]
    [InlineData("GET", false)]
    [InlineData("DELETE", false)]
    public void Create_EmptyBody_HasContentLengthZeroOnlyForMethodsThatCarryOne(string method, bool expected)
    {
        Assert.Equal(expected, Write(method, "http://h/").Contains("\r\nContent-Length: 0\r\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_PlanHostAndContentLength_HostWinsAndContentLengthIsComputed()
    {
        string written = Write("POST", "http://10.0.0.1:8080/", [new("host", "shop.example"), new("Content-Length", "999")], body: "abc");

        Assert.Equal("POST / HTTP/1.1\r\nhost: shop.example\r\nContent-Length: 3\r\n\r\nabc", written);
    }

    [Fact]
    public void Create_KeepAliveOff_AsksToCloseUnlessThePlanSetsConnection()
    {
        Assert.EndsWith("\r\nConnection: close\r\n\r\n", Write("GET", "http://h/", keepAlive: false));
        Assert.DoesNotContain("Connection", Write("GET", "http://h/", keepAlive: true));
        Assert.Equal("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\n\r\n", Write("GET", "http://h/", [new("Connection", "Upgrade")], keepAlive: false));
    }

    [Theory]
    [InlineData("X-A", "one\r\nInjected: yes")]
    [InlineData("X-A", "nul\0")]
    [InlineData("Bad Name", "v")]
    [InlineData("", "v")]
    [InlineData("Transfer-Encoding", "chunked")]
    public void Create_HeaderThatCannotBeWritten_Throws(string name, string value)
    {
        Assert.Throws<ArgumentException>(() => Write("GET", "http://h/", [new(name, value)]));
    }

    [Theory]
    [InlineData("GET /")]
    [InlineData("")]
    public void Create_InvalidMethod_Throws(string method)
    {
        Assert.Throws<ArgumentException>(() => Write(method, "http://h/"));
    }

    [Fact]
    public void Create_NotHttp_Throws()
    {
        Assert.Throws<ArgumentException>(() => Write("GET", "ftp://h/file"));
    }

    [Fact]
    public void Create_RawRequest_IsTheRawBytesThemselves()
    {
        byte[] raw = "GET /x HTTP/1.0\r\n\r\n"u8.ToArray();
        var request = PreparedRequest.FromRaw(raw, "HEAD", new Uri("https://h:8443/"), "raw");

        Http1Request wire = Http1RequestWriter.Create(request, keepAlive: false);

        Assert.Equal(raw, wire.Bytes.ToArray());
        Assert.True(wire.IsHead);
        Assert.Equal(("h", 8443, true), (wire.Endpoint.Host, wire.Endpoint.Port, wire.Endpoint.IsTls));
    }

    [Fact]
    public void GetOrCreate_SecondCall_ReturnsTheCachedEncoding()
    {
        var request = new PreparedRequest("GET", new Uri("http://h/"), [], default, "t");

        Http1Request first = Http1RequestWriter.GetOrCreate(request, keepAlive: true);
        Http1Request second = Http1RequestWriter.GetOrCreate(request, keepAlive: true);
        Http1Request other = Http1RequestWriter.GetOrCreate(request, keepAlive: false);

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.Contains("Connection: close", Encoding.ASCII.GetString(other.Bytes.Span));
    }

    [Theory]
    [InlineData("http://127.0.0.1:81/", "127.0.0.1")]
    [InlineData("http://[::1]:81/", "::1")]
    [InlineData("http://[fe80::1%25eth0]:81/", "fe80::1%eth0")]
    public void Endpoint_IpLiteral_NeedsNoResolution(string url, string address)
    {
        Http1Endpoint endpoint = Http1Endpoint.From(new Uri(url));

        Assert.Equal(IPAddress.Parse(address), Assert.Single(endpoint.LiteralAddresses!));
    }

    [Theory]
    [InlineData("http://a:80/", "http://A/x", true)]
    [InlineData("http://a:80/", "http://a:81/", false)]
    [InlineData("http://a/", "https://a:80/", false)]
    [InlineData("http://a/", "http://b/", false)]
    public void Endpoint_SameConnectionAs_ComparesSchemeHostAndPort(string left, string right, bool same)
    {
        Assert.Equal(same, Http1Endpoint.From(new Uri(left)).SameConnectionAs(Http1Endpoint.From(new Uri(right))));
    }
}
