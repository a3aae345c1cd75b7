using System.Net;

namespace Barrage.Transport.Http1;

/// <summary>Where a request goes: scheme, host and port, with what connecting and the Host header need.</summary>
internal sealed class Http1Endpoint
{
    private Http1Endpoint(string host, int port, bool isTls, IPAddress[]? literalAddresses, string hostHeader)
    {
        Host = host;
        Port = port;
        IsTls = isTls;
        LiteralAddresses = literalAddresses;
        HostHeader = hostHeader;
    }

    /// <summary>The host to resolve and to name in TLS (SNI, certificate check): IDN-encoded, IPv6 without brackets.</summary>
    public string Host { get; }

    public int Port { get; }

    public bool IsTls { get; }

    /// <summary>The address when the host is an IP literal (no DNS); null for a name.</summary>
    public IPAddress[]? LiteralAddresses { get; }

    /// <summary>The Host header's value: the port only when it is not the scheme's default.</summary>
    public string HostHeader { get; }

    [ThreadStatic]
    private static (Uri Uri, Http1Endpoint Endpoint)? t_last;

    /// <summary>
    /// <see cref="From"/>, remembering the last answer per thread: a scenario renders a new request per send, mostly
    /// for the same target <see cref="Uri"/> object, and parsing it (an <see cref="IPAddress"/> per request) cost more
    /// than the rest of the request's encoding.
    /// </summary>
    /// <exception cref="ArgumentException">The scheme is neither http nor https.</exception>
    public static Http1Endpoint For(Uri uri)
    {
        if (t_last is var (last, endpoint) && ReferenceEquals(last, uri))
            return endpoint;
        endpoint = From(uri);
        t_last = (uri, endpoint);
        return endpoint;
    }

    /// <exception cref="ArgumentException">The scheme is neither http nor https.</exception>
    public static Http1Endpoint From(Uri uri)
    {
        bool isTls = uri.Scheme == Uri.UriSchemeHttps;
        if (!isTls && uri.Scheme != Uri.UriSchemeHttp)
            throw new ArgumentException($"The HTTP/1.1 transport sends only http and https requests, not '{uri.Scheme}'.", nameof(uri));

        // IdnHost: punycode for names; for IPv6 no brackets, but a zone id stays escaped ("%25eth0").
        string host = uri.HostNameType == UriHostNameType.IPv6 ? Uri.UnescapeDataString(uri.IdnHost) : uri.IdnHost;
        IPAddress[]? literal = null;
        string headerHost = host;
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(host, out IPAddress? address))
        {
            literal = [address];
            if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
                headerHost = "[" + new IPAddress(address.GetAddressBytes()) + "]"; // no scope id in the header
        }

        string hostHeader = uri.IsDefaultPort ? headerHost : headerHost + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Http1Endpoint(host, uri.Port, isTls, literal, hostHeader);
    }

    /// <summary>Whether a connection opened for <paramref name="other"/> can carry a request for this endpoint.</summary>
    public bool SameConnectionAs(Http1Endpoint other) =>
        ReferenceEquals(this, other)
        || (Port == other.Port && IsTls == other.IsTls && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase));
}
