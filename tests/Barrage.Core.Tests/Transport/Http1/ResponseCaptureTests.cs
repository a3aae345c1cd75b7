using System.Text;
using Barrage.Transport.Http1;

namespace Barrage.Core.Tests.Transport.Http1;

public class ResponseCaptureTests
{
    private const string Interim =
        "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n" +
        "HTTP/1.1 201 Created\r\nX-One: 1\r\nSet-Cookie: a=b; Path=/\r\nset-cookie: c=d\r\nX-Spaced: \t v w \t\r\nTransfer-Encoding: chunked\r\n\r\n" +
        "3\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n";

    [Fact]
    public void Parse_SplitAtEveryByte_CapturesTheFinalHeadAndBodyAlike()
    {
        byte[] response = Encoding.Latin1.GetBytes(Interim);
        for (int cut = 0; cut < response.Length; cut++)
        {
            var capture = new ResponseCapture(1024);
            var parser = new Http1ResponseParser(1024);
            capture.Begin();
            parser.Reset(headRequest: false, capture);
            Assert.Equal(Http1ParseStatus.NeedMore, parser.Parse(response.AsSpan(0, cut), out _));
            Assert.Equal(Http1ParseStatus.Complete, parser.Parse(response.AsSpan(cut), out _));

            var view = capture.Complete();
            Assert.Equal(201, view.StatusCode);
            Assert.Equal(
                ["X-One: 1", "Set-Cookie: a=b; Path=/", "set-cookie: c=d", "X-Spaced: v w", "Transfer-Encoding: chunked"],
                view.Headers.Select(h => $"{h.Key}: {h.Value}"));
            Assert.Equal("abcde", view.BodyText);
            Assert.Equal(["a=b; Path=/", "c=d"], view.HeaderValues("SET-COOKIE"));
            Assert.Null(view.Header("X-Trailer"));
        }
    }

    [Fact]
    public void Parse_ByteByByte_CapturesHeadersWithBareLineFeeds()
    {
        byte[] response = "HTTP/1.1 200 OK\nA: 1\nB:2\n\nok"u8.ToArray();
        var capture = new ResponseCapture(1024);
        var parser = new Http1ResponseParser(1024);
        capture.Begin();
        parser.Reset(headRequest: false, capture);
        for (int i = 0; i < response.Length; i++)
            parser.Parse(response.AsSpan(i, 1), out _);
        Assert.Equal(Http1ParseStatus.Complete, parser.Finish());

        var view = capture.Complete();
        Assert.Equal(["A=1", "B=2"], view.Headers.Select(h => $"{h.Key}={h.Value}"));
        Assert.Equal("ok", view.BodyText);
    }

    [Fact]
    public void OnBody_OverTheLimit_KeepsTheStartAndCountsEverything()
    {
        var capture = new ResponseCapture(4);
        var parser = new Http1ResponseParser(1024);
        capture.Begin();
        parser.Reset(headRequest: false, capture);
        Assert.Equal(Http1ParseStatus.Complete, parser.Parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"u8, out _));

        var view = capture.Complete();
        Assert.Equal("0123", view.BodyText);
        Assert.Equal(10, view.BodyBytes);
        Assert.True(view.Truncated);
    }

    [Fact]
    public void Begin_AfterAResponse_ForgetsIt()
    {
        var capture = new ResponseCapture(1024);
        var parser = new Http1ResponseParser(1024);
        capture.Begin();
        parser.Reset(headRequest: false, capture);
        parser.Parse("HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 5\r\n\r\nfirst"u8, out _);
        capture.Complete();

        capture.Begin();
        parser.Reset(headRequest: true, capture);
        parser.Parse("HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\n"u8, out _);
        var second = capture.Complete();

        Assert.Equal(404, second.StatusCode);
        Assert.Null(second.Header("X-A"));
        Assert.Equal("", second.BodyText);
        Assert.False(second.Truncated);
    }
}
