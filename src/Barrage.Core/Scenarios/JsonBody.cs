using System.Text.Json;

namespace Barrage.Scenarios;

/// <summary>A response body parsed as JSON once (System.Text.Json) and shared by every JSONPath query on it.</summary>
internal static class JsonBody
{
    /// <summary>The parsed body; false with the reason when it is not JSON.</summary>
    public static bool TryParse(ResponseView response, out JsonElement root, out string? error)
    {
        response.ParsedJson ??= Parse(response);
        if (response.ParsedJson is JsonDocument document)
        {
            root = document.RootElement;
            error = null;
            return true;
        }
        root = default;
        error = (string)response.ParsedJson;
        return false;
    }

    /// <summary>A found value as <see cref="JsonFound"/>: strings as they are, everything else as compact JSON.</summary>
    public static JsonFound Found(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return new JsonFound(element.GetString()!, false);
            case JsonValueKind.Number:
                return new JsonFound(element.GetRawText(), true);
            case JsonValueKind.Object or JsonValueKind.Array:
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                    element.WriteTo(writer);
                return new JsonFound(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), false);
            default:
                return new JsonFound(element.GetRawText(), false); // true, false, null
        }
    }

    private static object Parse(ResponseView response)
    {
        if (ResponseText.Unreadable(response) is { } unreadable)
            return unreadable;
        var body = response.Body;
        if (body.Span.StartsWith("\uFEFF"u8))
            body = body[3..];
        try
        {
            // Lives as long as the view's rules run; ResponseView.ReleaseParsed returns its pooled buffers.
            return JsonDocument.Parse(body, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return $"the body is not JSON: {e.Message}{ResponseText.TruncatedNote(response)}";
        }
    }
}
