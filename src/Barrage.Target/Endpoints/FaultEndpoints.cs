using System.Net.Sockets;
using System.Text;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Barrage.Target.Endpoints;

/// <summary>
/// <c>/fault/*</c>: broken responses a client must survive. Reset, close and malformed are written straight to the
/// socket (see <see cref="RawConnection"/>) and are defined for HTTP/1.x; over HTTP/2 they reset the stream.
/// </summary>
internal sealed class FaultEndpoints(ServerState state)
{
    /// <summary>What the truncated responses announce in Content-Length.</summary>
    public const int AnnouncedLength = 1000;

    /// <summary>How much of it they send.</summary>
    public const int SentLength = 100;

    public const long MaxSlowBytes = 1024 * 1024;
    public const int MaxSlowChunk = BasicEndpoints.MaxChunkSize;
    public static readonly TimeSpan MaxSlowInterval = TimeSpan.FromSeconds(10);

    private static readonly ReadOnlyMemory<byte> TruncatedResponse = Truncated();
    private static readonly ReadOnlyMemory<byte> MalformedResponse = "HTTP/1.1 abc Broken\r\n\r\n"u8.ToArray();

    /// <summary>
    /// <c>/fault/reset</c>: a 200 head announcing 1000 bytes, 100 of them, then a TCP reset (RST, no FIN).
    /// </summary>
    public Task Reset(HttpContext context) => RawAsync(context, TruncatedResponse, 200, RawConnection.Reset);

    /// <summary><c>/fault/close</c>: a 200 head announcing 1000 bytes, 100 of them, then an orderly close (FIN).</summary>
    public Task Close(HttpContext context) => RawAsync(context, TruncatedResponse, 200, RawConnection.Close);

    /// <summary><c>/fault/malformed</c>: <c>HTTP/1.1 abc Broken</c> and an empty line, then an orderly close.</summary>
    public Task Malformed(HttpContext context) => RawAsync(context, MalformedResponse, 0, RawConnection.Close);

    private async Task RawAsync(HttpContext context, ReadOnlyMemory<byte> bytes, int status, Action<HttpContext, Socket> end)
    {
        if (RawConnection.SocketOf(context) is not Socket socket)
        {
            context.Abort();
            return;
        }
        if (!await state.Stall.WaitAsync(context.RequestAborted))
            return;
        // the head is ours, not Kestrel's: count the status the client reads, 0 when it reads none (as phout does)
        context.Response.StatusCode = status;
        try
        {
            await RawConnection.SendAsync(socket, bytes, context.RequestAborted);
            state.Stats.AddBytesOut(bytes.Length - HeadLength(bytes.Span));
            end(context, socket);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // the client left first (and Kestrel may have closed the socket already): the connection is over either way
            context.Abort();
        }
    }

    /// <summary>
    /// <c>/fault/slow-body?bytes=100&amp;chunk=10&amp;interval=100ms</c>: sends the head (with Content-Length: bytes) at
    /// once, then trickles <see cref="PatternContent"/>, chunk bytes every interval. At most 1 MiB, chunks of at
    /// most 64000 bytes, intervals of at most 10 s.
    /// </summary>
    public async Task SlowBody(HttpContext context)
    {
        var query = context.Request.Query;
        if (!BasicEndpoints.TryQueryNumber(context, "bytes", 100, MaxSlowBytes, out long total)
            || !BasicEndpoints.TryQueryNumber(context, "chunk", 10, MaxSlowChunk, out long chunk) || chunk < 1)
        {
            await Responses.TextAsync(context, state.Stats, 400, $"bytes must be from 0 to {MaxSlowBytes}, chunk from 1 to {MaxSlowChunk}");
            return;
        }
        var interval = TimeSpan.FromMilliseconds(100);
        if (query.ContainsKey("interval") && (!Durations.TryParse(query["interval"].ToString(), out interval) || interval > MaxSlowInterval))
        {
            await Responses.TextAsync(context, state.Stats, 400, "interval must be a duration such as 100ms, at most 10s");
            return;
        }

        // a trickle is the point here, so Kestrel's minimum data rate (which would cut it off) does not apply
        if (context.Features.Get<IHttpMinResponseDataRateFeature>() is { } rate)
            rate.MinDataRate = null;
        context.Response.ContentType = Responses.Binary;
        context.Response.ContentLength = total;
        await context.Response.StartAsync(context.RequestAborted);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        for (long offset = 0; offset < total; offset += chunk)
        {
            if (offset > 0)
                await Task.Delay(interval, wait.Token);
            int length = (int)Math.Min(chunk, total - offset);
            await Responses.WriteAsync(context, state.Stats, PatternContent.Block.Slice((int)(offset % 26), length));
        }
    }

    private static ReadOnlyMemory<byte> Truncated()
    {
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: {Responses.Binary}\r\nContent-Length: {AnnouncedLength}\r\n\r\n");
        return head.Concat(PatternContent.Block[..SentLength].ToArray()).ToArray();
    }

    private static int HeadLength(ReadOnlySpan<byte> response)
    {
        int end = response.IndexOf("\r\n\r\n"u8);
        return end < 0 ? response.Length : end + 4;
    }
}
