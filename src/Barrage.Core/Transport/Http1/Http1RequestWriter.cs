using System.Buffers;
using System.Globalization;
using System.Text;

namespace Barrage.Transport.Http1;

/// <summary>
/// Turns a <see cref="PreparedRequest"/> into the bytes of an HTTP/1.1 request, once: the result is cached
/// on the request and shared by every user that sends it.
/// </summary>
internal static class Http1RequestWriter
{
    private static readonly SearchValues<char> s_tokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>The cached encoding of <paramref name="request"/>, made (and cached) on first use.</summary>
    /// <remarks>
    /// No lock: two users racing here build equal encodings and either one may stay in the cache.
    /// </remarks>
    public static Http1Request GetOrCreate(PreparedRequest request, bool keepAlive)
    {
        if (request.TransportCache is Http1Request cached && cached.KeepAlive == keepAlive)
            return cached;
        Http1Request created = Create(request, keepAlive);
        request.TransportCache = created;
        return created;
    }

    /// <exception cref="ArgumentException">
    /// The scheme is not http(s), or the method or a header cannot be written as HTTP/1.1 (CR, LF or NUL
    /// in a value, a name that is not a token, a Transfer-Encoding: the body is always sent with Content-Length).
    /// Plans are validated before they run, so this means a caller skipped validation.
    /// </exception>
    public static Http1Request Create(PreparedRequest request, bool keepAlive)
    {
        Http1Endpoint endpoint = Http1Endpoint.For(request.Uri);
        bool isHead = string.Equals(request.Method, "HEAD", StringComparison.OrdinalIgnoreCase);
        if (request.IsRaw)
            return new Http1Request(request.RawRequest, endpoint, isHead, keepAlive);

        if (request.Method.Length == 0 || request.Method.AsSpan().ContainsAnyExcept(s_tokenChars))
            throw new ArgumentException($"'{request.Method}' is not a valid HTTP method.", nameof(request));

        var head = new StringBuilder(256);
        head.Append(request.Method).Append(' ').Append(request.Uri.PathAndQuery).Append(" HTTP/1.1\r\n");

        bool hasHost = false, hasConnection = false;
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            Validate(header);
            if (IsNamed(header, "Content-Length"))
                continue; // ours is computed from the body and always right
            if (IsNamed(header, "Transfer-Encoding"))
                throw new ArgumentException("A request body is sent with Content-Length; Transfer-Encoding cannot be set.", nameof(request));
            hasHost |= IsNamed(header, "Host");
            hasConnection |= IsNamed(header, "Connection");
        }

        // A Host header given by the plan wins (a virtual host on a target named by its address).
        if (!hasHost)
            head.Append("Host: ").Append(endpoint.HostHeader).Append("\r\n");
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            if (!IsNamed(header, "Content-Length"))
                head.Append(header.Key).Append(": ").Append(header.Value.AsSpan().Trim(" \t")).Append("\r\n");
        }

        if (!request.Body.IsEmpty || MethodExpectsBody(request.Method))
            head.Append("Content-Length: ").Append(request.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        if (!keepAlive && !hasConnection)
            head.Append("Connection: close\r\n");
        head.Append("\r\n");

        string text = head.ToString();
        int headLength = Encoding.UTF8.GetByteCount(text);
        byte[] bytes = new byte[headLength + request.Body.Length];
        Encoding.UTF8.GetBytes(text, bytes);
        request.Body.Span.CopyTo(bytes.AsSpan(headLength));
        return new Http1Request(bytes, endpoint, isHead, keepAlive);
    }

    // RFC 9110 §8.6: a user agent should send Content-Length: 0 when a method that carries a body has none.
    private static bool MethodExpectsBody(string method) =>
        method.Equals("POST", StringComparison.OrdinalIgnoreCase)
        || method.Equals("PUT", StringComparison.OrdinalIgnoreCase)
        || method.Equals("PATCH", StringComparison.OrdinalIgnoreCase);

    private static bool IsNamed(KeyValuePair<string, string> header, string name) =>
        string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase);

    private static void Validate(KeyValuePair<string, string> header)
    {
        if (header.Key.Length == 0 || header.Key.AsSpan().ContainsAnyExcept(s_tokenChars))
            throw new ArgumentException($"'{header.Key}' is not a valid HTTP header name.", "request");
        if (header.Value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            throw new ArgumentException($"The value of header '{header.Key}' contains CR, LF or NUL.", "request");
    }
}
