namespace Barrage.Plans;

/// <summary>How a <c>ws_connect</c> URL in a plan becomes the address a socket connects to.</summary>
public static class WebSocketUrl
{
    /// <summary>Null when <paramref name="text"/> is a path starting with '/' or an absolute ws, wss, http or https URL; otherwise why not.</summary>
    public static string? Check(string text)
    {
        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return $"a URL cannot contain spaces or control characters (write %20 for a space), got {PlanRules.Quote(text)}";
        if (text.StartsWith('/') || text.Contains("${", StringComparison.Ordinal) || (Uri.TryCreate(text, UriKind.Absolute, out var uri) && IsAbsolute(uri)))
            return null;
        return $"expected a path starting with '/' or an absolute ws:// or wss:// URL, got {PlanRules.Quote(text)}";
    }

    /// <summary>True for a URL a socket can connect to as it is: ws, wss, http or https with a host.</summary>
    public static bool IsAbsolute(Uri uri) => uri.IsAbsoluteUri && uri.Scheme is "ws" or "wss" or "http" or "https" && uri.Host.Length > 0;

    /// <summary>The ws:// or wss:// address of <paramref name="url"/>: a path is resolved against <paramref name="baseAddress"/>.</summary>
    public static Uri Resolve(Uri baseAddress, string url)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(url);
        var absolute = Uri.TryCreate(url, UriKind.Absolute, out var parsed) && IsAbsolute(parsed) ? parsed : RequestUrl.Resolve(baseAddress, url);
        var scheme = absolute.Scheme switch
        {
            "https" or "wss" => "wss",
            _ => "ws",
        };
        return scheme == absolute.Scheme ? absolute : new UriBuilder(absolute) { Scheme = scheme, Port = absolute.IsDefaultPort ? -1 : absolute.Port }.Uri;
    }
}
