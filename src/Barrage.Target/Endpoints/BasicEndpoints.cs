using System.Globalization;
using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Barrage.Target.Endpoints;

/// <summary>The plain endpoints: <c>/</c>, <c>/bytes</c>, <c>/delay</c>, <c>/status</c>, <c>/json</c>, <c>/chunked</c>, <c>/gzip</c>, <c>/br</c>, <c>/deflate</c>.</summary>
internal sealed class BasicEndpoints(ServerState state)
{
    public const long MaxBytes = 64L * 1024 * 1024;
    public const int MaxDelayMs = 60_000;
    public const int MaxJsonItems = 10_000;
    public const int DefaultJsonItems = 10;

    /// <summary>The largest chunk <c>/chunked</c> writes: a slice of the pattern block at any phase of the alphabet.</summary>
    public const int MaxChunkSize = 64_000;

    private static readonly ReadOnlyMemory<byte> RootBody = "barrage target\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> DefaultJson = JsonBody(DefaultJsonItems);

    // a load test asks for the same size again and again; one entry spares recompressing it each time
    private volatile EncodedEntry? _lastEncoded;

    private sealed record EncodedEntry(string Coding, long Size, ReadOnlyMemory<byte> Compressed);

    private TargetStats Stats => state.Stats;

    /// <summary><c>/</c>: a short text.</summary>
    public Task Root(HttpContext context)
    {
        context.Response.ContentType = Responses.Text;
        context.Response.ContentLength = RootBody.Length;
        return Responses.WriteAsync(context, Stats, RootBody).AsTask();
    }

    /// <summary><c>/bytes/{n}</c>: n bytes of <see cref="PatternContent"/> with a Content-Length.</summary>
    public async Task Bytes(HttpContext context)
    {
        if (!TryRouteNumber(context, "n", MaxBytes, out long n))
        {
            await Responses.TextAsync(context, Stats, 400, $"n must be a whole number from 0 to {MaxBytes}");
            return;
        }
        context.Response.ContentType = Responses.Binary;
        context.Response.ContentLength = n;
        await Responses.WritePatternAsync(context, Stats, n);
    }

    /// <summary><c>/delay/{ms}</c>: answers after at least ms milliseconds; an aborted request stops waiting.</summary>
    public async Task Delay(HttpContext context)
    {
        if (!TryRouteNumber(context, "ms", MaxDelayMs, out long ms))
        {
            await Responses.TextAsync(context, Stats, 400, $"ms must be a whole number from 0 to {MaxDelayMs}");
            return;
        }
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        await Pause.AtLeastAsync(TimeSpan.FromMilliseconds(ms), wait.Token);
        await Responses.TextAsync(context, Stats, 200, $"delayed {ms} ms");
    }

    /// <summary>
    /// <c>/status/{code}</c>: answers with that status (100-599). 204, 205 and 304 have no body; 301, 302, 303, 307
    /// and 308 carry <c>Location: /</c>. An informational code (1xx other than 101) is sent as an interim
    /// response followed by a final 200, as a real server would; 101 without an upgrade is refused with 400.
    /// </summary>
    public async Task Status(HttpContext context)
    {
        if (!TryRouteNumber(context, "code", 599, out long number) || number < 100)
        {
            await Responses.TextAsync(context, Stats, 400, "code must be a status code from 100 to 599");
            return;
        }
        int code = (int)number;
        if (code == 101)
        {
            await Responses.TextAsync(context, Stats, 400, "101 Switching Protocols needs an upgrade; try /ws/echo");
            return;
        }
        if (code < 200)
        {
            await SendInterimAsync(context, code);
            await Responses.TextAsync(context, Stats, 200, $"sent {StatusText(code)} first");
            return;
        }
        if (code is 301 or 302 or 303 or 307 or 308)
            context.Response.Headers.Location = "/";
        if (code is 204 or 205 or 304)
        {
            context.Response.StatusCode = code;
            return;
        }
        await Responses.TextAsync(context, Stats, code, StatusText(code));
    }

    private async Task SendInterimAsync(HttpContext context, int code)
    {
        // Kestrel writes no interim responses of its own choosing (only 100 Continue), so it goes under Kestrel
        if (RawConnection.SocketOf(context) is not Socket socket)
            return;
        if (!await state.Stall.WaitAsync(context.RequestAborted))
            return;
        // the space after the code stays when there is no reason phrase: the status line requires it
        var line = Encoding.ASCII.GetBytes($"HTTP/1.1 {code} {ReasonPhrases.GetReasonPhrase(code)}\r\n\r\n");
        await RawConnection.SendAsync(socket, line, context.RequestAborted);
    }

    private static string StatusText(int code) => $"{code} {ReasonPhrases.GetReasonPhrase(code)}".TrimEnd();

    /// <summary>
    /// <c>/json?count=N</c>: <c>{"items":[{"id":1,"name":"item 1"},...],"count":N}</c>, ids 1 to N;
    /// N defaults to 10, at most 10000.
    /// </summary>
    public async Task Json(HttpContext context)
    {
        if (!TryQueryNumber(context, "count", DefaultJsonItems, MaxJsonItems, out long count))
        {
            await Responses.TextAsync(context, Stats, 400, $"count must be a whole number from 0 to {MaxJsonItems}");
            return;
        }
        var body = count == DefaultJsonItems ? DefaultJson : JsonBody((int)count);
        context.Response.ContentType = Responses.Json;
        context.Response.ContentLength = body.Length;
        await Responses.WriteAsync(context, Stats, body);
    }

    private static ReadOnlyMemory<byte> JsonBody(int count) => Responses.ToJson(count, static (writer, count) =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        for (int id = 1; id <= count; id++)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", id);
            writer.WriteString("name", "item " + id.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteNumber("count", count);
        writer.WriteEndObject();
    });

    /// <summary>
    /// <c>/chunked/{n}?size=S</c>: n bytes of <see cref="PatternContent"/> with Transfer-Encoding: chunked, one
    /// chunk per S bytes (default: n / 8 rounded up, at least 1, at most 64000).
    /// </summary>
    public async Task Chunked(HttpContext context)
    {
        if (!TryRouteNumber(context, "n", MaxBytes, out long n))
        {
            await Responses.TextAsync(context, Stats, 400, $"n must be a whole number from 0 to {MaxBytes}");
            return;
        }
        long defaultSize = Math.Clamp((n + 7) / 8, 1, MaxChunkSize);
        if (!TryQueryNumber(context, "size", defaultSize, MaxChunkSize, out long size) || size < 1)
        {
            await Responses.TextAsync(context, Stats, 400, $"size must be a whole number from 1 to {MaxChunkSize}");
            return;
        }
        context.Response.ContentType = Responses.Binary;
        // no Content-Length: Kestrel frames each write as one chunk; an HTTP/1.0 client gets close-delimited bytes
        await context.Response.StartAsync(context.RequestAborted);
        for (long offset = 0; offset < n && !context.RequestAborted.IsCancellationRequested; offset += size)
        {
            int length = (int)Math.Min(size, n - offset);
            int start = (int)(offset % 26);
            await Responses.WriteAsync(context, Stats, PatternContent.Block.Slice(start, length));
        }
    }

    /// <summary>
    /// <c>/gzip/{n}</c>: the n bytes <c>/bytes/{n}</c> sends, gzip-compressed, with Content-Encoding: gzip and the
    /// compressed Content-Length.
    /// </summary>
    public Task Gzip(HttpContext context) => EncodedAsync(context, "gzip");

    /// <summary><c>/br/{n}</c>: as <c>/gzip/{n}</c>, Brotli-compressed, with Content-Encoding: br.</summary>
    public Task Brotli(HttpContext context) => EncodedAsync(context, "br");

    /// <summary><c>/deflate/{n}</c>: as <c>/gzip/{n}</c>, zlib-wrapped deflate (RFC 9110's "deflate"), with Content-Encoding: deflate.</summary>
    public Task Deflate(HttpContext context) => EncodedAsync(context, "deflate");

    private async Task EncodedAsync(HttpContext context, string coding)
    {
        if (!TryRouteNumber(context, "n", MaxBytes, out long n))
        {
            await Responses.TextAsync(context, Stats, 400, $"n must be a whole number from 0 to {MaxBytes}");
            return;
        }
        var entry = _lastEncoded;
        if (entry is null || entry.Size != n || entry.Coding != coding)
            _lastEncoded = entry = new EncodedEntry(coding, n, Compress(n, coding));
        context.Response.ContentType = Responses.Text;
        context.Response.Headers.ContentEncoding = coding;
        context.Response.ContentLength = entry.Compressed.Length;
        await Responses.WriteAsync(context, Stats, entry.Compressed);
    }

    private static ReadOnlyMemory<byte> Compress(long count, string coding)
    {
        var output = new MemoryStream();
        using (Stream encoder = coding switch
        {
            "br" => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            var block = PatternContent.Block.Span;
            for (long left = count; left > 0; left -= block.Length)
                encoder.Write(block[..(int)Math.Min(left, block.Length)]);
        }
        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    /// <summary>Reads a whole number from 0 to <paramref name="max"/> from the route.</summary>
    internal static bool TryRouteNumber(HttpContext context, string name, long max, out long value) =>
        long.TryParse(context.GetRouteValue(name) as string, NumberStyles.None, CultureInfo.InvariantCulture, out value)
        && value <= max;

    /// <summary>Reads a whole number from 0 to <paramref name="max"/> from the query, or <paramref name="fallback"/> when absent.</summary>
    internal static bool TryQueryNumber(HttpContext context, string name, long fallback, long max, out long value)
    {
        var text = context.Request.Query[name];
        if (text.Count == 0)
        {
            value = fallback;
            return true;
        }
        return long.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;
    }
}
