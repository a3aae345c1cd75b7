using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Barrage.Target.Internal;

/// <summary>Writes response bodies and counts the bytes into <see cref="TargetStats.BytesOut"/>.</summary>
internal static class Responses
{
    public const string Text = "text/plain; charset=utf-8";
    public const string Json = "application/json; charset=utf-8";
    public const string Binary = "application/octet-stream";

    // the body is a diagnostic document for a program, never embedded in HTML, so readable output beats escaping
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a body chunk and flushes it; a HEAD response sends (and counts) nothing.</summary>
    public static async ValueTask WriteAsync(HttpContext context, TargetStats stats, ReadOnlyMemory<byte> data)
    {
        if (data.IsEmpty || HttpMethods.IsHead(context.Request.Method))
            return;
        await context.Response.BodyWriter.WriteAsync(data, context.RequestAborted);
        stats.AddBytesOut(data.Length);
    }

    /// <summary>Writes <paramref name="count"/> bytes of <see cref="PatternContent"/>, a block at a time.</summary>
    public static async ValueTask WritePatternAsync(HttpContext context, TargetStats stats, long count)
    {
        var block = PatternContent.Block;
        while (count > 0 && !context.RequestAborted.IsCancellationRequested)
        {
            int size = (int)Math.Min(count, block.Length);
            await WriteAsync(context, stats, block[..size]);
            count -= size;
        }
    }

    /// <summary>Answers with a short text body (a newline is appended).</summary>
    public static ValueTask TextAsync(HttpContext context, TargetStats stats, int status, string text)
    {
        var body = Encoding.UTF8.GetBytes(text + "\n");
        context.Response.StatusCode = status;
        context.Response.ContentType = Text;
        context.Response.ContentLength = body.Length;
        return WriteAsync(context, stats, body);
    }

    /// <summary>Answers with a JSON document written by <paramref name="write"/>.</summary>
    public static ValueTask JsonAsync<T>(HttpContext context, TargetStats stats, int status, T state, Action<Utf8JsonWriter, T> write)
    {
        var body = ToJson(state, write);
        context.Response.StatusCode = status;
        context.Response.ContentType = Json;
        context.Response.ContentLength = body.Length;
        return WriteAsync(context, stats, body);
    }

    /// <summary>Serializes with the writer settings every endpoint uses.</summary>
    public static ReadOnlyMemory<byte> ToJson<T>(T state, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
            write(writer, state);
        return buffer.WrittenMemory;
    }
}
