namespace Barrage.Plans;

/// <summary>Closes a socket properly (<c>ws_close:</c>) and waits for the server's close; sockets left open close when the user leaves.</summary>
public sealed record WebSocketCloseActivity : WebSocketActivity
{
    /// <inheritdoc/>
    public override string EffectiveTag => TagOr("WS close");

    /// <inheritdoc/>
    public override string Kind => "ws_close";
}
