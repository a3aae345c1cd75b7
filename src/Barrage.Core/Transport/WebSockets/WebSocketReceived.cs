using System.Net.WebSockets;
using System.Text;

namespace Barrage.Transport.WebSockets;

/// <summary>
/// What <see cref="WebSocketSession.ReceiveAsync"/> got: its timing and outcome as a <see cref="TransportResult"/>, and
/// the message (or the server's close) for the engine to check and extract from.
/// </summary>
/// <param name="Result">Latency (call to first byte of the message), receive (first to last byte), payload bytes in, net code; proto code 101.</param>
/// <param name="Type">Text, Binary, or Close when the server closed the session properly instead of sending; null on a failure.</param>
/// <param name="Payload">The whole message; empty on a close or a failure.</param>
/// <param name="Matched">Whether <see cref="Text"/> matched the expected pattern; null when none was given. A mismatch is a check failure, not a net code.</param>
/// <param name="CloseStatus">The server's close status when it closed the session.</param>
public readonly record struct WebSocketReceived(
    TransportResult Result,
    WebSocketMessageType? Type,
    ReadOnlyMemory<byte> Payload,
    bool? Matched,
    WebSocketCloseStatus? CloseStatus)
{
    /// <summary>The payload as UTF-8 text (binary messages too, for patterns and extraction).</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);
}
