using System.Diagnostics;

namespace Barrage.Transport.Http1;

/// <summary>
/// One HTTP/1.1 request as both transports (the event loop's and the socket one) follow it: its Stopwatch
/// timestamps and byte counts, what a read means for it, and its result. The decisions live here once; each
/// transport only moves bytes and time.
/// </summary>
/// <remarks>A mutable struct held in its transport's field (one request at a time): nothing is allocated per request.</remarks>
internal struct Http1Exchange
{
    private static readonly double s_microsecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    /// <summary>When the request began (before any connect).</summary>
    public long Start;

    /// <summary>When its connection was ready (<see cref="Start"/> on a kept-alive one).</summary>
    public long Connected;

    /// <summary>When the request was written; 0 before.</summary>
    public long Sent;

    /// <summary>When the response's first bytes came; 0 before.</summary>
    public long FirstByte;

    /// <summary>When the response was complete.</summary>
    public long End;

    /// <summary>Request bytes written.</summary>
    public long BytesOut;

    /// <summary>Response bytes read.</summary>
    public long BytesIn;

    /// <summary>Sent on a kept-alive connection: it may be sent again, once, if that connection turns out closed.</summary>
    public bool Reused;

    /// <summary>Where the response is kept for the scenario's checks; null when the request does not ask for it.</summary>
    public ResponseCapture? Capture;

    /// <summary>Starts a request at <paramref name="now"/>.</summary>
    public void Begin(long now, ResponseCapture? capture)
    {
        this = default;
        Start = Connected = now;
        Capture = capture;
    }

    /// <summary>
    /// Starts the request over on a new connection: the kept-alive one it went out on was closed by the server before
    /// any byte of a response came back, so the server did not act on it. Only its start still counts.
    /// </summary>
    public void Restart()
    {
        Reused = false;
        BytesOut = 0;
        BytesIn = 0;
        Sent = 0;
        FirstByte = 0;
    }

    /// <summary>The request is written (at <paramref name="now"/>): the parser waits for its response.</summary>
    public void Written(Http1ResponseParser parser, bool isHead, long now)
    {
        Sent = now;
        if (Capture is { } capture)
        {
            capture.Begin();
            parser.Reset(isHead, capture);
        }
        else
        {
            parser.Reset(isHead);
        }
    }

    /// <summary>
    /// Hands what a read returned to the parser: <paramref name="data"/> the bytes, empty when the server closed the
    /// connection; <paramref name="at"/> when they came. On <see cref="Http1ReadStep.Done"/>, <paramref name="code"/>
    /// and <paramref name="status"/> say how the request ended.
    /// </summary>
    public Http1ReadStep Read(Http1ResponseParser parser, ReadOnlySpan<byte> data, long at, out int code, out int status)
    {
        code = NetCodes.Ok;
        status = 0;
        Http1ParseStatus parsed;
        int used = 0;
        if (data.IsEmpty)
        {
            if (BytesIn == 0 && Reused)
                return Http1ReadStep.Retry;
            parsed = parser.Finish();
        }
        else
        {
            if (BytesIn == 0)
                FirstByte = at;
            BytesIn += data.Length;
            parsed = parser.Parse(data, out used);
            if (parsed == Http1ParseStatus.NeedMore)
                return Http1ReadStep.NeedMore;
        }

        End = at;
        if (parsed == Http1ParseStatus.Error)
            code = parser.NetCode;
        else if (used < data.Length)
            // Bytes after a complete response were not asked for (a body longer than announced, or a response to
            // nothing): the connection's framing cannot be trusted any more.
            code = NetCodes.ProtocolError;
        else
            status = parser.StatusCode;
        return Http1ReadStep.Done;
    }

    /// <summary>
    /// The result of the request, ended now with <paramref name="code"/>; <paramref name="sending"/> /
    /// <paramref name="receiving"/>: whether it got as far as writing the request / waiting for the response.
    /// </summary>
    /// <remarks>A failure charges the phase that failed up to now, and the phases after it nothing.</remarks>
    public readonly TransportResult Result(int code, int status, bool sending, bool receiving)
    {
        long connected = Connected, sent = Sent, firstByte = FirstByte, end = End;
        if (code != NetCodes.Ok)
        {
            long now = Stopwatch.GetTimestamp();
            status = 0;
            end = now;
            if (!sending)
                connected = now;
            if (!receiving)
                sent = now;
            if (firstByte == 0)
                firstByte = now;
        }

        return new TransportResult(
            Microseconds(connected - Start),
            Microseconds(sent - connected),
            Microseconds(firstByte - sent),
            Microseconds(end - firstByte),
            BytesOut,
            BytesIn,
            code,
            status)
        {
            Response = code == NetCodes.Ok ? Capture?.Complete() : null,
        };
    }

    /// <summary><paramref name="ticks"/> of <see cref="Stopwatch"/> in microseconds.</summary>
    public static long Microseconds(long ticks) => (long)(ticks * s_microsecondsPerTick);
}
