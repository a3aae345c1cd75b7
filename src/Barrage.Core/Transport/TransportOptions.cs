namespace Barrage.Transport;

/// <summary>Options shared by every transport of a run.</summary>
public sealed record TransportOptions
{
    /// <summary>Time allowed to open a connection (TCP and TLS handshake).</summary>
    /// <remarks>Defaults to 10 seconds.</remarks>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for a whole request, connect included.</summary>
    /// <remarks>Defaults to 30 seconds.</remarks>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep connections open between requests.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool KeepAlive { get; init; } = true;

    /// <summary>Check the server's TLS certificate.</summary>
    /// <remarks>Defaults to true; turning it off is for test servers only.</remarks>
    public bool VerifyCertificates { get; init; } = true;

    /// <summary>The largest response header block accepted; a larger one is a protocol error.</summary>
    /// <remarks>Defaults to 64 KiB.</remarks>
    public int MaxResponseHeaderBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Send requests over HTTP/2 (through .NET's <c>SocketsHttpHandler</c>): h2c with prior knowledge for http://, ALPN
    /// for https://; a server that does not speak it is a protocol error, never a silent fall back to HTTP/1.1.
    /// </summary>
    /// <remarks>Defaults to false: Barrage's own HTTP/1.1 client.</remarks>
    public bool Http2 { get; init; }

    /// <summary>
    /// HTTP/2: open another connection when every stream of the open ones is busy (the server's
    /// <c>SETTINGS_MAX_CONCURRENT_STREAMS</c>), instead of queueing requests until a stream frees.
    /// </summary>
    /// <remarks>Defaults to true.</remarks>
    public bool Http2MultipleConnections { get; init; } = true;

    /// <summary>
    /// The most body bytes a captured response keeps (<see cref="PreparedRequest.CaptureResponse"/>), before and
    /// after decoding; a longer body is cut and marked <see cref="Scenarios.ResponseView.Truncated"/>.
    /// </summary>
    /// <remarks>Defaults to 10 MiB.</remarks>
    public int MaxCapturedBodyBytes { get; init; } = 10 * 1024 * 1024;
}
