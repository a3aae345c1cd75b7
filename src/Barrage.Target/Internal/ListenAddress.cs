using System.Globalization;
using System.Net;

namespace Barrage.Target.Internal;

/// <summary>Parses <see cref="TargetServerOptions.Listen"/>: <c>host:port</c> or <c>[v6]:port</c>.</summary>
internal static class ListenAddress
{
    /// <summary>Parses the address; on failure <paramref name="error"/> says what is wrong in words a user can act on.</summary>
    public static bool TryParse(string? text, out IPEndPoint endPoint, out string? error)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the listen address is empty; expected host:port, e.g. 127.0.0.1:8080";
            return false;
        }

        text = text.Trim();
        string host;
        string port;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{text}' is not [address]:port";
                return false;
            }
            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            int colon = text.LastIndexOf(':');
            if (colon < 0 || text.IndexOf(':') != colon)
            {
                error = $"'{text}' is not host:port (write IPv6 addresses in brackets: [::1]:8080)";
                return false;
            }
            host = text[..colon];
            port = text[(colon + 1)..];
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int portNumber) || portNumber > IPEndPoint.MaxPort)
        {
            error = $"'{port}' in '{text}' is not a port (0-65535; 0 picks a free port)";
            return false;
        }

        // Kestrel cannot pick a free port for "localhost" (two sockets), so it means the IPv4 loopback here
        IPAddress? address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : host == "*" ? IPAddress.Any
            : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (address is null)
        {
            error = $"'{host}' in '{text}' is not an IP address (or localhost, or * for every interface)";
            return false;
        }

        endPoint = new IPEndPoint(address, portNumber);
        return true;
    }

    /// <summary>The address a client on this machine uses to reach <paramref name="bound"/> (a wildcard becomes loopback).</summary>
    public static Uri BaseAddressFor(IPEndPoint bound)
    {
        var address = bound.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : bound.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : bound.Address;
        return new Uri($"http://{new IPEndPoint(address, bound.Port)}/");
    }
}
