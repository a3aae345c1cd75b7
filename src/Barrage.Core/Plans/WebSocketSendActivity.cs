namespace Barrage.Plans;

/// <summary>Sends a message on a socket (<c>ws_send: TEXT</c>); the text may hold macros.</summary>
public sealed record WebSocketSendActivity : WebSocketActivity
{
    /// <summary>The message.</summary>
    public required string Message { get; init; }

    /// <summary>Send the message's UTF-8 bytes as a binary message instead of a text message.</summary>
    /// <remarks>Defaults to false.</remarks>
    public bool Binary { get; init; }

    /// <inheritdoc/>
    public override string EffectiveTag => TagOr("WS send");

    /// <inheritdoc/>
    public override string Kind => "ws_send";
}
