using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Unicode;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;

namespace Barrage.Target.Endpoints;

/// <summary>
/// <c>/echo</c> (any method): a JSON document describing the request: <c>method</c>, <c>path</c>, <c>query</c>
/// (with its <c>?</c>, or empty), <c>protocol</c>, <c>headers</c> (an object, name as sent, several values joined
/// by commas) and the body as <c>body</c> (a string, when it is UTF-8) or <c>body_base64</c>. Bodies above 1 MiB
/// get 413.
/// </summary>
internal sealed class EchoEndpoint(ServerState state)
{
    public const int MaxBody = 1024 * 1024;

    private sealed record Echo(HttpRequest Request, ReadOnlySequence<byte> Body);

    public async Task Handle(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        ReadResult result;
        long counted = 0;
        while (true)
        {
            result = await reader.ReadAsync(context.RequestAborted);
            state.Stats.AddBytesIn(result.Buffer.Length - counted);
            counted = result.Buffer.Length;
            if (result.Buffer.Length > MaxBody)
            {
                reader.AdvanceTo(result.Buffer.End);
                await Responses.TextAsync(context, state.Stats, 413, $"the echoed body may be at most {MaxBody} bytes");
                return;
            }
            if (result.IsCompleted || result.IsCanceled)
                break;
            // look at everything, consume nothing: the next read returns the whole body so far
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        try
        {
            await Responses.JsonAsync(context, state.Stats, 200, new Echo(context.Request, result.Buffer), Write);
        }
        finally
        {
            reader.AdvanceTo(result.Buffer.End);
        }
    }

    private static void Write(Utf8JsonWriter writer, Echo echo)
    {
        var request = echo.Request;
        writer.WriteStartObject();
        writer.WriteString("method", request.Method);
        writer.WriteString("path", request.Path.Value);
        writer.WriteString("query", request.QueryString.Value ?? "");
        writer.WriteString("protocol", request.Protocol);
        writer.WriteStartObject("headers");
        foreach (var (name, values) in request.Headers)
            writer.WriteString(name, values.ToString());
        writer.WriteEndObject();

        var body = echo.Body.IsSingleSegment ? echo.Body.FirstSpan : echo.Body.ToArray();
        if (Utf8.IsValid(body))
            writer.WriteString("body", body);
        else
            writer.WriteBase64String("body_base64", body);
        writer.WriteEndObject();
    }
}
