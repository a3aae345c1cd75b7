namespace Barrage.Plans;

/// <summary>
/// A web-socket step (<c>ws_connect</c>, <c>ws_send</c>, <c>ws_receive</c>, <c>ws_close</c>) on one of the user's sockets,
/// named so that a user can hold several. Each records a sample like a request: its timings, and failures as net codes.
/// </summary>
/// <remarks>A socket serves one receive at a time: parallel branches that wait for messages use sockets of their own.</remarks>
public abstract record WebSocketActivity : Activity
{
    /// <summary>The name of the socket a user opens when none is given.</summary>
    public const string DefaultSocket = "default";

    /// <summary>Which of the user's sockets (<c>name:</c>).</summary>
    /// <remarks>Defaults to <see cref="DefaultSocket"/>.</remarks>
    public string Socket { get; init; } = DefaultSocket;

    /// <summary>How long the step may take; null for the plan's <c>http.timeout</c>. A step that takes longer gets net code 110.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The tag its samples are grouped by; null for the default (<c>WS connect /path</c>, <c>WS send</c>...).</summary>
    public string? Tag { get; init; }

    /// <summary>The YAML key of this kind of step, for messages.</summary>
    public abstract string Kind { get; }

    /// <summary>The tag used in results: <see cref="Tag"/>, or the kind's own (<c>WS send</c>...).</summary>
    public abstract string EffectiveTag { get; }

    /// <summary><see cref="Tag"/>, or <paramref name="tag"/> followed by the socket's name unless it is the default socket.</summary>
    protected string TagOr(string tag) => Tag ?? (Socket == DefaultSocket ? tag : $"{tag} {Socket}");
}
