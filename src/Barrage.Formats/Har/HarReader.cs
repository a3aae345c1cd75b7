using System.Globalization;
using System.Text.Json;
using Barrage.Formats.Imports;

namespace Barrage.Formats.Har;

/// <summary>Reads the entries of a HAR 1.2 file (browsers' developer tools, proxies), sorted by start time.</summary>
public static class HarReader
{
    /// <exception cref="ImportException">The file is not JSON, or not HAR: the message names the file and the field or line.</exception>
    public static IReadOnlyList<HarEntry> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <exception cref="ImportException">The stream is not JSON, or not HAR.</exception>
    public static IReadOnlyList<HarEntry> Read(Stream stream, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            // A file cut short (a recording saved while the browser still wrote it) ends inside an object or list.
            var reason = e.Message.Contains("end of the JSON payload", StringComparison.Ordinal) || e.Message.Contains("open JSON object or array", StringComparison.Ordinal)
                || e.Message.Contains("reached end of data", StringComparison.Ordinal)
                ? "the file ends before the JSON does (is it cut short?)"
                : FirstSentence(e.Message);
            throw new ImportException($"{name}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: not valid JSON: {reason}");
        }
        using (document)
        {
            var entries = Property(Property(document.RootElement, "log", name, ""), "entries", name, "log");
            if (entries.ValueKind != JsonValueKind.Array)
                throw new ImportException($"{name}: log.entries must be a list");
            var result = new List<HarEntry>();
            int index = 0;
            foreach (var entry in entries.EnumerateArray())
                result.Add(ReadEntry(entry, index++, name));
            // Recordings are mostly in order already; a stable sort keeps equal starts in file order.
            return [.. result.OrderBy(e => e.Started)];
        }
    }

    private static HarEntry ReadEntry(JsonElement entry, int index, string name)
    {
        var at = $"log.entries[{index}]";
        var request = Property(entry, "request", name, at);
        var startedText = Text(Property(entry, "startedDateTime", name, at), name, at + ".startedDateTime");
        if (!DateTimeOffset.TryParse(startedText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started))
            throw new ImportException($"{name}: {at}.startedDateTime: '{startedText}' is not an ISO 8601 time");
        double time = entry.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.Number ? Math.Max(0, t.GetDouble()) : 0;
        var urlText = Text(Property(request, "url", name, at + ".request"), name, at + ".request.url");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https" or "ws" or "wss"))
            throw new ImportException($"{name}: {at}.request.url: '{urlText}' is not an absolute http(s) or ws(s) URL");
        // Chromium saves a page's web sockets as entries of their own, ws:// or wss://, with the messages beside them.
        var messages = url.Scheme is "ws" or "wss" ? WebSocketMessages(entry, name, at) : null;
        var headers = Headers(request, name, at + ".request");
        string? mime = null, body = null;
        if (request.TryGetProperty("postData", out var post) && post.ValueKind == JsonValueKind.Object)
        {
            mime = post.TryGetProperty("mimeType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            body = post.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : FormBody(post);
        }
        return new HarEntry(
            index,
            entry.TryGetProperty("pageref", out var page) && page.ValueKind == JsonValueKind.String ? page.GetString() : null,
            started,
            TimeSpan.FromMilliseconds(time),
            Text(Property(request, "method", name, at + ".request"), name, at + ".request.method").ToUpperInvariant(),
            url,
            headers,
            mime,
            body)
        {
            Response = entry.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object ? ReadResponse(response, name, at + ".response") : null,
            WebSocketMessages = messages,
        };
    }

    // _webSocketMessages: [{ type: send | receive, time: epoch seconds, opcode: 1 text | 2 binary, data }].
    private static List<HarWebSocketMessage> WebSocketMessages(JsonElement entry, string name, string at)
    {
        var messages = new List<HarWebSocketMessage>();
        if (!entry.TryGetProperty("_webSocketMessages", out var list) || list.ValueKind != JsonValueKind.Array)
            return messages;
        int i = 0;
        foreach (var message in list.EnumerateArray())
        {
            var mat = $"{at}._webSocketMessages[{i++}]";
            var type = Text(Property(message, "type", name, mat), name, mat + ".type");
            if (type is not ("send" or "receive"))
                throw new ImportException($"{name}: {mat}.type: expected 'send' or 'receive', got '{type}'");
            DateTimeOffset? when = message.TryGetProperty("time", out var time) && time.ValueKind == JsonValueKind.Number
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(time.GetDouble() * 1000))
                : null;
            bool binary = message.TryGetProperty("opcode", out var opcode) && opcode.ValueKind == JsonValueKind.Number && opcode.GetInt32() == 2;
            messages.Add(new HarWebSocketMessage(type == "send", Text(Property(message, "data", name, mat), name, mat + ".data"), binary, when));
        }
        return messages;
    }

    // Only what tracing needs; a response without status (a request that failed) is no response.
    private static HarResponse? ReadResponse(JsonElement response, string name, string at)
    {
        if (!response.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number || !status.TryGetInt32(out var code) || code <= 0)
            return null;
        string? mime = null, body = null;
        if (response.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object)
        {
            mime = content.TryGetProperty("mimeType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (content.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                bool base64 = content.TryGetProperty("encoding", out var encoding) && encoding.ValueKind == JsonValueKind.String && encoding.GetString() == "base64";
                body = base64 ? BodyText.FromBase64(text.GetString()!) : text.GetString();
            }
        }
        return new HarResponse(code, Headers(response, name, at), mime, body);
    }

    private static List<KeyValuePair<string, string>> Headers(JsonElement message, string name, string at)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (message.TryGetProperty("headers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            int h = 0;
            foreach (var header in list.EnumerateArray())
            {
                var hat = $"{at}.headers[{h++}]";
                headers.Add(new(Text(Property(header, "name", name, hat), name, hat + ".name"), Text(Property(header, "value", name, hat), name, hat + ".value")));
            }
        }
        return headers;
    }

    // postData.params without text: a form, written as the browser would have sent it.
    private static string? FormBody(JsonElement post)
    {
        if (!post.TryGetProperty("params", out var list) || list.ValueKind != JsonValueKind.Array)
            return null;
        return string.Join('&', list.EnumerateArray().Select(p =>
            Uri.EscapeDataString(p.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "")
            + "=" + Uri.EscapeDataString(p.TryGetProperty("value", out var v) ? v.GetString() ?? "" : "")));
    }

    private static JsonElement Property(JsonElement element, string property, string name, string at)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value))
            return value;
        throw new ImportException($"{name}: {(at.Length == 0 ? property : at + "." + property)} is missing; is this a HAR file?");
    }

    private static string Text(JsonElement element, string name, string at) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new ImportException($"{name}: {at} must be text");

    private static string FirstSentence(string message) => message.Split(". ")[0];
}
