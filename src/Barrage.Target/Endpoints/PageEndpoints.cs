using System.Globalization;
using System.Text;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barrage.Target.Endpoints;

/// <summary>
/// <c>/page</c>: a small web page for browsers and recorders. It pulls a stylesheet, a script and three images
/// from <c>/page/{file}</c>, and once loaded its script logs in, places an order and reads it back
/// (<see cref="OrderEndpoints"/>), each request carrying what the previous answer gave, then sets the title to
/// <c>done 200</c>. <c>?delay=ms</c> makes every resource of the page answer after that long (at most 10 s), so a
/// browser visibly has them in flight together.
/// </summary>
internal sealed class PageEndpoints(ServerState state)
{
    public const int MaxDelayMs = 10_000;

    /// <summary>The resources the page references, in the order the HTML names them.</summary>
    public static readonly IReadOnlyList<string> Resources = ["style.css", "app.js", "logo.png", "photo.png", "icon.png"];

    // a 1×1 PNG: enough for a browser to decode, small enough to write here
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private static readonly byte[] Css = Encoding.UTF8.GetBytes("body { font-family: sans-serif; margin: 2em; }\nimg { width: 16px; height: 16px; }\n");

    private static readonly byte[] Script = Encoding.UTF8.GetBytes("""
        // After the page has loaded: log in, place an order, read it back; each request uses what the last answer gave.
        window.addEventListener('load', async () => {
          try {
            const login = await (await fetch('/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'alice' }) })).json();
            const auth = { Authorization: 'Bearer ' + login.token };
            const order = await (await fetch('/orders', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ item: 'book' }) })).json();
            const read = await fetch('/orders/' + order.id, { headers: auth });
            await read.text();
            document.title = 'done ' + read.status;
          } catch (e) {
            document.title = 'failed ' + e;
          }
        });

        """);

    // after the bodies: static fields are set in the order they are written
    private static readonly Dictionary<string, (string Type, byte[] Body)> Files = new(StringComparer.Ordinal)
    {
        ["style.css"] = ("text/css; charset=utf-8", Css),
        ["app.js"] = ("text/javascript; charset=utf-8", Script),
        ["logo.png"] = ("image/png", Png),
        ["photo.png"] = ("image/png", Png),
        ["icon.png"] = ("image/png", Png),
    };

    /// <summary><c>/page</c>: the HTML page.</summary>
    public Task Page(HttpContext context)
    {
        if (!TryDelay(context, out var delay))
            return Responses.TextAsync(context, state.Stats, 400, $"delay must be a whole number of milliseconds from 0 to {MaxDelayMs}").AsTask();
        var query = delay > 0 ? "?delay=" + delay.ToString(CultureInfo.InvariantCulture) : "";
        var html = new StringBuilder()
            .Append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>barrage target</title>\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n") // no /favicon.ico request
            .Append(CultureInfo.InvariantCulture, $"<link rel=\"stylesheet\" href=\"/page/style.css{query}\">\n")
            .Append(CultureInfo.InvariantCulture, $"<script src=\"/page/app.js{query}\"></script>\n")
            .Append("</head><body><h1>barrage target</h1>\n");
        foreach (var image in Resources.Where(r => r.EndsWith(".png", StringComparison.Ordinal)))
            html.Append(CultureInfo.InvariantCulture, $"<img src=\"/page/{image}{query}\" alt=\"{image}\">\n");
        html.Append("</body></html>\n");
        return Send(context, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html.ToString()));
    }

    /// <summary><c>/page/{file}</c>: one of <see cref="Resources"/>, after <c>?delay=ms</c>; 404 for any other file.</summary>
    public async Task Resource(HttpContext context)
    {
        if (context.GetRouteValue("file") is not string file || !Files.TryGetValue(file, out var resource))
        {
            await Responses.TextAsync(context, state.Stats, 404, $"no such file; the page has {string.Join(", ", Resources)}");
            return;
        }
        if (!TryDelay(context, out var delay))
        {
            await Responses.TextAsync(context, state.Stats, 400, $"delay must be a whole number of milliseconds from 0 to {MaxDelayMs}");
            return;
        }
        if (delay > 0)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
            await Pause.AtLeastAsync(TimeSpan.FromMilliseconds(delay), wait.Token);
        }
        await Send(context, resource.Type, resource.Body);
    }

    private Task Send(HttpContext context, string type, byte[] body)
    {
        // a browser asked again (a second recording, a reload) asks the server again
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = type;
        context.Response.ContentLength = body.Length;
        return Responses.WriteAsync(context, state.Stats, body).AsTask();
    }

    private static bool TryDelay(HttpContext context, out int delay)
    {
        delay = 0;
        var text = context.Request.Query["delay"].ToString();
        return text.Length == 0
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out delay) && delay <= MaxDelayMs);
    }
}
