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

    /// <summary>
    /// Forward mode: when set, HTTPS through CONNECT is decrypted with a certificate for the host signed by this CA
    /// (which the client must trust) and recorded like plain HTTP; when null, it is tunnelled and only its host listed.
    /// The caller keeps ownership of the CA.
    /// </summary>
    public LocalCertificateAuthority? Mitm { get; init; }

    /// <summary>Do not check the upstream's TLS certificate (a test server's self-signed one).</summary>
    public bool InsecureUpstream { get; init; }
}
