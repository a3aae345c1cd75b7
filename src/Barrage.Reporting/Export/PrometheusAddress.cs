using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Barrage.Reporting.Export;

/// <summary>Where the Prometheus endpoint listens: <c>HOST:PORT</c>, <c>:PORT</c> or <c>PORT</c> (loopback unless a host is given).</summary>
/// <param name="Host">An IP address; <c>0.0.0.0</c> or <c>::</c> for every interface.</param>
/// <param name="Port">The TCP port.</param>
public sealed record PrometheusAddress(IPAddress Host, int Port)
{
    /// <summary>The bearer token scrapes must carry; null for none (loopback only: see <see cref="Secured"/>).</summary>
    public string? Token { get; init; }

    /// <summary>True when <see cref="Token"/> was generated here, to be printed once so that it can be used.</summary>
    public bool TokenGenerated { get; init; }

    /// <summary>
    /// This address, with a generated token when it listens beyond loopback without one: what others can reach is never
    /// served without a token (as the dashboard and the agents).
    /// </summary>
    public PrometheusAddress Secured() => Token is null && !IPAddress.IsLoopback(Host)
        ? this with { Token = Security.AccessTokens.Generate(), TokenGenerated = true }
        : this;

    /// <summary>The port Prometheus' exporters conventionally use for Barrage-like tools.</summary>
    public const int DefaultPort = 9464;

    /// <summary>True for 0.0.0.0 and ::.</summary>
    public bool IsAnyAddress => Host.Equals(IPAddress.Any) || Host.Equals(IPAddress.IPv6Any);

    /// <summary>The scrape URL (for the any-address, the loopback one).</summary>
    public Uri MetricsUrl => new($"http://{(IsAnyAddress ? "127.0.0.1" : Format(Host))}:{Port.ToString(CultureInfo.InvariantCulture)}/metrics");

    /// <summary>Parses <paramref name="text"/>; <paramref name="error"/> says what is wrong otherwise.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out PrometheusAddress? address, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = null;
        var host = IPAddress.Loopback;
        var portText = text.Trim();
        var colon = portText.LastIndexOf(':');
        if (colon >= 0)
        {
            var hostText = portText[..colon].Trim('[', ']');
            portText = portText[(colon + 1)..];
            if (hostText.Length > 0)
            {
                if (hostText == "localhost")
                    hostText = "127.0.0.1";
                if (!IPAddress.TryParse(hostText, out var parsed))
                {
                    error = $"expected HOST:PORT with an IP address as HOST (e.g. 127.0.0.1:{DefaultPort}), got '{text}'";
                    return false;
                }
                host = parsed;
            }
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"expected a port from 1 to 65535 (e.g. 127.0.0.1:{DefaultPort}), got '{text}'";
            return false;
        }
        address = new PrometheusAddress(host, port);
        error = null;
        return true;
    }

    private static string Format(IPAddress ip) =>
        ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
}
