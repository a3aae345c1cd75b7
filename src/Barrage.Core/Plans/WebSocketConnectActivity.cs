namespace Barrage.Plans;

/// <summary>
/// Opens a web socket (<c>ws_connect: /ws/echo</c>): a path is resolved against the base URL with its scheme made
/// <c>ws</c> or <c>wss</c>; <c>ws://</c>, <c>wss://</c>, <c>http://</c> and <c>https://</c> URLs are taken as they are.
/// A socket still open under the same name is dropped first. The URL and header values may hold macros.
/// </summary>
public sealed record WebSocketConnectActivity : WebSocketActivity
{
    /// <summary>Where to connect: a path or an absolute URL.</summary>
    public required string Url { get; init; }

    /// <summary>Headers of the upgrade request, in the order written.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The subprotocol asked for (<c>Sec-WebSocket-Protocol</c>); null for none.</summary>
    public string? Subprotocol { get; init; }

    /// <inheritdoc/>
    public override string Kind => "ws_connect";

    /// <summary>The tag used in results: <see cref="WebSocketActivity.Tag"/>, or <c>WS connect</c> and the path without its query.</summary>
    public override string EffectiveTag
    {
        get
        {
            if (Tag is not null)
                return Tag;
            var path = Url;
            if (!path.Contains("${", StringComparison.Ordinal) && Uri.TryCreate(Url, UriKind.Absolute, out var abs) && WebSocketUrl.IsAbsolute(abs))
                path = abs.AbsolutePath;
            var q = path.IndexOf('?', StringComparison.Ordinal);
            return $"WS connect {(q >= 0 ? path[..q] : path)}";
        }
    }
}
