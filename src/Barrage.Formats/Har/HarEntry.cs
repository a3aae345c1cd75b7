namespace Barrage.Formats.Har;

/// <summary>One request of a HAR recording, with what an import needs of it.</summary>
/// <param name="Index">Its place in <c>log.entries</c>, from 0, for messages.</param>
/// <param name="PageRef">The page it belongs to; null when the recording has no pages.</param>
/// <param name="Started">When the browser started it.</param>
/// <param name="Duration">How long it took, start to last byte.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Url">The absolute URL, query included: http(s), or ws(s) for a web socket.</param>
/// <param name="Headers">The request headers as recorded (HTTP/2 pseudo-headers included).</param>
/// <param name="MimeType">The body's media type; null without a body.</param>
/// <param name="Body">The body as text; null without one.</param>
public sealed record HarEntry(
    int Index,
    string? PageRef,
    DateTimeOffset Started,
    TimeSpan Duration,
    string Method,
    Uri Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? MimeType,
    string? Body)
{
    /// <summary>The response, when the recording has it; a plan traces values from it into later requests.</summary>
    public HarResponse? Response { get; init; }

    /// <summary>The messages of a web socket (a <c>ws://</c> or <c>wss://</c> entry), in order; null for an HTTP request.</summary>
    public IReadOnlyList<HarWebSocketMessage>? WebSocketMessages { get; init; }

    /// <summary>When the last byte arrived.</summary>
    public DateTimeOffset Ended => Started + Duration;
}
