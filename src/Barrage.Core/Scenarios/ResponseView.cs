using System.Text;

namespace Barrage.Scenarios;

/// <summary>
/// A response as checks and extraction see it: status, headers in the order received, and the body decoded
/// from its Content-Encoding (gzip, deflate, br). Made by a transport for a request that asked for it
/// (<see cref="Transport.PreparedRequest.CaptureResponse"/>); requests that did not ask get none.
/// </summary>
/// <remarks>
/// Not thread-safe: one user reads it. The body is decoded, and its text and parsed forms are made, on first
/// use and kept, so several checks on one response decode and parse it once.
/// </remarks>
public sealed class ResponseView
{
    private readonly byte[] _rawBody;
    private readonly int _maxBodyBytes;
    private ReadOnlyMemory<byte> _body;
    private bool _decoded;
    private bool _decodeTruncated;
    private string? _decodeError;
    private string? _text;

    /// <param name="statusCode">The final status.</param>
    /// <param name="headers">Header fields in the order received, names as sent.</param>
    /// <param name="rawBody">The body as received after de-chunking: still content-encoded.</param>
    /// <param name="wireBodyBytes">How many body bytes there were, kept or not.</param>
    /// <param name="maxBodyBytes">The most body bytes kept, before and after decoding.</param>
    public ResponseView(int statusCode, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] rawBody, long wireBodyBytes, int maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rawBody);
        StatusCode = statusCode;
        Headers = headers;
        _rawBody = rawBody;
        BodyBytes = wireBodyBytes;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>The final HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>Header fields in the order received; a field sent twice appears twice.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Body bytes on the wire after de-chunking (before decoding), kept or not.</summary>
    public long BodyBytes { get; }

    /// <summary>The decoded body; empty when the response had none or it could not be decoded (see <see cref="DecodeError"/>).</summary>
    public ReadOnlyMemory<byte> Body
    {
        get
        {
            Decode();
            return _body;
        }
    }

    /// <summary>True when the body was longer than the capture limit, before or after decoding: only its start was kept.</summary>
    public bool Truncated
    {
        get
        {
            Decode();
            return _rawBody.LongLength < BodyBytes || _decodeTruncated;
        }
    }

    /// <summary>Why the body could not be decoded (an unknown or corrupt Content-Encoding); null when it was.</summary>
    public string? DecodeError
    {
        get
        {
            Decode();
            return _decodeError;
        }
    }

    /// <summary>The decoded body as UTF-8 text (invalid bytes become U+FFFD).</summary>
    public string BodyText => _text ??= Encoding.UTF8.GetString(Body.Span);

    /// <summary>The body parsed as JSON by System.Text.Json (or why it could not be), shared by checks and extractors so it is parsed once.</summary>
    internal object? ParsedJson { get; set; }

    /// <summary>The body parsed by Newtonsoft.Json for JSONPaths beyond plain steps, kept like <see cref="ParsedJson"/>.</summary>
    internal object? ParsedJsonNet { get; set; }

    /// <summary>The body parsed as HTML for XPath (HtmlAgilityPack), kept like <see cref="ParsedJson"/>.</summary>
    internal object? ParsedHtml { get; set; }

    /// <summary>The body parsed as an HTML DOM for CSS selectors (AngleSharp), kept like <see cref="ParsedJson"/>.</summary>
    internal object? ParsedDom { get; set; }

    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return value;
        }
        return null;
    }

    /// <summary>Every value of header <paramref name="name"/> (case-insensitive), in order.</summary>
    public IEnumerable<string> HeaderValues(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                yield return value;
        }
    }

    private void Decode()
    {
        if (_decoded)
            return;
        _decoded = true;
        var decoded = BodyDecoder.Decode(_rawBody, Header("Content-Encoding"), _maxBodyBytes, _rawBody.LongLength < BodyBytes);
        _body = decoded.Body;
        _decodeTruncated = decoded.Truncated;
        _decodeError = decoded.Error;
    }
}
