using System.IO.Compression;
using System.Text;
using Barrage.Transport;
using Barrage.Transport.Http1;

namespace Barrage.Core.Tests.Transport.Http1;

public class Http1TransportCaptureTests
{
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("barrage ✓ ", 500)));

    private static PreparedRequest Capturing(Uri uri) => new("GET", uri, [], ReadOnlyMemory<byte>.Empty, "t") { CaptureResponse = true };

    /// <summary>The transport under test; the loop transport's tests run these same cases.</summary>
    protected virtual ITransportFactory CreateFactory(TransportOptions options) => new Http1TransportFactory(options);

    private async Task<(TransportResult Result, long Sent)> ExchangeAsync(byte[] response, TransportOptions? options = null, bool capture = true)
    {
        long sent = 0;
        await using var server = new ScriptedServer(async c =>
        {
            if (await c.ReadRequestAsync() is null)
                return;
            await c.SendAsync(response);
            sent = c.BytesSent;
            await c.WaitForClientToCloseAsync();
        });
        await using ITransport transport = CreateFactory(options ?? Http1TransportTests.Options).Create();
        var request = capture ? Capturing(server.Url("/x")) : Http1TransportTests.Get(server.Url("/x"));
        var result = await transport.SendAsync(request, CancellationToken.None);
        return (result, response.Length);
    }

    private static byte[] Response(string head, byte[] body) => [.. Encoding.Latin1.GetBytes(head), .. body];

    private static byte[] Chunked(byte[] body, int size)
    {
        var output = new MemoryStream();
        for (int i = 0; i < body.Length; i += size)
        {
            int n = Math.Min(size, body.Length - i);
            output.Write(Encoding.ASCII.GetBytes($"{n:x}\r\n"));
            output.Write(body, i, n);
            output.Write("\r\n"u8);
        }
        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }

    private static byte[] Compress(byte[] body, Func<Stream, Stream> encoder)
    {
        var output = new MemoryStream();
        using (var stream = encoder(output))
            stream.Write(body);
        return output.ToArray();
    }

    [Fact]
    public async Task SendAsync_CaptureAsked_KeepsStatusHeadersAndBody()
    {
        var body = "{\"ok\":true}"u8.ToArray();
        var (result, wire) = await ExchangeAsync(Response($"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Id: 42\r\nContent-Length: {body.Length}\r\n\r\n", body));

        Assert.Equal((NetCodes.Ok, 201), (result.NetCode, result.StatusCode));
        var view = Assert.IsType<Barrage.Scenarios.ResponseView>(result.Response);
        Assert.Equal(201, view.StatusCode);
        Assert.Equal("42", view.Header("x-id"));
        Assert.Equal("application/json", view.Header("Content-Type"));
        Assert.Equal("{\"ok\":true}", view.BodyText);
        Assert.Equal(wire, result.BytesIn);
        Assert.False(view.Truncated);
    }

    [Fact]
    public async Task SendAsync_CaptureNotAsked_HasNoResponse()
    {
        var (result, _) = await ExchangeAsync(Response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", "ok"u8.ToArray()), capture: false);

        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.Response);
    }

    [Fact]
    public async Task SendAsync_ChunkedGzipBody_IsDecodedAndBytesInStayWireBytes()
    {
        var gzip = Compress(Text, s => new GZipStream(s, CompressionLevel.Fastest));
        var (result, wire) = await ExchangeAsync(Response("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n", Chunked(gzip, 100)));

        var view = result.Response!;
        Assert.Equal(Text, view.Body.ToArray());
        Assert.Equal(gzip.Length, view.BodyBytes);
        Assert.Equal(wire, result.BytesIn);
        Assert.Null(view.DecodeError);
    }

    [Fact]
    public async Task SendAsync_BrotliBody_IsDecoded()
    {
        var br = Compress(Text, s => new BrotliStream(s, CompressionLevel.Fastest));
        var (result, _) = await ExchangeAsync(Response($"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: {br.Length}\r\n\r\n", br));

        Assert.Equal(Encoding.UTF8.GetString(Text), result.Response!.BodyText);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendAsync_DeflateBody_ZlibOrRaw_IsDecoded(bool zlib)
    {
        var deflate = Compress(Text, s => zlib ? new ZLibStream(s, CompressionLevel.Fastest) : new DeflateStream(s, CompressionLevel.Fastest));
        var (result, _) = await ExchangeAsync(Response($"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: {deflate.Length}\r\n\r\n", deflate));

        Assert.Equal(Text, result.Response!.Body.ToArray());
    }

    [Fact]
    public async Task SendAsync_BodyOverTheLimit_IsTruncatedNotAFailure()
    {
        var options = Http1TransportTests.Options with { MaxCapturedBodyBytes = 100 };
        var (result, wire) = await ExchangeAsync(Response($"HTTP/1.1 200 OK\r\nContent-Length: {Text.Length}\r\n\r\n", Text), options);

        Assert.Equal(NetCodes.Ok, result.NetCode);
        var view = result.Response!;
        Assert.True(view.Truncated);
        Assert.Equal(100, view.Body.Length);
        Assert.Equal(Text.Length, view.BodyBytes);
        Assert.Equal(wire, result.BytesIn);
    }

    [Fact]
    public async Task SendAsync_GzipDecodingOverTheLimit_IsTruncated()
    {
        var options = Http1TransportTests.Options with { MaxCapturedBodyBytes = 1000 };
        var gzip = Compress(Text, s => new GZipStream(s, CompressionLevel.Optimal));
        Assert.True(gzip.Length < 1000);
        var (result, _) = await ExchangeAsync(Response($"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {gzip.Length}\r\n\r\n", gzip), options);

        var view = result.Response!;
        Assert.True(view.Truncated);
        Assert.Equal(Text.AsSpan(0, 1000).ToArray(), view.Body.ToArray());
    }

    [Fact]
    public async Task SendAsync_CorruptGzip_SaysWhyAndKeepsTheExchange()
    {
        var (result, _) = await ExchangeAsync(Response("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 9\r\n\r\n", "not gzip!"u8.ToArray()));

        Assert.Equal(NetCodes.Ok, result.NetCode);
        Assert.Contains("gzip", result.Response!.DecodeError);
        Assert.True(result.Response.Body.IsEmpty);
    }

    [Fact]
    public async Task SendAsync_UnknownEncoding_SaysSo()
    {
        var (result, _) = await ExchangeAsync(Response("HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\nContent-Length: 2\r\n\r\n", "xx"u8.ToArray()));

        Assert.Equal("unsupported Content-Encoding 'zstd'", result.Response!.DecodeError);
    }

    [Fact]
    public async Task SendAsync_KeepAliveCapturingAndNot_EachResponseIsItsOwn()
    {
        int n = 0;
        await using var server = new ScriptedServer(async c =>
        {
            while (await c.ReadRequestAsync() is not null)
            {
                var body = $"response {++n}";
                await c.SendAsync($"HTTP/1.1 200 OK\r\nX-N: {n}\r\nContent-Length: {body.Length}\r\n\r\n{body}");
            }
        });
        await using ITransport transport = CreateFactory(Http1TransportTests.Options).Create();

        var first = await transport.SendAsync(Capturing(server.Url()), CancellationToken.None);
        var plain = await transport.SendAsync(Http1TransportTests.Get(server.Url()), CancellationToken.None);
        var third = await transport.SendAsync(Capturing(server.Url()), CancellationToken.None);

        Assert.Equal(("1", "response 1"), (first.Response!.Header("X-N"), first.Response.BodyText));
        Assert.Null(plain.Response);
        Assert.Equal(("3", "response 3"), (third.Response!.Header("X-N"), third.Response.BodyText));
        Assert.Equal(1, server.AcceptedConnections);
    }
}
