using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace Barrage.Transport.Http2;

/// <summary>
/// A <see cref="PreparedRequest"/> as <c>HttpRequestMessage</c> needs it, worked out once per request and cached in
/// <see cref="PreparedRequest.TransportCache"/>: the method object, headers split into request and content headers,
/// and the size counted as bytes out.
/// </summary>
internal sealed class Http2Request
{
    // Connection-specific fields are forbidden in HTTP/2 (RFC 9113 8.2.2); the handler frames the body itself.
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "Content-Length",
    };

    private Http2Request(HttpMethod method, Uri uri, KeyValuePair<string, string>[] headers,
        KeyValuePair<string, string>[] contentHeaders, ReadOnlyMemory<byte> body)
    {
        Method = method;
        Uri = uri;
        Headers = headers;
        ContentHeaders = contentHeaders;
        Body = body;
        long size = Encoding.ASCII.GetByteCount(method.Method) + 1 + Encoding.UTF8.GetByteCount(uri.PathAndQuery) + " HTTP/2\r\n".Length + 2;
        foreach (var (name, value) in headers.Concat(contentHeaders))
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value) + 4;
        BytesOut = size + body.Length;
    }

    public HttpMethod Method { get; }

    public Uri Uri { get; }

    public KeyValuePair<string, string>[] Headers { get; }

    public KeyValuePair<string, string>[] ContentHeaders { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>
    /// The request's size as HTTP/1.1 text (request line, header lines, body): HPACK's compressed size on the wire is
    /// not observable per request through <c>SocketsHttpHandler</c>.
    /// </summary>
    public long BytesOut { get; }

    /// <summary>The cached form of <paramref name="request"/>, made on first use; null for a raw request that is not HTTP.</summary>
    public static Http2Request? GetOrCreate(PreparedRequest request)
    {
        if (request.TransportCache is Http2Request cached)
            return cached;
        var created = request.IsRaw ? FromRaw(request) : Create(request.Method, request.Uri, request.Headers, request.Body);
        if (created is not null)
            request.TransportCache = created;
        return created;
    }

    /// <summary>A <c>HttpRequestMessage</c> for one send (the handler allows a message to be sent only once).</summary>
    public HttpRequestMessage ToMessage(HttpContent? content)
    {
        var message = new HttpRequestMessage(Method, Uri)
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        foreach (var (name, value) in Headers)
            message.Headers.TryAddWithoutValidation(name, value);
        if (content is not null)
        {
            foreach (var (name, value) in ContentHeaders)
                content.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    private static Http2Request Create(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body)
    {
        var requestHeaders = new List<KeyValuePair<string, string>>();
        var contentHeaders = new List<KeyValuePair<string, string>>();
        // a throwaway message sorts names the way the handler will: request header or content header
        using var probe = new HttpRequestMessage();
        foreach (var header in headers)
        {
            if (Dropped.Contains(header.Key))
                continue;
            if (probe.Headers.TryAddWithoutValidation(header.Key, header.Value))
                requestHeaders.Add(header);
            else
                contentHeaders.Add(header);
        }
        return new Http2Request(new HttpMethod(method), uri, [.. requestHeaders], [.. contentHeaders], body);
    }

    // Request-style ammo is HTTP/1.1 text: its request line, header lines and body become an HTTP/2 request to the target.
    private static Http2Request? FromRaw(PreparedRequest request)
    {
        var raw = request.RawRequest.Span;
        int headEnd = raw.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
            return null;
        var lines = Encoding.Latin1.GetString(raw[..headEnd]).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3)
            return null;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                return null;
            var name = line[..colon].Trim();
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                headers.Add(new(name, line[(colon + 1)..].Trim()));
        }
        if (!Uri.TryCreate(request.Uri, requestLine[1], out var uri))
            return null;
        return Create(requestLine[0], uri, headers, request.RawRequest[(headEnd + 4)..]);
    }
}
