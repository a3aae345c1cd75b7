using System.Diagnostics;
using System.Text;
using Barrage.Transport;
using Barrage.Transport.Http1;

namespace Barrage.Core.Tests.Transport.Http1;

// The decisions both HTTP/1.1 transports take from what a read returned, on the real parser.
public class Http1ExchangeTests
{
    private static readonly byte[] Ok = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");

    private static (Http1Exchange Exchange, Http1ResponseParser Parser) Sent(bool reused, ResponseCapture? capture = null)
    {
        var exchange = new Http1Exchange();
        exchange.Begin(1_000, capture);
        exchange.Reused = reused;
        exchange.BytesOut = 40;
        var parser = new Http1ResponseParser(4096);
        exchange.Written(parser, isHead: false, now: 2_000);
        return (exchange, parser);
    }

    [Fact]
    public void Read_ResponseInTwoParts_TimesItsFirstAndLastBytes()
    {
        var (exchange, parser) = Sent(reused: false);

        Assert.Equal(Http1ReadStep.NeedMore, exchange.Read(parser, Ok.AsSpan(0, 10), 3_000, out _, out _));
        Assert.Equal(Http1ReadStep.Done, exchange.Read(parser, Ok.AsSpan(10), 5_000, out int code, out int status));

        Assert.Equal((NetCodes.Ok, 200), (code, status));
        Assert.Equal((3_000L, 5_000L, (long)Ok.Length), (exchange.FirstByte, exchange.End, exchange.BytesIn));
    }

    [Fact]
    public void Read_CloseBeforeAnyByteOnAKeptAliveConnection_AsksForARetry_OnANewOneFails()
    {
        var (kept, keptParser) = Sent(reused: true);
        Assert.Equal(Http1ReadStep.Retry, kept.Read(keptParser, [], 3_000, out _, out _));

        var (fresh, freshParser) = Sent(reused: false);
        Assert.Equal(Http1ReadStep.Done, fresh.Read(freshParser, [], 3_000, out int code, out int status));
        Assert.Equal((NetCodes.ConnectionReset, 0), (code, status));
    }

    [Fact]
    public void Read_CloseAfterPartOfTheResponse_IsNoRetryEvenOnAKeptAliveConnection()
    {
        var (exchange, parser) = Sent(reused: true);
        Assert.Equal(Http1ReadStep.NeedMore, exchange.Read(parser, Ok.AsSpan(0, 10), 3_000, out _, out _));

        Assert.Equal(Http1ReadStep.Done, exchange.Read(parser, [], 4_000, out int code, out _));
        Assert.Equal(NetCodes.ConnectionReset, code);
    }

    [Fact]
    public void Read_BytesAfterACompleteResponse_AreAProtocolError()
    {
        var (exchange, parser) = Sent(reused: false);
        byte[] more = [.. Ok, .. "HTTP/1.1"u8];

        Assert.Equal(Http1ReadStep.Done, exchange.Read(parser, more, 3_000, out int code, out int status));
        Assert.Equal((NetCodes.ProtocolError, 0), (code, status));
    }

    [Fact]
    public void Restart_ForgetsTheFirstTryButItsStart()
    {
        var (exchange, parser) = Sent(reused: true);
        exchange.Restart();

        Assert.Equal((1_000L, false, 0L, 0L, 0L), (exchange.Start, exchange.Reused, exchange.BytesOut, exchange.BytesIn, exchange.Sent));
        exchange.Written(parser, isHead: false, now: 6_000);
        Assert.Equal(Http1ReadStep.Done, exchange.Read(parser, Ok, 7_000, out int code, out _));
        Assert.Equal(NetCodes.Ok, code);
    }

    [Fact]
    public void Result_OfASuccess_SplitsTheTimeIntoItsPhases_AndKeepsTheCapturedResponse()
    {
        long tick = Stopwatch.Frequency / 1_000_000; // ticks per microsecond (Stopwatch runs in ns on Linux)
        var exchange = new Http1Exchange();
        var capture = new ResponseCapture(1024);
        var parser = new Http1ResponseParser(4096);
        exchange.Begin(1_000 * tick, capture);
        exchange.Connected = 1_100 * tick;
        exchange.BytesOut = 40;
        exchange.Written(parser, isHead: false, now: 1_300 * tick);
        exchange.Read(parser, Ok.AsSpan(0, 10), 1_600 * tick, out _, out _);
        exchange.Read(parser, Ok.AsSpan(10), 2_000 * tick, out int code, out int status);

        TransportResult result = exchange.Result(code, status, sending: true, receiving: true);

        Assert.Equal((100L, 200L, 300L, 400L), (result.ConnectUs, result.SendUs, result.LatencyUs, result.ReceiveUs));
        Assert.Equal((40L, (long)Ok.Length, 200), (result.BytesOut, result.BytesIn, result.StatusCode));
        Assert.Equal("hello", result.Response!.BodyText);
    }

    [Fact]
    public void Result_OfAFailureWhileConnecting_ChargesTheConnect_AndNoLaterPhase()
    {
        var exchange = new Http1Exchange();
        exchange.Begin(Stopwatch.GetTimestamp() - Stopwatch.Frequency / 100, capture: new ResponseCapture(1024)); // began 10 ms ago

        TransportResult result = exchange.Result(NetCodes.ConnectionRefused, 0, sending: false, receiving: false);

        Assert.InRange(result.ConnectUs, 10_000, 60_000_000);
        Assert.Equal((0L, 0L, 0L, 0), (result.SendUs, result.LatencyUs, result.ReceiveUs, result.StatusCode));
        Assert.Null(result.Response);
    }
}
