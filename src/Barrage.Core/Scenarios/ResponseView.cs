using System.Diagnostics;
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
    private readonly byte[]? _rawHead;
    private IReadOnlyList<KeyValuePair<string, string>>? _headers;

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
        _headers = headers;
        _rawBody = rawBody;
        BodyBytes = wireBodyBytes;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>A response whose head is kept as received and parsed into <see cref="Headers"/> on first use.</summary>
    /// <param name="statusCode">The final status.</param>
    /// <param name="rawHead">The final head's bytes as validated by the parser (status line, fields, empty line).</param>
    /// <param name="rawBody">The body as received after de-chunking: still content-encoded.</param>
    /// <param name="wireBodyBytes">How many body bytes there were, kept or not.</param>
    /// <param name="maxBodyBytes">The most body bytes kept, before and after decoding.</param>
    internal static ResponseView FromRawHead(int statusCode, byte[] rawHead, byte[] rawBody, long wireBodyBytes, int maxBodyBytes) =>
        new(statusCode, rawHead, rawBody, wireBodyBytes, maxBodyBytes, lazy: true);

    // lazy only tells this constructor from the public one (a collection expression would fit either).
    private ResponseView(int statusCode, byte[] rawHead, byte[] rawBody, long wireBodyBytes, int maxBodyBytes, bool lazy)
    {
        Debug.Assert(lazy);
        StatusCode = statusCode;
        _rawHead = rawHead;
        _rawBody = rawBody;
        BodyBytes = wireBodyBytes;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>The final HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>Header fields in the order received; a field sent twice appears twice.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers ??= ParseFields(_rawHead);

    /// <summary>
    /// True when a field named <paramref name="name"/> (ASCII, case-insensitive) is present; reads the raw head
    /// without making strings, so a session can skip responses without Set-Cookie or WWW-Authenticate cheaply.
    /// </summary>
    internal bool HasHeader(string name) => _headers is null && _rawHead is not null ? RawValue(_rawHead, name, out _) : Header(name) is not null;

    // The first field named name in a raw head.
    private static bool RawValue(ReadOnlySpan<byte> head, string name, out ReadOnlySpan<byte> value)
    {
        var rest = Fields(head);
        while (NextField(ref rest, out var field, out value))
        {
            if (field.Length == name.Length && Ascii.EqualsIgnoreCase(field, name))
                return true;
        }
        return false;
    }


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

    /// <summary>
    /// Gives back what parsing the body borrowed (System.Text.Json's pooled buffers) once the rules are done with the
    /// response; a later query would parse again.
    /// </summary>
    internal void ReleaseParsed()
    {
        if (ParsedJson is IDisposable document)
            document.Dispose();
        ParsedJson = null;
    }

    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        // Read from the raw head while nobody asked for all headers: no list, no strings but the one returned.
        if (_headers is null && _rawHead is not null)
            return RawValue(_rawHead, name, out var raw) ? Encoding.Latin1.GetString(raw) : null;
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

    private static List<KeyValuePair<string, string>> ParseFields(ReadOnlySpan<byte> head)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var rest = Fields(head);
        while (NextField(ref rest, out var name, out var value))
            fields.Add(new(Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
        return fields;
    }

    // The head after its status line.
    private static ReadOnlySpan<byte> Fields(ReadOnlySpan<byte> head)
    {
        int firstLineEnd = head.IndexOf((byte)'\n');
        return firstLineEnd < 0 ? default : head[(firstLineEnd + 1)..];
    }

    // The next "name:value" field of a head the parser validated (lines end in LF, CR optional; names are tokens);
    // false after the last one.
    private static bool NextField(scoped ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
                continue; // the empty line that ends the head
            name = line[..colon];
            value = line[(colon + 1)..].Trim(" \t\r"u8);
            return true;
        }
        name = value = default;
        return false;
    }
}
