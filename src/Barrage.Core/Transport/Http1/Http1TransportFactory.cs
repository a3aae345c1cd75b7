namespace Barrage.Transport.Http1;

/// <summary>
/// Makes Barrage's own HTTP/1.1 transports (over <see cref="System.Net.Sockets.Socket"/>, with
/// <see cref="System.Net.Security.SslStream"/> for https): one connection per user, kept alive while the
/// server allows it, with connect / send / latency / receive timed apart. Thread-safe; the transports
/// it makes share its DNS cache.
/// </summary>
/// <remarks>
/// Bytes in and out count the HTTP messages as written and read; over https that is the plaintext,
/// without TLS record overhead or the handshake, so http and https runs compare.
/// </remarks>
public sealed class Http1TransportFactory : ITransportFactory
{
    private readonly TransportOptions _options;
    private readonly HostResolver _resolver = new();

    /// <summary>Makes a factory for transports that use <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout or the header limit is not positive.</exception>
    public Http1TransportFactory(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxResponseHeaderBytes, nameof(options));
        _options = options;
    }

    /// <summary>Makes a transport for one user; it connects on its first request.</summary>
    public ITransport Create() => new Http1Transport(_options, _resolver);
}
