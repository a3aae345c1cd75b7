namespace Barrage.Formats.Har;

/// <summary>One message of a recorded web socket (Chromium's <c>_webSocketMessages</c>).</summary>
/// <param name="Sent">True for a message the client sent, false for one it received.</param>
/// <param name="Data">The text (a binary message's bytes in base64, as recorded).</param>
/// <param name="Binary">True for a binary message (opcode 2).</param>
/// <param name="At">When it went or came; null when the recording does not say.</param>
public sealed record HarWebSocketMessage(bool Sent, string Data, bool Binary, DateTimeOffset? At);
