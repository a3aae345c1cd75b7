namespace Barrage.Target.Recording;

/// <summary>How a <see cref="RecordingProxy"/> listens and where it sends what it records.</summary>
public sealed record RecordingProxyOptions
{
    /// <summary>Address and port to listen on; loopback by default, port 0 picks a free one.</summary>
    public string Listen { get; init; } = "127.0.0.1:8888";

    /// <summary>
    /// Reverse mode: every request goes to this origin (clients talk to the proxy as if it were the site).
    /// Null for forward mode: clients are configured to use the proxy and send absolute URLs.
    /// </summary>
    public Uri? Upstream { get; init; }

    /// <summary>A request body larger than this is refused (413) rather than buffered.</summary>
    public long MaxBodyBytes { get; init; } = 16 << 20;

    /// <summary>A response body up to this size is recorded (for tracing values into later requests); a larger one is passed on unrecorded.</summary>
    /// <remarks>Defaults to 1 MiB.</remarks>
    public int MaxResponseBodyBytes { get; init; } = 1 << 20;
}
