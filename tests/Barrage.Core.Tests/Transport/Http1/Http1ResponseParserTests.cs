using System.Text;
using Barrage.Transport;
using Barrage.Transport.Http1;

namespace Barrage.Core.Tests.Transport.Http1;

public class Http1ResponseParserTests
{
    // name → (response, HEAD request?, expected outcome). Every case is also run split at every byte
    // boundary into two and three pieces, which must not change the outcome.
    private static readonly Dictionary<string, Case> s_cases = new()
    {
        ["content-length"] = new("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello", ParseOutcome.Ok(200, true, "hello")),
        ["content-length zero"] = new("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", ParseOutcome.Ok(200, true, "")),
        ["content-length with spaces"] = new("HTTP/1.1 201 Created\r\nContent-Length: \t 3 \t\r\n\r\nabc", ParseOutcome.Ok(201, true, "abc")),
        ["content-length repeated, same value"] = new("HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nok", ParseOutcome.Ok(200, true, "ok")),
        ["header names any case"] = new("HTTP/1.1 200 OK\r\ncOnTeNt-LeNgTh: 2\r\nCONNECTION: Keep-Alive\r\n\r\nok", ParseOutcome.Ok(200, true, "ok")),
        ["connection close"] = new("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", ParseOutcome.Ok(200, false, "ok")),
        ["connection token list"] = new("HTTP/1.1 200 OK\r\nConnection: Upgrade , CLOSE\r\nContent-Length: 2\r\n\r\nok", ParseOutcome.Ok(200, false, "ok")),
        ["connection closed-ish token is not close"] = new("HTTP/1.1 200 OK\r\nConnection: closed, x-close\r\nContent-Length: 2\r\n\r\nok", ParseOutcome.Ok(200, true, "ok")),
        ["http/1.0 keep-alive token too long"] = new("HTTP/1.0 200 OK\r\nConnection: keep-alive-please\r\nContent-Length: 2\r\n\r\nok", ParseOutcome.Ok(200, false, "ok")),
        ["connection token with a second word is unknown"] = new("HTTP/1.1 200 OK\r\nConnection: close now\r\nContent-Length: 2\r\n\r\nok", ParseOutcome.Ok(200, true, "ok")),
        ["http/1.0 closes by default"] = new("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", ParseOutcome.Ok(200, false, "ok")),
        ["http/1.0 keep-alive"] = new("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", ParseOutcome.Ok(200, true, "ok")),
        ["no reason phrase"] = new("HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok", ParseOutcome.Ok(200, true, "ok")),
        ["empty reason phrase"] = new("HTTP/1.1 404 \r\nContent-Length: 2\r\n\r\nno", ParseOutcome.Ok(404, true, "no")),
        ["reason with tab and obs-text"] = new("HTTP/1.1 500 Bad\tthing \xe9\r\nContent-Length: 1\r\n\r\nx", ParseOutcome.Ok(500, true, "x")),
        ["unusual status 999"] = new("HTTP/1.1 999 Request denied\r\nContent-Length: 0\r\n\r\n", ParseOutcome.Ok(999, true, "")),
        ["bare LF line ends"] = new("HTTP/1.1 200 OK\nContent-Length: 2\nX-A: b\n\nok", ParseOutcome.Ok(200, true, "ok")),
        ["empty header value"] = new("HTTP/1.1 200 OK\r\nX-Empty:\r\nX-Spaces:   \r\nContent-Length: 1\r\n\r\n!", ParseOutcome.Ok(200, true, "!")),
        ["many other headers"] = new("HTTP/1.1 200 OK\r\nServer: test/1.0 (with spaces; and \"quotes\")\r\nSet-Cookie: a=b; Path=/; HttpOnly\r\nX-Long: " + new string('v', 100) + "\r\nContent-Length: 3\r\nVary: *\r\n\r\nabc", ParseOutcome.Ok(200, true, "abc")),
        ["long unknown header name"] = new("HTTP/1.1 200 OK\r\nX-A-Very-Long-Header-Name-Indeed-Content-Length: 9\r\nContent-Length: 1\r\n\r\n1", ParseOutcome.Ok(200, true, "1")),
        ["chunked"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", ParseOutcome.Ok(200, true, "hello world")),
        ["chunked hex sizes and extensions"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA;name=value;q=\"a;b\"\r\n0123456789\r\n0000b \t;x\r\nabcdefghijk\r\n0;last\r\n\r\n", ParseOutcome.Ok(200, true, "0123456789abcdefghijk")),
        ["chunked with trailers"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Checksum: 42\r\nContent-Length: 99\r\n\r\n", ParseOutcome.Ok(200, true, "abc")),
        ["chunked with bare LFs"] = new("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n", ParseOutcome.Ok(200, true, "abc")),
        ["chunked after other codings"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\ntransfer-encoding: CHUNKED\r\n\r\n2\r\nzz\r\n0\r\n\r\n", ParseOutcome.Ok(200, true, "zz")),
        ["chunked with content-length is not reused"] = new("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", ParseOutcome.Ok(200, false, "ok")),
        ["chunked not last reads to close"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n2\r\nok", ParseOutcome.Ok(200, false, "2\r\nok")),
        ["close-delimited body"] = new("HTTP/1.1 200 OK\r\nServer: old\r\n\r\nuntil the end", ParseOutcome.Ok(200, false, "until the end")),
        ["close-delimited empty body"] = new("HTTP/1.0 200 OK\r\n\r\n", ParseOutcome.Ok(200, false, "")),
        ["HEAD with content-length"] = new("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", ParseOutcome.Ok(200, true, ""), Head: true),
        ["HEAD with chunked"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", ParseOutcome.Ok(200, true, ""), Head: true),
        ["204 without length"] = new("HTTP/1.1 204 No Content\r\nServer: x\r\n\r\n", ParseOutcome.Ok(204, true, "")),
        ["304 with length"] = new("HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\nETag: \"x\"\r\n\r\n", ParseOutcome.Ok(304, true, "")),
        ["100 continue then 200"] = new("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", ParseOutcome.Ok(200, true, "ok")),
        ["103 early hints then 200"] = new("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nConnection: close\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", ParseOutcome.Ok(200, true, "ok")),
        ["bytes after the response"] = new("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA", ParseOutcome.Ok(200, true, "ok", leftover: 5)),
        ["second response after the response"] = new("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\n", ParseOutcome.Ok(204, true, "", leftover: 17)),
        ["bytes after the last chunk"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n\r\n", ParseOutcome.Ok(200, true, "a", leftover: 2)),

        ["empty input"] = new("", ParseOutcome.Failed(Http1ParseError.UnexpectedEof)),
        ["eof in status line"] = new("HTTP/1.1 20", ParseOutcome.Failed(Http1ParseError.UnexpectedEof)),
        ["eof in headers"] = new("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n", ParseOutcome.Failed(Http1ParseError.UnexpectedEof)),
        ["eof in content-length body"] = new("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel", ParseOutcome.Failed(Http1ParseError.UnexpectedEof, 3, "hel")),
        ["eof in chunk"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", ParseOutcome.Failed(Http1ParseError.UnexpectedEof, 3, "hel")),
        ["eof before last chunk"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", ParseOutcome.Failed(Http1ParseError.UnexpectedEof, 3, "abc")),
        ["eof in trailers"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n", ParseOutcome.Failed(Http1ParseError.UnexpectedEof)),
        ["eof after interim response"] = new("HTTP/1.1 100 Continue\r\n\r\n", ParseOutcome.Failed(Http1ParseError.UnexpectedEof)),

        ["not http"] = new("<html>hello</html>", ParseOutcome.Failed(Http1ParseError.BadStatusLine)),
        ["lower-case protocol"] = new("http/1.1 200 OK\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadStatusLine)),
        ["http/2 version"] = new("HTTP/2.0 200 OK\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadStatusLine)),
        ["two spaces before status"] = new("HTTP/1.1  200 OK\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadStatusLine)),
        ["letters in status"] = new("HTTP/1.1 2OO OK\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadStatusLine)),
        ["status below 100"] = new("HTTP/1.1 099 Odd\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadStatusLine)),
        ["four-digit status"] = new("HTTP/1.1 2000 OK\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadStatusLine)),
        ["CR without LF in status line"] = new("HTTP/1.1 200 OK\rContent-Length: 0\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadStatusLine)),
        ["NUL in reason"] = new("HTTP/1.1 200 O\0K\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadStatusLine)),
        ["space in header name"] = new("HTTP/1.1 200 OK\r\nContent Length: 2\r\n\r\nok", ParseOutcome.Failed(Http1ParseError.BadHeader)),
        ["space before colon"] = new("HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok", ParseOutcome.Failed(Http1ParseError.BadHeader)),
        ["obsolete line folding"] = new("HTTP/1.1 200 OK\r\nX-A: b\r\n  folded\r\nContent-Length: 0\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadHeader)),
        ["header without colon"] = new("HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadHeader)),
        ["header with empty name"] = new("HTTP/1.1 200 OK\r\n: value\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadHeader)),
        ["NUL in header value"] = new("HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 0\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadHeader)),
        ["bare CR in header value"] = new("HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadHeader)),
        ["CR without LF after headers"] = new("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\rX", ParseOutcome.Failed(Http1ParseError.BadHeader)),
        ["content-length not a number"] = new("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadContentLength)),
        ["content-length negative"] = new("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadContentLength)),
        ["content-length list"] = new("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok", ParseOutcome.Failed(Http1ParseError.BadContentLength)),
        ["content-length two numbers"] = new("HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\nok", ParseOutcome.Failed(Http1ParseError.BadContentLength)),
        ["content-length empty"] = new("HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\nok", ParseOutcome.Failed(Http1ParseError.BadContentLength)),
        ["content-length conflicting"] = new("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", ParseOutcome.Failed(Http1ParseError.BadContentLength)),
        ["content-length overflow"] = new("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadContentLength)),
        ["chunk size not hex"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", ParseOutcome.Failed(Http1ParseError.BadChunk)),
        ["chunk size missing"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\nabc\r\n0\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadChunk)),
        ["chunk size negative"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", ParseOutcome.Failed(Http1ParseError.BadChunk)),
        ["chunk size overflow"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n", ParseOutcome.Failed(Http1ParseError.BadChunk)),
        ["chunk longer than announced"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadChunk, 3, "hel")),
        ["chunk data CR without LF"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\rX", ParseOutcome.Failed(Http1ParseError.BadChunk, 3, "abc")),
        ["chunk size CR without LF"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\rabc\r\n", ParseOutcome.Failed(Http1ParseError.BadChunk)),
        ["chunk size with junk"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3 4\r\nabc\r\n", ParseOutcome.Failed(Http1ParseError.BadChunk)),
        ["chunk extension with control"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;a\0\r\nabc\r\n", ParseOutcome.Failed(Http1ParseError.BadChunk)),
        ["bad trailer"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer: x\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadChunk)),
        ["unexpected upgrade"] = new("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", ParseOutcome.Failed(Http1ParseError.UnexpectedUpgrade)),
        ["endless interim responses"] = new(string.Concat(Enumerable.Repeat("HTTP/1.1 100 Continue\r\n\r\n", 17)) + "HTTP/1.1 200 OK\r\n\r\n", ParseOutcome.Failed(Http1ParseError.TooManyInterimResponses)),
        ["headers too large"] = new("HTTP/1.1 200 OK\r\nX-Big: " + new string('b', 40) + "\r\nContent-Length: 0\r\n\r\n", ParseOutcome.Failed(Http1ParseError.HeadersTooLarge), MaxHead: 64),
        ["many headers too large"] = new("HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Repeat("A: b\r\n", 10)) + "\r\n", ParseOutcome.Failed(Http1ParseError.HeadersTooLarge), MaxHead: 64),
        ["reason too large"] = new("HTTP/1.1 200 " + new string('r', 60) + "\r\n\r\n", ParseOutcome.Failed(Http1ParseError.HeadersTooLarge), MaxHead: 64),
        ["trailers too large"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: " + new string('t', 60) + "\r\n\r\n", ParseOutcome.Failed(Http1ParseError.HeadersTooLarge), MaxHead: 64),
        ["chunk extension too large"] = new("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + new string('e', 64) + "\r\na\r\n0\r\n\r\n", ParseOutcome.Failed(Http1ParseError.BadChunk), MaxHead: 64),
    };

    public static TheoryData<string> CaseNames => [.. s_cases.Keys];

    internal static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    internal static IEnumerable<(byte[] Response, bool Head)> AllCases() => s_cases.Values.Select(c => (Bytes(c.Response), c.Head));

    /// <summary>A response, how it was asked for, and what parsing it must give.</summary>
    private sealed record Case(string Response, ParseOutcome Expected, bool Head = false, int MaxHead = ParseOutcome.DefaultMaxHead);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Parse_WholeResponse_GivesExpectedOutcome(string name)
    {
        Case c = s_cases[name];

        ParseOutcome outcome = ParseOutcome.Run(Bytes(c.Response), c.Head, c.MaxHead);

        Assert.Equal(c.Expected, outcome);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Parse_SplitInTwoAtEveryByte_GivesSameOutcome(string name)
    {
        Case c = s_cases[name];
        byte[] bytes = Bytes(c.Response);

        for (int cut = 0; cut <= bytes.Length; cut++)
            Assert.Equal(c.Expected, ParseOutcome.Run(bytes, c.Head, c.MaxHead, cut));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Parse_SplitInThreeAtEveryPairOfBytes_GivesSameOutcome(string name)
    {
        Case c = s_cases[name];
        byte[] bytes = Bytes(c.Response);
        var parser = new Http1ResponseParser(c.MaxHead);

        for (int first = 0; first <= bytes.Length; first++)
        {
            for (int second = first; second <= bytes.Length; second++)
            {
                ParseOutcome outcome = ParseOutcome.Run(parser, bytes, c.Head, [first, second]);
                if (outcome != c.Expected)
                    Assert.Fail($"Cut at {first} and {second}: {outcome}, expected {c.Expected}");
            }
        }
    }

    [Fact]
    public void Parse_OneByteAtATime_GivesSameOutcomeForEveryCase()
    {
        foreach (var (name, c) in s_cases)
        {
            byte[] bytes = Bytes(c.Response);
            int[] everyByte = Enumerable.Range(1, Math.Max(0, bytes.Length - 1)).ToArray();
            Assert.True(c.Expected == ParseOutcome.Run(bytes, c.Head, c.MaxHead, everyByte), name);
        }
    }

    [Fact]
    public void Parse_HeadBlockExactlyAtTheLimit_IsAccepted()
    {
        byte[] atLimit = Bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(ParseOutcome.Ok(200, true, ""), ParseOutcome.Run(atLimit, maxHead: atLimit.Length));
        Assert.Equal(ParseOutcome.Failed(Http1ParseError.HeadersTooLarge), ParseOutcome.Run(atLimit, maxHead: atLimit.Length - 1));
    }

    [Fact]
    public void Parse_LargeContentLengthBody_IsCountedWithoutBeingKept()
    {
        var parser = new Http1ResponseParser(1024);
        parser.Reset(headRequest: false);
        byte[] head = Bytes("HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n");
        byte[] piece = new byte[65536];

        Assert.Equal(Http1ParseStatus.NeedMore, parser.Parse(head, out _));
        long left = 10_000_000;
        Http1ParseStatus status = Http1ParseStatus.NeedMore;
        while (left > 0)
        {
            int size = (int)Math.Min(piece.Length, left);
            status = parser.Parse(piece.AsSpan(0, size), out int consumed);
            Assert.Equal(size, consumed);
            left -= size;
        }

        Assert.Equal(Http1ParseStatus.Complete, status);
        Assert.Equal(10_000_000, parser.BodyBytes);
        Assert.Equal(200, parser.StatusCode);
    }

    [Fact]
    public void Reset_AfterAnError_ParsesTheNextResponse()
    {
        var parser = new Http1ResponseParser(1024);
        Assert.Equal(Http1ParseError.BadStatusLine, ParseOutcome.Run(parser, Bytes("junk"), false, []).Error);

        ParseOutcome next = ParseOutcome.Run(parser, Bytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"), false, []);

        Assert.Equal(ParseOutcome.Ok(200, true, "x"), next);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n", NetCodes.ConnectionReset)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort", NetCodes.ConnectionReset)]
    [InlineData("HTTP/9", NetCodes.ProtocolError)]
    [InlineData("HTTP/1.1 200 OK\r\nX: y\r\n\r\n", NetCodes.Ok)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nq", NetCodes.ProtocolError)]
    public void NetCode_IsResetForAnEarlyEndAndProtocolErrorForAnInvalidResponse(string response, int expected)
    {
        var parser = new Http1ResponseParser(1024);

        ParseOutcome.Run(parser, Bytes(response), false, []);

        Assert.Equal(expected, parser.NetCode);
    }
}
