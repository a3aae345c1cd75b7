namespace Barrage.Plans;

/// <summary>How a request's URL in a plan becomes the absolute URL it is sent to.</summary>
public static class RequestUrl
{
    /// <summary>Resolves a request's URL: absolute http(s) URLs stay, paths are appended to the base address's path.</summary>
    public static Uri Resolve(Uri baseAddress, string url)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(url);
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            return absolute;
        var basePath = baseAddress.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(baseAddress) { Query = "", Fragment = "" };
        var q = url.IndexOf('?', StringComparison.Ordinal);
        var path = q >= 0 ? url[..q] : url;
        builder.Path = basePath + (path.StartsWith('/') ? path : "/" + path);
        if (q >= 0)
            builder.Query = url[(q + 1)..];
        return builder.Uri;
    }
}
